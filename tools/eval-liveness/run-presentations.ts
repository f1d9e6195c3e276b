// The presentation evaluation end to end: prepare every presentation once (Chromium, ffmpeg),
// then simulate each presentation × liveness mode × run through the product's decision path,
// a few at a time, and compute the per-mode metrics.
import { availableParallelism } from 'node:os';
import { FaceEngine } from '../../main/face/pipeline/face-engine.ts';
import { PassiveLiveness } from '../../main/face/models/passive-liveness.ts';
import { seededRandom } from '../math/random.ts';
import { modelPath, modelsDir } from '../../models/prepare.ts';
import { DEFAULT_FRAMES_PER_SECOND, frameIntervalMs } from '../../renderer/face/frame-loop.ts';
import { BrowserFaceDetector } from '../browser/browser-face-detector.ts';
import { ClipAnalyser } from './clips.ts';
import type { PresentationOutcome } from './outcome.ts';
import { computePresentationMetrics, type PresentationMetrics } from './presentation-metrics.ts';
import { preparePresentations, prepareSlideshows, type OwnerEnrolment, type Preparation, type PreparedPresentation } from './prepare.ts';
import { listPresentations } from './presentations.ts';
import { PresentationSimulator, type Trial } from './simulate.ts';
import type { LivenessMode } from '../../preload/api.ts';

export interface PresentationEvalOptions {
  presentationsDir: string;
  /** An ImageFolder (<person>/<photo>) to build slideshow attacks from. */
  slideshowsDir?: string;
  slideshowPersons: number;
  modes: readonly LivenessMode[];
  runs: number;
  /** Frame rate of frame-folder presentations. */
  frameRate: number;
  enrolMs: number;
  holdMs: number;
  attackMs: number;
  chromiumPath?: string;
  threads?: number;
  /** Presentation runs simulated at once, each with its own core. */
  parallel: number;
  onPrepared?: (what: string) => void;
  onTrialsPlanned?: (count: number) => void;
  onTrial?: (outcome: PresentationOutcome) => void;
}

export const PRESENTATION_DEFAULTS = {
  slideshowPersons: Number.POSITIVE_INFINITY,
  modes: ['standard', 'strict', 'off'] as readonly LivenessMode[],
  runs: 3,
  frameRate: 10,
  enrolMs: 1500,
  holdMs: 1500,
  attackMs: 20_000,
  parallel: Math.min(2, availableParallelism()),
};

/** The overlay's frame spacing: the renderer's default rate (8/s). */
export const OVERLAY_INTERVAL_MS = frameIntervalMs(DEFAULT_FRAMES_PER_SECOND);

export interface PresentationEvaluation extends PresentationMetrics {
  owners: OwnerEnrolment[];
  skipped: string[];
}

export async function evaluatePresentations(options: PresentationEvalOptions): Promise<PresentationEvaluation> {
  const scorers = await Promise.all(Array.from({ length: Math.max(1, options.parallel) }, () => PassiveLiveness.createFromOptions({ modelPath: modelPath('liveness'), threads: options.threads })));
  try {
    const simulators = scorers.map((scorer) => new PresentationSimulator({ modelsDir: modelsDir(), scorer, threads: options.threads }));
    const preparation = await prepareAll(options, simulators[0]);
    const trials = trialsOf(preparation.prepared, { modes: options.modes, runs: options.runs, attackMs: options.attackMs });
    options.onTrialsPlanned?.(trials.length);
    const outcomes = await inPool(trials, simulators, async (trial, simulator) => {
      const outcome = await simulator.run(trial);
      options.onTrial?.(outcome);
      return outcome;
    });
    return { ...computePresentationMetrics(outcomes), owners: preparation.owners, skipped: preparation.skipped };
  } finally {
    await Promise.all(scorers.map((scorer) => scorer.dispose()));
  }
}

async function prepareAll(options: PresentationEvalOptions, simulator: PresentationSimulator): Promise<Preparation> {
  const [detector, engine] = await Promise.all([
    BrowserFaceDetector.createFromOptions({ chromiumPath: options.chromiumPath }),
    FaceEngine.createFromOptions({ modelsDir: modelsDir(), threads: options.threads }),
  ]);
  try {
    const analyser = new ClipAnalyser({ detector, folderFrameRate: options.frameRate });
    const common = { analyser, simulator, engine, intervalMs: OVERLAY_INTERVAL_MS, enrolMs: options.enrolMs, holdMs: options.holdMs };
    const folder = await listPresentations(options.presentationsDir);
    const videos = await preparePresentations(folder, common);
    videos.prepared.forEach((p) => options.onPrepared?.(p.presentation.name));
    if (!options.slideshowsDir) return videos;
    const slideshows = await prepareSlideshows(options.slideshowsDir, options.slideshowPersons, common);
    slideshows.prepared.forEach((p) => options.onPrepared?.(p.presentation.name));
    return {
      prepared: [...videos.prepared, ...slideshows.prepared],
      owners: [...videos.owners, ...slideshows.owners],
      skipped: [...videos.skipped, ...slideshows.skipped],
    };
  } finally {
    await Promise.all([detector.dispose(), engine.dispose()]);
  }
}

/**
 * Every presentation × mode × run. Run r seeds the challenge prompts with r + 1; an attack
 * also starts at a point of its loop drawn from that seed, a bona fide clip where its
 * presentation starts (after the enrolment part), and shows as many frames as follow.
 */
export function trialsOf(prepared: readonly PreparedPresentation[], o: { modes: readonly LivenessMode[]; runs: number; attackMs: number }): Trial[] {
  const trials: Trial[] = [];
  for (const p of prepared) {
    const frameCount = p.clip.frames.length;
    if (frameCount === 0) continue;
    const bonaFide = p.presentation.kind === 'bonaFide';
    for (const mode of o.modes) {
      for (let run = 0; run < o.runs; run++) {
        const seed = run + 1;
        trials.push({
          presentation: p.presentation,
          enrolment: p.enrolment,
          clip: p.clip,
          mode,
          run,
          seed,
          startIndex: bonaFide ? (p.liveStartIndex ?? 0) : Math.floor(seededRandom(seed)() * frameCount),
          loop: !bonaFide,
          maxFrames: bonaFide ? frameCount - (p.liveStartIndex ?? 0) : Math.round(o.attackMs / p.clip.intervalMs),
          stretches: p.stretches,
        });
      }
    }
  }
  return trials;
}

/** Runs `work` over the items, one worker per resource, results in the items' order. */
async function inPool<T, R, W>(items: readonly T[], workers: readonly W[], work: (item: T, worker: W) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(workers.map(async (worker) => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], worker);
    }
  }));
  return results;
}
