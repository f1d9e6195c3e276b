import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FaceQuality } from '../../preload/api.ts';
import { ENROL_QUALITY, UNLOCK_QUALITY, qualityProblem } from './quality-gate.ts';

const good: FaceQuality = { faceWidthPx: 160, yawDegrees: 3, brightness: 120, darkRatio: 0.05, sharpnessLaplacianVar: 200 };

test('a good face passes both gates', () => {
  assert.equal(qualityProblem(good, UNLOCK_QUALITY), null);
  assert.equal(qualityProblem(good, ENROL_QUALITY), null);
});

test('each problem gives its own feedback, darkness first', () => {
  assert.equal(qualityProblem({ ...good, brightness: 20 }, UNLOCK_QUALITY), 'tooDark');
  assert.equal(qualityProblem({ ...good, darkRatio: 0.9 }, UNLOCK_QUALITY), 'tooDark');
  assert.equal(qualityProblem({ ...good, faceWidthPx: 50 }, UNLOCK_QUALITY), 'tooFar');
  assert.equal(qualityProblem({ ...good, yawDegrees: -50 }, UNLOCK_QUALITY), 'turnToCamera');
  assert.equal(qualityProblem({ ...good, sharpnessLaplacianVar: 2 }, UNLOCK_QUALITY), 'blurry');
  assert.equal(qualityProblem({ ...good, brightness: 10, faceWidthPx: 10 }, UNLOCK_QUALITY), 'tooDark');
});

test('enrolment is stricter than unlocking', () => {
  const borderline = { ...good, faceWidthPx: 95, yawDegrees: 30 };
  assert.equal(qualityProblem(borderline, UNLOCK_QUALITY), null);
  assert.equal(qualityProblem(borderline, ENROL_QUALITY), 'tooFar');
});
