import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  faceResumeSentence,
  FEEDBACK_SENTENCES,
  feedbackSentence,
  formatCountdown,
  formatScore,
  lockoutSentence,
  passwordReasonSentence,
} from './messages.ts';

test('every feedback code has its own short sentence', () => {
  const sentences = Object.values(FEEDBACK_SENTENCES);
  assert.equal(sentences.length, 27);
  assert.equal(new Set(sentences).size, sentences.length);
  for (const sentence of sentences) assert.ok(sentence.length > 0 && sentence.length <= 60, sentence);
  assert.equal(feedbackSentence('severalFaces'), 'Several faces: only you should be in view');
  assert.equal(feedbackSentence('unlocked'), 'Unlocked');
});

test('a challenge prompt says why it is asked when a photo is suspected', () => {
  assert.equal(feedbackSentence('turnLeft', 'photoSuspected'), 'This might be a photo or a screen: turn your head to your left, hold a moment, and come back');
  assert.equal(feedbackSentence('turnLeft', 'routine'), FEEDBACK_SENTENCES.turnLeft);
  assert.equal(feedbackSentence('nod'), FEEDBACK_SENTENCES.nod);
});

test('an unknown code falls back to asking for the face', () => {
  assert.equal(feedbackSentence('bogus' as never), 'Look at the camera');
});

test('countdowns round up to whole seconds and never go negative', () => {
  assert.equal(formatCountdown(0), '0:00');
  assert.equal(formatCountdown(-500), '0:00');
  assert.equal(formatCountdown(1), '0:01');
  assert.equal(formatCountdown(59_001), '1:00');
  assert.equal(formatCountdown(245_000), '4:05');
  assert.equal(formatCountdown(3_600_000 + 61_000), '1:01:01');
  assert.equal(formatCountdown(Number.NaN), '0:00');
  assert.equal(lockoutSentence(30_000), 'Try again in 0:30');
  assert.equal(faceResumeSentence(90_500), 'Face unlock resumes in 1:31');
});

test('password reasons and scores read plainly', () => {
  assert.equal(passwordReasonSentence(undefined), '');
  assert.match(passwordReasonSentence('restart'), /restart/);
  assert.equal(formatScore(0.6234), '0.62');
  assert.equal(formatScore(null), '–');
});
