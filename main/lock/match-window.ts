// The k-of-n rule: one matching frame never unlocks; k matches among n face frames do.

export type FrameOutcome = 'match' | 'nonMatch' | 'noFace';
export type WindowDecision = 'unlock' | 'pending' | 'reject';

export interface MatchWindowOptions {
  /** Matches needed among the window's face frames (k). */
  requiredMatches?: number;
  /** Face frames in one attempt (n). */
  windowFrames?: number;
  /** A run of this many frames without a face ends the attempt (the person left; the next face starts afresh). */
  resetAfterNoFaceFrames?: number;
}

export const DEFAULT_REQUIRED_MATCHES = 3;
export const DEFAULT_WINDOW_FRAMES = 5;
/**
 * One second at 10 frames a second, a third of one at a webcam's 30: a reset only starts the
 * count of matches afresh, so a faster overlay errs on the strict side.
 */
export const DEFAULT_RESET_AFTER_NO_FACE_FRAMES = 10;

/**
 * Counts face frames since the last reset. Because the window resets as soon as it holds
 * n face frames (unlock or reject), "the last n face frames" are exactly the frames since
 * the reset, so two counters are enough.
 */
export class MatchWindow {
  readonly requiredMatches: number;
  readonly windowFrames: number;
  readonly resetAfterNoFaceFrames: number;
  #faceFrames = 0;
  #matches = 0;
  #noFaceRun = 0;

  constructor(options: MatchWindowOptions = {}) {
    this.requiredMatches = options.requiredMatches ?? DEFAULT_REQUIRED_MATCHES;
    this.windowFrames = options.windowFrames ?? DEFAULT_WINDOW_FRAMES;
    this.resetAfterNoFaceFrames = options.resetAfterNoFaceFrames ?? DEFAULT_RESET_AFTER_NO_FACE_FRAMES;
    if (!Number.isInteger(this.windowFrames) || this.windowFrames < 1) {
      throw new RangeError(`windowFrames must be a positive integer, got ${this.windowFrames}`);
    }
    if (!Number.isInteger(this.requiredMatches) || this.requiredMatches < 1 || this.requiredMatches > this.windowFrames) {
      throw new RangeError(`requiredMatches must be an integer in 1..${this.windowFrames}, got ${this.requiredMatches}`);
    }
    if (!Number.isInteger(this.resetAfterNoFaceFrames) || this.resetAfterNoFaceFrames < 1) {
      throw new RangeError(`resetAfterNoFaceFrames must be a positive integer, got ${this.resetAfterNoFaceFrames}`);
    }
  }

  /** 'reject' is one failed face attempt; after 'unlock' or 'reject' the window starts empty. */
  push(frameOutcome: FrameOutcome): WindowDecision {
    if (frameOutcome === 'noFace') {
      this.#noFaceRun += 1;
      if (this.#noFaceRun >= this.resetAfterNoFaceFrames) this.reset();
      return 'pending';
    }
    if (frameOutcome !== 'match' && frameOutcome !== 'nonMatch') {
      throw new TypeError(`unknown frame outcome ${String(frameOutcome)}`);
    }
    this.#noFaceRun = 0;
    this.#faceFrames += 1;
    if (frameOutcome === 'match') this.#matches += 1;
    if (this.#matches >= this.requiredMatches) {
      this.reset();
      return 'unlock';
    }
    if (this.#faceFrames >= this.windowFrames) {
      this.reset();
      return 'reject';
    }
    return 'pending';
  }

  reset(): void {
    this.#faceFrames = 0;
    this.#matches = 0;
    this.#noFaceRun = 0;
  }
}

/**
 * Probability that an impostor gets at least k matches in n independent frames when one
 * frame matches with probability perFrameFar (the binomial upper tail).
 *
 * Frames of one person are far from independent: a look-alike who matches once will
 * likely match again, so k-of-n does not protect against look-alikes (that is the
 * threshold's job, measured per person). What it does bound is chance flukes: one
 * frame's noise, blur or a half-turned head producing a single stray match. Those are
 * close to independent from frame to frame, which is the case this formula describes.
 * With perFrameFar = 1e-3, k = 3, n = 5 gives ≈ 1e-8.
 */
export function falseAcceptOfKofN(perFrameFar: number, k: number, n: number): number {
  if (!(perFrameFar >= 0 && perFrameFar <= 1)) throw new RangeError(`perFrameFar must be in [0, 1], got ${perFrameFar}`);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  if (!Number.isInteger(k) || k < 0 || k > n) throw new RangeError(`k must be an integer in 0..${n}, got ${k}`);
  let tail = 0;
  let choose = 1; // C(n, i), built up multiplicatively so it stays exact for small n
  for (let i = 0; i <= n; i += 1) {
    if (i > 0) choose = (choose * (n - i + 1)) / i;
    if (i >= k) tail += choose * perFrameFar ** i * (1 - perFrameFar) ** (n - i);
  }
  return Math.min(1, tail);
}
