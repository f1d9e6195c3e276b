import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_THRESHOLD_COSINE } from '../face/recognition/face-profile.ts';
import {
  DEFAULT_SETTINGS,
  UNREADABLE_FALLBACK,
  isValidShortcut,
  readSettings,
  stricterOf,
  weakensSecurity,
  type Settings,
} from './settings-rules.ts';

test('readSettings keeps good values, drops unknown keys and clamps numbers', () => {
  const { settings, unreadable } = readSettings({
    lockOnStart: false,
    idleLockMinutes: 99999,
    startAtLogin: true,
    shortcut: 'Super+Shift+F12',
    passwordEveryHours: 0,
    livenessMode: 'strict',
    cameraDeviceId: 'd2f113ce0a',
    thresholdCosine: 0.01,
    evil: '__proto__',
  });
  assert.deepEqual(settings, {
    lockOnStart: false,
    idleLockMinutes: 1440,
    startAtLogin: true,
    shortcut: 'Super+Shift+F12',
    passwordEveryHours: 1,
    livenessMode: 'strict',
    cameraDeviceId: 'd2f113ce0a',
    // A threshold can only be raised above the calibrated one, never lowered.
    thresholdCosine: DEFAULT_THRESHOLD_COSINE,
  });
  assert.deepEqual(unreadable, []);
  assert.equal(readSettings({ ...DEFAULT_SETTINGS, idleLockMinutes: 7.6 }).settings.idleLockMinutes, 8);
  assert.equal(readSettings({ ...DEFAULT_SETTINGS, thresholdCosine: 0.52 }).settings.thresholdCosine, 0.52);
});

test('what cannot be read falls back to the strictest choice, never the default, and is named', () => {
  const { settings, unreadable } = readSettings({
    lockOnStart: 'yes',
    idleLockMinutes: Number.NaN,
    startAtLogin: 1,
    shortcut: 'Ctrl++',
    passwordEveryHours: '12',
    livenessMode: 'lenient',
    cameraDeviceId: 'line\nbreak',
    thresholdCosine: Infinity,
  });
  assert.deepEqual(settings, { ...UNREADABLE_FALLBACK });
  assert.equal(settings.livenessMode, 'strict');
  assert.equal(settings.passwordEveryHours, 1);
  assert.equal('thresholdCosine' in settings, false);
  assert.deepEqual(unreadable.sort(), ['cameraDeviceId', 'idleLockMinutes', 'livenessMode', 'lockOnStart', 'passwordEveryHours', 'shortcut', 'startAtLogin', 'thresholdCosine']);
  for (const value of [null, undefined, 'settings', [1, 2], 7]) {
    assert.deepEqual(readSettings(value).settings, { ...UNREADABLE_FALLBACK });
  }
  // Every fallback is at least as strict as the default: a damaged file never weakens the lock.
  assert.equal(weakensSecurity(DEFAULT_SETTINGS, UNREADABLE_FALLBACK), false);
});

test('shortcuts must be printable accelerator-like strings', () => {
  assert.equal(isValidShortcut('CommandOrControl+Alt+L'), true);
  assert.equal(isValidShortcut(''), true);
  assert.equal(isValidShortcut('Ctrl + L'), false);
  assert.equal(isValidShortcut('+L'), false);
  assert.equal(isValidShortcut('Ctrl+\u0000'), false);
  assert.equal(isValidShortcut('A'.repeat(65)), false);
  assert.equal(isValidShortcut(5), false);
});

test('weakening the lock is recognised: the check down, the password less often, a trigger off or slower, another camera', () => {
  const current: Settings = { ...DEFAULT_SETTINGS, livenessMode: 'standard', passwordEveryHours: 72, idleLockMinutes: 5, cameraDeviceId: 'cam-a' };
  const weaker: Partial<Settings>[] = [
    { livenessMode: 'off' },
    { passwordEveryHours: 100 },
    { lockOnStart: false },
    { idleLockMinutes: 0 },
    { idleLockMinutes: 6 },
    { shortcut: '' },
    { cameraDeviceId: 'virtual-cam' },
    { cameraDeviceId: '' },
    { thresholdCosine: DEFAULT_THRESHOLD_COSINE - 0.1 },
  ];
  for (const patch of weaker) assert.equal(weakensSecurity(current, patch), true, JSON.stringify(patch));
  const notWeaker: Partial<Settings>[] = [
    { livenessMode: 'strict' },
    { passwordEveryHours: 24, idleLockMinutes: 1 },
    { shortcut: 'Super+L' },
    { startAtLogin: true },
    { lockOnStart: true },
    { thresholdCosine: 0.5 },
    {},
  ];
  for (const patch of notWeaker) assert.equal(weakensSecurity(current, patch), false, JSON.stringify(patch));
  assert.equal(weakensSecurity({ ...current, livenessMode: 'strict' }, { livenessMode: 'standard' }), true);
  // "Never" is the slowest idle lock: any number of minutes is stricter.
  assert.equal(weakensSecurity({ ...current, idleLockMinutes: 0 }, { idleLockMinutes: 600 }), false);
});

test('stricterOf takes each field’s stricter value', () => {
  const a: Settings = { ...DEFAULT_SETTINGS, livenessMode: 'strict', passwordEveryHours: 72, idleLockMinutes: 0, lockOnStart: false, shortcut: 'Super+L', cameraDeviceId: 'a' };
  const b: Settings = { ...DEFAULT_SETTINGS, livenessMode: 'off', passwordEveryHours: 12, idleLockMinutes: 30, lockOnStart: true, shortcut: '', cameraDeviceId: 'b', thresholdCosine: 0.6 };
  assert.deepEqual(stricterOf(a, b), {
    ...b,
    livenessMode: 'strict',
    passwordEveryHours: 12,
    idleLockMinutes: 30,
    lockOnStart: true,
    shortcut: 'Super+L',
    cameraDeviceId: '',
    thresholdCosine: 0.6,
  });
});
