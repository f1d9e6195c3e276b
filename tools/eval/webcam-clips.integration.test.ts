// The quality gate on real webcam frames: the shared liveness clips, decoded as the fake
// camera would show them (10 frames/s, fitted into 640×480: cameraFrameFilter), through the product path
// (renderer detection and crops in Chromium, FaceEngine in Node).
// - short_live.mp4 (a dim room, near-frontal): its face has mean luma 42.4–44.2 and 48–51 %
//   of its pixels below DARK_LUMA, yet it is perfectly recognisable (0.93–0.99 against the
//   clip's own centre); the unlock gate must take it, and so must the enrolment gate, or its
//   owner could never enrol there. Its sharpness reads only 19.8–24.8 (the measure scales with
//   the face's contrast², and this face is dim): the light and sharpness limits, quality-gate.ts.
// - turn_live.mp4: a real person turns to their left and holds it; the landmark pose reads
//   the held turn at 36–42° (2.6–5.4 s) while the face still scores 0.71–0.81 against the
//   clip's frontal centre. The challenge gate must take those frames (CHALLENGE_QUALITY), and
//   the motion-blurred frames of its fast turns and nods over the whole 20.7 s clip.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { FACE_CROP_SIZE, type FaceQuality } from '../../preload/api.ts';
import type { HeadPose } from '../../main/face/pipeline/head-pose.ts';
import { CHALLENGE_QUALITY, ENROL_QUALITY, UNLOCK_QUALITY, qualityProblem } from '../../main/face/pipeline/quality-gate.ts';
import { centroidNormalized, cosineSimilarity } from '../../main/face/math/vectors.ts';
import { cameraFrameFilter } from '../eval-liveness/decode.ts';
import { integrationSkip, photoPipelineSuite } from './integration-support.ts';
import { facesDir } from './paths.ts';

const VIDEOS = join(facesDir(), 'liveness/videos');
const CAMERA_FILTER = `fps=10,${cameraFrameFilter()}`;
/** A frame is part of a fast move when the head turns or nods more than this between frames (0.1 s). */
const FAST_MOVE_DEGREES = 3;


const skip = integrationSkip({ paths: [join(VIDEOS, 'short_live.mp4'), join(VIDEOS, 'turn_live.mp4')], ffmpeg: true });

interface ClipFrame {
  timeSeconds: number;
  faceCount: number;
  quality: FaceQuality;
  pose: HeadPose;
  embedding: Float32Array;
}

describe('the quality gate on real webcam clips', { skip }, () => {
  const suite = photoPipelineSuite('face-unlock-clips-');
  const scratch = suite.scratch;

  /** Every decoded frame with exactly one face, from the first `seconds` of the clip. */
  async function clipFrames(clip: string, seconds: number): Promise<ClipFrame[]> {
    const dir = join(scratch, clip);
    mkdirSync(dir);
    execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-t', String(seconds), '-i', join(VIDEOS, clip), '-vf', CAMERA_FILTER, join(dir, 'f%04d.png')]);
    const frames: ClipFrame[] = [];
    for (const [index, file] of readdirSync(dir).sort().entries()) {
      const analysis = await suite.pipeline.detector.analyseFile(join(dir, file));
      if (analysis.status !== 'face' || analysis.faceCount !== 1) continue;
      const { faceCrop, boxInCrop, quality } = analysis.face;
      const { pose, embedding } = await suite.pipeline.engine.analyse({ faceCrop, cropSize: FACE_CROP_SIZE, boxInCrop });
      frames.push({ timeSeconds: index / 10, faceCount: analysis.faceCount, quality, pose, embedding });
    }
    return frames;
  }

  /** turn_live.mp4 whole, decoded once for both of its tests. */
  let turnLive: Promise<ClipFrame[]> | undefined;
  const turnLiveFrames = () => (turnLive ??= clipFrames('turn_live.mp4', 21));

  test('short_live: a recognisable face in a dim room passes the unlock and enrolment gates on every frame', { timeout: 60_000 }, async () => {
    const frames = await clipFrames('short_live.mp4', 4);
    assert.ok(frames.length >= 30, `${frames.length} frames with one face`);
    const darkest = Math.min(...frames.map((f) => f.quality.brightness));
    const mostDark = Math.max(...frames.map((f) => f.quality.darkRatio));
    const softest = Math.min(...frames.map((f) => f.quality.sharpnessLaplacianVar));
    assert.ok(darkest < 50 && mostDark > 0.4, `still the dim clip: luma ≥ ${darkest}, dark ratio ≤ ${mostDark}`);
    assert.ok(softest < 30, `still the soft-reading clip: sharpness ≥ ${softest}`);
    for (const frame of frames) {
      assert.equal(qualityProblem(frame.quality, frame.pose, UNLOCK_QUALITY), null, `at ${frame.timeSeconds} s`);
      assert.equal(qualityProblem(frame.quality, frame.pose, ENROL_QUALITY), null, `at ${frame.timeSeconds} s the owner can enrol`);
    }
  });

  test('turn_live: every frame, the fast turns and nods too, passes the challenge gate', { timeout: 120_000 }, async (t) => {
    const frames = await turnLiveFrames();
    const fast = frames.filter((f, k) => {
      const before = frames[k - 1];
      return before !== undefined && Math.max(Math.abs(f.pose.yawDegrees - before.pose.yawDegrees), Math.abs(f.pose.pitchDegrees - before.pose.pitchDegrees)) > FAST_MOVE_DEGREES;
    });
    const softest = (group: ClipFrame[]) => Math.min(...group.map((f) => f.quality.sharpnessLaplacianVar)).toFixed(1);
    t.diagnostic(`${fast.length} fast frames of ${frames.length}; sharpness ≥ ${softest(fast)} on them, ≥ ${softest(frames)} on all`);
    // Measured: 37 fast frames of 207, sharpness ≥ 22.5 on them; ≥ 12.7 on all (a jolt of the
    // box during the held nod, 12.6 s), ×2.5 the challenge limit.
    assert.ok(frames.length >= 190 && fast.length >= 20, `${fast.length} fast frames of ${frames.length}`);
    for (const frame of frames) assert.equal(qualityProblem(frame.quality, frame.pose, CHALLENGE_QUALITY), null, `at ${frame.timeSeconds} s`);
  });

  test('turn_live: the held turn reads 36–42° and the challenge gate keeps it', { timeout: 120_000 }, async () => {
    const frames = await turnLiveFrames();
    const centre = centroidNormalized(frames.filter((f) => f.timeSeconds < 1.5).map((f) => f.embedding));
    const held = frames.filter((f) => f.timeSeconds >= 2.6 && f.timeSeconds <= 5.4);
    const yaws = held.map((f) => f.pose.yawDegrees);
    assert.ok(held.length >= 25, `${held.length} frames of the held turn`);
    assert.ok(Math.min(...yaws) > 33 && Math.max(...yaws) < 45, `held turn ${Math.min(...yaws)}–${Math.max(...yaws)}°`);
    for (const frame of held) {
      assert.equal(qualityProblem(frame.quality, frame.pose, UNLOCK_QUALITY), 'turnToCamera', `at ${frame.timeSeconds} s the unlock gate asks to face the camera`);
      assert.equal(qualityProblem(frame.quality, frame.pose, CHALLENGE_QUALITY), null, `at ${frame.timeSeconds} s`);
      assert.ok(cosineSimilarity(centre, frame.embedding) > 0.6, `at ${frame.timeSeconds} s the face is still the owner's`);
    }
  });
});
