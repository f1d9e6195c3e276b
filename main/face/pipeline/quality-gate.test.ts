import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FaceQuality } from '../../../preload/api.ts';
import { headPose } from '../../../test-support/frame-report.ts';
import { CHALLENGE_QUALITY, ENROL_QUALITY, UNLOCK_QUALITY, qualityProblem } from './quality-gate.ts';

const good: FaceQuality = { faceWidthPx: 160, brightness: 120, darkRatio: 0.05, sharpnessLaplacianVar: 200 };
const frontal = headPose({ yawDegrees: 3 });

test('a good face passes both gates', () => {
  assert.equal(qualityProblem(good, frontal, UNLOCK_QUALITY), null);
  assert.equal(qualityProblem(good, frontal, ENROL_QUALITY), null);
});

test('each problem gives its own feedback, darkness first', () => {
  assert.equal(qualityProblem({ ...good, brightness: 20 }, frontal, UNLOCK_QUALITY), 'tooDark');
  assert.equal(qualityProblem({ ...good, darkRatio: 0.9 }, frontal, UNLOCK_QUALITY), 'tooDark');
  assert.equal(qualityProblem({ ...good, faceWidthPx: 50 }, frontal, UNLOCK_QUALITY), 'tooFar');
  assert.equal(qualityProblem(good, headPose({ yawDegrees: -40 }), UNLOCK_QUALITY), 'turnToCamera');
  assert.equal(qualityProblem({ ...good, sharpnessLaplacianVar: 2 }, frontal, UNLOCK_QUALITY), 'blurry');
  assert.equal(qualityProblem({ ...good, brightness: 10, faceWidthPx: 10 }, headPose({ yawDegrees: 80 }), UNLOCK_QUALITY), 'tooDark');
});

test('the yaw limits hold either way, and pitch is not gated', () => {
  for (const sign of [1, -1]) {
    const at = (yawDegrees: number) => headPose({ yawDegrees: sign * yawDegrees });
    assert.equal(qualityProblem(good, at(UNLOCK_QUALITY.maxAbsYawDegrees), UNLOCK_QUALITY), null);
    assert.equal(qualityProblem(good, at(UNLOCK_QUALITY.maxAbsYawDegrees + 1), UNLOCK_QUALITY), 'turnToCamera');
    assert.equal(qualityProblem(good, at(CHALLENGE_QUALITY.maxAbsYawDegrees), CHALLENGE_QUALITY), null);
    assert.equal(qualityProblem(good, at(CHALLENGE_QUALITY.maxAbsYawDegrees + 1), CHALLENGE_QUALITY), 'turnToCamera');
  }
  assert.equal(qualityProblem(good, headPose({ pitchDegrees: -35 }), UNLOCK_QUALITY), null);
});

test('enrolment is stricter than unlocking, and the challenge looser', () => {
  const borderline = { ...good, faceWidthPx: 95 };
  assert.equal(qualityProblem(borderline, frontal, UNLOCK_QUALITY), null);
  assert.equal(qualityProblem(borderline, frontal, ENROL_QUALITY), 'tooFar');
  assert.ok(ENROL_QUALITY.maxAbsYawDegrees < UNLOCK_QUALITY.maxAbsYawDegrees);
  assert.ok(UNLOCK_QUALITY.maxAbsYawDegrees < CHALLENGE_QUALITY.maxAbsYawDegrees);
  assert.ok(ENROL_QUALITY.minBrightness > UNLOCK_QUALITY.minBrightness && ENROL_QUALITY.maxDarkRatio < UNLOCK_QUALITY.maxDarkRatio);
  const turned = headPose({ yawDegrees: 28 });
  assert.equal(qualityProblem(good, turned, UNLOCK_QUALITY), null);
  assert.equal(qualityProblem(good, turned, ENROL_QUALITY), 'turnToCamera');
});

test('sharpness: enrolment stricter than unlocking, the challenge looser, and short_live’s dim webcam enrols', () => {
  assert.ok(ENROL_QUALITY.minSharpnessLaplacianVar > UNLOCK_QUALITY.minSharpnessLaplacianVar);
  assert.ok(UNLOCK_QUALITY.minSharpnessLaplacianVar > CHALLENGE_QUALITY.minSharpnessLaplacianVar);
  // short_live.mp4's dimmest and softest-reading frame (webcam-clips.integration.test.ts).
  const dimWebcam: FaceQuality = { faceWidthPx: 209, brightness: 42.4, darkRatio: 0.51, sharpnessLaplacianVar: 19.8 };
  assert.equal(qualityProblem(dimWebcam, frontal, ENROL_QUALITY), null);
  const softer = { ...good, sharpnessLaplacianVar: (UNLOCK_QUALITY.minSharpnessLaplacianVar + ENROL_QUALITY.minSharpnessLaplacianVar) / 2 };
  assert.equal(qualityProblem(softer, frontal, UNLOCK_QUALITY), null);
  assert.equal(qualityProblem(softer, frontal, ENROL_QUALITY), 'blurry');
});
