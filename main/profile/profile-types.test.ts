import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PasswordHash } from './password.ts';
import {
  DEFAULT_SETTINGS,
  PROFILE_EMBEDDING_LENGTH,
  isValidShortcut,
  parseProfileRecord,
  sanitizeSettings,
  weakensSecurity,
  type FaceProfileRecord,
} from './profile-types.ts';

// A well-formed hash (shape only; these tests never verify a password).
const password: PasswordHash = {
  algorithm: 'scrypt',
  N: 2 ** 15,
  r: 8,
  p: 1,
  saltB64: Buffer.alloc(16, 1).toString('base64'),
  hashB64: Buffer.alloc(32, 2).toString('base64'),
};

function vector(seed: number): number[] {
  return Array.from({ length: PROFILE_EMBEDDING_LENGTH }, (_, i) => Math.sin(seed + i) / 20);
}

function profile(): FaceProfileRecord {
  return {
    version: 1,
    createdIso: '2025-01-02T03:04:05.000Z',
    updatedIso: '2025-01-03T03:04:05.000Z',
    appearances: [{ id: 'a1', label: 'Glasses', centre: vector(1), embeddings: [vector(2), vector(3)] }],
    password: { ...password },
    lockState: { failedAttempts: 2 },
  };
}

test('a well-formed profile parses to an equal, separate object without unknown keys', () => {
  const input = { ...profile(), surplus: 'dropped' };
  const result = parseProfileRecord(input);
  assert.equal(result.ok, true);
  if (!result.ok) return;
  assert.deepEqual(result.profile, profile());
  assert.notEqual(result.profile.appearances[0].centre, input.appearances[0].centre);
});

test('wrong shapes and numbers are rejected with a reason', () => {
  const cases: [string, (p: FaceProfileRecord) => unknown, RegExp][] = [
    ['511-number centre', (p) => (p.appearances[0].centre = vector(1).slice(1)), /511 numbers instead of 512/],
    ['NaN in centre', (p) => (p.appearances[0].centre[7] = Number.NaN), /not a finite number at 7/],
    ['Infinity in embedding', (p) => (p.appearances[0].embeddings[1][0] = Infinity), /embedding 1/],
    ['string in centre', (p) => ((p.appearances[0].centre as unknown[])[0] = '0.1'), /finite/],
    ['no appearances', (p) => (p.appearances = []), /1 to 8 appearances/],
    ['duplicate ids', (p) => p.appearances.push({ ...p.appearances[0] }), /duplicate id/],
    ['wrong version', (p) => ((p as { version: number }).version = 2), /version is 2/],
    ['bad date', (p) => (p.updatedIso = 'yesterday'), /updatedIso/],
    ['bad password hash', (p) => (p.password.N = 3), /password hash/],
    ['empty id', (p) => (p.appearances[0].id = ''), /bad id/],
  ];
  for (const [name, damage, reason] of cases) {
    const damaged = profile();
    damage(damaged);
    const result = parseProfileRecord(damaged);
    assert.equal(result.ok, false, name);
    if (!result.ok) assert.match(result.problem, reason, name);
  }
  for (const notProfile of [null, [], 'profile', 42]) {
    assert.equal(parseProfileRecord(notProfile).ok, false);
  }
});

test('sanitizeSettings keeps good values, drops unknown keys and clamps numbers', () => {
  const settings = sanitizeSettings({
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
    thresholdCosine: 0.2,
  });
  assert.equal(sanitizeSettings({ idleLockMinutes: 7.6 }).idleLockMinutes, 8);
  // A camera id that is no device id falls back to the system default.
  for (const cameraDeviceId of [42, 'x'.repeat(257), 'line\nbreak']) assert.equal(sanitizeSettings({ cameraDeviceId }).cameraDeviceId, '');
  assert.equal(sanitizeSettings({ thresholdCosine: 0.42 }).thresholdCosine, 0.42);
});

test('sanitizeSettings falls back to defaults for wrong types and non-objects', () => {
  const wrong = sanitizeSettings({
    lockOnStart: 'yes',
    idleLockMinutes: Number.NaN,
    startAtLogin: 1,
    shortcut: 'Ctrl++',
    passwordEveryHours: '12',
    livenessMode: 'lenient',
    thresholdCosine: Infinity,
  });
  assert.deepEqual(wrong, { ...DEFAULT_SETTINGS });
  assert.equal('thresholdCosine' in wrong, false);
  for (const value of [null, undefined, 'settings', [1, 2], 7]) {
    assert.deepEqual(sanitizeSettings(value), { ...DEFAULT_SETTINGS });
  }
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

test('weakening security is recognised: liveness down, password asked less often', () => {
  const current = { ...DEFAULT_SETTINGS, livenessMode: 'standard' as const, passwordEveryHours: 72 };
  assert.equal(weakensSecurity(current, { livenessMode: 'off' }), true);
  assert.equal(weakensSecurity(current, { livenessMode: 'strict' }), false);
  assert.equal(weakensSecurity(current, { passwordEveryHours: 100 }), true);
  assert.equal(weakensSecurity(current, { passwordEveryHours: 24, idleLockMinutes: 1 }), false);
  assert.equal(weakensSecurity({ ...current, livenessMode: 'strict' }, { livenessMode: 'standard' }), true);
});
