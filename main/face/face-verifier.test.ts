import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FrameReport } from '../../preload/api.ts';
import { frameReport } from '../testing/frame-report.ts';
import type { FaceEngine } from './face-engine.ts';
import { FaceProfile } from './face-profile.ts';
import { FaceVerifier, type FaceMatch, type LivenessJudge } from './face-verifier.ts';
import type { LivenessVerdict } from './liveness-gate.ts';
import { l2Normalize } from './vectors.ts';

const OWNER = l2Normalize([1, 0, 0, 0]);
const profile = FaceProfile.fromEmbeddings([OWNER]);

/** An engine whose face embeds at a chosen cosine to the owner. */
function engineAt(cosine: number): FaceEngine {
  const embedding = l2Normalize([cosine, Math.sqrt(1 - cosine * cosine), 0, 0]);
  return { analyse: async () => ({ embedding, points68: new Float32Array(136), aligned112: new Uint8Array(0), timingsMs: { landmarks: 0, align: 0, embed: 0 } }) } as unknown as FaceEngine;
}

function gateSaying(verdict: LivenessVerdict, seen: FaceMatch[] = []): LivenessJudge {
  return { challengeInProgress: false, judge: async (_frame, _points, match) => (seen.push(match), verdict), judgeWithoutFace: () => null };
}

const frame = frameReport();

test('no face, several faces and poor quality are said before anything is scored', async () => {
  const verifier = new FaceVerifier({ engine: engineAt(0.9), thresholdCosine: 0.4 });
  assert.deepEqual(await verifier.judge({ ...frame, faceCount: 0, face: undefined }, profile), { kind: 'noFace' });
  assert.deepEqual(await verifier.judge({ ...frame, faceCount: 2 }, profile), { kind: 'severalFaces' });
  const dark = frameReport({ quality: { brightness: 10 } });
  assert.deepEqual(await verifier.judge(dark, profile), { kind: 'quality', feedback: 'tooDark' });
});

test('the threshold decides the match; liveness decides what a match is worth', async () => {
  const judge = (cosine: number, verdict: LivenessVerdict) =>
    new FaceVerifier({ engine: engineAt(cosine), thresholdCosine: 0.4, liveness: gateSaying(verdict) }).judge(frame, profile);
  assert.equal((await judge(0.9, { live: true })).kind, 'scored');
  const stranger = await judge(0.2, { live: true });
  assert.ok(stranger.kind === 'scored' && !stranger.matched && Math.abs(stranger.similarityCosine - 0.2) < 1e-6);
  assert.deepEqual(await judge(0.9, { live: 'checking' }), { kind: 'checking' });
  assert.deepEqual(await judge(0.9, { live: 'pending', prompt: 'nod', cause: 'routine' }), { kind: 'challenge', prompt: 'nod', cause: 'routine' });
  assert.deepEqual(await judge(0.9, { live: false, reason: 'flat' }), { kind: 'livenessFailed', reason: 'flat' });
  assert.deepEqual(await judge(0.9, { live: 'retryWait', reason: 'timeout' }), { kind: 'livenessRetryWait', reason: 'timeout' });
  // A stranger is a stranger, whatever liveness says.
  assert.equal((await judge(0.1, { live: false, reason: 'faceChanged' })).kind, 'scored');
});

test('the gate hears "still the owner" a little under the threshold, for a turned head mid-challenge', async () => {
  const seen: FaceMatch[] = [];
  const verifier = (cosine: number) => new FaceVerifier({ engine: engineAt(cosine), thresholdCosine: 0.4, liveness: gateSaying({ live: 'pending', prompt: 'turnLeft', cause: 'photoSuspected' }, seen) });
  assert.deepEqual(await verifier(0.3).judge(frame, profile), { kind: 'challenge', prompt: 'turnLeft', cause: 'photoSuspected' });
  await verifier(0.2).judge(frame, profile);
  assert.deepEqual(seen, [{ matched: false, stillOwner: true }, { matched: false, stillOwner: false }]);
});

test('mid-challenge a turned or blurred face is still judged, and a faceless frame goes to the challenge', async () => {
  const faceless: FrameReport[] = [];
  let verdict: LivenessVerdict = { live: 'pending', prompt: 'turnLeft', cause: 'routine' };
  const gate: LivenessJudge = {
    challengeInProgress: true,
    judge: async () => verdict,
    judgeWithoutFace: (report) => (faceless.push(report), verdict),
  };
  const verifier = new FaceVerifier({ engine: engineAt(0.9), thresholdCosine: 0.4, liveness: gate });
  const turned = frameReport({ quality: { yawDegrees: 50, sharpnessLaplacianVar: 8 } });
  assert.deepEqual(await verifier.judge(turned, profile), { kind: 'challenge', prompt: 'turnLeft', cause: 'routine' });
  const tooTurned = frameReport({ quality: { yawDegrees: 70 } });
  assert.deepEqual(await verifier.judge(tooTurned, profile), { kind: 'quality', feedback: 'turnToCamera' });
  verdict = { live: false, reason: 'secondFace' };
  assert.deepEqual(await verifier.judge({ ...frame, faceCount: 2 }, profile), { kind: 'livenessFailed', reason: 'secondFace' });
  assert.equal(faceless.length, 1);
  // Without a challenge the same turned face is a quality problem.
  const idle = new FaceVerifier({ engine: engineAt(0.9), thresholdCosine: 0.4, liveness: { ...gate, challengeInProgress: false } });
  assert.deepEqual(await idle.judge(turned, profile), { kind: 'quality', feedback: 'turnToCamera' });
});
