// Which frame of a clip the camera shows next: in order, looped for attacks, and for a bona
// fide clip jumped to where the person makes the move main just asked for. A real person
// obeys without a cut, so the jump is taken only where it does not show: from a frame the
// product would take as continuing into one of the stretch's first frames or the rest frames
// just before them (`seamless`, `leadFrames`); until one does, the clip plays on, and a
// stretch it reaches by itself is the move made.
import { type MoveStretch } from './moves.ts';
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
  /** Would the product see frame `to` shown right after frame `from` as one face moving on? Any jump when absent. */
  seamless?: (from: number, to: number) => boolean;
  /** A jump may land this many frames before a stretch's start (at rest, the move still to come); default 0. */
  leadFrames?: number;
}

export class Playback {
  private index: number;
  private shown = 1;
  /** The move asked and not yet made. */
  private pending: ChallengeStep | null = null;

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

  /**
   * Moves on one frame, or to a stretch where the person makes the move asked (`obeying`, or
   * one asked before and not yet made); true when it jumped.
   */
  next(obeying: ChallengeStep | null = null): boolean {
    this.shown++;
    if (obeying) this.pending = obeying;
    const following = this.index + 1;
    const landing = this.pending ? this.landing(this.pending, following) : undefined;
    if (landing !== undefined) {
      this.index = landing;
      this.pending = null;
      return true;
    }
    this.index = this.options.loop ? following % this.options.frameCount : following;
    return false;
  }

  /** Where to jump to make `move` unseen; undefined to play on (and the move is made when the next frame starts it). */
  private landing(move: ChallengeStep, following: number): number | undefined {
    const stretches = this.options.stretches?.[move] ?? [];
    if (stretches.some((s) => s.startIndex === following)) {
      this.pending = null;
      return undefined;
    }
    const seamless = this.options.seamless ?? (() => true);
    const lead = this.options.leadFrames ?? 0;
    // The nearest stretch ahead first, then from the clip's start; its start, else a frame of the lead-in.
    const ordered = [...stretches.filter((s) => s.startIndex > following), ...stretches.filter((s) => s.startIndex < following)];
    const landings = ordered.flatMap((s) => Array.from({ length: lead + 1 }, (_, k) => s.startIndex - k).filter((i) => i >= 0 && i !== following));
    return landings.find((to) => seamless(this.index, to));
  }
}
