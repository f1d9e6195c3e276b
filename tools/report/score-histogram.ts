// Score distributions as fine histograms: what the report draws when a set has millions of
// pairs. 65,536 equal bins over [-1, 1] (cosines), 3·10⁻⁵ wide; the figure's bars are sums of
// them, so a bar edge is placed within one fine bin of where the exact count would put it.

export const SCORE_BINS = 1 << 16;

export interface ScoreHistogram {
  /** SCORE_BINS counts over [-1, 1]; scores outside fall in the end bins. */
  counts: Float64Array;
  count: number;
  min: number;
  max: number;
}

/** The bin of `score` among `bins` equal bins over [-1, 1]; scores outside go to the end bins. */
export function scoreBin(score: number, bins: number): number {
  const bin = Math.floor(((score + 1) / 2) * bins);
  return bin < 0 ? 0 : bin >= bins ? bins - 1 : bin;
}

export function histogramOf(scores: ArrayLike<number>): ScoreHistogram {
  const counts = new Float64Array(SCORE_BINS);
  let [min, max] = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (let k = 0; k < scores.length; k++) {
    counts[scoreBin(scores[k], SCORE_BINS)]++;
    if (scores[k] < min) min = scores[k];
    if (scores[k] > max) max = scores[k];
  }
  return { counts, count: scores.length, min, max };
}

/** Counts per equal-width bar over [lo, hi], each fine bin going where its centre falls; outside values clamp to the end bars. */
export function histogramCounts(histogram: ScoreHistogram, lo: number, hi: number, barCount: number): number[] {
  const bars = new Array<number>(barCount).fill(0);
  const fine = histogram.counts.length;
  for (let b = 0; b < fine; b++) {
    if (histogram.counts[b] === 0) continue;
    const centre = -1 + (2 * (b + 0.5)) / fine;
    bars[Math.min(barCount - 1, Math.max(0, Math.floor(((centre - lo) / (hi - lo)) * barCount)))] += histogram.counts[b];
  }
  return bars;
}
