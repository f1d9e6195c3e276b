// The Electron shell on Linux follows the session's own lock: the app started as it is (its
// LockTriggers open the system bus from DBUS_SYSTEM_BUS_ADDRESS, as dbus-next's systemBus()
// reads it), with a real dbus-daemon and a stand-in logind on it in place of the system bus.
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { SESSION_LOCK_UNAVAILABLE } from '../main/app/session-lock.ts';
import { dbusDaemonMissing, startTestBus, type TestBus } from '../test-support/dbus-daemon.ts';
import { FakeLogind } from '../test-support/fake-logind.ts';
import { PASSWORD, endIfLeftRunning, overlays, shutDown, startShell, submitPassword, until } from '../test-support/electron-stand-in/shell-harness.ts';

const skip = dbusDaemonMissing() ?? false;
const UNLOCKED_AT_START = { profile: true, settings: { lockOnStart: false } };
const saved = { address: process.env.DBUS_SYSTEM_BUS_ADDRESS, sessionId: process.env.XDG_SESSION_ID };
let testBus: TestBus | null = null;
let logind: FakeLogind | null = null;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

before(() => delete process.env.XDG_SESSION_ID); // logind's 'auto' session, not the terminal's
afterEach(async () => {
  await shutDown();
  logind?.stop();
  await testBus?.dispose();
  [logind, testBus] = [null, null];
});
after(() => {
  for (const [name, value] of [['DBUS_SYSTEM_BUS_ADDRESS', saved.address], ['XDG_SESSION_ID', saved.sessionId]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  endIfLeftRunning();
});

async function systemBusWithLogind(): Promise<FakeLogind> {
  testBus = await startTestBus();
  process.env.DBUS_SYSTEM_BUS_ADDRESS = testBus.address;
  logind = await FakeLogind.start({ address: testBus.address });
  return logind;
}

test("the session's Lock and a coming suspend show the overlay; the session's Unlock never opens it", { skip }, async () => {
  const logind = await systemBusWithLogind();
  const shell = await startShell(UNLOCKED_AT_START);
  assert.equal(shell.isLocked(), false);
  // Repeated until heard: the app subscribes in the background after it starts.
  await until(() => (logind.lock(), shell.isLocked()), 'the session lock to lock the app', 5_000);
  assert.equal(overlays().filter((w) => w.isVisible()).length, 1, 'the overlay shows');

  logind.unlock();
  await pause(100);
  assert.equal(shell.isLocked(), true, "someone else's unlock does not open a face lock");
  assert.equal((await submitPassword(PASSWORD)).ok, true, "the owner's password does");

  logind.prepareForSleep(false);
  await pause(100);
  assert.equal(shell.isLocked(), false, 'waking up is for powerMonitor’s resume, not this');
  logind.prepareForSleep(true);
  await until(() => shell.isLocked(), 'PrepareForSleep(true) to lock', 2_000);
});

test('no logind, then the bus gone mid-run: each said once on the console, and the app goes on', { skip }, async (t) => {
  testBus = await startTestBus();
  process.env.DBUS_SYSTEM_BUS_ADDRESS = testBus.address;
  const warn = t.mock.method(console, 'warn', () => {});
  const said = () => warn.mock.calls.map((call) => String(call.arguments[0]));
  const shell = await startShell(UNLOCKED_AT_START);
  await until(() => said().length > 0, 'the missing logind to be said', 2_000);
  assert.deepEqual(said(), [`${SESSION_LOCK_UNAVAILABLE} (org.freedesktop.DBus.Error.ServiceUnknown)`]);
  shell.lockNow('user');
  assert.equal(shell.isLocked(), true, 'the app still locks');
  assert.equal((await submitPassword(PASSWORD)).ok, true);
  await shutDown();

  // A second start, with logind there, then the bus daemon killed under it.
  logind = await FakeLogind.start({ address: testBus.address });
  warn.mock.resetCalls();
  const again = await startShell(UNLOCKED_AT_START);
  await until(() => (logind!.lock(), again.isLocked()), 'the session lock to lock the app', 5_000);
  assert.equal((await submitPassword(PASSWORD)).ok, true);
  await testBus.kill();
  await until(() => said().length > 0, 'the lost bus to be said', 2_000);
  await pause(100);
  assert.deepEqual(said(), [`${SESSION_LOCK_UNAVAILABLE} (the bus closed the connection)`], 'said once');
  again.lockNow('user');
  assert.equal(again.isLocked(), true, 'the app still locks');
});
