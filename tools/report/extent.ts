// Smallest and largest value by a loop: Math.min(...values) passes every value as an argument
// and overflows the call stack past about 10⁵ of them (eval died so on 6,300 photos).

/** { min: +∞, max: −∞ } for no values; NaN values are skipped. */
export function extent(values: Iterable<number>): { min: number; max: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}
