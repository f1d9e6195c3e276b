import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MenuItemConstructorOptions } from 'electron';
import { trayMenuTemplate, trayTooltip, type TrayActions, type TrayState } from './tray-menu.ts';

function recordingActions(calls: string[]): TrayActions {
  return {
    lockNow: () => calls.push('lock'),
    enrol: () => calls.push('enrol'),
    testRecognition: () => calls.push('test'),
    settings: () => calls.push('settings'),
    setStartAtLogin: (enabled) => calls.push(`login:${enabled}`),
    quit: () => calls.push('quit'),
  };
}

const ENROLLED: TrayState = { locked: false, profileState: 'enrolled', canLock: true, faceAvailable: true, startAtLogin: true };
const item = (menu: MenuItemConstructorOptions[], label: RegExp) => menu.find((i) => label.test(i.label ?? ''));

test('nothing enrolled: no Lock, but enrolment is offered', () => {
  const menu = trayMenuTemplate({ ...ENROLLED, profileState: 'none', canLock: false, startAtLogin: false }, recordingActions([]));
  assert.equal(item(menu, /^Lock now$/)?.enabled, false);
  assert.equal(item(menu, /^Enrol face…$/)?.enabled, true);
  assert.equal(item(menu, /^Test recognition/)?.enabled, false);
});

test('enrolled and unlocked: every action is there and calls its handler', () => {
  const calls: string[] = [];
  const menu = trayMenuTemplate(ENROLLED, recordingActions(calls));
  const click = (label: RegExp, checked?: boolean) =>
    (item(menu, label)?.click as (i: { checked: boolean }) => void)({ checked: checked ?? false });
  click(/^Lock now$/);
  click(/^Enrol face again…$/);
  click(/^Test recognition/);
  click(/^Settings/);
  click(/^Start at login$/, false);
  click(/^Quit/);
  assert.deepEqual(calls, ['lock', 'enrol', 'test', 'settings', 'login:false', 'quit']);
  assert.equal(item(menu, /^Start at login$/)?.checked, true);
});

test('locked: no Quit, no Settings, nothing to click', () => {
  const menu = trayMenuTemplate({ ...ENROLLED, locked: true }, recordingActions([]));
  assert.equal(menu.length, 1);
  assert.equal(menu[0].enabled, false);
});

test('models missing: enrolment and testing are disabled', () => {
  const menu = trayMenuTemplate({ ...ENROLLED, faceAvailable: false, startAtLogin: false }, recordingActions([]));
  assert.equal(item(menu, /^Enrol/)?.enabled, false);
  assert.equal(item(menu, /^Test recognition/)?.enabled, false);
});

test('a damaged profile says so at the top; Lock stays while its password survives, and goes when none does', () => {
  const damaged = trayMenuTemplate({ ...ENROLLED, profileState: 'damaged' }, recordingActions([]));
  assert.match(damaged[0].label ?? '', /damaged/);
  assert.equal(damaged[0].enabled, false);
  assert.equal(item(damaged, /^Lock now$/)?.enabled, true);
  assert.equal(item(damaged, /^Enrol face again…$/)?.enabled, true);
  assert.equal(item(damaged, /^Test recognition/)?.enabled, false);
  const hopeless = trayMenuTemplate({ ...ENROLLED, profileState: 'damaged', canLock: false }, recordingActions([]));
  assert.match(hopeless[0].label ?? '', /not locking/);
  assert.equal(item(hopeless, /^Lock now$/)?.enabled, false);
  assert.equal(trayTooltip({ locked: false, profileState: 'damaged', canLock: false }), 'Face Unlock — not locking: face profile damaged, enrol again');
});
