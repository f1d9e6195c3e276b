// npm run bench: median milliseconds per stage of the face pipeline on real photos,
// end to end per photo, faces/s, flip-TTA on vs off, peak memory. Ratios are to
// the default pipeline (flip off) measured in the same run.
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FACE_CROP_SIZE } from '../preload/api.ts';
import { FaceEngine } from '../main/face/face-engine.ts';
import { FaceProfile } from '../main/face/face-profile.ts';
import { PassiveLiveness } from '../main/face/liveness.ts';
import { BrowserFaceDetector } from './browser/browser-face-detector.ts';
import { listImageFolder } from './eval/image-folder.ts';
import { median } from '../main/face/median.ts';
import { modelPath, modelsDir } from '../models/prepare.ts';
import { facesDir } from './eval/paths.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      photos: { type: 'string', default: join(facesDir(), 'five_celebrity') },
      count: { type: 'string', default: '24' },
      repeats: { type: 'string', default: '5' },
      threads: { type: 'string', default: '1' },
    },
  });
  const photos = (await listImageFolder(values.photos)).slice(0, Number(values.count));
  const repeats = Number(values.repeats);
  const detector = await BrowserFaceDetector.createFromOptions();
  const engine = await FaceEngine.createFromOptions({ modelsDir: modelsDir(), threads: Number(values.threads) });
  const flipEngine = await FaceEngine.createFromOptions({ modelsDir: modelsDir(), threads: Number(values.threads), flipTta: true });
  const liveness = await PassiveLiveness.createFromOptions({ modelPath: modelPath('liveness'), threads: Number(values.threads) });
  const stages: Record<string, number[]> = {};
  const record = (stage: string, ms: number) => (stages[stage] ??= []).push(ms);
  let faces = 0;
  try {
    const first = await detector.analyseFile(photos[0].path);
    if (first.status !== 'face') throw new Error(`no face in ${photos[0].file}`);
    const profile = FaceProfile.fromEmbeddings([(await engine.analyse(cropInput(first.face))).embedding]);
    for (let repeat = 0; repeat < repeats; repeat++) {
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
        record('embedFlipTta', flipped.timingsMs.embed);
        record('mainFlipOff', sum(result.timingsMs));
        record('mainFlipOn', sum(flipped.timingsMs));
        faces++;
      }
    }
  } finally {
    await Promise.all([detector.close(), engine.dispose(), flipEngine.dispose(), liveness.dispose()]);
  }
  const endToEnd = median(stages.endToEnd);
  console.log(`Face Unlock bench — ${new Date().toISOString()}`);
  console.log(`machine: ${cpus().length}× ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
  console.log(`photos: ${photos.length} from ${values.photos}, ${repeats} repeats, ${faces} faces measured\n`);
  console.log('stage                  median ms   share of end-to-end (liveness: on matched frames, extra)');
  for (const stage of ['decode', 'detect', 'crop', 'landmarks', 'align', 'embed', 'score', 'endToEnd', 'liveness']) {
    const ms = median(stages[stage] ?? []);
    console.log(`${stage.padEnd(22)} ${ms.toFixed(3).padStart(9)}   ${(ms / endToEnd).toFixed(3)}`);
  }
  const flipOff = median(stages.mainFlipOff);
  const flipOn = median(stages.mainFlipOn);
  console.log(`\nfaces/s end to end: ${(1000 / endToEnd).toFixed(1)}`);
  console.log(`main process per face, flip-TTA off (baseline): ${flipOff.toFixed(2)} ms`);
  console.log(`main process per face, flip-TTA on:             ${flipOn.toFixed(2)} ms  (×${(flipOn / flipOff).toFixed(2)})`);
  console.log(`peak RSS (Node, main-process services): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
}

function cropInput(face: { faceCrop: Uint8Array; boxInCrop: { x: number; y: number; width: number; height: number } }) {
  return { faceCrop: face.faceCrop, cropSize: FACE_CROP_SIZE, boxInCrop: face.boxInCrop };
}

function sum(timings: Record<string, number>): number {
  return Object.values(timings).reduce((a, b) => a + b, 0);
}

main().catch((error: Error) => {
  console.error(`bench: ${error.message}`);
  process.exitCode = 1;
});
