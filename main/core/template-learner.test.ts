import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CHANNELS, type LivenessMode } from '../../preload/api.ts';
import { Emitter } from '../base/emitter.ts';
import { cosineSimilarity } from '../face/math/vectors.ts';
import { confidenceMarginCosine } from '../face/recognition/adaptive-learning.ts';
import { openShippedCohort, type ShippedCohort } from '../face/recognition/cohort-file.ts';
import { DEFAULT_THRESHOLD_COSINE, TARGET_FAR_PER_ATTEMPT, type FaceProfile } from '../face/recognition/face-profile.ts';
import { CalibratedProfile } from '../face/recognition/profile-calibration.ts';
import type { FaceUnlock } from '../lock/lock-controller.ts';
import { createIpcHandlers } from '../ipc/handlers.ts';
import { PayloadError } from '../ipc/validate.ts';
import { hashPassword } from '../profile/password.ts';
import { ProfileStore, type StoreFs } from '../profile/profile-store.ts';
import type { FaceProfileRecord } from '../profile/profile-types.ts';
import { modelsDir, shippedCohortPath } from '../../models/prepare.ts';
import { PlainCipher } from '../../test-support/ciphers.ts';
import { FaceUnlockCore } from './face-unlock-core.ts';
import { ProblemBoard } from './problem-board.ts';
import { ProfileKeeper } from './profile-keeper.ts';
import { LEARNING_NOT_SAVED, TemplateLearner } from './template-learner.ts';
import { syntheticEmbeddings } from '../../test-support/synthetic-embeddings.ts';

const PASSWORD = 'correct horse battery';
const { randomUnit, atCosine } = syntheticEmbeddings(5);

const ENROLLED = randomUnit();
let shipped: ShippedCohort | null = null;
const cohort = async () => (shipped ??= await openShippedCohort(shippedCohortPath()));

async function record(extra: Partial<FaceProfileRecord['appearances'][number]> = {}): Promise<FaceProfileRecord> {
  const now = new Date(Date.now() - 60_000).toISOString();
  return { version: 1, createdIso: now, updatedIso: now, password: await hashPassword(PASSWORD), appearances: [{ id: 'default', label: 'default', centre: [...ENROLLED], embeddings: [[...ENROLLED]], ...extra }] };
}

/** A keeper over a real store, the learner listening to a stand-in for the lock's face unlocks. */
async function rig({ mode = 'standard' as LivenessMode, fs = {} as Partial<StoreFs>, deferred = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'face-unlock-learner-'));
  const store = await ProfileStore.open({ dir, cipher: new PlainCipher(), fs });
  await store.save(await record());
  const keeper = new ProfileKeeper(store, await store.load());
  const faces = await cohort();
  const calibrated = () => keeper.profile && CalibratedProfile.create(keeper.profile, { floorThresholdCosine: DEFAULT_THRESHOLD_COSINE, cohort: faces, targetFar: TARGET_FAR_PER_ATTEMPT });
  const unlocks = new Emitter<FaceUnlock>();
  const problems = new ProblemBoard();
  const queued: (() => void)[] = [];
  const learner = new TemplateLearner({ keeper, onFaceUnlock: unlocks.event, calibrated, livenessMode: () => mode, problems, later: deferred ? (run) => void queued.push(run) : (run) => run() });
  const start = calibrated()!;
  const bar = start.appearances[0].thresholdCosine + confidenceMarginCosine(start, 'default')!;
  return { dir, store, keeper, learner, unlocks, problems, queued, bar, threshold: start.appearances[0].thresholdCosine };
}

describe('TemplateLearner', () => {
  it('a confident face unlock with liveness teaches its appearance, sealed with the profile', async () => {
    const { store, keeper, learner, unlocks, bar } = await rig();
    const updatedBefore = keeper.record!.updatedIso;
    const frames = [atCosine(ENROLLED, bar + 0.05), atCosine(ENROLLED, bar + 0.05), atCosine(ENROLLED, bar + 0.05)];
    unlocks.fire({ embeddings: frames });
    await learner.settle();
    assert.equal(learner.learnedUnlocks, 1);
    assert.notEqual(keeper.record!.updatedIso, updatedBefore);
    const loaded = await store.load();
    assert.ok(loaded.status === 'ok');
    assert.equal(loaded.profile.appearances[0].learned?.unlocks, 1);
    assert.deepEqual(loaded.profile.appearances[0].centre, [...ENROLLED], 'the enrolment is kept as it was');
    // The matching centre moved towards what was learned, by at most a tenth of the cap.
    const centre = (keeper.profile as FaceProfile).centres[0];
    assert.ok(cosineSimilarity(centre, ENROLLED) < 1 && cosineSimilarity(centre, ENROLLED) > 0.99);
    learner.dispose();
    keeper.dispose();
  });

  it('learns nothing from an unlock near the threshold, in Off, or once the profile was replaced', async () => {
    const near = await rig();
    near.unlocks.fire({ embeddings: [atCosine(ENROLLED, near.threshold + 0.01)] });
    await near.learner.settle();
    assert.equal(near.learner.learnedUnlocks, 0);
    assert.equal(near.keeper.record!.appearances[0].learned, undefined);

    const off = await rig({ mode: 'off' });
    off.unlocks.fire({ embeddings: [ENROLLED] });
    await off.learner.settle();
    assert.equal(off.learner.learnedUnlocks, 0, 'Off never proved the face live');

    const replaced = await rig({ deferred: true });
    replaced.unlocks.fire({ embeddings: [ENROLLED] });
    const fresh = await record();
    await replaced.keeper.update(() => ({ ...fresh, createdIso: new Date().toISOString() }));
    replaced.queued.forEach((run) => run());
    await replaced.learner.settle();
    assert.equal(replaced.learner.learnedUnlocks, 0, 'the new profile learns nothing from the old one’s unlock');
  });

  it('forgets: back to the enrolled centre, no write when nothing was learned', async () => {
    const { keeper, learner, unlocks } = await rig();
    assert.equal(await learner.forget(), false);
    for (let i = 0; i < 3; i++) unlocks.fire({ embeddings: [ENROLLED] });
    await learner.settle();
    assert.equal(learner.learnedUnlocks, 3);
    assert.equal(await learner.forget(), true);
    assert.equal(learner.learnedUnlocks, 0);
    assert.deepEqual([...keeper.profile!.centres[0]], [...ENROLLED]);
  });

  it('a lesson that cannot be saved says so and leaves the profile as it was', async () => {
    let failing = false;
    const fs: Partial<StoreFs> = {
      writeFileDurable: async (path, data) => {
        if (failing) throw new Error('disk full');
        const { nodeStoreFs } = await import('../profile/profile-store.ts');
        return nodeStoreFs.writeFileDurable(path, data);
      },
    };
    const { keeper, learner, unlocks, problems } = await rig({ fs });
    failing = true;
    unlocks.fire({ embeddings: [ENROLLED] });
    await learner.settle();
    assert.equal(problems.message(), LEARNING_NOT_SAVED);
    assert.equal(keeper.profile!.learnedUnlocks, 0);
  });
});

describe('the core and its bridge call', () => {
  it('learns from the lock’s face unlocks in Standard, not in Off, shows the count, and forgets through the settings page only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'face-unlock-learner-core-'));
    const cipher = new PlainCipher();
    const store = await ProfileStore.open({ dir, cipher });
    await store.save(await record());
    store.dispose();
    // The models load (faceAvailable), but the frames are the lock's outcomes, fed to it directly.
    const core = await FaceUnlockCore.createFromOptions({ dataDir: dir, cipher, modelsDir: modelsDir(), cohortPath: shippedCohortPath() });
    const ipc = createIpcHandlers({ core, trustedOrigins: ['http://pages.test/'] });
    const SETTINGS = { senderId: 3, frameUrl: 'http://pages.test/settings/index.html' };
    const LOCK = { senderId: 4, frameUrl: 'http://pages.test/lock/index.html' };
    const faceUnlock = async () => {
      core.lock.lock('user');
      for (let i = 0; i < 3; i++) core.lock.reportFace({ kind: 'scored', matched: true, similarityCosine: 1, embedding: ENROLLED });
      assert.equal(core.lock.isLocked(), false, 'the face opened the lock');
      await core.settleLearning();
    };
    try {
      assert.equal(core.settingsView().learnedUnlocks, 0);
      core.lock.lock('start');
      assert.equal((await core.submitPassword(PASSWORD)).ok, true, 'a password unlock');
      await core.settleLearning();
      assert.equal(core.settingsView().learnedUnlocks, 0, 'a password unlock teaches nothing');
      await faceUnlock();
      await faceUnlock();
      assert.equal(core.settingsView().learnedUnlocks, 2);
      await core.updateSettings({ livenessMode: 'off' });
      await faceUnlock();
      assert.equal(core.settingsView().learnedUnlocks, 2, 'Off teaches nothing');

      await assert.rejects(ipc.handlers[CHANNELS.settingsForgetLearned](undefined, LOCK), PayloadError, 'not from the lock page');
      await assert.rejects(ipc.handlers[CHANNELS.settingsForgetLearned]({ currentPassword: PASSWORD }, SETTINGS), PayloadError, 'no payload');
      core.lock.lock('user');
      await assert.rejects(ipc.handlers[CHANNELS.settingsForgetLearned](undefined, SETTINGS), /locked/);
      await core.submitPassword(PASSWORD);
      assert.equal(core.settingsView().learnedUnlocks, 2);
      const view = (await ipc.handlers[CHANNELS.settingsForgetLearned](undefined, SETTINGS)) as { learnedUnlocks?: number };
      assert.equal(view.learnedUnlocks, 0);
      assert.deepEqual([...core.calibratedProfile()!.profile.centres[0]], [...ENROLLED], 'back to the enrolled centre');
    } finally {
      ipc.dispose();
      await core.dispose();
    }
    const reopened = await ProfileStore.open({ dir, cipher });
    const loaded = await reopened.load();
    assert.ok(loaded.status === 'ok');
    assert.equal(loaded.profile.appearances[0].learned, undefined, 'forgetting is sealed too');
  });
});
