// Which frame of a clip the camera shows next: in order, looped for attacks, and for a bona
// fide clip jumped to where the person makes the move main just asked for.
import { nextStretch, type MoveStretch } from './moves.ts';
import type { ChallengeStep } from '../../main/face/outcomes.ts';

export interface PlaybackOptions {
  frameCount: number;
  /** The first frame shown (an attack's start offset). */
  startIndex?: number;
  /** Attacks loop; a bona fide clip ends with its last frame. */
  loop: boolean;
  /** At most this many frames are shown. */
  maxFrames: number;
  /** Bona fide only: where the person makes each move. */
  stretches?: Partial<Record<ChallengeStep, readonly MoveStretch[]>>;
}

export class Playback {
  private index: number;
  private shown = 1;

  constructor(private readonly options: PlaybackOptions) {
    if (!(options.frameCount > 0)) throw new RangeError('Playback: no frames');
    this.index = (options.startIndex ?? 0) % options.frameCount;
  }

  /** The frame index to show now. */
  get frameIndex(): number {
    return this.index;
  }

  get done(): boolean {
    return this.shown > this.options.maxFrames || this.index >= this.options.frameCount;
  }

  /** Moves on one frame, or to the next stretch where the person makes `obeying`; true when it jumped. */
  next(obeying: ChallengeStep | null = null): boolean {
    this.shown++;
    const stretch = obeying ? nextStretch(this.options.stretches?.[obeying] ?? [], this.index) : null;
    if (stretch) {
      this.index = stretch.startIndex;
      return true;
    }
    this.index = this.options.loop ? (this.index + 1) % this.options.frameCount : this.index + 1;
    return false;
  }
}
