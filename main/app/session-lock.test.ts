// LogindSessionLock against a real dbus-daemon (a private session-type bus in a temp folder)
// with a stand-in logind on it: the signals travel the same wire, introspection and match
// rules as they would from systemd-logind on the system bus.
import assert from 'node:assert/strict';
import { after, afterEach, before, test } from 'node:test';
import { sessionBus } from 'dbus-next';
import { dbusDaemonMissing, startTestBus, type TestBus } from '../../test-support/dbus-daemon.ts';
import { FAKE_SESSION_ID, FakeLogind } from '../../test-support/fake-logind.ts';
import { LogindSessionLock, type LogindSessionLockOptions, type SessionLockCause } from './session-lock.ts';

const skip = dbusDaemonMissing() ?? false;
const WAIT_MS = 3_000;

let testBus: TestBus | null = null;
const cleanups: (() => void)[] = [];
const savedSessionId = process.env.XDG_SESSION_ID;

before(() => delete process.env.XDG_SESSION_ID); // the test's own terminal session must not leak in
after(() => {
  if (savedSessionId !== undefined) process.env.XDG_SESSION_ID = savedSessionId;
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  await testBus?.dispose();
  testBus = null;
});

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function busWithLogind(options: { knowsAuto?: boolean } = {}): Promise<{ address: string; logind: FakeLogind }> {
  testBus = await startTestBus();
  const logind = await FakeLogind.start({ address: testBus.address, ...options });
  cleanups.push(() => logind.stop());
  return { address: testBus.address, logind };
}

/** Ours, on the test bus; what it locked and what it said are recorded. */
function sessionLock(address: string, options: Partial<LogindSessionLockOptions> = {}) {
  const locks: SessionLockCause[] = [];
  const said: string[] = [];
  const lock = new LogindSessionLock({
    bus: () => sessionBus({ busAddress: address }),
    lock: (cause) => locks.push(cause),
    onUnavailable: (reason) => said.push(reason),
    ...options,
  });
  cleanups.push(() => lock.dispose());
  return { lock, locks, said };
}

test("the session's Lock and PrepareForSleep(true) lock ours; Unlock and the wake-up never open anything", { skip }, async () => {
  const { address, logind } = await busWithLogind();
  const { lock, locks, said } = sessionLock(address, { sessionId: FAKE_SESSION_ID });
  assert.equal(await lock.started, 'listening');
  assert.deepEqual(logind.calls.getSession, [FAKE_SESSION_ID], 'the session named by XDG_SESSION_ID');

  logind.lock();
  await until(() => locks.length === 1, 'the Lock signal');
  assert.deepEqual(locks, ['sessionLock']);

  // One wire, in order: the PrepareForSleep(true) that follows is handled only after these.
  logind.unlock();
  logind.prepareForSleep(false);
  logind.prepareForSleep(true);
  await until(() => locks.length === 2, 'PrepareForSleep(true)');
  assert.deepEqual(locks, ['sessionLock', 'sleep'], 'Unlock and the wake-up did nothing, the suspend locked');
  assert.deepEqual(said, []);
});

test("without XDG_SESSION_ID it follows logind's 'auto' session, and on an older logind the one holding this process", { skip }, async () => {
  const current = await busWithLogind();
  assert.equal(await sessionLock(current.address).lock.started, 'listening');
  assert.deepEqual(current.logind.calls, { getSession: ['auto'], getSessionByPid: [] });
  await testBus!.dispose();
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();

  const older = await busWithLogind({ knowsAuto: false });
  const { lock, locks } = sessionLock(older.address);
  assert.equal(await lock.started, 'listening');
  assert.deepEqual(older.logind.calls, { getSession: ['auto'], getSessionByPid: [process.pid] });
  older.logind.lock();
  await until(() => locks.length === 1, 'the Lock signal');
});

test('a session logind does not know: said once, nothing locks', { skip }, async () => {
  const { address, logind } = await busWithLogind();
  const { lock, locks, said } = sessionLock(address, { sessionId: 'nope' });
  assert.equal(await lock.started, 'unavailable');
  assert.deepEqual(said, ['org.freedesktop.login1.NoSuchSession']);
  logind.lock();
  logind.prepareForSleep(true);
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual(locks, []);
});

test('no logind on the bus: "unavailable" said once, and the app goes on', { skip }, async () => {
  testBus = await startTestBus();
  const { lock, locks, said } = sessionLock(testBus.address);
  assert.equal(await lock.started, 'unavailable');
  assert.deepEqual(said, ['org.freedesktop.DBus.Error.ServiceUnknown']);
  // A logind that turns up later is not followed: what was said stays true for this start.
  const late = await FakeLogind.start({ address: testBus.address });
  cleanups.push(() => late.stop());
  late.lock();
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual([locks, said.length], [[], 1]);
});

test('no bus at all (no socket): "unavailable" said once, no crash', async () => {
  const { lock, said } = sessionLock('unix:path=/nonexistent/face-unlock-test/bus');
  assert.equal(await lock.started, 'unavailable');
  assert.equal(said.length, 1);
  assert.match(said[0], /ENOENT/);
});

test('the bus daemon killed mid-run: said once, no crash, nothing locks', { skip }, async () => {
  const { address } = await busWithLogind();
  const { lock, locks, said } = sessionLock(address, { sessionId: FAKE_SESSION_ID });
  assert.equal(await lock.started, 'listening');
  await testBus!.kill();
  await until(() => said.length > 0, 'the lost bus to be said');
  await new Promise((resolve) => setTimeout(resolve, 100)); // an ECONNRESET may follow the end
  assert.deepEqual(said, ['the bus closed the connection']);
  assert.deepEqual(locks, []);
});

test('logind restarted (a new owner of its name, the sessions kept): its Lock still locks ours', { skip }, async () => {
  const { address, logind } = await busWithLogind();
  const { lock, locks, said } = sessionLock(address, { sessionId: FAKE_SESSION_ID });
  assert.equal(await lock.started, 'listening');
  logind.stop();
  // The name is free once the daemon has seen the old connection close.
  const deadline = Date.now() + WAIT_MS;
  let restarted: FakeLogind | null = null;
  while (!restarted) {
    restarted = await FakeLogind.start({ address }).catch((error: unknown) => {
      if (Date.now() > deadline) throw error;
      return null;
    });
  }
  const again = restarted;
  cleanups.push(() => again.stop());
  // Ours asks the new logind for the session first; its reply goes out before the Lock below.
  await until(() => again.calls.getSession.length === 1, 'ours to ask the new logind for the session');
  again.lock();
  await until(() => locks.length === 1, "the restarted logind's Lock");
  assert.deepEqual([locks, said], [['sessionLock'], []]);
});

test('dispose: nothing locks afterwards, nothing is said, also when disposed before it started', { skip }, async () => {
  const { address, logind } = await busWithLogind();
  const early = sessionLock(address, { sessionId: FAKE_SESSION_ID });
  early.lock.dispose();
  assert.equal(await early.lock.started, 'disposed');

  const { lock, locks, said } = sessionLock(address, { sessionId: FAKE_SESSION_ID });
  assert.equal(await lock.started, 'listening');
  lock.dispose();
  logind.lock();
  logind.prepareForSleep(true);
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual([locks, said, early.locks, early.said], [[], [], [], []]);
});
