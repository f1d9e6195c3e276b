// The one head pose (main's, from the 68 landmarks) on real photos, through the product path:
// the renderer's detection and crops in Chromium, FaceEngine in Node, five_celebrity
// letterboxed into 640×480 webcam frames as the camera wizard sees them. It pins the evidence
// behind the yaw limits of the quality gate and the enrolment poses (main/face/pipeline/quality-gate.ts,
// main/profile/enrolment.ts). Measured (2-core Xeon, this file's diagnostics): 110 faces;
// similarity to the person's frontal centre median 0.81 within 10°, 0.71 at 10–30°, 0.54 at
// 30–40°; at the threshold 0.50 FRR 8.2 % of 97 within 30°, 46 % of 13 beyond; ENROL_QUALITY
// passes 71 of the 117 photos (53 with the renderer's keypoint yaw it replaces, which read
// 25–35° turns as 45–80°, and the old light limits; 70 by the new pose alone).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FACE_CROP_SIZE, type FaceQuality } from '../../preload/api.ts';
import { mirrorRgb } from '../../main/face/pipeline/aligner.ts';
import { DEFAULT_THRESHOLD_COSINE } from '../../main/face/recognition/face-profile.ts';
import type { HeadPose } from '../../main/face/pipeline/head-pose.ts';
import { median } from '../../main/face/math/median.ts';
import { ENROL_QUALITY, UNLOCK_QUALITY, qualityProblem } from '../../main/face/pipeline/quality-gate.ts';
import { centroidNormalized, cosineSimilarity } from '../../main/face/math/vectors.ts';
import { enrolPoseOf, STRAIGHT_MAX_YAW_DEGREES } from '../../main/profile/enrolment.ts';
import { integrationSkip } from './integration-support.ts';
import { listImageFolder } from './image-folder.ts';
import { facesDir } from './paths.ts';
import { PhotoPipeline } from './photo-pipeline.ts';

const FACES = join(facesDir(), 'five_celebrity');
const skip = integrationSkip({ paths: [FACES] });

interface PosedFace {
  person: string;
  faceCount: number;
  quality: FaceQuality;
  pose: HeadPose;
  mirroredYawDegrees: number;
  embedding: Float32Array;
}

describe('the landmark head pose on five_celebrity', { skip }, () => {
  let pipeline: PhotoPipeline;
  let photoCount = 0;
  const faces: PosedFace[] = [];
  before(async () => {
    pipeline = await PhotoPipeline.createFromOptions({ threads: 1 });
    const photos = await listImageFolder(FACES);
    photoCount = photos.length;
    for (const photo of photos) {
      const analysis = await pipeline.detector.analyseFile(photo.path, { width: 640, height: 480 });
      if (analysis.status !== 'face') continue;
      const { faceCrop, boxInCrop, quality } = analysis.face;
      const { pose, embedding } = await pipeline.engine.analyse({ faceCrop, cropSize: FACE_CROP_SIZE, boxInCrop });
      const mirroredBox = { ...boxInCrop, x: FACE_CROP_SIZE - boxInCrop.x - boxInCrop.width };
      const mirrored = await pipeline.engine.locate({ faceCrop: mirrorRgb(faceCrop, FACE_CROP_SIZE), cropSize: FACE_CROP_SIZE, boxInCrop: mirroredBox });
      faces.push({ person: photo.person, faceCount: analysis.faceCount, quality, pose, mirroredYawDegrees: mirrored.pose.yawDegrees, embedding });
    }
  });
  after(async () => {
    await pipeline?.dispose();
  });

  test('a mirrored photo reads the negated yaw', () => {
    // Measured: |yaw + mirrored yaw| median 0.8°, 95th percentile 3.3°, worst 6.9° (a frontal
    // face read 2.8° and, mirrored, 4.2°: the landmark network is not quite symmetric) over
    // 110 faces turned up to 44°.
    const asymmetry = faces.map((f) => Math.abs(f.pose.yawDegrees + f.mirroredYawDegrees)).sort((a, b) => a - b);
    assert.ok(faces.length >= 100, `${faces.length} faces`);
    assert.ok(median(asymmetry) < 1.5, `median ${median(asymmetry)}`);
    assert.ok(asymmetry[Math.floor(0.95 * asymmetry.length)] < 4.5, `95th percentile ${asymmetry[Math.floor(0.95 * asymmetry.length)]}`);
    assert.ok(asymmetry[asymmetry.length - 1] < 9, `worst ${asymmetry[asymmetry.length - 1]}`);
    assert.ok(faces.filter((f) => Math.abs(f.pose.yawDegrees) > 20).length >= 10, 'turned faces are among them');
  });

  test('a turned face scores lower against its frontal centre: the unlock limit sits where that starts to fail', (t) => {
    const frontalCentre = (face: PosedFace) =>
      centroidNormalized(faces.filter((f) => f.person === face.person && f !== face && Math.abs(f.pose.yawDegrees) < 10).map((f) => f.embedding));
    const scored = faces.map((face) => ({ yaw: Math.abs(face.pose.yawDegrees), similarity: cosineSimilarity(frontalCentre(face), face.embedding) }));
    const within = scored.filter((s) => s.yaw <= UNLOCK_QUALITY.maxAbsYawDegrees);
    const beyond = scored.filter((s) => s.yaw > UNLOCK_QUALITY.maxAbsYawDegrees);
    const frr = (group: typeof scored) => group.filter((s) => s.similarity < DEFAULT_THRESHOLD_COSINE).length / group.length;
    const frontal = median(scored.filter((s) => s.yaw < 10).map((s) => s.similarity));
    t.diagnostic(`within ${UNLOCK_QUALITY.maxAbsYawDegrees}°: ${within.length} faces, FRR ${frr(within).toFixed(3)}; beyond: ${beyond.length}, FRR ${frr(beyond).toFixed(3)}, median ${median(beyond.map((s) => s.similarity)).toFixed(2)}; frontal median ${frontal.toFixed(2)}`);
    const band = (from: number, to: number) => scored.filter((s) => s.yaw >= from && s.yaw < to).map((s) => s.similarity);
    t.diagnostic(`median similarity by |yaw|: ${[[0, 10], [10, 30], [20, 30], [30, 40]].map(([from, to]) => `${from}–${to}° ${median(band(from, to)).toFixed(2)} (${band(from, to).length})`).join(', ')}`);
    // Measured at the threshold 0.50: within 30° FRR 8.2 % of 97 (single photos), beyond 46 % of 13, median 0.51 against 0.81 frontal.
    assert.ok(frr(within) < 0.12, `FRR within the limit ${frr(within)}`);
    assert.ok(beyond.length >= 8 && frr(beyond) > 0.2, `FRR beyond the limit ${frr(beyond)} of ${beyond.length}`);
    assert.ok(median(beyond.map((s) => s.similarity)) < frontal - 0.15);
  });

  test('the enrolment gate accepts ordinary portraits turned up to its limit, with straight, left and right faces for everyone', (t) => {
    const accepted = faces.filter((f) => f.faceCount === 1 && !qualityProblem(f.quality, f.pose, ENROL_QUALITY));
    const single = faces.filter((f) => f.faceCount === 1);
    const withinYaw = single.filter((f) => Math.abs(f.pose.yawDegrees) <= ENROL_QUALITY.maxAbsYawDegrees);
    t.diagnostic(`ENROL_QUALITY accepts ${accepted.length} of ${photoCount} photos; ${withinYaw.length} of ${single.length} single faces within ${ENROL_QUALITY.maxAbsYawDegrees}°`);
    // Measured: 71 of 117 (53 with the renderer's yaw); 92 of 107 single faces within 25° (70 before).
    assert.ok(accepted.length >= 65, `${accepted.length} accepted`);
    assert.ok(withinYaw.length / single.length > 0.8, `${withinYaw.length} of ${single.length} within the yaw limit`);
    for (const person of new Set(faces.map((f) => f.person))) {
      const own = accepted.filter((f) => f.person === person);
      const count = (pose: string) => own.filter((f) => enrolPoseOf(f.pose.yawDegrees) === pose).length;
      assert.ok(count('straight') >= 3 && count('left') + count('right') >= 2, `${person}: ${count('straight')} straight, ${count('left')} left, ${count('right')} right (straight below ${STRAIGHT_MAX_YAW_DEGREES}°)`);
    }
  });
});
