import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FrameReport } from '../../../preload/api.ts';
import { frameReport, headPose } from '../../../test-support/frame-report.ts';
import type { FaceEngine } from '../pipeline/face-engine.ts';
import { FaceProfile } from './face-profile.ts';
import { FaceVerifier } from './face-verifier.ts';
import { CalibratedProfile } from './profile-calibration.ts';
import { cosineSimilarity, l2Normalize } from '../math/vectors.ts';
import type { FaceMatch, LivenessJudge, LivenessVerdict } from '../outcomes.ts';

const OWNER = l2Normalize([1, 0, 0, 0]);
const profile = CalibratedProfile.create(FaceProfile.fromEmbeddings([OWNER]), { floorThresholdCosine: 0.4, cohort: null, targetFar: 2e-5 });

/** An engine whose face is at a chosen yaw and embeds at a chosen cosine to the owner; it counts its embeddings. */
function engineAt(cosine: number, yawDegrees = 2): FaceEngine & { embedded: number } {
  const embedding = l2Normalize([cosine, Math.sqrt(1 - cosine * cosine), 0, 0]);
  const engine = {
    embedded: 0,
    locate: async () => ({ points68: new Float32Array(136), pose: headPose({ yawDegrees }), timingsMs: { landmarks: 0 } }),
    embed: async () => (engine.embedded++, { embedding, aligned112: new Uint8Array(0), timingsMs: { align: 0, embed: 0 } }),
  };
  return engine as unknown as FaceEngine & { embedded: number };
}

function gateSaying(verdict: LivenessVerdict, seen: FaceMatch[] = []): LivenessJudge {
  return { challengeInProgress: false, judge: async (_frame, _evidence, match) => (seen.push(match), verdict), judgeWithoutFace: () => null, judgeUnmeasurable: () => null };
}

const frame = frameReport();

test('no face, several faces and poor quality are said before anything is scored', async () => {
  const verifier = new FaceVerifier({ engine: engineAt(0.9) });
  assert.deepEqual(await verifier.judge({ ...frame, faceCount: 0, face: undefined }, profile), { kind: 'noFace' });
  assert.deepEqual(await verifier.judge({ ...frame, faceCount: 2 }, profile), { kind: 'severalFaces' });
  const dark = frameReport({ quality: { brightness: 10 } });
  assert.deepEqual(await verifier.judge(dark, profile), { kind: 'quality', feedback: 'tooDark' });
});

test('the threshold decides the match; liveness decides what a match is worth', async () => {
  const judge = (cosine: number, verdict: LivenessVerdict) =>
    new FaceVerifier({ engine: engineAt(cosine), liveness: gateSaying(verdict) }).judge(frame, profile);
  assert.equal((await judge(0.9, { live: true })).kind, 'scored');
  const stranger = await judge(0.2, { live: true });
  assert.ok(stranger.kind === 'scored' && !stranger.matched && Math.abs(stranger.similarityCosine - 0.2) < 1e-6);
  const checking = await judge(0.9, { live: 'checking' });
  assert.ok(checking.kind === 'checking' && Math.abs(cosineSimilarity(checking.embedding, OWNER) - 0.9) < 1e-6, 'the frame joins the attempt\'s mean');
  assert.deepEqual(await judge(0.9, { live: 'pending', prompt: 'nod', cause: 'routine' }), { kind: 'challenge', prompt: 'nod', cause: 'routine' });
  assert.deepEqual(await judge(0.9, { live: false, reason: 'flat' }), { kind: 'livenessFailed', reason: 'flat' });
  assert.deepEqual(await judge(0.9, { live: 'retryWait', reason: 'timeout' }), { kind: 'livenessRetryWait', reason: 'timeout' });
  // A failed move is named, so that the overlay can speak of it.
  assert.deepEqual(await judge(0.9, { live: false, reason: 'timeout', step: 'nod' }), { kind: 'livenessFailed', reason: 'timeout', step: 'nod' });
  // A stranger is a stranger, whatever liveness says.
  assert.equal((await judge(0.1, { live: false, reason: 'faceChanged' })).kind, 'scored');
});

test('the gate hears "still the owner" down to the continuity floor, whatever the threshold, for a turned head mid-challenge', async () => {
  const seen: FaceMatch[] = [];
  const verifier = (cosine: number) => new FaceVerifier({ engine: engineAt(cosine), liveness: gateSaying({ live: 'pending', prompt: 'turnLeft', cause: 'photoSuspected' }, seen) });
  assert.deepEqual(await verifier(0.2).judge(frame, profile), { kind: 'challenge', prompt: 'turnLeft', cause: 'photoSuspected' });
  await verifier(0.1).judge(frame, profile);
  const strict = CalibratedProfile.create(FaceProfile.fromEmbeddings([OWNER]), { floorThresholdCosine: 0.6, cohort: null, targetFar: 2e-5 });
  await verifier(0.2).judge(frame, strict);
  assert.deepEqual(seen, [{ matched: false, stillOwner: true }, { matched: false, stillOwner: false }, { matched: false, stillOwner: true }]);
});

test('mid-challenge a turned or blurred face is still judged, one turned too far keeps the prompt, and a faceless frame goes to the challenge', async () => {
  const faceless: FrameReport[] = [];
  let unmeasurable = 0;
  let verdict: LivenessVerdict = { live: 'pending', prompt: 'turnLeft', cause: 'routine' };
  const gate: LivenessJudge = {
    challengeInProgress: true,
    judge: async () => verdict,
    judgeWithoutFace: (report) => (faceless.push(report), verdict),
    judgeUnmeasurable: () => (unmeasurable++, verdict),
  };
  const turned = new FaceVerifier({ engine: engineAt(0.9, 45), liveness: gate });
  const blurred = frameReport({ quality: { sharpnessLaplacianVar: 8 } });
  assert.deepEqual(await turned.judge(blurred, profile), { kind: 'challenge', prompt: 'turnLeft', cause: 'routine' });
  // Turned past what the challenge measures while doing as asked: never "Turn to face the camera".
  const tooTurned = new FaceVerifier({ engine: engineAt(0.9, -55), liveness: gate });
  assert.deepEqual(await tooTurned.judge(frame, profile), { kind: 'challenge', prompt: 'turnLeft', cause: 'routine' });
  assert.equal(unmeasurable, 1);
  verdict = { live: false, reason: 'secondFace' };
  assert.deepEqual(await turned.judge({ ...frame, faceCount: 2 }, profile), { kind: 'livenessFailed', reason: 'secondFace' });
  assert.equal(faceless.length, 1);
  // Without a challenge the same turned face is a quality problem.
  const idle = new FaceVerifier({ engine: engineAt(0.9, 45), liveness: { ...gate, challengeInProgress: false } });
  assert.deepEqual(await idle.judge(frame, profile), { kind: 'quality', feedback: 'turnToCamera' });
});

test('similarity reports the pose and landmarks it found, and embeds only a face that passed the gate', async () => {
  const frontal = engineAt(0.9);
  const scored = await new FaceVerifier({ engine: frontal }).similarity(frame, profile);
  assert.equal(scored.feedback, null);
  assert.ok(Math.abs(scored.similarityCosine! - 0.9) < 1e-6);
  assert.equal(scored.pose?.yawDegrees, 2);
  assert.equal(scored.points68?.length, 136);
  assert.ok(scored.embedding && Math.abs(profile.match(scored.embedding).similarityCosine - 0.9) < 1e-6);
  assert.equal(scored.thresholdCosine, 0.4);
  assert.equal(frontal.embedded, 1);

  const turnedEngine = engineAt(0.9, 40);
  const turned = await new FaceVerifier({ engine: turnedEngine }).similarity(frame, profile);
  assert.deepEqual([turned.feedback, turned.similarityCosine, turned.embedding, turned.pose?.yawDegrees], ['turnToCamera', null, null, 40]);
  assert.equal(turnedEngine.embedded, 0, 'a refused face costs no embedding');

  const none = await new FaceVerifier({ engine: frontal }).similarity({ ...frame, faceCount: 0, face: undefined }, profile);
  assert.deepEqual(none, { feedback: 'noFace', similarityCosine: null, thresholdCosine: null, points68: null, embedding: null, pose: null });
});
