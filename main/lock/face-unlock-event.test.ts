// The adaptive template's hook: the lock says when the face (never the password) opened it,
// with the frames whose fused mean matched.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { centroidNormalized, cosineSimilarity } from '../face/math/vectors.ts';
import type { FrameOutcome } from '../face/outcomes.ts';
import { FakeClock } from '../../test-support/fake-clock.ts';
import { LockController, type FaceUnlock } from './lock-controller.ts';
import { LockoutPolicy } from './lockout-policy.ts';
import { MatchWindow } from './match-window.ts';

const PASSWORD = 'correct horse';
const unit = (i: number, lean = 0) => centroidNormalized([Float32Array.from({ length: 8 }, (_, k) => (k === 0 ? 1 : k === i ? lean : 0))]);
const owner = (embedding: Float32Array): FrameOutcome => ({ kind: 'scored', matched: true, similarityCosine: 0.8, embedding });

function setup() {
  const clock = new FakeClock(1_700_000_000_000);
  const policy = new LockoutPolicy({ clock, requirePasswordAtStart: true });
  policy.recordPasswordSuccess();
  const controller = new LockController({
    policy,
    matchWindow: new MatchWindow({ fusedMatch: (embeddings) => cosineSimilarity(centroidNormalized(embeddings), unit(0)) >= 0.5 }),
    hasProfile: () => true,
    faceAvailable: () => true,
    verifyPassword: async (password) => password === PASSWORD,
    clock,
  });
  const unlocks: FaceUnlock[] = [];
  controller.onFaceUnlock((unlock) => void unlocks.push(unlock));
  controller.lock('user');
  return { controller, policy, unlocks };
}

describe('LockController.onFaceUnlock', () => {
  it('fires once the face opened the lock, with the attempt’s frames', () => {
    const { controller, unlocks } = setup();
    const frames = [unit(1, 0.1), unit(2, 0.1), unit(3, 0.1)];
    controller.reportFace(owner(frames[0]));
    controller.reportFace(owner(frames[1]));
    assert.equal(unlocks.length, 0, 'nothing before the unlock');
    controller.reportFace(owner(frames[2]));
    assert.equal(controller.isLocked(), false);
    assert.equal(unlocks.length, 1);
    assert.deepEqual(unlocks[0].embeddings, frames);
    controller.dispose();
  });

  it('never fires for a password unlock, nor when the policy refuses the face', async () => {
    const { controller, policy, unlocks } = setup();
    controller.reportFace(owner(unit(1)));
    assert.equal((await controller.submitPassword(PASSWORD)).ok, true);
    assert.equal(unlocks.length, 0);
    controller.lock('user');
    // Face paused (five failed attempts' worth): the window says unlock, the policy says no.
    for (let i = 0; i < 5; i++) policy.recordFaceFailure();
    for (let i = 0; i < 3; i++) controller.reportFace(owner(unit(1)));
    assert.equal(controller.isLocked(), true);
    assert.equal(unlocks.length, 0);
    controller.dispose();
  });

  it('a listener that throws changes nothing: the lock is open, the view says so', () => {
    const { controller } = setup();
    controller.onFaceUnlock(() => {
      throw new Error('learner broke');
    });
    let view = controller.view();
    for (let i = 0; i < 3; i++) view = controller.reportFace(owner(unit(1)));
    assert.equal(view.phase, 'unlocked');
    controller.dispose();
  });
});
