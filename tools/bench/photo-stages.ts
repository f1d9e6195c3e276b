// The per-photo scenario of `npm run bench`: median milliseconds per stage of the face
// pipeline on real photos, end to end per photo, faces/s, flip-TTA on vs off, peak memory.
// Ratios are to the default pipeline (flip off) measured in the same run.
import { FACE_CROP_SIZE } from '../../preload/api.ts';
import { FaceEngine } from '../../main/face/pipeline/face-engine.ts';
import { FaceProfile } from '../../main/face/recognition/face-profile.ts';
import { PassiveLiveness } from '../../main/face/models/passive-liveness.ts';
import { median } from '../../main/face/math/median.ts';
import { modelPath, modelsDir } from '../../models/prepare.ts';
import { BrowserFaceDetector } from '../browser/browser-face-detector.ts';
import { listImageFolder } from '../eval/image-folder.ts';

export const PHOTO_STAGES = ['decode', 'detect', 'crop', 'landmarks', 'align', 'embed', 'score', 'endToEnd', 'liveness'] as const;

export interface PhotoStagesOptions {
  photosDir: string;
  count: number;
  repeats: number;
  threads: number;
}

export interface PhotoStagesResult {
  photos: number;
  faces: number;
  stagesMedianMs: Record<(typeof PHOTO_STAGES)[number], number>;
  facesPerSecond: number;
  mainFlipOffMs: number;
  mainFlipOnMs: number;
  /** This Node process (the main-process services, and the bench's browser driver). */
  peakRssMb: number;
}

export async function runPhotoStages(options: PhotoStagesOptions): Promise<PhotoStagesResult> {
  const photos = (await listImageFolder(options.photosDir)).slice(0, options.count);
  const detector = await BrowserFaceDetector.createFromOptions();
  const engine = await FaceEngine.createFromOptions({ modelsDir: modelsDir(), threads: options.threads });
  const flipEngine = await FaceEngine.createFromOptions({ modelsDir: modelsDir(), threads: options.threads, flipTta: true });
  const liveness = await PassiveLiveness.createFromOptions({ modelPath: modelPath('liveness'), threads: options.threads });
  const stages: Record<string, number[]> = {};
  const record = (stage: string, ms: number) => (stages[stage] ??= []).push(ms);
  let faces = 0;
  try {
    const first = await detector.analyseFile(photos[0].path);
    if (first.status !== 'face') throw new Error(`no face in ${photos[0].file}`);
    const profile = FaceProfile.fromEmbeddings([(await engine.analyse(cropInput(first.face))).embedding]);
    for (let repeat = 0; repeat < options.repeats; repeat++) {
      for (const photo of photos) {
        const start = performance.now();
        const analysis = await detector.analyseFile(photo.path);
        if (analysis.status !== 'face') continue;
        const result = await engine.analyse(cropInput(analysis.face));
        const scoreStart = performance.now();
        profile.similarity(result.embedding);
        record('score', performance.now() - scoreStart);
        record('endToEnd', performance.now() - start);
        for (const [stage, ms] of Object.entries({ ...analysis.timingsMs, ...result.timingsMs })) record(stage, ms);
        const livenessStart = performance.now();
        await liveness.score(analysis.face.contextCrop);
        record('liveness', performance.now() - livenessStart);
        const flipped = await flipEngine.analyse(cropInput(analysis.face));
        record('mainFlipOff', sum(result.timingsMs));
        record('mainFlipOn', sum(flipped.timingsMs));
        faces++;
      }
    }
  } finally {
    await Promise.all([detector.dispose(), engine.dispose(), flipEngine.dispose(), liveness.dispose()]);
  }
  const stagesMedianMs = Object.fromEntries(PHOTO_STAGES.map((stage) => [stage, median(stages[stage] ?? [])])) as PhotoStagesResult['stagesMedianMs'];
  return {
    photos: photos.length,
    faces,
    stagesMedianMs,
    facesPerSecond: 1000 / stagesMedianMs.endToEnd,
    mainFlipOffMs: median(stages.mainFlipOff),
    mainFlipOnMs: median(stages.mainFlipOn),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

function cropInput(face: { faceCrop: Uint8Array; boxInCrop: { x: number; y: number; width: number; height: number } }) {
  return { faceCrop: face.faceCrop, cropSize: FACE_CROP_SIZE, boxInCrop: face.boxInCrop };
}

function sum(timings: Record<string, number>): number {
  return Object.values(timings).reduce((a, b) => a + b, 0);
}
