// Exact order statistics and counts of a stream of scores too long to keep (50 million pairs
// for 10,000 photos), in bounded memory: a 65,536-bin histogram, every score above a rising
// cutoff (the highest ~topCapacity, where low false-accept thresholds live), and, only when
// asked for a rank or threshold below the cutoff, the scores of that one bin, gathered by
// replaying the stream once. Answers match sorting every score (tools/math/roc.ts).

import { SCORE_BINS, scoreBin } from '../report/score-histogram.ts';

/** Re-runs the very same scores (same values, any order) through `visit`. */
export type Replay = (visit: (score: number) => void) => void;

export interface TallyOptions {
  /** Scores kept exactly above the cutoff: twice this many at most. */
  topCapacity?: number;
  /** Histogram bins over [-1, 1] (cosines), SCORE_BINS by default; scores outside go to the end bins. */
  bins?: number;
}

export class ScoreTally {
  count = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  readonly histogram: Float64Array;
  private readonly topCapacity: number;
  private top: Float64Array;
  private topCount = 0;
  /** Every score greater than this is in `top` (−∞ until `top` first fills). */
  private cutoff = Number.NEGATIVE_INFINITY;
  private sortedTop: Float64Array | null = null;
  /** Per refined bin, its scores in descending order. */
  private readonly refined = new Map<number, Float64Array>();

  constructor(options: TallyOptions = {}) {
    this.topCapacity = options.topCapacity ?? 1 << 20;
    this.histogram = new Float64Array(options.bins ?? SCORE_BINS);
    this.top = new Float64Array(Math.min(2 * this.topCapacity, 1 << 16));
  }

  add(score: number): void {
    if (!Number.isFinite(score)) throw new RangeError('scores must be finite numbers');
    this.count++;
    if (score < this.min) this.min = score;
    if (score > this.max) this.max = score;
    this.histogram[this.binOf(score)]++;
    if (score <= this.cutoff) return;
    if (this.topCount === this.top.length) {
      this.makeRoom();
      if (score <= this.cutoff) return;
    }
    this.top[this.topCount++] = score;
    this.sortedTop = null;
  }

  binOf(score: number): number {
    return scoreBin(score, this.histogram.length);
  }

  /**
   * Makes `orderStatistic` answer these ranks and the counts these thresholds, replaying
   * the stream once if any lies below the cutoff in a bin not gathered yet.
   */
  ensure(request: { ranks?: readonly number[]; thresholds?: readonly number[] }, replay: Replay): void {
    const wanted = new Set<number>();
    for (const rank of request.ranks ?? []) if (rank >= this.topCount && rank < this.count) wanted.add(this.binOfRank(rank).bin);
    for (const t of request.thresholds ?? []) if (!this.keptAll() && !(t > this.cutoff)) wanted.add(this.binOf(t));
    for (const bin of this.refined.keys()) wanted.delete(bin);
    if (wanted.size === 0) return;
    const gathered = new Map([...wanted].map((bin) => [bin, { values: new Float64Array(this.histogram[bin]), filled: 0 }]));
    replay((score) => {
      const slot = gathered.get(this.binOf(score));
      if (slot) slot.values[slot.filled++] = score;
    });
    for (const [bin, slot] of gathered) {
      if (slot.filled !== slot.values.length) throw new Error(`replay gave ${slot.filled} scores in bin ${bin}, the stream ${slot.values.length}`);
      this.refined.set(bin, slot.values.sort().reverse());
    }
  }

  /** The score of 0-based rank `rank` from the highest. */
  orderStatistic(rank: number): number {
    if (!(rank >= 0 && rank < this.count)) throw new RangeError(`rank ${rank} outside 0..${this.count - 1}`);
    if (rank < this.topCount) return this.descendingTop()[rank];
    const { bin, above } = this.binOfRank(rank);
    return this.refinedBin(bin)[rank - above];
  }

  /** How many scores are ≥ t. */
  countAtLeast(t: number): number {
    return this.countFrom(t, false);
  }

  /** How many scores are > t. */
  countAbove(t: number): number {
    return this.countFrom(t, true);
  }

  private countFrom(t: number, strict: boolean): number {
    if (this.keptAll() || t > this.cutoff || (strict && t === this.cutoff)) return countDescendingAtLeast(this.descendingTop(), t, strict);
    const bin = this.binOf(t);
    let above = 0;
    for (let b = this.histogram.length - 1; b > bin; b--) above += this.histogram[b];
    return above + countDescendingAtLeast(this.refinedBin(bin), t, strict);
  }

  /** Whether every score is still in `top` (the stream never filled it). */
  private keptAll(): boolean {
    return this.cutoff === Number.NEGATIVE_INFINITY;
  }

  private refinedBin(bin: number): Float64Array {
    const values = this.refined.get(bin);
    if (!values) throw new Error(`bin ${bin} was not gathered: call ensure() first`);
    return values;
  }

  private binOfRank(rank: number): { bin: number; above: number } {
    let above = 0;
    for (let bin = this.histogram.length - 1; bin >= 0; bin--) {
      if (rank < above + this.histogram[bin]) return { bin, above };
      above += this.histogram[bin];
    }
    throw new RangeError(`rank ${rank} outside the ${this.count} scores`);
  }

  private descendingTop(): Float64Array {
    this.sortedTop ??= this.top.slice(0, this.topCount).sort().reverse();
    return this.sortedTop;
  }

  /** Grows `top` up to twice the capacity, then keeps only the scores above the capacity-th highest. */
  private makeRoom(): void {
    if (this.top.length < 2 * this.topCapacity) {
      const grown = new Float64Array(Math.min(2 * this.top.length, 2 * this.topCapacity));
      grown.set(this.top);
      this.top = grown;
      return;
    }
    const kept = this.top.subarray(0, this.topCount).sort().reverse();
    this.cutoff = kept[this.topCapacity - 1];
    this.topCount = countDescendingAtLeast(kept, this.cutoff, true);
  }
}

/** In a descending array: how many are ≥ t (or > t when `strict`), by binary search. */
export function countDescendingAtLeast(values: Float64Array, t: number, strict = false): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (strict ? values[mid] > t : values[mid] >= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
