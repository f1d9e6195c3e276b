import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CAMERA_PROBLEMS,
  cameraProblemNotice,
  cameraProblemSentence,
  FEEDBACK,
  feedbackSentence,
  feedbackTone,
  LIVENESS_REFUSALS,
  livenessRefusalFeedback,
  type CameraProblem,
} from './feedback.ts';

test('every feedback code has its own short sentence', () => {
  const sentences = Object.values(FEEDBACK).map((row) => row.sentence);
  assert.equal(sentences.length, 27);
  assert.equal(new Set(sentences).size, sentences.length);
  for (const sentence of sentences) assert.ok(sentence.length > 0 && sentence.length <= 60, sentence);
});

test('the status line is good while the face is accepted, attention for what the user can fix, neutral otherwise', () => {
  const byTone = (tone: string) => Object.keys(FEEDBACK).filter((code) => feedbackTone(code as never) === tone);
  assert.deepEqual(byTone('good'), ['recognising', 'unlocked']);
  assert.deepEqual(byTone('attention'), [
    'severalFaces', 'tooDark', 'tooFar', 'turnToCamera', 'blurry', 'notRecognised', 'lookingLikePhoto',
    'challengeWrongWay', 'challengeTooSlow', 'challengeNodTurned', 'challengeNodTooSlow', 'challengeFaceChanged',
    'challengeSecondFace', 'challengeLostFace',
  ]);
  assert.equal(feedbackTone('bogus' as never), 'neutral');
  assert.equal(feedbackSentence('bogus' as never), 'Look at the camera');
  assert.equal(feedbackSentence('toString' as never), 'Look at the camera');
});

test('every refusal says why: photo-like ones say photo, a refused nod speaks of nodding', () => {
  const reasons = Object.keys(LIVENESS_REFUSALS) as (keyof typeof LIVENESS_REFUSALS)[];
  for (const reason of reasons) {
    assert.ok(Object.hasOwn(FEEDBACK, livenessRefusalFeedback(reason)), reason);
    assert.ok(Object.hasOwn(FEEDBACK, livenessRefusalFeedback(reason, 'nod')), reason);
  }
  assert.equal(livenessRefusalFeedback('passiveSpoof'), 'lookingLikePhoto');
  assert.equal(livenessRefusalFeedback('wrongDirection', 'nod'), 'challengeNodTurned');
  assert.equal(livenessRefusalFeedback('wrongDirection', 'turnLeft'), 'challengeWrongWay');
  assert.throws(() => livenessRefusalFeedback('bogus' as never), TypeError);
});

// The exact texts: the lock screen's are in e2e's screenshots and assertions, main's in e2e/damaged-detector.
test('one camera problem, one cause, said the way each page needs', () => {
  const problems = Object.keys(CAMERA_PROBLEMS) as CameraProblem[];
  assert.deepEqual(problems, ['missing', 'denied', 'unplugged', 'other', 'model']);
  assert.deepEqual(problems.map(cameraProblemSentence), [
    'No camera found: use your password',
    'Camera access is blocked: use your password',
    'The camera was disconnected: use your password',
    'The camera is not working: use your password',
    'The face detector file is damaged: use your password',
  ]);
  assert.deepEqual(problems.map(cameraProblemNotice), [
    'No camera found: use your password.',
    'Camera access is blocked: allow it in your system settings, or use your password.',
    'The camera was disconnected: use your password.',
    'The camera is not working: use your password.',
    'The face detector file is damaged: use your password.',
  ]);
  for (const problem of problems) assert.ok(CAMERA_PROBLEMS[problem].enrol.startsWith(CAMERA_PROBLEMS[problem].cause), problem);
});
