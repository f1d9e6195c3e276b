// The walk-away lock's judge: while the desktop is unlocked and the walk-away lock is on, the
// hidden presence page sends a frame a second; this says whether the owner is in it and how
// long the owner has been out of view. Whether to lock is walkAwayDue (pure): the owner out of
// view for N seconds while nobody touched a key or the mouse for N seconds. The shell
// (main/app/presence-window.ts) adds the system's idle time and locks.
//
// What it stops and what it does not: the owner who walks away without locking is locked out
// after N seconds. The owner reading in view is never locked (seen), nor is anyone typing (not
// idle): a stranger who sits down at once and types is not stopped by it (the idle lock and the
// owner's habits are the guard there). "Present" needs no liveness: a photo of the owner left
// before the camera only keeps the desktop unlocked, as the owner sitting there would.
//
// Why turning it off needs no password (settings-rules.ts): it is off by default, so off is what
// every lock promises; it keeps a camera on, which the owner must be able to stop at once;
// and the lock triggers that do guard an unattended desktop (idle, the shortcut, lock-on-start)
// still need the password to be weakened.
import {
  MAX_PRESENCE_FACES,
  WALK_AWAY_SECONDS,
  type CameraProblem,
  type FrameReport,
  type PresenceAnswer,
  type PresenceReport,
} from '../../preload/api.ts';
import { Emitter, type Event } from '../base/emitter.ts';
import { CHALLENGE_QUALITY } from '../face/pipeline/quality-gate.ts';
import type { FaceVerifier } from '../face/recognition/face-verifier.ts';
import type { CalibratedProfile } from '../face/recognition/profile-calibration.ts';

/**
 * Frames further apart than this are no evidence of absence over the gap (a page hung, a
 * machine busy, a camera that stalled): the absence is counted afresh from the next frame.
 * The page sends one a second; 5 s tolerates a busy minute's jitter, never a stall.
 */
export const MAX_PRESENCE_GAP_MS = 5_000;

/** The settings the walk-away lock reads (settings-rules.ts). */
export interface WalkAwaySettings {
  walkAwayLock?: boolean;
  walkAwaySeconds?: number;
}

export function walkAwaySecondsOf(settings: WalkAwaySettings): number {
  const seconds = settings.walkAwaySeconds ?? WALK_AWAY_SECONDS.default;
  return Math.min(WALK_AWAY_SECONDS.max, Math.max(WALK_AWAY_SECONDS.min, seconds));
}

export interface WalkAwayInput {
  /** How long the owner has been out of view, by frames arriving without gaps; null: no evidence (not watching, or frames stopped). */
  ownerAbsentMs: number | null;
  /** Seconds since the last key press or mouse move (Electron's powerMonitor.getSystemIdleTime()). */
  idleSeconds: number;
  settings: WalkAwaySettings;
}

/** Lock now? Only when on, the owner out of view for N seconds on fresh evidence, and nobody at the keys for N seconds. */
export function walkAwayDue({ ownerAbsentMs, idleSeconds, settings }: WalkAwayInput): boolean {
  if (settings.walkAwayLock !== true || ownerAbsentMs === null || !Number.isFinite(idleSeconds)) return false;
  const seconds = walkAwaySecondsOf(settings);
  return ownerAbsentMs >= seconds * 1000 && idleSeconds >= seconds;
}

export interface PresenceWatchOptions {
  /** The lock's verifier (its recognition only: presence needs no liveness); null without face models. */
  verifier(): FaceVerifier | null;
  /** The calibrated profile the lock matches against; null when none is enrolled. */
  profile(): CalibratedProfile | null;
  /** Monotonic milliseconds (performance.now by default; tests pass a fake clock). */
  nowMs?: () => number;
}

/** What one judged frame left: whether the owner was in it, and the absence so far. */
export interface PresenceJudged {
  ownerSeen: boolean;
  ownerAbsentMs: number | null;
}

export class PresenceWatch {
  readonly #judged = new Emitter<PresenceJudged>();
  readonly #stopped = new Emitter<CameraProblem>();
  /** After every frame judged while watching (the shell decides then whether to lock). */
  readonly onJudged: Event<PresenceJudged> = this.#judged.event;
  /** The page's camera failed: the watch stopped and says so in Settings until the next start. */
  readonly onStopped: Event<CameraProblem> = this.#stopped.event;
  readonly #nowMs: () => number;
  #watching = false;
  #busy = false;
  /** Absence is counted from here: the last frame with the owner, the start, or the first frame after a gap. */
  #absentSinceMs = 0;
  #lastFrameMs = 0;
  #stoppedBy: CameraProblem | null = null;

  constructor(private readonly options: PresenceWatchOptions) {
    this.#nowMs = options.nowMs ?? (() => performance.now());
  }

  get watching(): boolean {
    return this.#watching;
  }

  /** The camera problem the last watch stopped on, until the next start. */
  get stoppedBy(): CameraProblem | null {
    return this.#stoppedBy;
  }

  /** The owner just unlocked (or turned it on): counted as seen now. */
  start(): void {
    const nowMs = this.#nowMs();
    this.#watching = true;
    this.#stoppedBy = null;
    this.#absentSinceMs = nowMs;
    this.#lastFrameMs = nowMs;
  }

  /** Locked, turned off, suspended: frames are refused until the next start. */
  stop(): void {
    this.#watching = false;
  }

  /** How long the owner has been out of view, by evidence; null when not watching or when frames stopped coming. */
  ownerAbsentMs(): number | null {
    const nowMs = this.#nowMs();
    if (!this.#watching || nowMs - this.#lastFrameMs > MAX_PRESENCE_GAP_MS) return null;
    return Math.max(0, nowMs - this.#absentSinceMs);
  }

  /** One frame from the presence page. A frame arriving while the previous is judged is dropped (the next comes in a second). */
  async submit(report: PresenceReport): Promise<PresenceAnswer> {
    const verifier = this.options.verifier();
    const profile = this.options.profile();
    if (!this.#watching || !verifier || !profile) return { watching: false };
    if (this.#busy) return { watching: true };
    this.#busy = true;
    try {
      const ownerSeen = await this.#ownerIn(report, verifier, profile);
      // Stopped (locked, turned off) while judging: this frame says nothing any more.
      if (!this.#watching) return { watching: false };
      const nowMs = this.#nowMs();
      if (ownerSeen || nowMs - this.#lastFrameMs > MAX_PRESENCE_GAP_MS) this.#absentSinceMs = nowMs;
      this.#lastFrameMs = nowMs;
      this.#judged.fire({ ownerSeen, ownerAbsentMs: this.ownerAbsentMs() });
      return { watching: this.#watching };
    } catch {
      // A frame that could not be judged is no evidence either way: it neither shows the owner nor
      // counts towards an absence (the gap rule ends the absence if it goes on).
      return { watching: this.#watching };
    } finally {
      this.#busy = false;
    }
  }

  /** The presence page's camera failed: stop, never lock for it, and say so in Settings. */
  reportProblem(problem: CameraProblem): PresenceAnswer {
    if (!this.#watching) return { watching: false };
    this.#watching = false;
    this.#stoppedBy = problem;
    this.#stopped.fire(problem);
    return { watching: false };
  }

  dispose(): void {
    this.#watching = false;
    this.#judged.dispose();
    this.#stopped.dispose();
  }

  /** The owner is whoever matches the profile: among the largest faces, any one that matches makes the owner present. */
  async #ownerIn(report: PresenceReport, verifier: FaceVerifier, profile: CalibratedProfile): Promise<boolean> {
    for (const face of report.faces.slice(0, MAX_PRESENCE_FACES)) {
      // One face at a time, as the lock's verifier judges a frame (it refuses frames of several faces).
      const frame: FrameReport = { frameWidthPx: report.frameWidthPx, frameHeightPx: report.frameHeightPx, faceCount: 1, face };
      // The challenge's looser pose and blur limits: a head turned to a second screen is still judged.
      const { similarityCosine, thresholdCosine } = await verifier.similarity(frame, profile, CHALLENGE_QUALITY);
      if (similarityCosine !== null && thresholdCosine !== null && similarityCosine >= thresholdCosine) return true;
    }
    return false;
  }
}
