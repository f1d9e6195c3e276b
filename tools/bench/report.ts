// What `npm run bench` prints, and reports/bench.json: each figure beside its floor from the
// same run. The JSON keeps the keys other tools write there (eval.photosPerSecond comes from
// tools/eval) and replaces the bench's own.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { median } from '../../main/face/math/median.ts';
import type { LockScreenResult } from './lock-screen.ts';
import { COLD_MILESTONES, COLD_MILESTONE_LABELS, STAGES, STAGE_LABELS, summarise, type ColdMilestone, type RunTimeline, type RunsSummary } from './lock-timeline.ts';
import { PHOTO_STAGES, type PhotoStagesResult } from './photo-stages.ts';
import type { Throughput } from '../eval/throughput.ts';

export interface BenchContext {
  startedIso: string;
  machine: string;
  /** 1, 5 and 15-minute load averages, before and after: the machine is shared. */
  loadBefore: number[];
  loadAfter: number[];
}

const ms = (value: number | null, digits = 0) => (value === null || Number.isNaN(value) ? '—' : value.toFixed(digits));
const row = (label: string, figure: string, floor: string, note = '') => `${label.padEnd(44)} ${figure.padStart(9)} ${floor.padStart(9)}   ${note}`.trimEnd();

export function photoLines(result: PhotoStagesResult, photosDir: string, repeats: number): string[] {
  const endToEnd = result.stagesMedianMs.endToEnd;
  return [
    `Photos: ${result.photos} from ${photosDir}, ${repeats} repeats, ${result.faces} faces measured`,
    'stage                  median ms   share of end-to-end (liveness: on matched frames, extra)',
    ...PHOTO_STAGES.map((stage) => `${stage.padEnd(22)} ${result.stagesMedianMs[stage].toFixed(3).padStart(9)}   ${(result.stagesMedianMs[stage] / endToEnd).toFixed(3)}`),
    '',
    `faces/s end to end: ${result.facesPerSecond.toFixed(1)}`,
    `main process per face, flip-TTA off (baseline): ${result.mainFlipOffMs.toFixed(2)} ms`,
    `main process per face, flip-TTA on:             ${result.mainFlipOnMs.toFixed(2)} ms  (×${(result.mainFlipOnMs / result.mainFlipOffMs).toFixed(2)})`,
    `peak RSS (Node: main-process services and the harness's driver): ${result.peakRssMb.toFixed(0)} MiB`,
  ];
}

/** The judged rate over the sustained phase: the median of its locks. */
function judgedFramesPerSecond(result: LockScreenResult): number | null {
  const rates = result.sustained.judgedFramesPerSecondPerCycle;
  return rates.length > 0 ? median(rates) : null;
}

export function lockScreenLines(result: LockScreenResult, clip: string): string[] {
  const prepared = summarise(result.prepared);
  const cold = summarise(result.cold);
  const { floor, memory, sustained } = result;
  const runs = result.prepared.length;
  return [
    `Lock screen: liveness ${result.livenessMode}; the owner is live video (${clip}, enrolled from its first ${result.enrolmentFrames} frames, the rest played by the fake camera at ${result.cameraFramesPerSecond} frames/s); ${runs} runs; ms`,
    row('stage (page loaded and warmed before the lock)', 'median', 'floor'),
    ...STAGES.map((stage) => row(STAGE_LABELS[stage], ms(prepared.stagesMedianMs[stage]), ms(floor.stagesMs[stage]), STAGE_FLOOR_NOTES[stage](floor))),
    row('total: lock → "Unlocked"', ms(prepared.totalMedianMs), ms(floor.totalMs), `${outcomes(prepared.unlocked, prepared.challenged, runs)}`),
    row('cold: open the page → "Unlocked"', ms(cold.totalMedianMs), '—', `${outcomes(cold.unlocked, cold.challenged, runs)}; camera ready at ${ms(cold.stagesMedianMs.cameraReady)}, first frame +${ms(cold.stagesMedianMs.firstFrame)}`),
    ...coldLines(result, cold),
    row('judged frames/s', ms(judgedFramesPerSecond(result), 1), ms(floor.judgedFramesPerSecond, 1), `median of ${sustained.cycles} locks on one page (${outcomes(sustained.unlocked, sustained.challenged, sustained.cycles)}), ${sustained.judgedFrames} frames judged`),
    `one frame's pipeline (floor): detect + crop ${ms(floor.rendererFrameMs, 1)} + bridge round trip ${ms(floor.bridgeRoundTripMs, 1)} + main ${ms(floor.mainFrameMs, 1)} = ${ms(floor.framePipelineMs, 1)} ms`,
    `main process RSS after ${sustained.judgedFrames} judged frames: ${ms(memory.mainRssMb)} MiB (${ms(memory.mainRssReadyMb)} with the models loaded and warm; peak ${ms(memory.mainMaxRssMb)}), ${HOST_FORM_LABELS[memory.mainHost]}`,
    `renderer JS heap after those frames: ${ms(memory.rendererHeapMb, 1)} MiB (${ms(memory.rendererHeapReadyMb, 1)} once warm), after a full GC`,
    ...(result.pageErrors.length > 0 ? [`page errors: ${result.pageErrors.join('; ')}`] : []),
  ];
}

const HOST_FORM_LABELS: Record<LockScreenResult['memory']['mainHost'], string> = { bundled: 'main as bundled for the app', tsx: 'main under tsx' };

/**
 * The cold open's milestones, each ms after opening the page (camera and detector overlap, so
 * these are times since the start, not stages that add up), beside the baseline build's when
 * the run had one.
 */
function coldLines(result: LockScreenResult, cold: RunsSummary): string[] {
  const milestones = cold.milestonesMedianMs;
  if (!milestones) return [];
  const paired = result.coldBaseline ? pairedColdDifferences(result.cold, result.coldBaseline.runs) : null;
  const baseline = result.coldBaseline ? summarise(result.coldBaseline.runs) : null;
  const floorOf = (milestone: ColdMilestone) => (milestone in result.pageAlone ? result.pageAlone[milestone as keyof LockScreenResult['pageAlone']] : null);
  const line = (label: string, figure: string, floor: string, base: string, difference: string) =>
    `${label.padEnd(44)} ${figure.padStart(9)} ${floor.padStart(9)}${baseline ? `${base.padStart(10)}${difference.padStart(12)}` : ''}`;
  return [
    ...(baseline && paired
      ? [
          `  cold, baseline build (${result.coldBaseline!.dir}): ${ms(baseline.totalMedianMs)} ms (${outcomes(baseline.unlocked, baseline.challenged, result.coldBaseline!.runs.length)}); ` +
            `this build − baseline, median of ${paired.pairs} paired runs: ${signed(paired.totalMs)} ms`,
        ]
      : []),
    line('  cold milestones, ms after opening the page', 'median', 'floor', 'baseline', 'paired diff'),
    ...COLD_MILESTONES.map((milestone) =>
      line(`    ${COLD_MILESTONE_LABELS[milestone]}`, ms(milestones[milestone]), ms(floorOf(milestone)), ms(baseline?.milestonesMedianMs?.[milestone] ?? null), signed(paired?.milestonesMs[milestone] ?? null)),
    ),
    `    (floors: the same page opened while unlocked, no camera, ${result.prepared.length} runs; the camera alone starts in ${ms(result.floor.cameraStartMs)} ms once asked for)`,
  ];
}

const signed = (value: number | null) => (value === null || Number.isNaN(value) ? '—' : `${value > 0 ? '+' : value < 0 ? '−' : '±'}${Math.abs(value).toFixed(0)}`);

/** Run i of this build against run i of the baseline (both unlocked): the median of their differences, total and per milestone. */
export function pairedColdDifferences(runs: readonly RunTimeline[], baseline: readonly RunTimeline[]) {
  const pairs = runs.map((run, index) => [run, baseline[index]] as const).filter(([run, base]) => run.unlocked && base?.unlocked);
  const medianOf = (values: (number | null)[]) => {
    const present = values.filter((value): value is number => value !== null);
    return present.length > 0 ? median(present) : null;
  };
  const difference = (a: number | null | undefined, b: number | null | undefined) => (a != null && b != null ? a - b : null);
  return {
    pairs: pairs.length,
    totalMs: medianOf(pairs.map(([run, base]) => difference(run.totalMs, base.totalMs))),
    milestonesMs: Object.fromEntries(
      COLD_MILESTONES.map((milestone) => [milestone, medianOf(pairs.map(([run, base]) => difference(run.milestonesMs?.[milestone], base.milestonesMs?.[milestone])))]),
    ) as Record<ColdMilestone, number | null>,
  };
}

/** Medians are over the runs that unlocked; a challenged run stops at the prompt (a clip cannot turn on request). */
function outcomes(unlocked: number, challenged: number, runs: number): string {
  return `${unlocked} of ${runs} unlocked${challenged > 0 ? `, ${challenged} challenged` : ''}`;
}

const STAGE_FLOOR_NOTES: Record<(typeof STAGES)[number], (floor: LockScreenResult['floor']) => string> = {
  cameraReady: () => 'floor: camera start alone',
  firstFrame: (f) => `floor: detect + crop, half the bridge (${ms(f.bridgeRoundTripMs / 2, 1)})`,
  firstMatch: () => 'floor: main alone, half the bridge',
  decision: (f) => `floor: the frames the gate needs, ${ms(1000 / f.judgedFramesPerSecond)} ms apart`,
  overlay: () => '',
};

export function benchJson(context: BenchContext, photos: PhotoStagesResult | null, lock: LockScreenResult | null, evalThroughput: Throughput | null = null) {
  const prepared = lock && summarise(lock.prepared);
  const cold = lock && summarise(lock.cold);
  return {
    generatedIso: context.startedIso,
    machine: context.machine,
    loadAverage: { before: context.loadBefore, after: context.loadAfter },
    ...(photos ? { photos } : {}),
    ...(evalThroughput ? { eval: evalThroughput } : {}),
    ...(lock && prepared && cold
      ? {
          lockScreen: {
            livenessMode: lock.livenessMode,
            runs: lock.prepared.length,
            unlocked: prepared.unlocked,
            totalMedianMs: prepared.totalMedianMs,
            stagesMedianMs: prepared.stagesMedianMs,
            floorMs: { total: lock.floor.totalMs, ...lock.floor.stagesMs, cameraStart: lock.floor.cameraStartMs, framePipeline: lock.floor.framePipelineMs },
            framePipelineFloorMs: { detectAndCrop: lock.floor.rendererFrameMs, bridgeRoundTrip: lock.floor.bridgeRoundTripMs, main: lock.floor.mainFrameMs },
            judgedFramesPerSecond: judgedFramesPerSecond(lock),
            judgedFramesPerSecondFloor: lock.floor.judgedFramesPerSecond,
            cold: coldJson(cold, lock.cold.length),
            pageAloneMedianMs: lock.pageAlone,
            ...(lock.coldBaseline
              ? {
                  coldBaseline: {
                    dir: lock.coldBaseline.dir,
                    ...coldJson(summarise(lock.coldBaseline.runs), lock.coldBaseline.runs.length),
                    pairedDifferenceMedianMs: pairedColdDifferences(lock.cold, lock.coldBaseline.runs),
                  },
                }
              : {}),
            sustained: lock.sustained,
            rendererJsHeapMb: lock.memory.rendererHeapMb,
            rendererJsHeapReadyMb: lock.memory.rendererHeapReadyMb,
            mainHost: lock.memory.mainHost,
            mainRssReadyMb: lock.memory.mainRssReadyMb,
            mainMaxRssMb: lock.memory.mainMaxRssMb,
          },
          mainRssMb: lock.memory.mainRssMb,
        }
      : {}),
  };
}

function coldJson(cold: RunsSummary, runs: number) {
  return { runs, unlocked: cold.unlocked, totalMedianMs: cold.totalMedianMs, milestonesMedianMs: cold.milestonesMedianMs ?? null, stagesMedianMs: cold.stagesMedianMs };
}

/** The keys the bench owns in reports/bench.json; any other key there is another tool's. */
const BENCH_KEYS = ['generatedIso', 'machine', 'loadAverage', 'photos', 'lockScreen', 'mainRssMb'];

/** Writes this run's figures into `path`, keeping the keys other tools wrote there. */
export function writeBenchJson(path: string, figures: Record<string, unknown>): void {
  const previous = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>) : {};
  const others = Object.fromEntries(Object.entries(previous).filter(([key]) => !BENCH_KEYS.includes(key)));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify({ ...others, ...figures }, null, 2)}\n`);
}
