// ROC metrics of genuine scores (kept, sorted: a few per photo) against a stream of impostor
// scores (counted, never kept): each impostor falls between two consecutive distinct genuine
// scores, and those counts alone give the exact AUC and the ROC's corners; the few impostor
// scores the EER and TAR@FAR thresholds are made of come from a ScoreTally. Every figure is
// the one tools/math/roc.ts gives on the full lists, to the last bit (roc-scale.test.ts).
import { allowedFalseAccepts, nextUp, resolvesFar } from '../math/roc.ts';
import { countDescendingAtLeast, ScoreTally, type Replay, type TallyOptions } from './score-tally.ts';

export class StreamingRoc {
  readonly impostors: ScoreTally;
  /** Distinct genuine scores, descending, and how many genuine scores have each. */
  private readonly values: Float64Array;
  private readonly counts: Float64Array;
  /** slots[j]: impostors strictly between values[j-1] and values[j] (slots[0]: above all, last: below all). */
  private readonly slots: Float64Array;
  /** ties[j]: impostors equal to values[j]. */
  private readonly ties: Float64Array;
  readonly genuineSorted: Float64Array;

  constructor(genuine: Float64Array, options: TallyOptions = {}) {
    if (genuine.length === 0) throw new RangeError('genuine: no scores');
    for (const s of genuine) if (!Number.isFinite(s)) throw new RangeError('genuine: scores must be finite numbers');
    this.genuineSorted = genuine.slice().sort().reverse();
    const values: number[] = [];
    const counts: number[] = [];
    for (const s of this.genuineSorted) {
      if (values.length > 0 && values[values.length - 1] === s) counts[counts.length - 1]++;
      else values.push(s), counts.push(1);
    }
    this.values = Float64Array.from(values);
    this.counts = Float64Array.from(counts);
    this.slots = new Float64Array(values.length + 1);
    this.ties = new Float64Array(values.length);
    this.impostors = new ScoreTally(options);
  }

  addImpostor(score: number): void {
    this.impostors.add(score);
    const values = this.values;
    let lo = 0;
    let hi = values.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (values[mid] > score) lo = mid + 1;
      else hi = mid;
    }
    if (lo < values.length && values[lo] === score) this.ties[lo]++;
    else this.slots[lo]++;
  }

  get genuineCount(): number {
    return this.genuineSorted.length;
  }

  /** The Mann–Whitney AUC, ties ½; integer arithmetic in doubles, exact below 2⁵³ pairs. */
  auc(): number {
    this.checkImpostors();
    let twiceWins = 0;
    let above = 0;
    for (let j = 0; j < this.values.length; j++) {
      twiceWins += this.slots[j] * 2 * above + this.ties[j] * (2 * above + this.counts[j]);
      above += this.counts[j];
    }
    twiceWins += this.slots[this.values.length] * 2 * above;
    return twiceWins / 2 / (this.genuineCount * this.impostors.count);
  }

  /** As roc.ts's equalErrorRate; the impostor scores it needs are gathered through `replay`. */
  equalErrorRate(replay: Replay): { eer: number; thresholdCosine: number } {
    this.checkImpostors();
    const G = this.genuineCount;
    const I = this.impostors.count;
    const gap = (imp: number, gen: number) => imp * G - (G - gen) * I;
    const interpolate = (far1: number, frr1: number, far2: number, frr2: number) => {
      const before = far1 - frr1;
      const fraction = -before / (far2 - frr2 - before);
      return far1 + fraction * (far2 - far1);
    };
    let imp = 0;
    let gen = 0;
    for (let j = 0; j <= this.values.length; j++) {
      if (this.slots[j] > 0 && gap(imp + this.slots[j], gen) >= 0) {
        // The crossing is an impostor step inside this slot, at the first impostor rank where
        // FAR ≥ FRR: the smallest count a with a·G ≥ (G − gen)·I.
        const v = this.orderStatistic(Math.max(imp + 1, ceilDivide((G - gen) * I, G)) - 1, replay);
        const atV = this.impostors.countAtLeast(v);
        if (gap(atV, gen) === 0) {
          const below = atV < imp + this.slots[j] ? this.orderStatistic(atV, replay) : this.values[j];
          return { eer: atV / I, thresholdCosine: (v + below) / 2 };
        }
        const frr = 1 - gen / G;
        return { eer: interpolate(this.impostors.countAbove(v) / I, frr, atV / I, frr), thresholdCosine: v };
      }
      imp += this.slots[j];
      if (j === this.values.length) break;
      const [imp2, gen2] = [imp + this.ties[j], gen + this.counts[j]];
      if (gap(imp2, gen2) >= 0) {
        if (gap(imp2, gen2) === 0) {
          const below = this.slots[j + 1] > 0 ? this.orderStatistic(imp2, replay) : this.values[j + 1];
          return { eer: imp2 / I, thresholdCosine: (this.values[j] + below) / 2 };
        }
        return { eer: interpolate(imp / I, 1 - gen / G, imp2 / I, 1 - gen2 / G), thresholdCosine: this.values[j] };
      }
      [imp, gen] = [imp2, gen2];
    }
    throw new Error('the ROC never reached FAR ≥ FRR');
  }

  /** As roc.ts's thresholdForFar on the impostor scores. */
  thresholdForFar(targetFar: number, replay: Replay): number {
    return thresholdForFar(this.impostors, targetFar, replay);
  }

  /** As roc.ts's tarAtFar. */
  tarAtFar(targetFar: number, replay: Replay): number | null {
    if (!resolvesFar(this.impostors.count, targetFar)) return null;
    const threshold = this.thresholdForFar(targetFar, replay);
    return countDescendingAtLeast(this.genuineSorted, threshold) / this.genuineCount;
  }

  /** The ROC's corners, strictest first (FAR, TAR from 0 to 1): exact, one pair per distinct genuine score. */
  curve(): { far: Float64Array; tar: Float64Array } {
    const G = this.genuineCount;
    const I = this.impostors.count;
    const far = new Float64Array(2 * this.values.length + 2);
    const tar = new Float64Array(far.length);
    let [imp, gen, k] = [0, 0, 1];
    for (let j = 0; j <= this.values.length; j++) {
      imp += this.slots[j];
      [far[k], tar[k]] = [imp / I, gen / G];
      k++;
      if (j === this.values.length) break;
      imp += this.ties[j];
      gen += this.counts[j];
      [far[k], tar[k]] = [imp / I, gen / G];
      k++;
    }
    return { far, tar };
  }

  private orderStatistic(rank: number, replay: Replay): number {
    this.impostors.ensure({ ranks: [rank] }, replay);
    return this.impostors.orderStatistic(rank);
  }

  private checkImpostors(): void {
    if (this.impostors.count === 0) throw new RangeError('impostor: no scores');
  }
}

/** ⌈a / b⌉ for integers below 2⁵³, without the rounding of a floating division. */
function ceilDivide(a: number, b: number): number {
  let q = Math.floor(a / b);
  while (q * b < a) q++;
  while (q > 0 && (q - 1) * b >= a) q--;
  return q;
}

/** roc.ts's thresholdForFar on a tally: just above the (m + 1)-th highest score, m = ⌊targetFar · n⌋. */
export function thresholdForFar(tally: ScoreTally, targetFar: number, replay: Replay): number {
  if (!(targetFar >= 0 && targetFar <= 1)) throw new RangeError(`targetFar must be in [0, 1], got ${targetFar}`);
  if (tally.count === 0) throw new RangeError('impostor: no scores');
  const allowed = allowedFalseAccepts(targetFar, tally.count);
  if (allowed >= tally.count) return Number.NEGATIVE_INFINITY;
  tally.ensure({ ranks: [allowed] }, replay);
  return nextUp(tally.orderStatistic(allowed));
}
