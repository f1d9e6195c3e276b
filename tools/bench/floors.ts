// The floors of the lock-screen bench: what each stage would take if it only waited for its
// own work, from parts measured alone in the same run (camera start, detect + crop, the
// bridge's round trip, main judging one frame) and from what the unlock decision needs.
import { PASSIVE_EARLY_MIN_MS, PASSIVE_WINDOW_FRAMES } from '../../main/face/liveness/liveness-gate.ts';
import { DEFAULT_MIN_FUSED_FRAMES } from '../../main/lock/match-window.ts';
import { CHANNELS, MAX_FRAMES_PER_SECOND, type FrameReport, type LivenessMode } from '../../preload/api.ts';
import type { Stage } from './lock-timeline.ts';
import type { MainClient } from './main-client.ts';

/** Frames main judges alone, one at a time, for the main part of the pipeline's floor. */
const MAIN_FLOOR_FRAMES = 40;

export interface FloorParts {
  cameraStartMs: number;
  /** Detect and crop of one frame, alone. */
  rendererFrameMs: number;
  /** One frame to main and the view back through the bench's bridge, nothing judged. */
  bridgeRoundTripMs: number;
  /** Main judging one frame, alone. */
  mainFrameMs: number;
}

export interface LockScreenFloor extends FloorParts {
  /** The three after the camera: one frame's pipeline. */
  framePipelineMs: number;
  stagesMs: Record<Stage, number>;
  totalMs: number;
  judgedFramesPerSecond: number;
}

export function floorOf(parts: FloorParts, o: { cameraFramesPerSecond: number; livenessMode: LivenessMode }): LockScreenFloor {
  // Pipelined (frame-loop.ts): the renderer analyses the next frame while one is in main, so a
  // frame goes every max(renderer, round trip to main, camera interval).
  const roundTripMs = parts.bridgeRoundTripMs + parts.mainFrameMs;
  const intervalMs = Math.max(parts.rendererFrameMs, roundTripMs, 1000 / o.cameraFramesPerSecond);
  const stagesMs: Record<Stage, number> = {
    cameraReady: parts.cameraStartMs,
    // The bridge's round trip is split evenly between its two legs.
    firstFrame: parts.rendererFrameMs + parts.bridgeRoundTripMs / 2,
    firstMatch: parts.mainFrameMs + parts.bridgeRoundTripMs / 2,
    decision: gateFloorMs(o.livenessMode, intervalMs),
    overlay: 0,
  };
  return {
    ...parts,
    framePipelineMs: parts.rendererFrameMs + roundTripMs,
    stagesMs,
    totalMs: Object.values(stagesMs).reduce((sum, ms) => sum + ms, 0),
    judgedFramesPerSecond: 1000 / intervalMs,
  };
}

/** ms from the first matched frame's answer to the unlocking one's, frames `intervalMs` apart; NaN for Strict (a challenge has no floor). */
export function gateFloorMs(mode: LivenessMode, intervalMs: number): number {
  // The attempt's mean needs DEFAULT_MIN_FUSED_FRAMES face frames (match-window.ts).
  const fused = (DEFAULT_MIN_FUSED_FRAMES - 1) * intervalMs;
  switch (mode) {
    case 'off':
      return fused;
    case 'standard': {
      // The early look fills (frames and time), the soonest the passive window decides; its
      // frames join the attempt's mean, so the frame that completes it can unlock.
      let windowIntervals = PASSIVE_WINDOW_FRAMES - 1;
      while (windowIntervals * intervalMs < PASSIVE_EARLY_MIN_MS) windowIntervals++;
      return Math.max(windowIntervals * intervalMs, fused);
    }
    case 'strict':
      return Number.NaN;
  }
}

/** Main alone judging the owner's frames one at a time (paced under its rate limit), lock after lock: each judged frame's ms. */
export async function mainFrameFloorMs(main: MainClient, reports: readonly FrameReport[], lockPageUrl: string): Promise<number[]> {
  const submit = main.bridgeHandlers()[CHANNELS.lockSubmitFrame];
  const context = { senderId: 1, frameUrl: lockPageUrl };
  const spacingMs = 1000 / MAX_FRAMES_PER_SECOND + 5;
  const times: number[] = [];
  while (times.length < MAIN_FLOOR_FRAMES) {
    await main.lock();
    for (const report of reports) {
      const start = performance.now();
      const view = (await submit(report, context)) as { phase: string };
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, spacingMs - (performance.now() - start))));
      if (view.phase !== 'locked') break;
    }
    const frames = await main.takeFrames();
    times.push(...frames.filter((frame) => frame.judged).map((frame) => frame.answeredMs - frame.receivedMs));
    await main.unlockWithPassword();
  }
  return times;
}
