import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EnrolProgress } from '../../preload/api.ts';
import { captureGuidance, isCaptureComplete, photoSummary, turnPrompt } from './capture-step.ts';

const progress = (patch: Partial<EnrolProgress>): EnrolProgress => ({
  accepted: true,
  feedback: 'recognising',
  capturedCount: 0,
  requiredCount: 20,
  ...patch,
});

test('head turns follow the capture: straight, left, right, up', () => {
  assert.equal(turnPrompt(0, 20), 'Look straight at the camera');
  assert.equal(turnPrompt(4, 20), 'Look straight at the camera');
  assert.equal(turnPrompt(5, 20), 'Slowly turn a little to your left');
  assert.equal(turnPrompt(10, 20), 'Slowly turn a little to your right');
  assert.equal(turnPrompt(19, 20), 'Slowly tilt your head a little up');
  assert.equal(turnPrompt(25, 20), 'Slowly tilt your head a little up');
  assert.equal(turnPrompt(3, 0), 'Look straight at the camera');
});

test('a refused picture says what is wrong; otherwise the next turn is asked for', () => {
  assert.equal(captureGuidance(progress({ accepted: false, feedback: 'tooDark', capturedCount: 7 })), 'Too dark: turn on a light');
  assert.equal(captureGuidance(progress({ accepted: false, feedback: 'turnToCamera', capturedCount: 7 })), 'Turn to face the camera');
  assert.equal(captureGuidance(progress({ accepted: false, feedback: 'notRecognised', capturedCount: 7 })), 'Slowly turn a little to your left');
  assert.equal(captureGuidance(progress({ accepted: true, capturedCount: 12 })), 'Slowly turn a little to your right');
});

test('the capture is complete once main has the faces it asked for', () => {
  assert.equal(isCaptureComplete(progress({ capturedCount: 19 })), false);
  assert.equal(isCaptureComplete(progress({ capturedCount: 20 })), true);
  assert.equal(isCaptureComplete(progress({ capturedCount: 0, requiredCount: 0 })), false);
});

test('the photo summary says how many more photos are needed', () => {
  assert.equal(photoSummary(null, 0), 'Choose one or more photos.');
  assert.equal(photoSummary(null, 2), 'Reading photos…');
  assert.equal(photoSummary(progress({ capturedCount: 7, requiredCount: 10 }), 9), '7 of 10 faces accepted: add 3 more photos.');
  assert.equal(photoSummary(progress({ capturedCount: 9, requiredCount: 10 }), 9), '9 of 10 faces accepted: add 1 more photo.');
  assert.equal(photoSummary(progress({ capturedCount: 10, requiredCount: 10 }), 12), '10 faces accepted: enough to continue.');
  // After the review dropped outliers the wizard asks for more than main's minimum.
  assert.equal(photoSummary(progress({ capturedCount: 10, requiredCount: 10 }), 12, 12), '10 of 12 faces accepted: add 2 more photos.');
});
