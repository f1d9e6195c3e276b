import assert from 'node:assert/strict';
import { test } from 'node:test';
import { livenessFailureFeedback, lockViewOf, type LockState } from './lock-view.ts';

const open: LockState = {
  locked: true,
  feedback: 'recognising',
  problem: undefined,
  status: { faceAllowed: true, passwordAllowed: true, faceLockoutRemainingMs: 0, passwordLockoutRemainingMs: 0, passwordReason: null },
  hasProfile: true,
  faceAvailable: true,
};

test('the most serious state wins: locked out, then no profile, no models, password due, face paused', () => {
  const lockedOut = { ...open, status: { ...open.status, passwordLockoutRemainingMs: 5000, faceLockoutRemainingMs: 9000, passwordReason: 'attempts' as const } };
  assert.deepEqual(lockViewOf({ ...lockedOut, hasProfile: false }), { phase: 'lockedOut', faceEnabled: false, feedback: 'lockedOut', lockoutRemainingMs: 5000 });
  assert.equal(lockViewOf({ ...open, hasProfile: false, faceAvailable: false }).feedback, 'noProfile');
  assert.equal(lockViewOf({ ...open, faceAvailable: false }).feedback, 'modelUnavailable');
  const due = lockViewOf({ ...open, status: { ...open.status, passwordReason: 'timeout', faceLockoutRemainingMs: 1000 } });
  assert.deepEqual([due.feedback, due.passwordReason, due.faceEnabled], ['passwordRequired', 'timeout', false]);
  const paused = lockViewOf({ ...open, status: { ...open.status, faceLockoutRemainingMs: 30_000 } });
  assert.deepEqual([paused.phase, paused.feedback, paused.lockoutRemainingMs, paused.faceEnabled], ['locked', 'lockedOut', 30_000, false]);
});

test('an open face shows what the last frame asked; unlocked shows unlocked; a problem is always carried', () => {
  assert.deepEqual(lockViewOf(open), { phase: 'locked', faceEnabled: true, feedback: 'recognising', lockoutRemainingMs: 0 });
  assert.deepEqual(lockViewOf({ ...open, locked: false, problem: 'No camera found.' }), {
    phase: 'unlocked',
    faceEnabled: false,
    feedback: 'unlocked',
    lockoutRemainingMs: 0,
    problem: 'No camera found.',
  });
});

test('the camera to open travels with the view while the face is wanted', () => {
  assert.equal(lockViewOf({ ...open, cameraDeviceId: 'd2f113ce' }).cameraDeviceId, 'd2f113ce');
  assert.equal(lockViewOf({ ...open, cameraDeviceId: '' }).cameraDeviceId, undefined, 'the system default');
  assert.equal(lockViewOf({ ...open, locked: false, cameraDeviceId: 'd2f113ce' }).cameraDeviceId, undefined);
});

test('a challenge prompt carries its cause; a paused face does not', () => {
  const prompt = lockViewOf({ ...open, feedback: 'nod', challengeCause: 'photoSuspected' });
  assert.deepEqual([prompt.feedback, prompt.challengeCause], ['nod', 'photoSuspected']);
  const paused = lockViewOf({ ...open, feedback: 'nod', challengeCause: 'routine', status: { ...open.status, faceLockoutRemainingMs: 1000 } });
  assert.equal(paused.challengeCause, undefined);
});

test('every liveness failure has its own explanation; photo-like ones say photo', () => {
  const reasons = ['passiveSpoof', 'flat', 'wrongDirection', 'timeout', 'faceChanged', 'secondFace', 'lostFace'] as const;
  const feedback = reasons.map((reason) => livenessFailureFeedback(reason));
  assert.deepEqual(feedback.slice(0, 2), ['lookingLikePhoto', 'lookingLikePhoto']);
  assert.equal(new Set(feedback.slice(1)).size, reasons.length - 1, 'the challenge failures are told apart');
  assert.throws(() => livenessFailureFeedback('bogus' as never), TypeError);
});

test('a refused nod speaks of nodding, a refused turn of turning', () => {
  assert.equal(livenessFailureFeedback('timeout', 'nod'), 'challengeNodTooSlow');
  assert.equal(livenessFailureFeedback('wrongDirection', 'nod'), 'challengeNodTurned');
  assert.equal(livenessFailureFeedback('timeout', 'turnLeft'), 'challengeTooSlow');
  assert.equal(livenessFailureFeedback('wrongDirection', 'turnRight'), 'challengeWrongWay');
  // Failures that are not about the move say the same whatever was asked.
  assert.equal(livenessFailureFeedback('secondFace', 'nod'), 'challengeSecondFace');
});
