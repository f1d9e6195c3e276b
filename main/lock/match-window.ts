// One attempt's frames → unlock, reject or wait. One matching frame never unlocks: the mean of
// the attempt's latest face frames must match the profile too (fusion), so one frame's noise,
// blur or half-turned head cannot open the lock, and the owner's frames that each score near
// the threshold add up to a clear answer (eval's "fused" arm measures it: README, "Accuracy at scale").

import { DEFAULT_RESET_AFTER_NO_FACE_FRAMES, DEFAULT_WINDOW_FRAMES, type AttemptFrame } from './attempt.ts';

export type WindowDecision = 'unlock' | 'pending' | 'reject';

export interface MatchWindowOptions {
  /** Whether the normalised mean of these face embeddings matches the profile. */
  fusedMatch: (embeddings: readonly Float32Array[]) => boolean;
  /** Face frames the mean needs at least (the latest of them matched on its own). */
  minFusedFrames?: number;
  /** Judged face frames in one attempt; the mean takes at most this many of the latest. */
  windowFrames?: number;
  /** A run of this many frames without a face ends the attempt (the person left; the next face starts afresh). */
  resetAfterNoFaceFrames?: number;
}

export const DEFAULT_MIN_FUSED_FRAMES = 3;

/**
 * The attempt (attempt.ts says what one is): the latest face embeddings (judged frames, and
 * the owner's frames seen while liveness was being checked, which are the same face and need
 * not be waited for again) and the count of judged face frames, which ends the attempt at
 * windowFrames.
 */
export class MatchWindow {
  readonly minFusedFrames: number;
  readonly windowFrames: number;
  readonly resetAfterNoFaceFrames: number;
  readonly #fusedMatch: MatchWindowOptions['fusedMatch'];
  #recent: Float32Array[] = [];
  /** The frames of the last unlock, until the lock takes them (the adaptive template learns from them). */
  #unlockFrames: readonly Float32Array[] = [];
  #judgedFrames = 0;
  #noFaceRun = 0;

  constructor(options: MatchWindowOptions) {
    this.#fusedMatch = options.fusedMatch;
    this.minFusedFrames = options.minFusedFrames ?? DEFAULT_MIN_FUSED_FRAMES;
    this.windowFrames = options.windowFrames ?? DEFAULT_WINDOW_FRAMES;
    this.resetAfterNoFaceFrames = options.resetAfterNoFaceFrames ?? DEFAULT_RESET_AFTER_NO_FACE_FRAMES;
    if (!Number.isInteger(this.windowFrames) || this.windowFrames < 1) {
      throw new RangeError(`windowFrames must be a positive integer, got ${this.windowFrames}`);
    }
    if (!Number.isInteger(this.minFusedFrames) || this.minFusedFrames < 1 || this.minFusedFrames > this.windowFrames) {
      throw new RangeError(`minFusedFrames must be an integer in 1..${this.windowFrames}, got ${this.minFusedFrames}`);
    }
    if (!Number.isInteger(this.resetAfterNoFaceFrames) || this.resetAfterNoFaceFrames < 1) {
      throw new RangeError(`resetAfterNoFaceFrames must be a positive integer, got ${this.resetAfterNoFaceFrames}`);
    }
  }

  /** The owner's face, seen while liveness is checked: part of the mean, not a judged frame. */
  observe(embedding: Float32Array): void {
    this.#noFaceRun = 0;
    this.#remember(embedding);
  }

  /** 'reject' is one failed face attempt; after 'unlock' or 'reject' the window starts empty. */
  push(frame: AttemptFrame, embedding?: Float32Array): WindowDecision {
    if (frame === 'noFace') {
      this.#noFaceRun += 1;
      if (this.#noFaceRun >= this.resetAfterNoFaceFrames) this.reset();
      return 'pending';
    }
    if (frame !== 'match' && frame !== 'nonMatch') {
      throw new TypeError(`unknown attempt frame ${String(frame)}`);
    }
    if (!(embedding instanceof Float32Array)) throw new TypeError('a face frame needs its embedding');
    this.#noFaceRun = 0;
    this.#judgedFrames += 1;
    this.#remember(embedding);
    if (frame === 'match' && this.#recent.length >= this.minFusedFrames && this.#fusedMatch(this.#recent) === true) {
      this.#unlockFrames = this.#recent;
      this.reset();
      return 'unlock';
    }
    if (this.#judgedFrames >= this.windowFrames) {
      this.reset();
      return 'reject';
    }
    return 'pending';
  }

  /** The embeddings whose fused mean made the last 'unlock' (once: taking them clears them). */
  takeUnlockFrames(): readonly Float32Array[] {
    const frames = this.#unlockFrames;
    this.#unlockFrames = [];
    return frames;
  }

  reset(): void {
    this.#recent = [];
    this.#judgedFrames = 0;
    this.#noFaceRun = 0;
  }

  #remember(embedding: Float32Array): void {
    this.#recent.push(embedding);
    if (this.#recent.length > this.windowFrames) this.#recent.shift();
  }
}
