import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { CHANNELS, CONTEXT_CROP_BYTES, MAX_REFUSED_ATTEMPTS, type FrameReport, type RefusedAttemptsView } from '../../preload/api.ts';
import { createIpcHandlers } from '../ipc/handlers.ts';
import { FaceUnlockCore } from './face-unlock-core.ts';
import { centroidNormalized, cosineSimilarity } from '../face/math/vectors.ts';
import type { FrameOutcome } from '../face/outcomes.ts';
import { MIN_FACE_ATTEMPT_SPACING_MS } from '../lock/attempt.ts';
import { LockController } from '../lock/lock-controller.ts';
import { LockoutPolicy } from '../lock/lockout-policy.ts';
import { MatchWindow } from '../lock/match-window.ts';
import { nodeStoreFs, type StoreFs } from '../profile/profile-store.ts';
import { SNAPSHOT_DIR_NAME, SnapshotStore } from '../profile/snapshot-store.ts';
import { createAesGcmCipher } from '../../test-support/ciphers.ts';
import { FakeClock } from '../../test-support/fake-clock.ts';
import { frameReport } from '../../test-support/frame-report.ts';
import { AttemptSnapshots, SNAPSHOT_PROBLEM_SOURCE, SNAPSHOT_SENTENCES, awayNotice } from './attempt-snapshots.ts';
import { ProblemBoard } from './problem-board.ts';

const PASSWORD = 'correct horse';
const OWNER_EMBEDDING = Float32Array.from({ length: 8 }, (_, i) => (i === 0 ? 1 : 0));
const STRANGER_EMBEDDING = Float32Array.from({ length: 8 }, (_, i) => (i === 1 ? 1 : 0));
const OWNER: FrameOutcome = { kind: 'scored', matched: true, similarityCosine: 0.8, embedding: OWNER_EMBEDDING };
const STRANGER: FrameOutcome = { kind: 'scored', matched: false, similarityCosine: 0.1, embedding: STRANGER_EMBEDDING };

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Rig {
  clock: FakeClock;
  lock: LockController;
  snapshots: AttemptSnapshots;
  problems: ProblemBoard;
  dir: string;
  notices: string[];
  /** The lock page's frame (its context crop filled with `shade`), then what the verifier made of it: the core's order. */
  frame(outcome: FrameOutcome, shade?: number): void;
  files(): string[];
}

async function rig({ keep = true, fs, maxKept }: { keep?: boolean; fs?: Partial<StoreFs>; maxKept?: number } = {}): Promise<Rig> {
  const dataDir = mkdtempSync(join(tmpdir(), 'face-unlock-attempts-'));
  const dir = join(dataDir, SNAPSHOT_DIR_NAME);
  const clock = new FakeClock(1_700_000_000_000);
  const policy = new LockoutPolicy({ clock, requirePasswordAtStart: true });
  policy.recordPasswordSuccess();
  const lock = new LockController({
    policy,
    matchWindow: new MatchWindow({ fusedMatch: (embeddings) => cosineSimilarity(centroidNormalized(embeddings), OWNER_EMBEDDING) >= 0.5 }),
    hasProfile: () => true,
    faceAvailable: () => true,
    verifyPassword: async (password) => password === PASSWORD,
    clock,
  });
  const problems = new ProblemBoard();
  const store = new SnapshotStore({ dir, cipher: createAesGcmCipher(randomBytes(32)), fs });
  if (keep) await store.writeKeep(true);
  const snapshots = new AttemptSnapshots({ store, lock, problems, clock, maxKept });
  await snapshots.load();
  const notices: string[] = [];
  snapshots.onAwayNotice((notice) => notices.push(notice));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }), () => lock.dispose(), async () => {
    snapshots.dispose();
    await store.settle();
  });
  lock.lock('user');
  const base = frameReport();
  return {
    clock,
    lock,
    snapshots,
    problems,
    dir,
    notices,
    frame(outcome, shade = 0) {
      const frame: FrameReport = { ...base, face: { ...base.face!, contextCrop: new Uint8Array(CONTEXT_CROP_BYTES).fill(shade) } };
      snapshots.noteFrame(frame);
      lock.reportFace(outcome);
    },
    files: () => {
      try {
        return readdirSync(dir).filter((name) => name.endsWith('.attempt'));
      } catch {
        return [];
      }
    },
  };
}

/** A stranger's full window (a refused attempt), then the spacing that lets the next one count. */
function strangerTries(r: Rig, shade: number): void {
  for (let i = 0; i < 5; i++) r.frame(STRANGER, shade);
  r.clock.advance(MIN_FACE_ATTEMPT_SPACING_MS);
}

describe('AttemptSnapshots', () => {
  it('keeps one snapshot per refused attempt: the crop of the frame that ended it, when, and what the lock said', async () => {
    const r = await rig();
    strangerTries(r, 11);
    r.frame({ kind: 'livenessFailed', reason: 'passiveSpoof' }, 22);
    await r.snapshots.settle();
    const view = await r.snapshots.view();
    assert.equal(view.keeping, true);
    assert.deepEqual(
      view.attempts.map(({ atMs, reason, contextCrop }) => ({ atMs, reason, shade: contextCrop[0], bytes: contextCrop.length })),
      [
        { atMs: 1_700_000_000_000 + MIN_FACE_ATTEMPT_SPACING_MS, reason: 'lookingLikePhoto', shade: 22, bytes: CONTEXT_CROP_BYTES },
        { atMs: 1_700_000_000_000, reason: 'notRecognised', shade: 11, bytes: CONTEXT_CROP_BYTES },
      ],
    );
  });

  it('one snapshot per counted attempt, not per rejected window', async () => {
    const r = await rig();
    for (let i = 0; i < 40; i++) r.frame(STRANGER); // eight windows within a second: one attempt
    await r.snapshots.settle();
    assert.equal(r.files().length, 1);
  });

  it('keeps nothing while off (the default), and no notice follows', async () => {
    const r = await rig({ keep: false });
    assert.equal(r.snapshots.keeping, false);
    strangerTries(r, 1);
    r.frame({ kind: 'livenessFailed', reason: 'flat' }, 2);
    await r.snapshots.settle();
    assert.deepEqual(r.files(), []);
    assert.equal((await r.lock.submitPassword(PASSWORD)).ok, true);
    assert.deepEqual(r.notices, []);
  });

  it('never keeps an unlock, by face or by password, nor frames that were no attempt', async () => {
    const r = await rig();
    r.frame({ kind: 'noFace' });
    r.frame({ kind: 'quality', feedback: 'tooDark' });
    r.frame({ kind: 'checking', embedding: OWNER_EMBEDDING });
    for (let i = 0; i < 3; i++) r.frame(OWNER, 9);
    assert.equal(r.lock.isLocked(), false);
    r.lock.lock('user');
    assert.equal((await r.lock.submitPassword(PASSWORD)).ok, true);
    await r.snapshots.settle();
    assert.deepEqual(r.files(), []);
    assert.deepEqual(r.notices, []);
  });

  it('after the unlock (face or password), says once how many were refused while away', async () => {
    const r = await rig();
    strangerTries(r, 1);
    strangerTries(r, 2);
    for (let i = 0; i < 3; i++) r.frame(OWNER);
    assert.deepEqual(r.notices, [awayNotice(2)]);
    assert.equal(awayNotice(2), '2 attempts to unlock with a face were refused while you were away. Settings shows them.');
    r.lock.lock('user');
    r.frame({ kind: 'livenessFailed', reason: 'timeout', step: 'nod' });
    assert.equal((await r.lock.submitPassword(PASSWORD)).ok, true);
    assert.deepEqual(r.notices, [awayNotice(2), awayNotice(1)], 'counted afresh for each lock');
    assert.equal(awayNotice(1), '1 attempt to unlock with a face was refused while you were away. Settings shows it.');
    r.lock.lock('user');
    assert.equal((await r.lock.submitPassword(PASSWORD)).ok, true);
    assert.equal(r.notices.length, 2, 'nothing refused, nothing said');
    await r.snapshots.settle();
    assert.equal(r.files().length, 3);
  });

  it('keeps the latest N, dropping the oldest', async () => {
    const r = await rig({ maxKept: 3 });
    for (let shade = 1; shade <= 5; shade++) strangerTries(r, shade);
    await r.snapshots.settle();
    const view = await r.snapshots.view();
    assert.equal(view.maxKept, 3);
    assert.deepEqual(view.attempts.map((a) => a.contextCrop[0]), [5, 4, 3]);
    assert.equal(r.files().length, 3);
  });

  it('deletes one, then all; turning it off keeps what was kept and keeps nothing more', async () => {
    const r = await rig();
    for (let shade = 1; shade <= 3; shade++) strangerTries(r, shade);
    await r.snapshots.settle();
    const [newest] = (await r.snapshots.view()).attempts;
    const afterOne = await r.snapshots.delete(newest.id);
    assert.deepEqual(afterOne.attempts.map((a) => a.contextCrop[0]), [2, 1]);
    const off = await r.snapshots.setKeeping(false);
    assert.equal(off.keeping, false);
    assert.equal(off.attempts.length, 2);
    strangerTries(r, 4);
    await r.snapshots.settle();
    assert.equal(r.files().length, 2);
    assert.deepEqual((await r.snapshots.deleteAll()).attempts, []);
    assert.deepEqual(r.files(), []);
    const reopened = new AttemptSnapshots({ store: new SnapshotStore({ dir: r.dir, cipher: createAesGcmCipher(randomBytes(32)) }), lock: r.lock, problems: r.problems });
    await reopened.load();
    assert.equal(reopened.keeping, false, 'off is saved');
    reopened.dispose();
  });

  it('a damaged snapshot file is reported in the list and breaks neither the lock nor the next snapshot', async () => {
    const r = await rig();
    strangerTries(r, 1);
    await r.snapshots.settle();
    const damaged = 'e'.repeat(32);
    writeFileSync(join(r.dir, `${damaged}.attempt`), 'not sealed at all');
    strangerTries(r, 2);
    await r.snapshots.settle();
    const view = await r.snapshots.view();
    assert.deepEqual(view.unreadableIds, [damaged]);
    assert.deepEqual(view.attempts.map((a) => a.contextCrop[0]), [2, 1]);
    assert.equal(r.lock.isLocked(), true);
    for (let i = 0; i < 3; i++) r.frame(OWNER);
    assert.equal(r.lock.isLocked(), false, 'the owner still gets in');
  });

  it('a snapshot that cannot be written is a problem on the board; the lock counts and decides as before', async () => {
    let failWrites = true;
    const r = await rig({
      fs: {
        writeFileDurable: async (path, data) => {
          if (failWrites && path.endsWith('.attempt.tmp')) throw Object.assign(new Error('no space left'), { code: 'ENOSPC' });
          return nodeStoreFs.writeFileDurable(path, data);
        },
      },
    });
    strangerTries(r, 1);
    await r.snapshots.settle();
    assert.equal(r.problems.message(), SNAPSHOT_SENTENCES.notKept);
    assert.equal(r.lock.view().problem, undefined, 'the board is the core’s to forward; the lock itself is untouched');
    assert.equal(r.lock.isLocked(), true);
    failWrites = false;
    strangerTries(r, 2);
    await r.snapshots.settle();
    assert.equal(r.problems.message(), undefined, 'cleared by the next snapshot kept');
    r.problems.set(SNAPSHOT_PROBLEM_SOURCE, SNAPSHOT_SENTENCES.notKept);
    await r.snapshots.deleteAll();
    assert.equal(r.problems.message(), undefined, 'and by deleting them all');
  });

  it('an unreadable switch is off, and says so until it is set', async () => {
    const r = await rig({ keep: false });
    mkdirSync(r.dir, { recursive: true });
    writeFileSync(join(r.dir, 'keep.json'), 'nonsense');
    await r.snapshots.load();
    assert.equal(r.snapshots.keeping, false);
    assert.equal((await r.snapshots.view()).problem, SNAPSHOT_SENTENCES.switchUnreadable);
    const on = await r.snapshots.setKeeping(true);
    assert.equal(on.keeping, true);
    assert.equal(on.problem, undefined);
  });
});

describe('the refused attempts’ bridge calls (main/ipc/handlers.ts)', () => {
  const SETTINGS_PAGE = { senderId: 1, frameUrl: 'http://pages.test/settings/index.html' };

  async function openCore() {
    const dataDir = mkdtempSync(join(tmpdir(), 'face-unlock-attempts-ipc-'));
    // No models: these calls are about the door and the files, not about faces.
    const core = await FaceUnlockCore.createFromOptions({ dataDir, cipher: createAesGcmCipher(randomBytes(32)), modelsDir: join(dataDir, 'no-models') });
    const ipc = createIpcHandlers({ core, trustedOrigins: ['http://pages.test/'] });
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }), async () => {
      ipc.dispose();
      await core.dispose();
    });
    return { core, ipc, dataDir };
  }

  it('answer the settings page only, and only while unlocked', async () => {
    const { core, ipc } = await openCore();
    const get = ipc.handlers[CHANNELS.refusedAttemptsGet];
    assert.deepEqual(await get(undefined, SETTINGS_PAGE), { keeping: false, maxKept: MAX_REFUSED_ATTEMPTS, attempts: [], unreadableIds: [] });
    for (const frameUrl of ['http://pages.test/lock/index.html', 'http://pages.test/enrol/index.html', 'http://evil.test/settings/index.html']) {
      for (const channel of [CHANNELS.refusedAttemptsGet, CHANNELS.refusedAttemptsSetKeeping, CHANNELS.refusedAttemptsDelete, CHANNELS.refusedAttemptsDeleteAll]) {
        await assert.rejects(ipc.handlers[channel](undefined, { senderId: 1, frameUrl }), { name: 'PayloadError', message: /sender may not call/ }, `${channel} from ${frameUrl}`);
      }
    }
    core.lock.lock('user');
    await assert.rejects(get(undefined, SETTINGS_PAGE), { name: 'PayloadError', message: /not available while locked/ });
    await assert.rejects(ipc.handlers[CHANNELS.refusedAttemptsDeleteAll](undefined, SETTINGS_PAGE), /not available while locked/);
  });

  it('check every payload: a boolean switch, a 32-hex id, nothing for the others', async () => {
    const { ipc, dataDir } = await openCore();
    const call = (channel: string, payload: unknown) => ipc.handlers[channel](payload, SETTINGS_PAGE);
    for (const bad of ['yes', 1, null, undefined, { keep: true }]) await assert.rejects(call(CHANNELS.refusedAttemptsSetKeeping, bad), { name: 'PayloadError' });
    for (const bad of ['../keep.json', 'A'.repeat(32), `${'0'.repeat(31)}/`, '0'.repeat(33), 42, { id: '0'.repeat(32) }]) {
      await assert.rejects(call(CHANNELS.refusedAttemptsDelete, bad), { name: 'PayloadError' });
    }
    await assert.rejects(call(CHANNELS.refusedAttemptsGet, { all: true }), { name: 'PayloadError' });
    await assert.rejects(call(CHANNELS.refusedAttemptsDeleteAll, 'all'), { name: 'PayloadError' });
    const on = (await call(CHANNELS.refusedAttemptsSetKeeping, true)) as RefusedAttemptsView;
    assert.equal(on.keeping, true);
    assert.deepEqual(readdirSync(join(dataDir, SNAPSHOT_DIR_NAME)), ['keep.json'], 'the switch alone: nothing kept yet');
    assert.equal(((await call(CHANNELS.refusedAttemptsDelete, 'f'.repeat(32))) as RefusedAttemptsView).attempts.length, 0);
  });
});
