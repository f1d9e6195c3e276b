// npm run bench: two scenarios, each figure beside its floor from the same run.
// - photos: median ms per stage of the face pipeline on real photos, faces/s, flip-TTA on vs
//   off (tools/bench/photo-stages.ts);
// - lock screen: the real lock page in Chromium with the real main services, the owner's live
//   clip as the camera: each stage from the lock to "Unlocked", a cold open, the judged frame
//   rate, and both processes' memory after 1,000 judged frames (tools/bench/lock-screen.ts);
// - eval: photos/s of `npm run eval`'s pipeline, uncached (tools/eval/throughput.ts).
// Prints them and writes reports/bench.json (kept out of git).
import { cpus, loadavg, totalmem } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { facesDir } from './eval/paths.ts';
import { runLockScreenBench, type LockScreenResult } from './bench/lock-screen.ts';
import { runPhotoStages, type PhotoStagesResult } from './bench/photo-stages.ts';
import { evalPhotosPerSecond, type Throughput } from './eval/throughput.ts';
import { benchJson, lockScreenLines, photoLines, writeBenchJson } from './bench/report.ts';
import type { LivenessMode } from '../preload/api.ts';

const REPORT = fileURLToPath(new URL('../reports/bench.json', import.meta.url));
const MODES: readonly LivenessMode[] = ['standard', 'strict', 'off'];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scenario: { type: 'string', default: 'all' },
      photos: { type: 'string', default: join(facesDir(), 'five_celebrity') },
      count: { type: 'string', default: '24' },
      repeats: { type: 'string', default: '5' },
      threads: { type: 'string', default: '1' },
      clip: { type: 'string', default: join(facesDir(), 'liveness', 'videos', 'short_live.mp4') },
      'enrol-ms': { type: 'string', default: '1500' },
      liveness: { type: 'string', default: 'standard' },
      runs: { type: 'string', default: '12' },
      frames: { type: 'string', default: '1000' },
      // Another build's out/renderer: its cold opens are paired with this build's (lock-screen.ts).
      'cold-baseline': { type: 'string' },
      'eval-photos': { type: 'string', default: join(facesDir(), 'lfw_aligned') },
      'eval-count': { type: 'string', default: '600' },
    },
  });
  const scenario = values.scenario;
  if (!['all', 'photos', 'lock-screen', 'eval'].includes(scenario)) throw new Error(`--scenario is all, photos, lock-screen or eval, not ${scenario}`);
  const livenessMode = values.liveness as LivenessMode;
  if (!MODES.includes(livenessMode)) throw new Error(`--liveness is ${MODES.join(', ')}, not ${values.liveness}`);
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');

  const startedIso = new Date().toISOString();
  const loadBefore = loadavg();
  const machine = `${cpus().length}× ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  const repeats = Number(values.repeats);
  let photos: PhotoStagesResult | null = null;
  let lock: LockScreenResult | null = null;
  let evalThroughput: Throughput | null = null;
  if (scenario === 'all' || scenario === 'photos') {
    photos = await runPhotoStages({ photosDir: values.photos, count: Number(values.count), repeats, threads: Number(values.threads) });
  }
  if (scenario === 'all' || scenario === 'eval') {
    evalThroughput = await evalPhotosPerSecond({ photosDir: values['eval-photos'], maxPhotos: Number(values['eval-count']), useCache: false });
  }
  if (scenario === 'all' || scenario === 'lock-screen') {
    lock = await runLockScreenBench({
      clipPath: values.clip,
      enrolMs: Number(values['enrol-ms']),
      livenessMode,
      runs,
      sustainedFrames: Number(values.frames),
      coldBaselineDir: values['cold-baseline'],
      log: (line) => console.error(line),
    });
  }
  const loadAfter = loadavg();
  const load = (averages: number[]) => averages.map((value) => value.toFixed(2)).join(' ');
  console.log(`Face Unlock bench — ${startedIso}`);
  console.log(`machine: ${machine}; load average (1, 5, 15 min) ${load(loadBefore)} before, ${load(loadAfter)} after`);
  if (photos) console.log(['', ...photoLines(photos, values.photos, repeats)].join('\n'));
  if (evalThroughput) {
    const { photosPerSecond, photos: count, peakRssMb } = evalThroughput;
    console.log(`\neval pipeline, uncached: ${photosPerSecond.toFixed(1)} photos/s over ${count} photos of ${basename(values['eval-photos'])}, Node peak RSS ${peakRssMb.toFixed(0)} MiB`);
  }
  if (lock) console.log(['', ...lockScreenLines(lock, basename(values.clip))].join('\n'));
  writeBenchJson(REPORT, benchJson({ startedIso, machine, loadBefore, loadAfter }, photos, lock, evalThroughput));
  console.log(`\nwritten to ${REPORT}`);
}

main().catch((error: Error) => {
  console.error(`bench: ${error.message}`);
  process.exitCode = 1;
});
