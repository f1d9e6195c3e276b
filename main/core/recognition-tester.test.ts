import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { LivenessMode } from '../../preload/api.ts';
import { frameReport } from '../../test-support/frame-report.ts';
import { headTrack, seededRandom } from '../../test-support/synthetic-tracks.ts';
import { LivenessGate } from '../face/liveness/liveness-gate.ts';
import { l2Normalize } from '../face/math/vectors.ts';
import { PassiveLivenessCheck, type LivenessCheck } from '../face/models/passive-liveness.ts';
import type { FaceEngine } from '../face/pipeline/face-engine.ts';
import { estimateHeadPose } from '../face/pipeline/head-pose.ts';
import { FaceProfile } from '../face/recognition/face-profile.ts';
import { CalibratedProfile } from '../face/recognition/profile-calibration.ts';
import { RecognitionTester } from './recognition-tester.ts';

const OWNER = l2Normalize([1, 0, 0, 0]);
const profile = CalibratedProfile.create(FaceProfile.fromEmbeddings([OWNER]), { floorThresholdCosine: 0.4, cohort: null, targetFar: 2e-5 });
const CHALLENGE_PROMPTS = ['turnLeft', 'turnRight', 'nod'];
/** A real head held still in front of the camera; its crop is the frame (boxInCrop = boxInFrame). */
const still = headTrack({ moves: [], random: seededRandom(1) })[0];
const stillFrame = () => frameReport({ face: { boxInCrop: still.boxInFrame, boxInFrame: still.boxInFrame }, quality: { faceWidthPx: still.boxInFrame.width } });

/** An engine that finds that head and embeds it at a chosen cosine to the owner. */
function engineAt(cosine: number): FaceEngine {
  const embedding = l2Normalize([cosine, Math.sqrt(1 - cosine * cosine), 0, 0]);
  return {
    locate: async () => ({ points68: still.points68, pose: estimateHeadPose(still.points68), timingsMs: { landmarks: 0 } }),
    embed: async () => ({ embedding, aligned112: new Uint8Array(0), timingsMs: { align: 0, embed: 0 } }),
  } as unknown as FaceEngine;
}

/** A tester whose gates are built as the core builds the lock's: the mode in force, a clock, randomness. */
function testerIn(mode: LivenessMode, { cosine = 0.9, passiveScore = 0.99 } = {}) {
  let nowMs = 0;
  const gates: LivenessGate[] = [];
  const passive: LivenessCheck = new PassiveLivenessCheck({ score: async () => passiveScore });
  const tester = new RecognitionTester({
    engine: engineAt(cosine),
    passive,
    createGate: (check) => {
      const gate = new LivenessGate({ mode: () => mode, passive: check, nowMs: () => nowMs, random: seededRandom(5) });
      gates.push(gate);
      return gate;
    },
  });
  /** `count` frames 100 ms apart, as the test page sends them. */
  const frames = async (count: number) => {
    const results = [];
    for (let i = 0; i < count; i++, nowMs += 100) results.push(await tester.test(stillFrame(), profile, 'profile'));
    return results;
  };
  return { tester, gates, frames };
}

test('in Off "would unlock" follows the match alone: a passive score the lock ignores in Off does not refuse', async () => {
  const owner = testerIn('off', { passiveScore: 0.3 });
  const results = await owner.frames(3);
  assert.deepEqual(results.map((r) => [r.wouldUnlock, r.feedback]), Array(3).fill([true, 'unlocked']));
  assert.ok(Math.abs(results[0].similarityCosine! - 0.9) < 1e-6);
  assert.equal(results[0].thresholdCosine, 0.4);
  assert.equal(results[0].livenessScore, null, 'Off scores nothing');

  const stranger = await testerIn('off', { cosine: 0.2 }).frames(1);
  assert.deepEqual([stranger[0].wouldUnlock, stranger[0].feedback], [false, 'notRecognised']);
});

test('in Strict a live-looking owner does not "would unlock" without the head-movement challenge', async () => {
  const { frames } = testerIn('strict', { passiveScore: 0.99 });
  const results = await frames(12);
  assert.ok(results.every((r) => !r.wouldUnlock), JSON.stringify(results.map((r) => r.feedback)));
  assert.ok(CHALLENGE_PROMPTS.includes(results[0].feedback), `the lock asks for a move first: ${results[0].feedback}`);
  assert.ok(Math.abs(results[0].similarityCosine! - 0.9) < 1e-6, 'the similarity is still shown');
  assert.equal(results[0].livenessScore, 0.99, 'and the passive score the gate measured');
});

test('a test run has its own gate: built apart from any other, kept from frame to frame, new after a reset or for the other subject', async () => {
  const { tester, gates, frames } = testerIn('strict');
  await frames(3);
  assert.equal(gates.length, 1, 'one gate for the run, so the evidence adds up as it does on the lock');
  assert.equal(gates[0].challengeInProgress, true);
  await tester.test(stillFrame(), profile, 'enrolment');
  assert.equal(gates.length, 2, 'the wizard\'s test does not continue the Settings test');
  tester.reset();
  await frames(1);
  assert.equal(gates.length, 3);
});

test('without models or a profile the test says so and never "would unlock"', async () => {
  const noModels = new RecognitionTester({ engine: null, passive: null, createGate: () => assert.fail('no gate without models') });
  assert.deepEqual(await noModels.test(frameReport(), profile, 'profile'), {
    feedback: 'modelUnavailable', similarityCosine: null, thresholdCosine: 0.4, wouldUnlock: false, livenessScore: null, livenessThreshold: 0,
  });
  const { tester } = testerIn('off');
  const noProfile = await tester.test(frameReport(), null, 'profile');
  assert.deepEqual([noProfile.feedback, noProfile.wouldUnlock, noProfile.thresholdCosine], ['noProfile', false, 0]);
});
