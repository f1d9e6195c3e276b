// Drives detection over a playing <video>: at most N analysed frames a second, one at
// a time (the next frame waits until the previous callback, usually a bridge call,
// has settled), stoppable at once.
import { MAX_FRAMES_PER_SECOND } from '../../preload/api.ts';
import type { FrameAnalyser, FrameAnalysis } from './frame-analyser.ts';

export const DEFAULT_FRAMES_PER_SECOND = 8;

export interface FrameLoopOptions {
  video: HTMLVideoElement;
  /** Built on a FaceFinder in VIDEO mode. */
  analyser: FrameAnalyser;
  /** Clamped to 1…MAX_FRAMES_PER_SECOND (main refuses faster senders). */
  framesPerSecond?: number;
  /** May return a promise: no other frame is analysed until it settles. */
  onFrame: (analysis: FrameAnalysis) => void | Promise<void>;
  onError?: (error: unknown) => void;
}

/** Minimum time between the starts of two analysed frames. */
export function frameIntervalMs(framesPerSecond = DEFAULT_FRAMES_PER_SECOND): number {
  const fps = Number.isFinite(framesPerSecond) ? framesPerSecond : DEFAULT_FRAMES_PER_SECOND;
  return 1000 / Math.min(MAX_FRAMES_PER_SECOND, Math.max(1, fps));
}

export class FrameLoop {
  private readonly intervalMs: number;
  private running = false;
  // Bumped by stop(): a tick still awaiting its callback must not resume an old chain.
  private generation = 0;
  private lastStartMs = -Infinity;
  private pendingHandle: { cancel(): void } | null = null;

  constructor(private readonly options: FrameLoopOptions) {
    this.intervalMs = frameIntervalMs(options.framesPerSecond);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.scheduleNext();
  }

  /** No callback runs after this returns (one already running finishes, its result is the caller's to ignore). */
  stop(): void {
    this.running = false;
    this.generation++;
    this.pendingHandle?.cancel();
    this.pendingHandle = null;
  }

  private scheduleNext(): void {
    if (!this.running) return;
    const video = this.options.video;
    const generation = this.generation;
    // requestVideoFrameCallback fires once per new camera frame; rAF is the fallback.
    if (typeof video.requestVideoFrameCallback === 'function') {
      const id = video.requestVideoFrameCallback(() => void this.tick(generation));
      this.pendingHandle = { cancel: () => video.cancelVideoFrameCallback(id) };
    } else {
      const id = requestAnimationFrame(() => void this.tick(generation));
      this.pendingHandle = { cancel: () => cancelAnimationFrame(id) };
    }
  }

  private isCurrent(generation: number): boolean {
    return this.running && generation === this.generation;
  }

  private async tick(generation: number): Promise<void> {
    if (!this.isCurrent(generation)) return;
    this.pendingHandle = null;
    const video = this.options.video;
    const nowMs = performance.now();
    const ready = video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA && video.videoWidth > 0;
    if (!ready || nowMs - this.lastStartMs < this.intervalMs) {
      this.scheduleNext();
      return;
    }
    this.lastStartMs = nowMs;
    try {
      const analysis = this.options.analyser.analyse(video, video.videoWidth, video.videoHeight, nowMs);
      if (this.isCurrent(generation)) await this.options.onFrame(analysis);
    } catch (error) {
      if (this.isCurrent(generation)) this.options.onError?.(error);
    }
    if (this.isCurrent(generation)) this.scheduleNext();
  }
}
