import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { LockView } from '../../preload/api.ts';
import { LIVENESS_RETRY_WAIT_MS, MIN_FACE_ATTEMPT_SPACING_MS } from './attempt.ts';
import { LockController, type FaceAttemptFailure, type LockControllerOptions } from './lock-controller.ts';
import { LockoutPolicy } from './lockout-policy.ts';
import { MatchWindow } from './match-window.ts';
import { centroidNormalized, cosineSimilarity } from '../face/math/vectors.ts';
import type { FrameOutcome } from '../face/outcomes.ts';
import { FakeClock } from '../../test-support/fake-clock.ts';

const PASSWORD = 'correct horse';
const OWNER_EMBEDDING = Float32Array.from({ length: 8 }, (_, i) => (i === 0 ? 1 : 0));
const STRANGER_EMBEDDING = Float32Array.from({ length: 8 }, (_, i) => (i === 1 ? 1 : 0));
const OWNER: FrameOutcome = { kind: 'scored', matched: true, similarityCosine: 0.8, embedding: OWNER_EMBEDDING };
const STRANGER: FrameOutcome = { kind: 'scored', matched: false, similarityCosine: 0.1, embedding: STRANGER_EMBEDDING };
const CHECKING: FrameOutcome = { kind: 'checking', embedding: OWNER_EMBEDDING };

/** The attempt's mean matches when it leans to the owner's direction. */
function testWindow(): MatchWindow {
  return new MatchWindow({ fusedMatch: (embeddings) => cosineSimilarity(centroidNormalized(embeddings), OWNER_EMBEDDING) >= 0.5 });
}

const controllers: LockController[] = [];
afterEach(() => controllers.splice(0).forEach((controller) => controller.dispose()));

interface Setup {
  clock: FakeClock;
  policy: LockoutPolicy;
  controller: LockController;
  passwordChecks: () => number;
}

/** A locked controller whose policy has seen the password, so face is allowed. */
function setup(overrides: Partial<LockControllerOptions> = {}, { passwordDone = true } = {}): Setup {
  const clock = new FakeClock(1_700_000_000_000);
  const policy = new LockoutPolicy({ clock, requirePasswordAtStart: true });
  if (passwordDone) policy.recordPasswordSuccess();
  let checks = 0;
  const controller = new LockController({
    policy,
    matchWindow: testWindow(),
    hasProfile: () => true,
    faceAvailable: () => true,
    verifyPassword: async (password) => {
      checks += 1;
      return password === PASSWORD;
    },
    clock,
    ...overrides,
  });
  controllers.push(controller);
  controller.lock('user');
  return { clock, policy, controller, passwordChecks: () => checks };
}

function report(controller: LockController, outcome: FrameOutcome, times: number): LockView {
  let view = controller.view();
  for (let i = 0; i < times; i += 1) view = controller.reportFace(outcome);
  return view;
}

/** One failed attempt: a full window of `outcome`, then the spacing between counted attempts. */
function failAttempt(setupResult: Setup, outcome: FrameOutcome): LockView {
  const view = report(setupResult.controller, outcome, 5);
  setupResult.clock.advance(MIN_FACE_ATTEMPT_SPACING_MS);
  return view;
}

describe('LockController: face', () => {
  it('unlocks on the third matching live frame', () => {
    const { controller } = setup();
    assert.equal(controller.view().phase, 'locked');
    assert.equal(controller.view().faceEnabled, true);
    assert.equal(report(controller, OWNER, 2).feedback, 'recognising');
    assert.equal(controller.isLocked(), true);
    const view = controller.reportFace(OWNER);
    assert.deepEqual(view, { phase: 'unlocked', faceEnabled: false, feedback: 'unlocked', lockoutRemainingMs: 0 });
    assert.equal(controller.isLocked(), false);
  });

  it('stays locked for a stranger, says notRecognised, and pauses face after 5 failed attempts', () => {
    const context = setup();
    const { clock, controller } = context;
    for (let attempt = 0; attempt < 4; attempt++) assert.equal(failAttempt(context, STRANGER).feedback, 'notRecognised');
    assert.equal(report(controller, STRANGER, 4).feedback, 'notRecognised');
    const view = controller.reportFace(STRANGER);
    assert.deepEqual(view, { phase: 'locked', faceEnabled: false, feedback: 'lockedOut', lockoutRemainingMs: 30_000 });
    assert.equal(report(controller, OWNER, 10).phase, 'locked', 'face is ignored during the pause');
    clock.advance(30_000);
    assert.equal(controller.view().faceEnabled, true);
    assert.equal(report(controller, OWNER, 3).phase, 'unlocked');
  });

  it('gives feedback for empty frames, crowds and poor quality without counting them', () => {
    const { controller } = setup();
    assert.equal(controller.reportFace({ kind: 'noFace' }).feedback, 'noFace');
    assert.equal(controller.reportFace({ kind: 'severalFaces' }).feedback, 'severalFaces');
    assert.equal(controller.reportFace({ kind: 'quality', feedback: 'tooDark' }).feedback, 'tooDark');
    assert.equal(report(controller, STRANGER, 4).feedback, 'notRecognised');
    assert.equal(report(controller, { kind: 'noFace' }, 3).phase, 'locked');
    // The fifth stranger frame ends the window. Had the noFace frames counted, the window
    // would have ended earlier and the owner's three frames would straddle two windows.
    controller.reportFace(STRANGER);
    assert.equal(report(controller, OWNER, 3).phase, 'unlocked');
  });

  it('a face that keeps failing counts as a new attempt at most every few seconds', () => {
    const { clock, controller, policy } = setup();
    report(controller, STRANGER, 40);
    assert.equal(policy.toJSON().faceFailures, 1, 'eight failed windows within a second are one attempt');
    clock.advance(MIN_FACE_ATTEMPT_SPACING_MS);
    report(controller, STRANGER, 5);
    assert.equal(policy.toJSON().faceFailures, 2);
    assert.equal(controller.view().faceEnabled, true);
  });

  it('stays locked when something throws while deciding, and starts the attempt over', () => {
    class BrokenWindow extends MatchWindow {
      constructor() {
        super({ fusedMatch: () => true });
      }
      broken = false;
      override push(...args: Parameters<MatchWindow['push']>) {
        if (this.broken) throw new Error('boom');
        return super.push(...args);
      }
    }
    const matchWindow = new BrokenWindow();
    const { controller } = setup({ matchWindow });
    report(controller, OWNER, 2);
    matchWindow.broken = true;
    assert.equal(controller.reportFace(OWNER).phase, 'locked');
    matchWindow.broken = false;
    assert.equal(controller.reportFace(OWNER).phase, 'locked', 'the two earlier matches were dropped');
    assert.equal(controller.reportFace({ kind: 'quality', feedback: 'unlocked' }).phase, 'locked');
  });

  it('does not unlock when the policy refuses the success at the last moment', () => {
    const { controller, policy } = setup();
    policy.recordFaceSuccess = () => false;
    assert.equal(report(controller, OWNER, 3).phase, 'locked');
  });

  it('stays locked with face off when the profile check throws', () => {
    const { controller } = setup({
      hasProfile: () => {
        throw new Error('store corrupt');
      },
    });
    const view = report(controller, OWNER, 5);
    assert.equal(view.phase, 'locked');
    assert.equal(view.faceEnabled, false);
  });

  it('ignores frames while unlocked', () => {
    const { controller } = setup();
    report(controller, OWNER, 3);
    assert.equal(report(controller, OWNER, 2).phase, 'unlocked');
    controller.lock('idle');
    assert.equal(controller.lockReason(), 'idle');
    assert.equal(controller.reportFace(OWNER).phase, 'locked', 'no matches were carried over');
  });

  it('keeps face off without a profile, without models, and when the password is due', () => {
    assert.deepEqual(setup({ hasProfile: () => false }).controller.view(), {
      phase: 'locked',
      faceEnabled: false,
      feedback: 'noProfile',
      lockoutRemainingMs: 0,
      passwordReason: 'noFace',
    });
    assert.equal(setup({ faceAvailable: () => false }).controller.view().feedback, 'modelUnavailable');
    const { controller } = setup({}, { passwordDone: false });
    assert.equal(controller.view().feedback, 'passwordRequired');
    assert.equal(controller.view().passwordReason, 'restart');
    assert.equal(report(controller, OWNER, 5).phase, 'locked');
  });
});

describe('LockController: password', () => {
  it('unlocks with the right password, even when face is paused or required', async () => {
    const { controller } = setup({}, { passwordDone: false });
    assert.equal((await controller.submitPassword('wrong')).ok, false);
    const result = await controller.submitPassword(PASSWORD);
    assert.equal(result.ok, true);
    assert.equal(result.view.phase, 'unlocked');
  });

  it('locks everything out after 5 wrong passwords and counts the time down', async () => {
    const { clock, controller, passwordChecks } = setup();
    for (let i = 0; i < 5; i += 1) await controller.submitPassword('wrong');
    const view = controller.view();
    assert.deepEqual(view, { phase: 'lockedOut', faceEnabled: false, feedback: 'lockedOut', lockoutRemainingMs: 30_000 });
    assert.equal((await controller.submitPassword(PASSWORD)).ok, false);
    assert.equal(passwordChecks(), 5, 'the password was not even checked during the lockout');
    assert.equal(report(controller, OWNER, 5).phase, 'lockedOut');
    clock.advance(10_000);
    assert.equal(controller.view().lockoutRemainingMs, 20_000);
    clock.advance(20_000);
    assert.equal(controller.view().phase, 'locked');
    assert.equal((await controller.submitPassword(PASSWORD)).ok, true);
  });

  it('checks parallel guesses one at a time, so they cannot all slip past the lockout', async () => {
    const { controller, passwordChecks } = setup();
    const results = await Promise.all(Array.from({ length: 12 }, () => controller.submitPassword('wrong')));
    assert.equal(passwordChecks(), 5);
    assert.ok(results.every((result) => !result.ok));
    assert.equal(controller.view().phase, 'lockedOut');
  });

  it('counts a verifier that throws as a wrong password', async () => {
    const { controller } = setup({
      verifyPassword: async () => {
        throw new Error('hash store unreadable');
      },
    });
    for (let i = 0; i < 5; i += 1) assert.equal((await controller.submitPassword(PASSWORD)).ok, false);
    assert.equal(controller.view().phase, 'lockedOut');
  });

  it('checks the password asked outside the overlay by the same rules: counted, refused during a lockout, one at a time', async () => {
    const { clock, controller, passwordChecks } = setup();
    // Unlocked (at the desk), as when a setting, a new appearance or deleting the profile asks for it.
    assert.equal((await controller.submitPassword(PASSWORD)).ok, true);
    assert.equal(controller.isLocked(), false);
    const checksBefore = passwordChecks();
    assert.equal(await controller.checkPassword(PASSWORD), true);
    assert.equal(controller.isLocked(), false, 'a right password opens nothing here');
    const guesses = await Promise.all(Array.from({ length: 25 }, () => controller.checkPassword('wrong')));
    assert.ok(guesses.every((ok) => !ok));
    assert.equal(passwordChecks() - checksBefore, 1 + 5, 'the guesses after the fifth are not even checked');
    assert.equal(await controller.checkPassword(PASSWORD), false, 'not even the right one during the lockout');
    // The overlay and these checks share the lockout.
    controller.lock('user');
    assert.equal(controller.view().phase, 'lockedOut');
    clock.advance(31_000);
    assert.equal(await controller.checkPassword(PASSWORD), true, 'once the lockout has passed');
  });

  it('keeps the password working when a problem is reported', async () => {
    const { controller } = setup();
    const view = controller.reportProblem('The camera is not connected.');
    assert.equal(view.problem, 'The camera is not connected.');
    const result = await controller.submitPassword(PASSWORD);
    assert.equal(result.ok, true);
    assert.equal(result.view.problem, 'The camera is not connected.');
    assert.equal(controller.clearProblem().problem, undefined);
  });
});

describe('LockController: change events', () => {
  it('fires on every view change, not on repeats, and stops after unsubscribe', () => {
    const { controller } = setup();
    const seen: string[] = [];
    const subscription = controller.onChange((view) => seen.push(`${view.phase}/${view.feedback}`));
    controller.reportFace({ kind: 'noFace' }); // locked/noFace already: no change
    controller.reportFace(OWNER);
    controller.reportFace(OWNER);
    controller.reportFace(OWNER);
    controller.lock('shortcut');
    subscription.dispose();
    controller.reportFace({ kind: 'severalFaces' });
    assert.deepEqual(seen, ['locked/recognising', 'unlocked/unlocked', 'locked/noFace']);
  });

  it('fires when a lockout ends with time', async () => {
    const { clock, controller } = setup();
    for (let i = 0; i < 5; i += 1) await controller.submitPassword('wrong');
    const phases: string[] = [];
    controller.onChange((view) => phases.push(view.phase));
    clock.advance(1_000);
    controller.view();
    assert.deepEqual(phases, [], 'the countdown alone is not a change');
    clock.advance(29_000);
    controller.view();
    assert.deepEqual(phases, ['locked']);
  });
});

describe('LockController: liveness outcomes', () => {
  it('checking and challenge frames guide the user but are not attempts', () => {
    const { controller } = setup();
    assert.equal(report(controller, CHECKING, 20).feedback, 'recognising');
    const prompt = report(controller, { kind: 'challenge', prompt: 'turnLeft', cause: 'photoSuspected' }, 20);
    assert.equal(prompt.feedback, 'turnLeft');
    assert.equal(prompt.challengeCause, 'photoSuspected', 'the overlay can say why it asks');
    assert.equal(report(controller, CHECKING, 1).challengeCause, undefined);
    assert.equal(controller.isLocked(), true);
    assert.equal(controller.view().faceEnabled, true, 'no lockout from frames that were not attempts');
  });

  it('each failed liveness check is a failed attempt: five pause face unlock', () => {
    const { clock, controller } = setup();
    let view = controller.view();
    // Spaced by the gate's retry wait, not by MIN_FACE_ATTEMPT_SPACING_MS: each counts.
    for (let attempt = 0; attempt < 5; attempt++) {
      view = controller.reportFace({ kind: 'livenessFailed', reason: 'flat' });
      clock.advance(LIVENESS_RETRY_WAIT_MS);
    }
    assert.equal(view.feedback, 'lockedOut');
    assert.equal(view.faceEnabled, false);
    assert.ok(view.lockoutRemainingMs > 0);
    assert.equal(report(controller, { kind: 'livenessFailed', reason: 'flat' }, 1).feedback, 'lockedOut');
  });

  it('a failed liveness check says why, and keeps saying it while the next challenge waits', () => {
    const { clock, controller } = setup();
    assert.equal(controller.reportFace({ kind: 'livenessFailed', reason: 'passiveSpoof' }).feedback, 'lookingLikePhoto');
    clock.advance(MIN_FACE_ATTEMPT_SPACING_MS);
    assert.equal(controller.reportFace({ kind: 'livenessFailed', reason: 'secondFace' }).feedback, 'challengeSecondFace');
    assert.equal(controller.isLocked(), true);
  });

  it('frames in the retry wait show the failure but are not attempts', () => {
    const { clock, controller } = setup();
    for (let i = 0; i < 10; i++) {
      assert.equal(controller.reportFace({ kind: 'livenessRetryWait', reason: 'timeout' }).feedback, 'challengeTooSlow');
      clock.advance(MIN_FACE_ATTEMPT_SPACING_MS);
    }
    assert.equal(controller.view().faceEnabled, true, 'no lockout from waiting');
  });
});

describe('LockController: onFaceAttemptFailed', () => {
  it('fires exactly when a failed attempt counts toward the lockout, with what the overlay said', () => {
    const { clock, controller, policy } = setup();
    const failures: FaceAttemptFailure[] = [];
    controller.onFaceAttemptFailed((failure) => failures.push(failure));
    report(controller, STRANGER, 40);
    assert.deepEqual(failures, [{ failure: 'windowRejected', feedback: 'notRecognised' }], 'eight windows within the spacing: one attempt, one event');
    clock.advance(MIN_FACE_ATTEMPT_SPACING_MS);
    report(controller, STRANGER, 5);
    controller.reportFace({ kind: 'livenessFailed', reason: 'flat' });
    controller.reportFace({ kind: 'livenessFailed', reason: 'timeout', step: 'nod' });
    report(controller, { kind: 'livenessRetryWait', reason: 'timeout' }, 3);
    assert.deepEqual(failures.slice(1), [
      { failure: 'windowRejected', feedback: 'notRecognised' },
      { failure: 'livenessRefused', feedback: 'lookingLikePhoto' },
      { failure: 'livenessRefused', feedback: 'challengeNodTooSlow' },
    ]);
    assert.equal(policy.toJSON().faceFailures, failures.length, 'one event per counted failure');
  });

  it('never fires for an unlock (face or password), for frames that are no attempt, or while unlocked', async () => {
    const { controller } = setup();
    const failures: FaceAttemptFailure[] = [];
    controller.onFaceAttemptFailed((failure) => failures.push(failure));
    controller.reportFace({ kind: 'noFace' });
    controller.reportFace({ kind: 'quality', feedback: 'tooDark' });
    report(controller, CHECKING, 3);
    assert.equal(report(controller, OWNER, 3).phase, 'unlocked');
    report(controller, STRANGER, 10);
    controller.reportFace({ kind: 'livenessFailed', reason: 'flat' });
    controller.lock('user');
    assert.equal((await controller.submitPassword(PASSWORD)).ok, true);
    assert.deepEqual(failures, []);
  });

  it('a listener that throws changes nothing: the failure still counted, the lock still shut', () => {
    const { controller, policy } = setup();
    controller.onFaceAttemptFailed(() => {
      throw new Error('listener broke');
    });
    assert.equal(controller.reportFace({ kind: 'livenessFailed', reason: 'passiveSpoof' }).feedback, 'lookingLikePhoto');
    assert.equal(policy.toJSON().faceFailures, 1);
    assert.equal(controller.isLocked(), true);
  });
});
