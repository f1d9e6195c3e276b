// Drives detection over a playing <video> as fast as the pipeline allows: each new camera
// frame is analysed while main judges the previous one, and sent the moment main answers.
// One frame is in main and at most one waits here, so camera frames that arrive meanwhile
// are dropped, never queued: a slow main lags by one frame, it never falls behind. With
// nobody in view for a while the loop slows down, and speeds up again with the next face.
import { MAX_FRAMES_PER_SECOND } from '../../preload/api.ts';
import type { FrameAnalyser, FrameAnalysis } from './frame-analyser.ts';

/**
 * The rate the loop never exceeds unless told otherwise: a webcam's 30 frames a second, so
 * that in practice the pipeline sets the pace (`npm run bench` reports the judged rate).
 */
export const DEFAULT_FRAMES_PER_SECOND = MAX_FRAMES_PER_SECOND;
/**
 * With no face for IDLE_AFTER_MS, frames are analysed at this rate only: a screen locked with
 * nobody there spends what the overlay's old 8 frames a second spent at most, and a face that
 * comes into view waits ≤ 200 ms for its first frame (then the pipeline's pace again).
 */
export const IDLE_FRAMES_PER_SECOND = 5;
export const IDLE_AFTER_MS = 2000;

/**
 * Camera frames come with jitter: a frame a hair early is still the next frame. Only frames
 * sooner than this fraction of the interval are skipped, or a 30 frames/s cap would skip about
 * every other frame of a 30 frames/s camera.
 */
const EARLY_FRACTION = 0.75;

export interface FrameLoopOptions {
  video: HTMLVideoElement;
  /** Built on a FaceFinder in VIDEO mode. */
  analyser: FrameAnalyser;
  /** Clamped to 1…MAX_FRAMES_PER_SECOND (main refuses faster senders). */
  framesPerSecond?: number;
  /** May return a promise: the next analysis is handed over only once it settles. */
  onFrame: (analysis: FrameAnalysis) => void | Promise<void>;
  onError?: (error: unknown) => void;
  /** Monotonic ms; performance.now by default. */
  nowMs?: () => number;
}

/** Time between the starts of two analysed frames at that rate (frames a little early still count: EARLY_FRACTION). */
export function frameIntervalMs(framesPerSecond = DEFAULT_FRAMES_PER_SECOND): number {
  const fps = Number.isFinite(framesPerSecond) ? framesPerSecond : DEFAULT_FRAMES_PER_SECOND;
  return 1000 / Math.min(MAX_FRAMES_PER_SECOND, Math.max(1, fps));
}

export class FrameLoop {
  private readonly intervalMs: number;
  private readonly idleIntervalMs: number;
  private running = false;
  // Bumped by stop(): callbacks of an old run must not resume it.
  private generation = 0;
  private lastStartMs = -Infinity;
  private lastFaceMs = -Infinity;
  private startedMs = 0;
  private pendingHandle: { cancel(): void } | null = null;
  /** onFrame has not settled yet. */
  private handing = false;
  /** Analysed while onFrame was busy: handed over as soon as it settles. */
  private waiting: FrameAnalysis | null = null;

  constructor(private readonly options: FrameLoopOptions) {
    this.intervalMs = frameIntervalMs(options.framesPerSecond);
    this.idleIntervalMs = Math.max(this.intervalMs, frameIntervalMs(IDLE_FRAMES_PER_SECOND));
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.startedMs = this.now();
    // The camera's first frame is there once it plays: judging it now rather than at the next
    // presented frame took the lock screen's "camera ready → first frame in main" from 89 to
    // 45 ms (medians of `npm run bench`, one session).
    if (this.options.video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) {
      const generation = this.generation;
      const timer = setTimeout(() => this.tick(generation), 0);
      this.pendingHandle = { cancel: () => clearTimeout(timer) };
    } else {
      this.scheduleNext();
    }
  }

  /** No callback runs after this returns (one already running finishes, its result is the caller's to ignore). */
  stop(): void {
    this.running = false;
    this.generation++;
    this.pendingHandle?.cancel();
    this.pendingHandle = null;
    this.handing = false;
    this.waiting = null;
  }

  /** Asks for the next camera frame, unless one is asked for already or an analysis waits. */
  private scheduleNext(): void {
    if (!this.running || this.pendingHandle || this.waiting) return;
    const video = this.options.video;
    const generation = this.generation;
    // requestVideoFrameCallback fires once per new camera frame; rAF is the fallback.
    if (typeof video.requestVideoFrameCallback === 'function') {
      const id = video.requestVideoFrameCallback(() => this.tick(generation));
      this.pendingHandle = { cancel: () => video.cancelVideoFrameCallback(id) };
    } else {
      const id = requestAnimationFrame(() => this.tick(generation));
      this.pendingHandle = { cancel: () => cancelAnimationFrame(id) };
    }
  }

  private now(): number {
    return this.options.nowMs ? this.options.nowMs() : performance.now();
  }

  private isCurrent(generation: number): boolean {
    return this.running && generation === this.generation;
  }

  private tick(generation: number): void {
    if (!this.isCurrent(generation)) return;
    this.pendingHandle = null;
    const video = this.options.video;
    const nowMs = this.now();
    const ready = video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA && video.videoWidth > 0;
    const idle = nowMs - Math.max(this.lastFaceMs, this.startedMs) >= IDLE_AFTER_MS;
    if (!ready || nowMs - this.lastStartMs < EARLY_FRACTION * (idle ? this.idleIntervalMs : this.intervalMs)) {
      this.scheduleNext();
      return;
    }
    this.lastStartMs = nowMs;
    let analysis: FrameAnalysis;
    try {
      analysis = this.options.analyser.analyse(video, video.videoWidth, video.videoHeight, nowMs);
    } catch (error) {
      this.options.onError?.(error);
      this.scheduleNext();
      return;
    }
    if (analysis.faces.length > 0) this.lastFaceMs = nowMs;
    if (this.handing) this.waiting = analysis;
    else void this.hand(analysis, generation);
    this.scheduleNext();
  }

  /** Hands one analysis over, then the one that waited meanwhile, if any. */
  private async hand(analysis: FrameAnalysis, generation: number): Promise<void> {
    this.handing = true;
    try {
      await this.options.onFrame(analysis);
    } catch (error) {
      if (this.isCurrent(generation)) this.options.onError?.(error);
    }
    if (!this.isCurrent(generation)) return;
    this.handing = false;
    const next = this.waiting;
    this.waiting = null;
    if (next) void this.hand(next, generation);
    this.scheduleNext();
  }
}
