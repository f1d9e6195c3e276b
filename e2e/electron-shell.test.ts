// The Electron shell (main/app, main/index.ts, the overlay windows) started for real under
// plain Node, against a stand-in of the `electron` module: its wiring of windows, displays,
// tray, lock triggers, quit refusal and hardening, which no Chromium page test reaches.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, afterEach, test } from 'node:test';
import { COMMAND_SENTENCES, EXIT_CODES, USAGE } from '../main/app/command-line.ts';
import { CHANNELS, type LockView } from '../preload/api.ts';
import { app, ipcMain, powerMonitor, preventableEvent, recorded, screen, type BrowserWindow } from '../test-support/electron-stand-in/electron.ts';
import {
  PASSWORD,
  clickTray,
  endIfLeftRunning,
  isCover,
  launch,
  overlays,
  prepare,
  primaryOverlay,
  settle,
  shutDown,
  startShell,
  submitPassword,
  tray,
  trayItems,
  until,
  windowsOf,
} from '../test-support/electron-stand-in/shell-harness.ts';

const UNLOCKED_AT_START = { profile: true, settings: { lockOnStart: false } };
const SECOND_DISPLAY = { x: 1920, y: 0, width: 1280, height: 1024 };
const lockViewsSent = (window: BrowserWindow) =>
  window.webContents.sent.filter((s) => s.channel === CHANNELS.lockViewChanged).map((s) => s.args[0] as LockView);

afterEach(shutDown);
after(endIfLeftRunning);

test('locking covers every display, and displays plugged in or out while locked get or lose their window', async () => {
  const shell = await startShell({ ...UNLOCKED_AT_START, extraDisplays: [SECOND_DISPLAY] });
  const hiddenOnly = () => overlays().map((w) => [w.isVisible(), isCover(w)]);
  assert.deepEqual(hiddenOnly(), [[false, false]], 'while unlocked only the primary overlay, prepared and hidden');
  screen.addDisplay(3, { x: -1600, y: 0, width: 1600, height: 900 });
  assert.deepEqual(hiddenOnly(), [[false, false]], 'a display plugged in while unlocked opens nothing');

  shell.lockNow('user');
  await settle();
  const byX = () => new Map(overlays().map((w) => [w.bounds.x, w]));
  assert.deepEqual([...byX().keys()].sort((a, b) => a - b), [-1600, 0, 1920], 'one window per display');
  for (const window of overlays()) {
    const display = screen.displays.find((d) => d.bounds.x === window.bounds.x)!;
    assert.deepEqual(window.bounds, display.bounds, 'the window covers its display');
    assert.equal(isCover(window), display.id !== screen.primaryId, 'the primary shows the lock page, the others cover');
    assert.equal(new URL(window.webContents.url).search, isCover(window) ? '?role=cover' : '');
    assert.ok(window.isVisible(), 'shown once ready');
    assert.deepEqual(window.alwaysOnTop, { flag: true, level: 'screen-saver' });
    assert.equal(window.visibleOnAllWorkspaces.flag, true);
    assert.equal(window.options.frame, false);
  }

  screen.addDisplay(4, { x: 3200, y: 0, width: 1024, height: 768 });
  await settle();
  const added = byX().get(3200);
  assert.ok(added && isCover(added), 'the new display is covered at once');
  assert.equal(lockViewsSent(added).at(-1)?.phase, 'locked', 'and its page gets the current lock view when loaded');

  screen.moveDisplay(1, { x: 0, y: 0, width: 2560, height: 1440 });
  assert.deepEqual(byX().get(0)?.bounds, { x: 0, y: 0, width: 2560, height: 1440 }, 'a window follows its display’s new size');

  const unplugged = byX().get(1920)!;
  screen.removeDisplay(2);
  assert.ok(unplugged.isDestroyed(), 'the removed display’s window goes');
  assert.deepEqual([...byX().keys()].sort((a, b) => a - b), [-1600, 0, 3200]);
});

test('the primary overlay is prepared hidden while unlocked, shown as it is by the lock, and prepared afresh after the unlock', async () => {
  const shell = await startShell({ ...UNLOCKED_AT_START, extraDisplays: [SECOND_DISPLAY] });
  const [prepared] = overlays();
  assert.equal(overlays().length, 1, 'one window prepared, for the primary display only');
  assert.deepEqual([prepared.isVisible(), isCover(prepared), prepared.loadedUrls.length], [false, false, 1], 'the lock page, loaded, hidden');
  assert.ok(lockViewsSent(prepared).every((view) => view.phase === 'unlocked'), 'no locked view: its page keeps the camera closed');
  prepared.emit('blur');
  assert.equal(prepared.focusCount, 0, 'hidden, it never takes the focus');

  shell.lockNow('user');
  assert.ok(prepared.isVisible(), 'the lock shows the prepared window at once');
  assert.equal(prepared.loadedUrls.length, 1, 'without loading its page again');
  assert.ok(prepared.focusCount >= 1, 'and focuses it');
  assert.equal(lockViewsSent(prepared).at(-1)?.phase, 'locked', 'its page is told to open the camera');
  await settle();
  assert.equal(overlays().length, 2, 'the other display gets its cover');
  prepared.close();
  assert.equal(prepared.isDestroyed(), false, 'a prepared overlay refuses to close while locked like any other');

  assert.equal((await submitPassword(PASSWORD)).ok, true);
  assert.ok(prepared.isDestroyed(), 'the unlock destroys it, and the camera with it');
  await settle();
  const next = overlays();
  assert.equal(next.length, 1, 'a fresh primary is prepared for the next lock');
  assert.deepEqual([next[0].isVisible(), isCover(next[0])], [false, false]);

  next[0].webContents.emit('render-process-gone', preventableEvent(), { reason: 'crashed', exitCode: 11 });
  await settle();
  assert.equal(next[0].loadedUrls.length, 2, 'a crashed prepared page is loaded again');
  next[0].emit('unresponsive');
  assert.equal(next[0].webContents.crashCalls, 1, 'a hung one is crashed, then loaded again');
  assert.equal(next[0].isVisible(), false, 'still hidden: nothing is locked');
  next[0].close();
  assert.ok(next[0].isDestroyed(), 'while unlocked it may close (the app quitting)');
  shell.lockNow('user');
  await settle();
  assert.deepEqual(overlays().map((w) => w.isVisible()), [true, true], 'without a prepared window the lock still covers every display');
});

test('while locked an overlay refuses to close and the app refuses to quit; unlocked, quitting goes ahead', async () => {
  await startShell({ profile: true, extraDisplays: [SECOND_DISPLAY] }); // lockOnStart is the default
  assert.equal(overlays().length, 2, 'locked at start, so the profile sealed by the stand-in keyring was opened');
  for (const window of overlays()) window.close();
  assert.equal(overlays().length, 2, 'close was refused');
  for (const step of ['before-quit', 'will-quit']) {
    const event = preventableEvent();
    app.emit(step, event);
    assert.equal(event.defaultPrevented, true, `${step} refused while locked`);
  }
  app.quit();
  assert.equal(app.quitted, false);

  assert.equal((await submitPassword(PASSWORD)).ok, true);
  for (const step of ['before-quit', 'will-quit']) {
    const event = preventableEvent();
    app.emit(step, event);
    assert.equal(event.defaultPrevented, false, `${step} allowed when unlocked`);
  }
});

test('a crashed overlay is reloaded and the screen stays locked; a hung one is crashed first', async () => {
  const shell = await startShell({ profile: true, extraDisplays: [SECOND_DISPLAY] });
  const primary = primaryOverlay();
  const cover = overlays().find(isCover)!;
  const sentBefore = lockViewsSent(primary).length;

  primary.webContents.emit('render-process-gone', preventableEvent(), { reason: 'crashed', exitCode: 11 });
  await settle();
  assert.deepEqual(primary.loadedUrls, [primary.loadedUrls[0], primary.loadedUrls[0]], 'the lock page was loaded again');
  assert.equal(lockViewsSent(primary).length, sentBefore + 1, 'and given the current view');
  assert.equal(shell.isLocked(), true);

  cover.emit('unresponsive');
  assert.equal(cover.webContents.crashCalls, 1, 'a hung renderer is crashed');
  await settle();
  assert.equal(cover.loadedUrls.length, 2, 'then reloaded');
  assert.ok(isCover(cover), 'still as a cover');
  assert.equal(shell.isLocked(), true);
  assert.equal(overlays().length, 2, 'no window was lost or added');
});

test('resume, the OS lock, the global shortcut and idle time each lock the screen', async (t) => {
  t.mock.timers.enable({ apis: ['setInterval'] }); // before start: the idle poll is set up there
  const shell = await startShell({ ...UNLOCKED_AT_START, settings: { lockOnStart: false, idleLockMinutes: 5, shortcut: 'Super+L' } });
  const lockedBy = async (what: string, trigger: () => void) => {
    assert.equal(shell.isLocked(), false, `unlocked before ${what}`);
    trigger();
    assert.equal(shell.isLocked(), true, `${what} locks`);
    assert.equal(overlays().length, 1, `${what} shows the overlay`);
    assert.equal((await submitPassword(PASSWORD)).ok, true);
  };
  await lockedBy('resume', () => powerMonitor.emit('resume'));
  await lockedBy('the OS lock', () => powerMonitor.emit('lock-screen'));
  assert.deepEqual([...recorded.shortcuts.keys()], ['Super+L'], 'the shortcut from the settings is registered');
  await lockedBy('the shortcut', () => recorded.shortcuts.get('Super+L')!());

  powerMonitor.idleSeconds = 5 * 60 - 1;
  t.mock.timers.tick(15_000);
  assert.equal(shell.isLocked(), false, 'not yet idle long enough');
  await lockedBy('idle time', () => {
    powerMonitor.idleSeconds = 5 * 60;
    t.mock.timers.tick(15_000);
  });
});

const INDEX_URL = new URL('../main/index.ts', import.meta.url).href;
/** Runs main/index.ts afresh (a query makes it a new module instance), with its userData from the environment. */
async function runIndex(instance: string, userData: string): Promise<void> {
  app.paths.clear(); // index.ts must set it itself
  process.env.FACE_UNLOCK_USER_DATA = userData;
  try {
    await import(`${INDEX_URL}?instance=${instance}`);
  } finally {
    delete process.env.FACE_UNLOCK_USER_DATA;
  }
}

test('a second instance quits at once and starts nothing', async () => {
  const dir = await prepare({ profile: true });
  app.singleInstanceLock = false;
  await runIndex('second', dir);
  assert.deepEqual(app.singleInstanceRequests, [{ faceUnlock: 1, command: null }], 'a bare launch, said in additionalData');
  assert.equal(app.quitCalls, 1, 'it quits');
  assert.equal(app.whenReadyCalls, 0, 'and never waits to start');
  assert.equal(app.dock.hidden, false);
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.deepEqual([recorded.trays.length, recorded.windows.length, recorded.ipcHandlers.size], [0, 0, 0]);
  assert.equal(recorded.beforeRequestHandler, null);
});

test('the first instance opens settings on a second launch when unlocked, and nothing while locked', async () => {
  const dir = await prepare(UNLOCKED_AT_START);
  await runIndex('first', dir);
  await until(() => recorded.trays.length > 0, 'the shell to start');
  assert.equal(app.getPath('userData'), dir);
  assert.equal(app.dock.hidden, true);
  assert.deepEqual(recorded.windows.map((w) => w.isVisible()), [false], 'with a profile it starts in the tray alone (the overlay prepared, hidden)');

  app.emit('second-instance', preventableEvent(), ['face-unlock'], '/');
  const [settings] = windowsOf('settings');
  assert.ok(settings, 'a second launch opens settings');
  app.emit('second-instance', preventableEvent(), ['face-unlock'], '/');
  assert.equal(windowsOf('settings').length, 1, 'one settings window at a time');
  assert.equal(settings.focusCount, 1, 'the open one is brought forward');

  clickTray(/^Lock now/);
  assert.ok(settings.isDestroyed(), 'locking closes it');
  app.emit('second-instance', preventableEvent(), ['face-unlock'], '/');
  assert.equal(recorded.windows.filter((w) => !w.isDestroyed() && !overlays().includes(w)).length, 0, 'nothing opens while locked');
});

test('with nothing enrolled the wizard opens at start and on a second launch, and nothing locks', async () => {
  const shell = await startShell();
  const [wizard] = windowsOf('enrol');
  assert.ok(wizard?.isVisible(), 'the wizard opens at start');
  wizard.close();
  app.emit('second-instance', preventableEvent(), [], '/');
  assert.equal(windowsOf('enrol').length, 1, 'a second launch opens it again');
  assert.equal(trayItems().find((i) => i.label === 'Lock now')?.enabled, false);
  shell.lockNow('user');
  powerMonitor.emit('resume');
  assert.deepEqual([shell.isLocked(), overlays().length], [false, 0], 'nothing to unlock with, so no lock, nor an overlay prepared');
});

/** What a launch printed, as `stream: text` lines. */
const said = (printed: { stream: string; text: string }[]) => printed.map((reply) => `${reply.stream}: ${reply.text}`);
const appWindows = () => recorded.windows.filter((w) => !w.isDestroyed() && !overlays().includes(w));

test('second instance forwarding to the first: its command is done there, and it prints the answer and exits with its code', async () => {
  await prepare(UNLOCKED_AT_START);
  const first = await launch([]);
  const shell = first.shell!;
  assert.ok(shell, 'the first launch is the app');
  assert.deepEqual([first.printed, first.exitCodes], [[], []], 'a bare first launch prints nothing and keeps running');
  app.singleInstanceLock = false;

  const status = await launch(['status']);
  assert.equal(status.shell, null, 'a second instance starts nothing');
  assert.deepEqual(said(status.printed), ['stdout: Face: enrolled\nLiveness: standard\nLock: unlocked\nProblem: none']);
  assert.deepEqual(status.exitCodes, [EXIT_CODES.ok]);
  assert.equal(recorded.trays.length, 1, 'still the one tray');

  const settings = await launch(['settings']);
  assert.deepEqual([said(settings.printed), settings.exitCodes], [[`stdout: ${COMMAND_SENTENCES.opened.settings}`], [0]]);
  assert.equal(windowsOf('settings').length, 1);
  windowsOf('settings')[0].close();
  const testing = await launch(['test']);
  assert.deepEqual(testing.exitCodes, [0]);
  assert.equal(new URL(windowsOf('settings')[0].webContents.url).hash, '#test', 'test opens settings on Test recognition');

  const lock = await launch(['lock']);
  assert.deepEqual([said(lock.printed), lock.exitCodes], [[`stdout: ${COMMAND_SENTENCES.locked}`], [0]]);
  assert.equal(shell.isLocked(), true);
  assert.ok(overlays().some((w) => w.isVisible()), 'the lock is shown');
  assert.deepEqual(appWindows(), [], 'and the settings window went with it');
  const again = await launch(['lock']);
  assert.deepEqual([said(again.printed), again.exitCodes], [[`stdout: ${COMMAND_SENTENCES.alreadyLocked}`], [0]]);

  const lockedStatus = await launch(['status']);
  assert.match(lockedStatus.printed[0].text, /^Lock: locked/m);
  assert.deepEqual(lockedStatus.exitCodes, [0], 'locked is the lock working');
  for (const word of ['enrol', 'settings', 'test']) {
    const refused = await launch([word]);
    assert.deepEqual([said(refused.printed), refused.exitCodes], [[`stderr: ${COMMAND_SENTENCES.refusedWhileLocked}`], [1]], word);
  }
  await launch([]);
  assert.deepEqual(appWindows(), [], 'nothing opened behind the lock');

  const requests = app.singleInstanceRequests.length;
  for (const words of [['unlock'], ['lock', PASSWORD], ['settings', 'livenessMode=off']]) {
    const wrong = await launch(words);
    assert.deepEqual(wrong.exitCodes, [EXIT_CODES.usage], words.join(' '));
    assert.equal(wrong.printed[0].stream, 'stderr');
    assert.ok(wrong.printed[0].text.endsWith(USAGE.trimEnd()), 'with the usage');
  }
  const help = await launch(['--no-sandbox', '--help']);
  assert.deepEqual([said(help.printed), help.exitCodes], [[`stdout: ${USAGE.trimEnd()}`], [0]]);
  assert.equal(app.singleInstanceRequests.length, requests, 'help and mistakes never reach the running instance');
  assert.equal(shell.isLocked(), true, 'no command line opened the lock');

  assert.equal((await submitPassword(PASSWORD)).ok, true);
  assert.deepEqual((await launch(['lock'])).exitCodes, [0], 'it locks again once unlocked');
});

test('with nothing to unlock with, lock from a second instance refuses and status says why (exit 1)', async () => {
  await prepare();
  const { shell } = await launch([]);
  assert.equal(windowsOf('enrol').length, 1, 'the ordinary start: the wizard');
  app.singleInstanceLock = false;
  const lock = await launch(['lock']);
  assert.deepEqual([said(lock.printed), lock.exitCodes], [[`stderr: ${COMMAND_SENTENCES.cannotLock}`], [EXIT_CODES.refused]]);
  assert.equal(shell!.isLocked(), false);
  const status = await launch(['status']);
  assert.deepEqual([status.printed[0].text.split('\n')[0], status.exitCodes], ['Face: not enrolled', [EXIT_CODES.refused]]);
  const testing = await launch(['test']);
  assert.deepEqual([said(testing.printed), testing.exitCodes], [[`stderr: ${COMMAND_SENTENCES.enrolFirst}`], [1]]);
});

test('commands sent while the first instance is still starting wait for it, then are answered', async () => {
  await prepare(UNLOCKED_AT_START);
  const first = launch([]); // holds the lock at once, then loads its models
  app.singleInstanceLock = false;
  const [status, lock] = await Promise.all([launch(['status']), launch(['lock'])]);
  const { shell } = await first;
  assert.deepEqual(app.exitCodes, [0, 0], 'both second instances exited with 0 (launch() cannot tell whose is whose when they overlap)');
  assert.deepEqual(said(lock.printed), [`stdout: ${COMMAND_SENTENCES.locked}`]);
  assert.match(status.printed[0]?.text ?? '', /^Face: enrolled/);
  assert.equal(shell!.isLocked(), true);
});

test('a second instance whose first never answers gives up with exit 4; status with none running says so with exit 3', async () => {
  await prepare({ profile: true });
  app.singleInstanceLock = false; // and no first instance listening
  const unanswered = await launch(['lock'], { replyTimeoutMs: 200 });
  assert.deepEqual([said(unanswered.printed), unanswered.exitCodes], [[`stderr: ${COMMAND_SENTENCES.noAnswer}`], [EXIT_CODES.noAnswer]]);

  app.singleInstanceLock = true;
  const alone = await launch(['status']);
  assert.deepEqual([said(alone.printed), alone.exitCodes], [[`stdout: ${COMMAND_SENTENCES.notRunning}`], [EXIT_CODES.notRunning]]);
  assert.deepEqual([app.whenReadyCalls, recorded.trays.length, recorded.windows.length], [0, 0, 0], 'status starts nothing');
});

test('a command as the first instance starts the app, then does it: settings opens, lock locks, unless the start locked or nothing can', async () => {
  await prepare(UNLOCKED_AT_START);
  const settings = await launch(['settings']);
  assert.ok(settings.shell);
  assert.deepEqual([said(settings.printed), settings.exitCodes], [[`stdout: ${COMMAND_SENTENCES.opened.settings}`], []], 'it keeps running: it is the app');
  assert.equal(windowsOf('settings').length, 1);
  await shutDown();

  await prepare({ profile: true }); // lock on start, the default
  const lockedAtStart = await launch(['settings']);
  assert.equal(lockedAtStart.shell!.isLocked(), true, 'a command does not skip lock-on-start');
  assert.deepEqual(said(lockedAtStart.printed), [`stderr: ${COMMAND_SENTENCES.refusedWhileLocked}`]);
  assert.deepEqual(appWindows(), []);
  await shutDown();

  await prepare(UNLOCKED_AT_START);
  const lock = await launch(['lock']);
  assert.equal(lock.shell!.isLocked(), true, 'lock locks even with lock-on-start off');
  assert.deepEqual(said(lock.printed), [`stdout: ${COMMAND_SENTENCES.locked}`]);
  await shutDown();

  await prepare();
  const cannot = await launch(['lock']);
  await until(() => app.exitCodes.length > 0, 'the exit', 5_000);
  assert.deepEqual([said(cannot.printed), app.exitCodes], [[`stderr: ${COMMAND_SENTENCES.cannotLock}`], [EXIT_CODES.refused]]);
  assert.ok(recorded.trays.every((t) => t.isDestroyed()), 'it quit rather than stay as an app it was not asked to be');
  assert.deepEqual(windowsOf('enrol'), [], 'nor opened the wizard');
});

const REPO = fileURLToPath(new URL('..', import.meta.url));
/** main/index.ts in a process of its own: the real process.argv, stdout, stderr and exit code. */
function runMain(words: string[], userData: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const args = ['--import', 'tsx', '--import', './test-support/electron-stand-in/register.ts', 'main/index.ts', ...words];
  const env = { ...process.env, FACE_UNLOCK_STAND_IN_EXITS: '1', FACE_UNLOCK_USER_DATA: userData };
  return new Promise((resolve) => {
    const child = execFile(process.execPath, args, { cwd: REPO, env, timeout: 30_000 }, (_error, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }));
  });
}

test('from a real process: help on stdout with 0, a mistake on stderr with 2, status with none running 3', async () => {
  const userData = mkdtempSync(join(tmpdir(), 'face-unlock-cli-'));
  try {
    const [help, wrong, status] = await Promise.all([runMain(['--enable-logging', 'help'], userData), runMain(['unlock'], userData), runMain(['status'], userData)]);
    assert.deepEqual(help, { code: 0, stdout: USAGE, stderr: '' });
    assert.deepEqual([wrong.code, wrong.stdout], [EXIT_CODES.usage, '']);
    assert.match(wrong.stderr, /^Unknown command: unlock\n\nUsage: face-unlock/);
    assert.deepEqual(status, { code: EXIT_CODES.notRunning, stdout: `${COMMAND_SENTENCES.notRunning}\n`, stderr: '' });
  } finally {
    rmSync(userData, { recursive: true, force: true });
  }
});

test('a start that fails shows why and exits, leaving nothing locked', async () => {
  const dir = await prepare({ profile: true });
  recorded.encryptionAvailable = false;
  await runIndex('failing', dir);
  await until(() => app.exitCodes.length > 0, 'the exit', 5_000);
  assert.deepEqual(app.exitCodes, [1]);
  assert.equal(recorded.errorBoxes[0]?.title, 'Face Unlock could not start');
  assert.match(recorded.errorBoxes[0].content, /encryption/);
  assert.deepEqual([recorded.trays.length, overlays().length], [0, 0]);
});

test('the tray menu locks, shows only "Locked" while locked, and quits when unlocked', async () => {
  await startShell(UNLOCKED_AT_START);
  assert.deepEqual(recorded.notifications, [], 'models and profile loaded: no problem to report');
  assert.equal(tray().image.isEmpty(), false, 'the tray icon is a real file');
  assert.deepEqual(tray().image.size, { width: 22, height: 22 });
  tray().emit('click');
  assert.equal(tray().popUps, 1, 'a click pops the menu up');

  clickTray(/^Lock now/);
  await settle();
  assert.equal(overlays().length, 1, 'Lock now shows the overlay');
  assert.ok(trayItems().some((i) => i.label === 'Locked'), 'the menu says locked');
  assert.ok(
    trayItems().every((i) => i.enabled === false || i.type === 'separator'),
    'and offers nothing to do while locked',
  );

  assert.equal((await submitPassword(PASSWORD)).ok, true);
  assert.equal(trayItems().find((i) => i.label === 'Lock now')?.enabled, true, 'the full menu is back');
  clickTray(/^Quit Face Unlock$/);
  await until(() => app.exitCodes.length > 0, 'the exit', 5_000);
  assert.deepEqual(app.exitCodes, [0]);
  assert.ok(recorded.trays.every((t) => t.isDestroyed()), 'the tray icon goes');
  assert.equal(recorded.ipcHandlers.size, 0, 'the IPC handlers are removed');
  assert.equal(recorded.shortcuts.size, 0, 'the shortcut is given back');
  assert.equal(powerMonitor.listenerCount('resume') + screen.listenerCount('display-added'), 0, 'nothing listens any more');
});

test('the right password through lock:submitPassword unlocks and destroys the overlays; others do not', async () => {
  const shell = await startShell({ profile: true, extraDisplays: [SECOND_DISPLAY] });
  const windows = overlays();
  assert.equal(windows.length, 2);

  const wrong = await submitPassword('not the password');
  assert.deepEqual([wrong.ok, wrong.view.phase], [false, 'locked']);
  const foreign = { id: 99, url: 'https://evil.example/lock/index.html' };
  await assert.rejects(ipcMain.invoke(CHANNELS.lockSubmitPassword, foreign, PASSWORD), /sender may not/);
  assert.equal(overlays().length, 2, 'still covered');

  const right = await submitPassword(PASSWORD, windows.find(isCover));
  assert.deepEqual([right.ok, right.view.phase], [true, 'unlocked']);
  assert.ok(windows.every((w) => w.isDestroyed()), 'every overlay window is destroyed');
  assert.equal(shell.isLocked(), false);
  assert.ok(trayItems().some((i) => i.label === 'Lock now'), 'the tray follows');
});

test('every window has secure webPreferences, and the session refuses remote requests and permissions', async () => {
  const shell = await startShell(UNLOCKED_AT_START);
  app.emit('second-instance', preventableEvent(), [], '/');
  shell.lockNow('user');
  await settle();
  assert.deepEqual(new Set(recorded.windows.map((w) => new URL(w.webContents.url).pathname.split('/').at(-2))), new Set(['settings', 'lock']));
  for (const window of recorded.windows) {
    const prefs = window.options.webPreferences;
    assert.deepEqual(
      [prefs.contextIsolation, prefs.sandbox, prefs.nodeIntegration, prefs.nodeIntegrationInWorker, prefs.webviewTag],
      [true, true, false, false, false],
    );
    assert.match(prefs.preload, /preload[/\\]index\.cjs$/);
  }

  const ourPage = primaryOverlay().webContents.url;
  const cancelled = (url: string) => {
    let answer: { cancel?: boolean } | undefined;
    recorded.beforeRequestHandler!({ url }, (response: { cancel?: boolean }) => (answer = response));
    return answer?.cancel;
  };
  assert.equal(cancelled('https://example.com/tracker.js'), true, 'remote requests are cancelled');
  assert.equal(cancelled(ourPage), false, 'our own pages load');

  const permitted = (url: string) => {
    let answer: boolean | undefined;
    recorded.permissionRequestHandler!(primaryOverlay().webContents, 'media', (granted: boolean) => (answer = granted), {
      requestingUrl: url,
      mediaTypes: ['video'],
    });
    return answer;
  };
  assert.deepEqual([permitted(ourPage), permitted('https://example.com/')], [true, false], 'the camera for our pages only');

  const contents = primaryOverlay().webContents;
  const navigation = (url: string) => {
    const event = preventableEvent();
    contents.emit('will-navigate', event, url);
    return event.defaultPrevented;
  };
  assert.deepEqual([navigation('https://example.com/'), navigation(ourPage)], [true, false], 'no navigating away');
  assert.deepEqual(contents.windowOpenHandler?.({ url: ourPage }), { action: 'deny' }, 'no new windows');
});

// Bug: OverlayWindows.createWindow's listeners keep the role the window was created with.
// Found by this stand-in: a window promoted to primary used to reload and refocus as a cover.
test('when the primary display goes, the new primary is the lock page for good: refocused, and reloaded as such', async () => {
  await startShell({ profile: true, extraDisplays: [SECOND_DISPLAY] });
  const survivor = overlays().find(isCover)!;
  screen.removeDisplay(1);
  await settle();
  assert.deepEqual(overlays(), [survivor]);
  assert.equal(isCover(survivor), false, 'the remaining display now shows the lock page itself');

  const focused = survivor.focusCount;
  survivor.emit('blur');
  assert.equal(survivor.focusCount, focused + 1, 'the lock page takes the focus back, as the primary one does');

  survivor.webContents.emit('render-process-gone', preventableEvent(), { reason: 'crashed', exitCode: 11 });
  await settle();
  assert.equal(isCover(survivor), false, 'a crash reloads the lock page, not a cover without password or camera');
});

test('a damaged profile is said at start and in the tray, and the app still locks with the password as the way in', async () => {
  const shell = await startShell({ profile: true, damage: 'profile' });
  assert.match(recorded.notifications[0]?.options.body ?? '', /Face unlock is off until you enrol again/);
  assert.equal(recorded.notifications[0].shown, true);
  assert.equal(overlays().length, 1, 'locked at start, as lock-on-start says');
  assert.equal((await submitPassword('not the password')).ok, false);
  assert.equal((await submitPassword(PASSWORD)).ok, true, 'the surviving copy of the hash opens it');
  assert.match(tray().tooltip, /face profile damaged/);
  assert.match(trayItems()[0].label ?? '', /damaged/);
  powerMonitor.emit('resume');
  assert.equal(shell.isLocked(), true, 'the triggers still lock');
});

test('a damaged profile with no copy of its password left: nothing locks, the wizard opens, the tray says "not locking"', async () => {
  const shell = await startShell({ profile: true, damage: 'everything' });
  assert.match(recorded.notifications[0]?.options.body ?? '', /cannot lock this computer until you enrol again/);
  assert.equal(windowsOf('enrol').length, 1, 'the wizard opens');
  assert.match(tray().tooltip, /not locking/);
  shell.lockNow('user');
  assert.equal(shell.isLocked(), false);
});
