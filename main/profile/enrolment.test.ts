import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EnrolProgress } from '../../preload/api.ts';
import type { FaceEngine } from '../face/pipeline/face-engine.ts';
import { l2Normalize } from '../face/math/vectors.ts';
import { frameReport, headPose } from '../../test-support/frame-report.ts';
import { PHOTO_REFUSALS } from '../../preload/feedback.ts';
import { ENROL_QUALITY, UNLOCK_QUALITY } from '../face/pipeline/quality-gate.ts';
import {
  CAMERA_ENROLMENT, CAMERA_POSE_QUOTA, EnrolmentSession, enrolPoseOf, MAX_ENROL_PHOTOS, outlierIndices, PHOTO_ENROL_QUALITY, PHOTO_ENROLMENT,
  REQUIRED_ENROL_FRAMES, REQUIRED_ENROL_PHOTOS, STRAIGHT_MAX_YAW_DEGREES, type EnrolmentOptions,
} from './enrolment.ts';

function near(base: number[], jitter: number, seed: number): Float32Array {
  return l2Normalize(base.map((value, i) => value + jitter * Math.sin(seed * 7.3 + i * 1.7)));
}

test('a capture unlike the others is dropped as an outlier, the rest are kept', () => {
  const base = [1, 0.5, 0.2, 0.1, 0, 0.3];
  const captures = Array.from({ length: 9 }, (_, i) => near(base, 0.05, i));
  captures.push(l2Normalize([0, 0, 1, 0, 1, 0])); // a hand, a blink, someone else
  assert.deepEqual(outlierIndices(captures), [9]);
});

test('consistent captures have no outliers, and too few captures are never judged', () => {
  const base = [0.2, 1, 0.4, 0.1];
  assert.deepEqual(outlierIndices(Array.from({ length: 10 }, (_, i) => near(base, 0.05, i))), []);
  assert.deepEqual(outlierIndices([l2Normalize([1, 0]), l2Normalize([0, 1])]), []);
});

/**
 * An engine that finds the head at the yaw a test sets and embeds each face as the next of
 * the given vectors (the real one is tested on photos).
 */
class FakeEngine {
  yawDegrees = 0;
  private next = 0;
  constructor(private readonly embeddings: Float32Array[]) {}
  async locate() {
    return { points68: new Float32Array(136), pose: headPose({ yawDegrees: this.yawDegrees }), timingsMs: { landmarks: 0 } };
  }
  async embed() {
    return { embedding: this.embeddings[this.next++ % this.embeddings.length], aligned112: new Uint8Array(0), timingsMs: { align: 0, embed: 0 } };
  }
}

function sessionOf(embeddings: Float32Array[], options: EnrolmentOptions): { session: EnrolmentSession; atYaw: (yawDegrees: number) => Promise<EnrolProgress> } {
  const engine = new FakeEngine(embeddings);
  const session = new EnrolmentSession(engine as unknown as FaceEngine, options);
  const atYaw = (yawDegrees: number) => ((engine.yawDegrees = yawDegrees), session.addFrame(frameReport()));
  return { session, atYaw };
}

/** Distinct faces of one person: a shared part and a part of their own (no two alike enough to be duplicates). */
function faces(count: number): Float32Array[] {
  return Array.from({ length: count }, (_, i) => l2Normalize(Array.from({ length: 40 }, (_, k) => 0.1 + (k === i ? 0.4 : 0))));
}

test('poses: straight, left and right are told apart by the yaw (positive = the user\'s left)', () => {
  const edge = STRAIGHT_MAX_YAW_DEGREES;
  assert.deepEqual([0, edge - 0.1, 0.1 - edge, edge, 20, -edge, -20].map(enrolPoseOf), ['straight', 'straight', 'straight', 'left', 'left', 'right', 'right']);
});

test('the camera enrolment asks for straight, then left, then right, and refuses a pose it has enough of', async () => {
  const { session, atYaw } = sessionOf(faces(30), { requiredCount: 10, poseQuota: CAMERA_POSE_QUOTA });
  const first = await atYaw(0);
  assert.deepEqual([first.accepted, first.nextPose], [true, 'straight']);
  // Straight faces fill their quota (4) and the two free places, then are refused.
  const straight = [];
  for (let i = 1; i < 8; i++) straight.push(await atYaw(i % 2 ? 4 : -4));
  assert.deepEqual(straight.map((p) => p.accepted), [true, true, true, true, true, false, false]);
  assert.deepEqual([straight[6].feedback, straight[6].nextPose], ['otherPose', 'left']);
  assert.equal((await atYaw(15)).nextPose, 'left');
  const left = await atYaw(18);
  assert.deepEqual([left.accepted, left.nextPose], [true, 'right']);
  assert.equal((await atYaw(24)).feedback, 'otherPose', 'left is full too now');
  assert.equal((await atYaw(-40)).feedback, 'turnToCamera', 'past the enrolment limit');
  await atYaw(-12);
  const done = await atYaw(-20);
  assert.deepEqual([done.accepted, done.capturedCount, done.nextPose], [true, 10, undefined]);
  assert.equal(session.isComplete(), true);
  assert.deepEqual(session.review().poses, [...Array(6).fill('straight'), 'left', 'left', 'right', 'right']);
  // Past the required count, any pose replaces outliers.
  assert.equal((await atYaw(1)).accepted, true);
});

test('photos are taken in any pose, and a quota larger than the required count is refused', async () => {
  const photos = sessionOf(faces(10), { requiredCount: 10, poseQuota: null });
  for (let i = 0; i < 10; i++) assert.equal((await photos.atYaw(i % 3)).accepted, true);
  assert.equal(photos.session.isComplete(), true);
  assert.throws(() => sessionOf(faces(1), { requiredCount: 5, poseQuota: CAMERA_POSE_QUOTA }), RangeError);
});

test('a face like one already captured at nearly the same yaw is a duplicate; turned a little, it is not', async () => {
  const same = l2Normalize(Array.from({ length: 40 }, (_, k) => 0.1 + (k === 0 ? 0.4 : 0)));
  const { atYaw } = sessionOf([same], { requiredCount: 10, poseQuota: null });
  assert.equal((await atYaw(0)).accepted, true);
  assert.equal((await atYaw(2)).feedback, 'moveSlightly');
  assert.equal((await atYaw(5)).accepted, true);
});

test('the provisional profile is the kept captures\' centre, and there is none before the first capture', async () => {
  const base = [1, 0.5, 0.2, 0.1, 0, 0.3];
  const captures = [...Array.from({ length: 5 }, (_, i) => near(base, 0.05, i)), l2Normalize([0, 0, 1, 0, 1, 0])];
  const { session, atYaw } = sessionOf(captures, { requiredCount: 10, poseQuota: null });
  assert.equal(session.provisionalProfile(), null);
  for (let i = 0; i < captures.length; i++) assert.equal((await atYaw(i * 4)).accepted, true);
  const [appearance] = session.provisionalProfile()!.appearances;
  assert.equal(appearance.embeddings.length, 5, 'the outlier is left out');
  assert.deepEqual([...appearance.centre], [...session.centre()]);
});

test('photos: five faces are enough, and a face the camera would call too small is taken down to the unlock size', async () => {
  const { session, atYaw } = sessionOf(faces(30), PHOTO_ENROLMENT);
  const at = (faceWidthPx: number) => session.addFrame(frameReport({ quality: { faceWidthPx } }));
  assert.equal(session.requiredCount, REQUIRED_ENROL_PHOTOS);
  assert.equal((await at(PHOTO_ENROL_QUALITY.minFaceWidthPx - 1)).feedback, 'tooFar');
  const small = await at(PHOTO_ENROL_QUALITY.minFaceWidthPx);
  assert.equal(small.accepted, true, 'a photo face of 80 px is taken');
  assert.ok(PHOTO_ENROL_QUALITY.minFaceWidthPx < ENROL_QUALITY.minFaceWidthPx);
  // The camera's other limits hold for photos: turn, light and blur.
  assert.deepEqual(PHOTO_ENROL_QUALITY, { ...ENROL_QUALITY, minFaceWidthPx: UNLOCK_QUALITY.minFaceWidthPx });
  assert.equal((await atYaw(ENROL_QUALITY.maxAbsYawDegrees + 1)).feedback, 'turnToCamera');
  for (let i = 1; i < REQUIRED_ENROL_PHOTOS; i++) assert.equal((await atYaw(i * 4)).accepted, true);
  assert.equal(session.isComplete(), true);
  // The camera keeps its ten and its face size.
  const camera = sessionOf(faces(30), CAMERA_ENROLMENT);
  assert.equal(camera.session.requiredCount, REQUIRED_ENROL_FRAMES);
  assert.equal((await camera.session.addFrame(frameReport({ quality: { faceWidthPx: PHOTO_ENROL_QUALITY.minFaceWidthPx } }))).feedback, 'tooFar');
});

test('past its maximum a session takes no more faces and says it has enough', async () => {
  const { session, atYaw } = sessionOf(faces(40), PHOTO_ENROLMENT);
  for (let i = 0; i < MAX_ENROL_PHOTOS; i++) assert.equal((await atYaw((i % 5) * 4)).accepted, true, `photo ${i}`);
  const extra = await atYaw(1);
  assert.deepEqual([extra.accepted, extra.feedback, extra.capturedCount], [false, 'enoughFaces', MAX_ENROL_PHOTOS]);
  assert.equal(session.capturedCount, MAX_ENROL_PHOTOS);
  assert.throws(() => sessionOf(faces(1), { requiredCount: 5, maxCount: 4 }), RangeError);
});

test('every reason a photo session refuses a face has a photo sentence', async () => {
  const { session } = sessionOf(faces(3), PHOTO_ENROLMENT);
  const codes = new Set<string>();
  codes.add((await session.addFrame(frameReport({ faceCount: 0 }))).feedback);
  codes.add((await session.addFrame(frameReport({ faceCount: 2 }))).feedback);
  codes.add((await session.addFrame(frameReport({ quality: { brightness: 10 } }))).feedback);
  codes.add((await session.addFrame(frameReport({ quality: { faceWidthPx: 20 } }))).feedback);
  codes.add((await session.addFrame(frameReport({ quality: { sharpnessLaplacianVar: 1 } }))).feedback);
  assert.deepEqual([...codes], ['noFace', 'severalFaces', 'tooDark', 'tooFar', 'blurry']);
  for (const code of [...codes, 'turnToCamera', 'moveSlightly', 'enoughFaces']) assert.ok(Object.hasOwn(PHOTO_REFUSALS, code), code);
});
