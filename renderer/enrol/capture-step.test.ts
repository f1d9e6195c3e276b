import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EnrolProgress } from '../../preload/api.ts';
import { captureGuidance, isCaptureComplete, photoSummary } from './capture-step.ts';

const progress = (patch: Partial<EnrolProgress>): EnrolProgress => ({
  accepted: true,
  feedback: 'recognising',
  capturedCount: 0,
  requiredCount: 20,
  ...patch,
});

test('the guidance asks for the pose main still needs; a refused picture says what is wrong', () => {
  assert.equal(captureGuidance(progress({ nextPose: 'straight' })), 'Look straight at the camera');
  assert.equal(captureGuidance(progress({ accepted: false, feedback: 'otherPose', nextPose: 'left' })), 'Slowly turn a little to your left');
  assert.equal(captureGuidance(progress({ nextPose: 'right' })), 'Slowly turn a little to your right');
  assert.equal(captureGuidance(progress({ accepted: false, feedback: 'tooDark', nextPose: 'left' })), 'Too dark: turn on a light');
  assert.equal(captureGuidance(progress({ accepted: false, feedback: 'moveSlightly', nextPose: 'straight' })), 'Turn your head a little');
  assert.equal(captureGuidance(progress({ accepted: true, capturedCount: 12 })), 'Move your head a little, slowly');
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
