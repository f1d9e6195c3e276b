// The liveness decision of one unlock attempt: passive anti-spoofing on every matched
// frame, and the head-movement challenge when the passive score is not confidently
// live (Standard) or always (Strict). Once the challenge is passed, the same face —
// followed frame to frame — counts as live until it is lost or changes. After a failure
// the next challenge waits RETRY_WAIT_MS, so that the user can read why it failed.
import type { BoxPx, ChallengeCause, FrameReport } from '../../preload/api.ts';
import { ActiveChallenge, type ChallengeFailure, type ChallengeState, type ChallengeStep } from './challenge/challenge.ts';
import { pointsCropToFrame } from './challenge/frame-points.ts';
import type { FaceMatch, LivenessCheck } from './face-verifier.ts';

export type LivenessMode = 'standard' | 'strict' | 'off';

export type LivenessFailure = ChallengeFailure | 'passiveSpoof';

export type LivenessVerdict =
  | { live: true }
  /** Passive says live, but not yet on enough frames in a row. */
  | { live: 'checking' }
  /** A failed attempt. */
  | { live: false; reason: LivenessFailure }
  /** Moments after a failure: nothing is judged, the failure's reason stays on screen. */
  | { live: 'retryWait'; reason: LivenessFailure }
  | { live: 'pending'; prompt: ChallengeStep; cause: ChallengeCause };

export interface LivenessGateOptions {
  mode(): LivenessMode;
  passive: LivenessCheck | null;
  nowMs?: () => number;
  random?: () => number;
}

/** The proven face may drift this much between frames (× box width) and still be the same face. */
const MAX_PROVEN_DRIFT = 0.5;
/**
 * Standard mode trusts the passive score only after this many confidently live frames in a
 * row, and keeps checking every frame after: any unsure frame calls the challenge. A print
 * moved before the camera scored ≥ 0.9 (the live threshold then) on 57 % of frames in the
 * Chromium tests; with the 3 matching frames of the unlock this asks for 7 confident frames
 * in a row (≈ 2 % if frames were independent) instead of 3 (≈ 19 %), for ~0.5 s more for
 * the owner.
 */
export const PASSIVE_CONFIRM_FRAMES = 4;
/** Long enough to read one short sentence; the new challenge's time limit starts after it. */
export const RETRY_WAIT_MS = 2000;

export class LivenessGate {
  private challenge: ActiveChallenge | null = null;
  private cause: ChallengeCause = 'routine';
  private provenBox: BoxPx | null = null;
  private confidentFrames = 0;
  private lastBox: BoxPx | null = null;
  private lastFailure: { reason: LivenessFailure; retryAtMs: number } | null = null;
  /**
   * Once the passive score was unsure (or said spoof), it is not trusted again until the lock opens: every
   * further attempt gets the challenge. (A print failed its challenge, then scored ≥ 0.95
   * on the next frames and would have passed on those alone.)
   */
  private passiveDistrusted = false;

  constructor(private readonly options: LivenessGateOptions) {}

  /** A challenge is running: the caller relaxes its pose limits and reports faceless frames too. */
  get challengeInProgress(): boolean {
    return this.challenge !== null;
  }

  /** Called on every frame with a scored face, matched or not, so continuity is followed. */
  async judge(frame: FrameReport, points68Crop: Float32Array, match: FaceMatch): Promise<LivenessVerdict> {
    const mode = this.options.mode();
    const face = frame.face!;
    if (mode === 'off') return { live: true };
    const matched = match.matched || (this.challenge !== null && match.stillOwner);
    if (!matched || frame.faceCount !== 1) {
      const state = this.feedChallenge(frame, points68Crop, false);
      if (state?.status === 'failed') return this.fail(state.reason ?? 'faceChanged');
      this.endAttempt();
      return { live: false, reason: frame.faceCount > 1 ? 'secondFace' : 'faceChanged' };
    }
    const waiting = this.retryWait();
    if (waiting) return waiting;
    if (this.provenBox && sameFace(this.provenBox, face.boxInFrame)) {
      this.provenBox = face.boxInFrame;
      return { live: true };
    }
    this.provenBox = null;
    if (!this.challenge) {
      const passive = this.options.passive ? (await this.options.passive.judge(face.contextCrop)).live : 'unsure';
      const sameAsLast = this.lastBox !== null && sameFace(this.lastBox, face.boxInFrame);
      this.lastBox = face.boxInFrame;
      this.confidentFrames = passive === true && sameAsLast ? this.confidentFrames + 1 : passive === true ? 1 : 0;
      if (passive === false) {
        this.passiveDistrusted = true;
        return this.fail('passiveSpoof');
      }
      if (passive === true && mode === 'standard' && !this.passiveDistrusted) {
        return this.confidentFrames >= PASSIVE_CONFIRM_FRAMES ? { live: true } : { live: 'checking' };
      }
      // No passive model counts as unsure: the challenge still guards the door.
      this.cause = mode === 'strict' || !this.options.passive ? 'routine' : 'photoSuspected';
      this.passiveDistrusted = true;
      this.challenge = ActiveChallenge.createRandom({ stepCount: mode === 'strict' ? 2 : 1, random: this.options.random });
    }
    return this.verdictOf(this.feedChallenge(frame, points68Crop, matched)!, face.boxInFrame);
  }

  /** A frame without one usable face (none, or several) while a challenge runs; null when none runs. */
  judgeWithoutFace(frame: FrameReport): LivenessVerdict | null {
    if (!this.challenge) return null;
    return this.verdictOf(this.feedChallenge(frame, null, false)!, null);
  }

  /** The lock opened (or closed again): the next lock starts with a clean slate. */
  reset(): void {
    this.passiveDistrusted = false;
    this.lastFailure = null;
    this.endAttempt();
  }

  private verdictOf(state: ChallengeState, boxInFrame: BoxPx | null): LivenessVerdict {
    if (state.status === 'passed') {
      this.challenge = null;
      this.provenBox = boxInFrame;
      return { live: true };
    }
    if (state.status === 'failed') return this.fail(state.reason ?? 'faceChanged');
    return { live: 'pending', prompt: state.prompt ?? 'turnLeft', cause: this.cause };
  }

  private fail(reason: LivenessFailure): LivenessVerdict {
    this.endAttempt();
    this.lastFailure = { reason, retryAtMs: this.nowMs() + RETRY_WAIT_MS };
    return { live: false, reason };
  }

  private retryWait(): LivenessVerdict | null {
    if (!this.lastFailure) return null;
    if (this.nowMs() < this.lastFailure.retryAtMs) return { live: 'retryWait', reason: this.lastFailure.reason };
    this.lastFailure = null;
    return null;
  }

  /** The attempt is over (face gone or changed): the next one starts afresh. */
  private endAttempt(): void {
    this.challenge = null;
    this.provenBox = null;
    this.confidentFrames = 0;
    this.lastBox = null;
  }

  private nowMs(): number {
    return (this.options.nowMs ?? (() => performance.now()))();
  }

  private feedChallenge(frame: FrameReport, points68Crop: Float32Array | null, matched: boolean): ChallengeState | null {
    const face = frame.face;
    if (!this.challenge) return null;
    return this.challenge.update({
      timeMs: this.nowMs(),
      points68: face && points68Crop ? pointsCropToFrame(points68Crop, face.boxInCrop, face.boxInFrame) : null,
      boxInFrame: face && points68Crop ? face.boxInFrame : null,
      faceCount: frame.faceCount,
      matched,
    });
  }
}

function sameFace(previous: BoxPx, current: BoxPx): boolean {
  const jump = Math.hypot(current.x + current.width / 2 - (previous.x + previous.width / 2), current.y + current.height / 2 - (previous.y + previous.height / 2));
  const widthRatio = current.width / previous.width;
  return jump <= MAX_PROVEN_DRIFT * previous.width && widthRatio < 1.5 && widthRatio > 1 / 1.5;
}
