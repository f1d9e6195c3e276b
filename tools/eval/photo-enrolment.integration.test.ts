// Enrolment from photo files through the product's path: each five_celebrity photo decoded
// and analysed by the renderer's detector in Chromium at its own size (as the wizard's photo
// step does: no camera letterbox), then main's EnrolmentSession with the photo path's options
// (main/profile/enrolment.ts PHOTO_ENROLMENT) on main's FaceEngine. It pins how many ordinary
// portraits a person gets kept, that every refusal is the gate's own reason with a photo
// sentence, that the centre they make recognises the person's other photos, and the
// measurement behind the photo path's face size (PHOTO_ENROL_QUALITY). Development figures:
// five_celebrity is small, and its train_ photos were chosen by its authors, not by chance.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import sharp from 'sharp';
import { FACE_CROP_SIZE, type FeedbackCode, type FrameReport } from '../../preload/api.ts';
import { PHOTO_REFUSALS } from '../../preload/feedback.ts';
import { median } from '../../main/face/math/median.ts';
import { centroidNormalized, cosineSimilarity } from '../../main/face/math/vectors.ts';
import type { HeadPose } from '../../main/face/pipeline/head-pose.ts';
import { ENROL_QUALITY, qualityProblem, UNLOCK_QUALITY, type QualityThresholds } from '../../main/face/pipeline/quality-gate.ts';
import { DEFAULT_THRESHOLD_COSINE } from '../../main/face/recognition/face-profile.ts';
import { EnrolmentSession, PHOTO_ENROL_QUALITY, PHOTO_ENROLMENT, REQUIRED_ENROL_FRAMES, REQUIRED_ENROL_PHOTOS, type EnrolmentOptions } from '../../main/profile/enrolment.ts';
import { frameReportOf, type PhotoAnalysis } from '../browser/browser-face-detector.ts';
import { listImageFolder, type LabelledPhoto } from './image-folder.ts';
import { integrationSkip, photoPipelineSuite } from './integration-support.ts';
import { facesDir } from './paths.ts';

const FACES = join(facesDir(), 'five_celebrity');
const skip = integrationSkip({ paths: [FACES] });

interface Analysed {
  photo: LabelledPhoto;
  analysis: PhotoAnalysis;
  report: FrameReport | null;
  /** Main's head pose, for a photo with a face. */
  pose: HeadPose | null;
  /** For a photo with a face. */
  embedding: Float32Array | null;
}

/** The gate's reason for a photo, worked out apart from the session: what the wizard must say. */
function expectedRefusal(photo: Analysed, quality: QualityThresholds): FeedbackCode | 'unreadable' | null {
  if (photo.analysis.status === 'unreadable') return 'unreadable';
  if (photo.analysis.status === 'noFace') return 'noFace';
  if (photo.analysis.faceCount > 1) return 'severalFaces';
  return qualityProblem(photo.analysis.face.quality, photo.pose!, quality);
}

const isTrain = (photo: Analysed) => photo.photo.file.split('/')[1].startsWith('train_');
const isVal = (photo: Analysed) => photo.photo.file.split('/')[1].startsWith('val_');

describe('enrolment from ordinary portraits (five_celebrity, the photo path)', { skip }, () => {
  const suite = photoPipelineSuite('face-unlock-photo-enrol-');
  const analysed: Analysed[] = [];
  let persons: string[] = [];

  before(async () => {
    for (const photo of await listImageFolder(FACES)) {
      const analysis = await suite.pipeline.detector.analyseFile(photo.path);
      let pose: HeadPose | null = null;
      let embedding: Float32Array | null = null;
      if (analysis.status === 'face') {
        const { faceCrop, boxInCrop } = analysis.face;
        ({ pose, embedding } = await suite.pipeline.engine.analyse({ faceCrop, cropSize: FACE_CROP_SIZE, boxInCrop }));
      }
      analysed.push({ photo, analysis, report: frameReportOf(analysis), pose, embedding });
    }
    persons = [...new Set(analysed.map((a) => a.photo.person))];
  });

  /** Each person's train_ photos, in name order, through one photo enrolment as the wizard sends them. */
  async function enrolEach(options: Readonly<EnrolmentOptions> = PHOTO_ENROLMENT) {
    const results = new Map<string, { session: EnrolmentSession; answers: { photo: Analysed; said: FeedbackCode | 'unreadable'; accepted: boolean }[] }>();
    for (const person of persons) {
      const session = new EnrolmentSession(suite.pipeline.engine, options);
      const answers = [];
      for (const photo of analysed.filter((a) => a.photo.person === person && isTrain(a))) {
        if (!photo.report) {
          answers.push({ photo, said: 'unreadable' as const, accepted: false });
          continue;
        }
        const progress = await session.addFrame(photo.report);
        answers.push({ photo, said: progress.feedback, accepted: progress.accepted });
      }
      results.set(person, { session, answers });
    }
    return results;
  }

  test('five or more portraits are kept for everyone with five usable ones, and every refusal is the gate’s reason', async (t) => {
    const photoPath = await enrolEach();
    const lines: string[] = [];
    let [kept, trainPhotos, cameraGate] = [0, 0, 0];
    const reasons = new Map<string, number>();
    const shortByOutliers: string[] = [];
    for (const [person, { session, answers }] of photoPath) {
      for (const { photo, said, accepted } of answers) {
        const expected = expectedRefusal(photo, PHOTO_ENROL_QUALITY);
        if (accepted) {
          assert.equal(expected, null, `${photo.photo.file} was taken though the gate says ${expected}`);
        } else {
          // A usable photo is refused only as a duplicate of one taken or past the maximum.
          assert.equal(said, expected ?? said, `${photo.photo.file}: said ${said}, the gate says ${expected}`);
          assert.ok(expected !== null || said === 'moveSlightly' || said === 'enoughFaces', `${photo.photo.file}: ${said}`);
          assert.ok(Object.hasOwn(PHOTO_REFUSALS, said), `${said} has a photo sentence`);
          reasons.set(said, (reasons.get(said) ?? 0) + 1);
        }
        if (expectedRefusal(photo, ENROL_QUALITY) === null) cameraGate++;
      }
      const usable = answers.filter((a) => expectedRefusal(a.photo, PHOTO_ENROL_QUALITY) === null).length;
      const keptHere = session.keptEmbeddings().length;
      kept += keptHere;
      trainPhotos += answers.length;
      lines.push(`${person} ${keptHere} kept of ${answers.length} (${usable} pass the gate, ${session.review().outlierIndices.length} outliers)`);
      // Every usable portrait is taken; only the review's outlier rule (the camera's) may leave fewer kept.
      if (usable >= REQUIRED_ENROL_PHOTOS) assert.ok(session.capturedCount >= REQUIRED_ENROL_PHOTOS, `${person}: ${session.capturedCount} taken of ${usable} usable`);
      if (!session.isComplete()) shortByOutliers.push(person);
    }
    t.diagnostic(`photo path: ${kept} of ${trainPhotos} train_ portraits kept; ${lines.join('; ')}`);
    t.diagnostic(`refused: ${[...reasons].map(([code, count]) => `${count} ${code}`).join(', ')}; the camera's gate (faces ≥ ${ENROL_QUALITY.minFaceWidthPx} px) would pass ${cameraGate}`);
    // Before: photos needed ten kept faces through the camera's gate.
    const before = await enrolEach({ requiredCount: REQUIRED_ENROL_FRAMES, poseQuota: null, quality: ENROL_QUALITY });
    const enrolledBefore = [...before.values()].filter(({ session }) => session.isComplete()).length;
    t.diagnostic(`people who can enrol from their train_ portraits: ${persons.length - shortByOutliers.length} of ${persons.length} (before, ten faces of ≥ ${ENROL_QUALITY.minFaceWidthPx} px: ${enrolledBefore})`);
    // Measured: 36 of 93 kept (39 pass the gate), 6 / 4 / 11 / 6 / 9 a person; refused 42 too
    // small, 5 turned, 4 several faces, 3 no face; the camera's gate passes 23; before, nobody.
    // Elton John's 6 usable portraits keep 4: his tinted glasses (train_14) and a 1970s photo
    // (train_5) lie 0.2 below the others' median and are dropped, so the wizard asks for one more.
    assert.ok(shortByOutliers.length <= 1, `short of ${REQUIRED_ENROL_PHOTOS} after the review: ${shortByOutliers.join(', ')}`);
    assert.ok(kept >= 34, `${kept} kept`);
    assert.equal(enrolledBefore, 0);
    assert.ok(cameraGate < kept, 'the photo path keeps more than the camera’s gate would');
  });

  test('the centre the portraits make recognises the person’s other photos and no one else', async (t) => {
    const photoPath = await enrolEach();
    const probes = analysed.filter((a) => isVal(a) && expectedRefusal(a, UNLOCK_QUALITY) === null);
    let [misses, genuine, highestImpostor] = [0, 0, -1];
    const similarities: number[] = [];
    for (const [person, { session }] of photoPath) {
      const centre = session.centre();
      for (const probe of probes) {
        const similarity = cosineSimilarity(centre, probe.embedding!);
        if (probe.photo.person !== person) {
          highestImpostor = Math.max(highestImpostor, similarity);
          continue;
        }
        genuine++;
        similarities.push(similarity);
        if (similarity < DEFAULT_THRESHOLD_COSINE) misses++;
      }
    }
    t.diagnostic(`val_ probes within the unlock gate: ${genuine}; below ${DEFAULT_THRESHOLD_COSINE}: ${misses}; median similarity ${median(similarities).toFixed(3)}; highest impostor ${highestImpostor.toFixed(3)}`);
    assert.ok(genuine >= 15, `${genuine} probes`);
    assert.ok(misses <= Math.ceil(genuine * 0.15), `${misses} of ${genuine} missed`);
    assert.ok(highestImpostor < DEFAULT_THRESHOLD_COSINE, `highest impostor ${highestImpostor}`);
  });

  test('a face scaled down to the photo path’s size limit loses next to nothing of its likeness', async (t) => {
    // Large, frontal-enough faces, each scaled so that the face is the given width: the same
    // picture with fewer pixels, judged against the person's centre of their other usable photos.
    const usable = analysed.filter((a) => expectedRefusal(a, UNLOCK_QUALITY) === null);
    const large = usable.filter((a) => a.analysis.status === 'face' && a.analysis.face.quality.faceWidthPx >= 125 && Math.abs(a.pose!.yawDegrees) <= ENROL_QUALITY.maxAbsYawDegrees);
    const widths = [50, 60, 80, 110];
    const lost = new Map<number, number[]>(widths.map((w) => [w, []]));
    let undetected = 0;
    for (const face of large) {
      if (face.analysis.status !== 'face') continue;
      const centre = centroidNormalized(usable.filter((a) => a.photo.person === face.photo.person && a !== face).map((a) => a.embedding!));
      const original = cosineSimilarity(face.embedding!, centre);
      const bytes = await readFile(face.photo.path);
      const { width } = await sharp(bytes).rotate().metadata();
      for (const faceWidthPx of widths) {
        const scaled = await sharp(bytes).rotate().resize(Math.round(width! * (faceWidthPx / face.analysis.face.quality.faceWidthPx))).png().toBuffer();
        const analysis = await suite.pipeline.detector.analyseBytes(scaled);
        if (analysis.status !== 'face' || analysis.faceCount !== 1) {
          undetected++;
          continue;
        }
        const { faceCrop, boxInCrop } = analysis.face;
        const { embedding } = await suite.pipeline.engine.analyse({ faceCrop, cropSize: FACE_CROP_SIZE, boxInCrop });
        lost.get(faceWidthPx)!.push(original - cosineSimilarity(embedding, centre));
      }
    }
    const p90 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(0.9 * (values.length - 1))];
    t.diagnostic(`${large.length} faces ≥ 125 px; similarity to the person's centre lost, median (90th percentile): ${widths.map((w) => `${w} px ${median(lost.get(w)!).toFixed(3)} (${p90(lost.get(w)!).toFixed(3)})`).join(', ')}; ${undetected} scaled faces not found`);
    // Measured: 22 faces; 50 px 0.020 (0.039), 60 px 0.012 (0.020), 80 px 0.002 (0.010), 110 px 0.001 (0.006).
    assert.ok(large.length >= 15, `${large.length} large faces`);
    const atLimit = lost.get(PHOTO_ENROL_QUALITY.minFaceWidthPx) ?? assert.fail('the limit is one of the widths measured');
    assert.ok(median(atLimit) < 0.005 && p90(atLimit) < 0.02, `at the limit: median ${median(atLimit)}, 90th percentile ${p90(atLimit)}`);
    assert.ok(median(lost.get(50)!) > 2 * median(atLimit), 'smaller faces lose more: the measure can see a loss');
  });
});
