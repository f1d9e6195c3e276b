// What a face attempt is, when it counts toward the lockout, and how attempts are spaced: the
// rules are applied along the frame path, and stated here once with their numbers.
//
// Frames. The overlay sends up to MAX_FRAMES_PER_SECOND (preload/api.ts); main judges one at a
// time and drops a frame that arrives while it judges another (FaceUnlockCore.submitLockFrame): a dropped
// frame is part of no attempt. The verifier turns each judged frame into a FrameOutcome
// (main/face/outcomes.ts), and the lock controller gives it its part in the attempt:
//   - no decidable face (noFace, severalFaces, a quality refusal): not judged, an AttemptFrame
//     'noFace'; a run of DEFAULT_RESET_AFTER_NO_FACE_FRAMES of them ends the attempt, uncounted
//     (the person left: nothing was tried);
//   - a scored face: a judged frame, 'match' or 'nonMatch'; the attempt unlocks when the mean of
//     its latest face frames matches (match-window.ts) and fails ('reject') after
//     DEFAULT_WINDOW_FRAMES judged frames that did not;
//   - the owner's face while liveness is checked ('checking'): joins the mean, not judged;
//   - a challenge prompt, or the wait after a liveness refusal: nothing is judged;
//   - a liveness refusal: a failed attempt of its own (the window starts afresh).
//
// Counting. Each failed attempt goes to the lockout policy (lockout-policy.ts: maxFaceFailures
// of them pause face unlock), except that a rejected window counts at most once every
// MIN_FACE_ATTEMPT_SPACING_MS. A liveness refusal always counts: the gate already spaces
// them, the next liveness attempt starting LIVENESS_RETRY_WAIT_MS after a refusal at the
// earliest (its number stays in main/face/liveness, which must not import main/lock).
import { RETRY_WAIT_MS } from '../face/liveness/liveness-gate.ts';
import { systemClock, type Clock } from './clock.ts';

/** Judged face frames in one attempt; the mean takes at most this many of the latest. */
export const DEFAULT_WINDOW_FRAMES = 5;
/**
 * One second at 10 frames a second, a third of one at a webcam's 30: a reset only starts the
 * count afresh, so a faster overlay errs on the strict side.
 */
export const DEFAULT_RESET_AFTER_NO_FACE_FRAMES = 10;
/**
 * A face that keeps failing counts as a new attempt at most this often. The camera judges
 * several windows a second; counting each would pause face unlock after ~3 s of the owner
 * in bad light. An attempt is rather what a phone counts: one look that did not unlock.
 */
export const MIN_FACE_ATTEMPT_SPACING_MS = 3_000;
/** After a liveness refusal the next liveness attempt waits this long (the gate's RETRY_WAIT_MS): what spaces refusals. */
export const LIVENESS_RETRY_WAIT_MS = RETRY_WAIT_MS;

/** One frame's part in the match window: a judged face that matched or not, or no decidable face. */
export type AttemptFrame = 'match' | 'nonMatch' | 'noFace';

/** How a face attempt failed: its window was rejected, or liveness refused it. */
export type FailedAttempt = 'windowRejected' | 'livenessRefused';

/** Which failures are spaced by MIN_FACE_ATTEMPT_SPACING_MS (the others are spaced by whoever produces them). */
const SPACED: Readonly<Record<FailedAttempt, boolean>> = { windowRejected: true, livenessRefused: false };

export interface FailedAttemptsOptions {
  clock?: Clock;
  minSpacingMs?: number;
}

/** Decides which failed attempts count toward the lockout. */
export class FailedAttempts {
  readonly #clock: Clock;
  readonly #minSpacingMs: number;
  #lastCountedMs = -Infinity;

  constructor(options: FailedAttemptsOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#minSpacingMs = options.minSpacingMs ?? MIN_FACE_ATTEMPT_SPACING_MS;
  }

  /** Whether this failure counts (and if so, it is the last counted one). A clock set back spaces nothing. */
  counts(failure: FailedAttempt): boolean {
    const nowMs = this.#clock.nowMs();
    const sinceLastMs = nowMs - this.#lastCountedMs;
    if (SPACED[failure] && sinceLastMs >= 0 && sinceLastMs < this.#minSpacingMs) return false;
    this.#lastCountedMs = nowMs;
    return true;
  }
}
