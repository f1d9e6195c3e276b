// One lock-screen run as stamped by the page, the bench and the main host (epoch ms, one
// clock), cut into the stages the issue names: lock → camera ready → first frame in main →
// first match → unlocked in main → the overlay says so. A cold open also gets its milestones,
// each timed from opening the page: the page's own work (DOM, detector) and the camera's
// overlap, so they are times since the start rather than stages one after the other.
import type { FeedbackCode } from '../../preload/api.ts';
import { median } from '../../main/face/math/median.ts';

export const STAGES = ['cameraReady', 'firstFrame', 'firstMatch', 'decision', 'overlay'] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_LABELS: Record<Stage, string> = {
  cameraReady: 'lock → camera ready',
  firstFrame: 'camera ready → first frame in main',
  firstMatch: 'first frame → first match',
  decision: 'first match → unlocked in main',
  overlay: 'unlocked → overlay says so',
};

export const COLD_MILESTONES = [
  'domReady', 'cameraAsked', 'cameraReady', 'wasmFetched', 'detectorLoaded', 'detectorReady',
  'firstFrameSent', 'firstFrame', 'firstMatch', 'unlockedInMain', 'unlocked',
] as const;
export type ColdMilestone = (typeof COLD_MILESTONES)[number];

export const COLD_MILESTONE_LABELS: Record<ColdMilestone, string> = {
  domReady: 'DOM ready (DOMContentLoaded)',
  cameraAsked: 'camera asked for (getUserMedia)',
  cameraReady: 'camera ready (playing)',
  wasmFetched: "detector's wasm fetched",
  detectorLoaded: 'detector loaded (wasm, model checked)',
  detectorReady: 'detector warm (first detection done)',
  firstFrameSent: 'first frame analysed, sent to main',
  firstFrame: 'first frame in main',
  firstMatch: 'first match',
  unlockedInMain: 'unlocked in main',
  unlocked: 'the overlay says "Unlocked"',
};

/** What the page stamped during a cold open (epoch ms; null where it never got there). */
export interface PageMarks {
  /** The page's performance.timeOrigin: its navigation started. */
  navigationStartMs: number;
  domReadyMs: number | null;
  cameraAskedMs: number | null;
  wasmFetchedMs: number | null;
  detectorLoadedMs: number | null;
  detectorReadyMs: number | null;
  firstFrameSentMs: number | null;
}

/** The milestones a page reaches on its own, loaded while unlocked (no camera, nothing else to do), ms after its navigation started. */
export const PAGE_ALONE_MILESTONES = ['domReady', 'wasmFetched', 'detectorLoaded', 'detectorReady'] as const;
export type PageAloneMilestone = (typeof PAGE_ALONE_MILESTONES)[number];

export function pageAloneOf(marks: PageMarks): Record<PageAloneMilestone, number | null> {
  const since = (ms: number | null) => (ms === null ? null : ms - marks.navigationStartMs);
  return { domReady: since(marks.domReadyMs), wasmFetched: since(marks.wasmFetchedMs), detectorLoaded: since(marks.detectorLoadedMs), detectorReady: since(marks.detectorReadyMs) };
}

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
  /** A cold open: what the page stamped, for its milestones. */
  pageMarks?: PageMarks;
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
  /** A cold open: each milestone, ms after the page started to open. */
  milestonesMs?: Record<ColdMilestone, number | null>;
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
  const marks = stamps.pageMarks;
  const since = (ms: number | null | undefined) => between(stamps.startMs, ms);
  return {
    unlocked: stamps.overlayUnlockedMs !== null,
    challenged: stamps.challenged,
    stagesMs,
    totalMs: between(stamps.startMs, stamps.overlayUnlockedMs),
    judgedFrames: judged.length,
    judgedFramesPerSecond: judgedRate(judged),
    ...(marks
      ? {
          milestonesMs: {
            domReady: since(marks.domReadyMs),
            cameraAsked: since(marks.cameraAskedMs),
            cameraReady: since(stamps.cameraReadyMs),
            wasmFetched: since(marks.wasmFetchedMs),
            detectorLoaded: since(marks.detectorLoadedMs),
            detectorReady: since(marks.detectorReadyMs),
            firstFrameSent: since(marks.firstFrameSentMs),
            firstFrame: since(firstFrame?.receivedMs),
            firstMatch: since(firstMatch?.answeredMs),
            unlockedInMain: since(stamps.unlockedInMainMs),
            unlocked: since(stamps.overlayUnlockedMs),
          },
        }
      : {}),
  };
}

/** (n − 1) frames over the time from the first judged frame's arrival to the last's. */
export function judgedRate(judged: readonly FrameStamp[]): number | null {
  if (judged.length < 2) return null;
  const spanMs = judged.at(-1)!.receivedMs - judged[0].receivedMs;
  return spanMs > 0 ? ((judged.length - 1) * 1000) / spanMs : null;
}

export interface RunsSummary {
  stagesMedianMs: Record<Stage, number | null>;
  totalMedianMs: number | null;
  unlocked: number;
  challenged: number;
  /** Cold opens: each milestone's median, ms after opening the page. */
  milestonesMedianMs?: Record<ColdMilestone, number | null>;
}

/** Medians over the runs that unlocked: per stage, and of the totals (and a cold open's milestones). */
export function summarise(runs: readonly RunTimeline[]): RunsSummary {
  const unlocked = runs.filter((run) => run.unlocked);
  const medianOf = (values: (number | null)[]) => {
    const present = values.filter((value): value is number => value !== null);
    return present.length > 0 ? median(present) : null;
  };
  const stagesMedianMs = Object.fromEntries(STAGES.map((stage) => [stage, medianOf(unlocked.map((run) => run.stagesMs[stage]))])) as Record<Stage, number | null>;
  const challenged = runs.filter((run) => run.challenged).length;
  const withMilestones = unlocked.filter((run) => run.milestonesMs !== undefined);
  const milestonesMedianMs =
    withMilestones.length > 0
      ? (Object.fromEntries(COLD_MILESTONES.map((milestone) => [milestone, medianOf(withMilestones.map((run) => run.milestonesMs![milestone]))])) as Record<ColdMilestone, number | null>)
      : undefined;
  return {
    stagesMedianMs,
    totalMedianMs: medianOf(unlocked.map((run) => run.totalMs)),
    unlocked: unlocked.length,
    challenged,
    ...(milestonesMedianMs ? { milestonesMedianMs } : {}),
  };
}
