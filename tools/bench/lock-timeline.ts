// One lock-screen run as stamped by the page, the bench and the main host (epoch ms, one
// clock), cut into the stages the issue names: lock → camera ready → first frame in main →
// first match → unlocked in main → the overlay says so.
import type { FeedbackCode } from '../../preload/api.ts';
import { median } from '../../main/face/median.ts';

export const STAGES = ['cameraReady', 'firstFrame', 'firstMatch', 'decision', 'overlay'] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_LABELS: Record<Stage, string> = {
  cameraReady: 'lock → camera ready',
  firstFrame: 'camera ready → first frame in main',
  firstMatch: 'first frame → first match',
  decision: 'first match → unlocked in main',
  overlay: 'unlocked → overlay says so',
};

/** A lock frame as main saw it (main-host.ts's FrameRecord). */
export interface FrameStamp {
  receivedMs: number;
  answeredMs: number;
  judged: boolean;
  feedback: FeedbackCode;
}

export interface RunStamps {
  /** Main locked (or, for a cold open, the page started loading). */
  startMs: number;
  cameraReadyMs: number | null;
  frames: readonly FrameStamp[];
  unlockedInMainMs: number | null;
  overlayUnlockedMs: number | null;
  /** Main asked for the head-movement challenge (the passive window was not confidently live). */
  challenged: boolean;
}

export interface RunTimeline {
  unlocked: boolean;
  challenged: boolean;
  /** Each stage, ms; null where the run never got there. */
  stagesMs: Record<Stage, number | null>;
  totalMs: number | null;
  judgedFrames: number;
  /** Judged frames per second from the first judged frame to the last; null under two frames. */
  judgedFramesPerSecond: number | null;
}

const MATCHED: ReadonlySet<FeedbackCode> = new Set(['recognising', 'unlocked']);

export function timelineOf(stamps: RunStamps): RunTimeline {
  const frames = stamps.frames.filter((frame) => frame.receivedMs >= stamps.startMs);
  const judged = frames.filter((frame) => frame.judged);
  const firstFrame = frames[0];
  const firstMatch = judged.find((frame) => MATCHED.has(frame.feedback));
  const between = (from: number | null | undefined, to: number | null | undefined) => (from != null && to != null ? to - from : null);
  const stagesMs: Record<Stage, number | null> = {
    cameraReady: between(stamps.startMs, stamps.cameraReadyMs),
    firstFrame: between(stamps.cameraReadyMs, firstFrame?.receivedMs),
    firstMatch: between(firstFrame?.receivedMs, firstMatch?.answeredMs),
    decision: between(firstMatch?.answeredMs, stamps.unlockedInMainMs),
    overlay: between(stamps.unlockedInMainMs, stamps.overlayUnlockedMs),
  };
  return {
    unlocked: stamps.overlayUnlockedMs !== null,
    challenged: stamps.challenged,
    stagesMs,
    totalMs: between(stamps.startMs, stamps.overlayUnlockedMs),
    judgedFrames: judged.length,
    judgedFramesPerSecond: judgedRate(judged),
  };
}

/** (n − 1) frames over the time from the first judged frame's arrival to the last's. */
export function judgedRate(judged: readonly FrameStamp[]): number | null {
  if (judged.length < 2) return null;
  const spanMs = judged.at(-1)!.receivedMs - judged[0].receivedMs;
  return spanMs > 0 ? ((judged.length - 1) * 1000) / spanMs : null;
}

/** Medians over the runs that unlocked: per stage, and of the totals. */
export function summarise(runs: readonly RunTimeline[]): { stagesMedianMs: Record<Stage, number | null>; totalMedianMs: number | null; unlocked: number; challenged: number } {
  const unlocked = runs.filter((run) => run.unlocked);
  const medianOf = (values: (number | null)[]) => {
    const present = values.filter((value): value is number => value !== null);
    return present.length > 0 ? median(present) : null;
  };
  const stagesMedianMs = Object.fromEntries(STAGES.map((stage) => [stage, medianOf(unlocked.map((run) => run.stagesMs[stage]))])) as Record<Stage, number | null>;
  const challenged = runs.filter((run) => run.challenged).length;
  return { stagesMedianMs, totalMedianMs: medianOf(unlocked.map((run) => run.totalMs)), unlocked: unlocked.length, challenged };
}
