// The walk-away lock's wiring in the Electron shell, under the electron stand-in: the hidden
// presence window exists only while the desktop is unlocked and the walk-away lock is on; it
// goes with the lock, when turned off, on suspend and when its camera fails (which locks
// nothing and says so in Settings); an empty scene with nobody at the keys locks with
// 'walkAway', and someone typing is never locked.
import assert from 'node:assert/strict';
import { after, afterEach, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { CHANNELS, type PresenceAnswer, type SettingsView } from '../preload/api.ts';
import { ipcMain, powerMonitor, recorded, type BrowserWindow } from '../test-support/electron-stand-in/electron.ts';
import { PASSWORD, endIfLeftRunning, overlays, settle, shutDown, startShell, submitPassword, until } from '../test-support/electron-stand-in/shell-harness.ts';

afterEach(shutDown);
after(endIfLeftRunning);

const UNLOCKED_AT_START = { profile: true, settings: { lockOnStart: false } };
const WALK_AWAY_ON = { profile: true, settings: { lockOnStart: false, walkAwayLock: true, walkAwaySeconds: 10 } };

const presenceWindows = (): BrowserWindow[] =>
  recorded.windows.filter((w) => !w.isDestroyed() && w.webContents.url !== '' && new URL(w.webContents.url).pathname.endsWith('/presence/index.html'));

function presenceWindow(): BrowserWindow {
  const windows = presenceWindows();
  assert.equal(windows.length, 1, 'one presence window');
  return windows[0];
}

const fromPresence = (window: BrowserWindow) => ({ id: window.webContents.id, url: window.webContents.url });


test('off by default: no presence window, unlocked or not', async () => {
  const shell = await startShell(UNLOCKED_AT_START);
  assert.equal(presenceWindows().length, 0);
  shell.lockNow('user');
  await settle();
  assert.equal(presenceWindows().length, 0);
});

test('on: the hidden window exists only while unlocked and on, and goes on lock, off, suspend', async () => {
  const shell = await startShell(WALK_AWAY_ON);
  const first = presenceWindow();
  assert.equal(first.isVisible(), false, 'never shown');
  assert.equal(first.options.show, false);
  assert.equal(first.options.webPreferences.backgroundThrottling, false, 'its once-a-second look is not throttled');
  assert.equal(first.options.webPreferences.sandbox, true);
  assert.equal(first.options.webPreferences.contextIsolation, true);

  shell.lockNow('user');
  await settle();
  assert.ok(first.isDestroyed(), 'the lock closes it, camera and all');
  assert.equal(presenceWindows().length, 0);
  assert.equal((await submitPassword(PASSWORD)).ok, true);
  await settle();
  const second = presenceWindow();
  assert.notEqual(second, first, 'a fresh one after the unlock');

  powerMonitor.emit('suspend');
  await settle();
  assert.ok(second.isDestroyed(), 'suspend closes it');
  powerMonitor.emit('resume'); // resume locks (lock-triggers.ts)
  await settle();
  assert.equal(presenceWindows().length, 0, 'locked after the resume: none');
  assert.equal((await submitPassword(PASSWORD)).ok, true);
  await settle();
  presenceWindow();

  const settingsUrl = recorded.windows.find((w) => w.webContents.url.includes('/lock/'))!.webContents.url.replace(/lock\/index\.html.*$/, 'settings/index.html');
  await ipcMain.invoke(CHANNELS.settingsUpdate, { id: 999, url: settingsUrl }, { walkAwayLock: false });
  await settle();
  assert.equal(presenceWindows().length, 0, 'turned off (no password needed): closed');
  await ipcMain.invoke(CHANNELS.settingsUpdate, { id: 999, url: settingsUrl }, { walkAwayLock: true });
  await settle();
  presenceWindow();
});

test('a failing camera stops the check: the window goes, nothing locks, Settings says why, and the next unlock tries again', async () => {
  const shell = await startShell(WALK_AWAY_ON);
  const window = presenceWindow();
  const answer = (await ipcMain.invoke(CHANNELS.presenceReportCameraProblem, fromPresence(window), 'unplugged')) as PresenceAnswer;
  assert.deepEqual(answer, { watching: false });
  await settle();
  assert.ok(window.isDestroyed());
  assert.equal(shell.isLocked(), false, 'a failed check never locks');
  const settingsUrl = window.webContents.url.replace(/presence\/index\.html.*$/, 'settings/index.html');
  const view = (await ipcMain.invoke(CHANNELS.settingsGet, { id: 999, url: settingsUrl })) as SettingsView;
  assert.equal(view.walkAwayStopped, 'unplugged');
  await sleep(50);
  assert.equal(presenceWindows().length, 0, 'not reopened in a loop');
  shell.lockNow('user');
  await settle();
  assert.equal((await submitPassword(PASSWORD)).ok, true);
  await settle();
  presenceWindow();
  // A page that is not the presence page cannot send its frames.
  await assert.rejects(ipcMain.invoke(CHANNELS.presenceSubmitFrame, { id: 5, url: settingsUrl }, { frameWidthPx: 640, frameHeightPx: 480, faceCount: 0, faces: [] }), /may not call/);
});

test('nobody in view: typing keeps it open; nobody at the keys either locks with walkAway after the set seconds', async () => {
  const shell = await startShell(WALK_AWAY_ON);
  const window = presenceWindow();
  const empty = { frameWidthPx: 640, frameHeightPx: 480, faceCount: 0, faces: [] };
  const send = () => ipcMain.invoke(CHANNELS.presenceSubmitFrame, fromPresence(window), empty) as Promise<PresenceAnswer>;
  powerMonitor.idleSeconds = 0; // typing
  for (let second = 0; second < 11; second++) {
    assert.deepEqual(await send(), { watching: true });
    await sleep(1000);
  }
  assert.equal(shell.isLocked(), false, 'absent 11 s, but someone types: never locked');
  powerMonitor.idleSeconds = 10; // nobody touched anything for 10 s
  await send();
  await settle();
  assert.equal(shell.isLocked(), true, 'absent and idle: locked');
  const core = (shell as unknown as { core: { lock: { lockReason(): string | null } } }).core;
  assert.equal(core.lock.lockReason(), 'walkAway');
  assert.equal(recorded.windows.length > 0 && overlays().some((w) => w.isVisible()), true, 'the overlay shows');
  assert.ok(window.isDestroyed(), 'and the presence window (its camera) is gone');
});
