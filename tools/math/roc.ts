// Verification error rates from similarity scores. Higher scores mean more alike, and a pair is
// accepted when score ≥ threshold: FAR = impostors accepted / impostors, TAR = genuine accepted /
// genuine, FRR = 1 − TAR.

export type Scores = readonly number[] | Float32Array | Float64Array;

export interface RocCurve {
  far: number[];
  tar: number[];
  /** thresholds[k] gives (far[k], tar[k]); +Infinity first (accept nothing), then every distinct score. */
  thresholds: number[];
}

function checkScores(scores: Scores, what: string): void {
  if (scores.length === 0) throw new RangeError(`${what}: no scores`);
  for (const s of scores) if (!Number.isFinite(s)) throw new RangeError(`${what}: scores must be finite numbers`);
}

function sortedDescending(scores: Scores, what: string): Float64Array {
  checkScores(scores, what);
  return Float64Array.from(scores).sort().reverse();
}

function checkTargetFar(targetFar: number): void {
  if (!(targetFar >= 0 && targetFar <= 1)) throw new RangeError(`targetFar must be in [0, 1], got ${targetFar}`);
}

/** Accepted counts at +Infinity and at each distinct score, strictest first. */
function rocCounts(genuine: Scores, impostor: Scores) {
  const g = sortedDescending(genuine, 'genuine');
  const im = sortedDescending(impostor, 'impostor');
  const thresholds = [Number.POSITIVE_INFINITY];
  const genuineAccepted = [0];
  const impostorsAccepted = [0];
  let i = 0;
  let j = 0;
  while (i < g.length || j < im.length) {
    const t = Math.max(i < g.length ? g[i] : Number.NEGATIVE_INFINITY, j < im.length ? im[j] : Number.NEGATIVE_INFINITY);
    while (i < g.length && g[i] === t) i++;
    while (j < im.length && im[j] === t) j++;
    thresholds.push(t);
    genuineAccepted.push(i);
    impostorsAccepted.push(j);
  }
  return { thresholds, genuineAccepted, impostorsAccepted, genuineCount: g.length, impostorCount: im.length };
}

export function rocCurve(genuine: Scores, impostor: Scores): RocCurve {
  const counts = rocCounts(genuine, impostor);
  return {
    far: counts.impostorsAccepted.map((c) => c / counts.impostorCount),
    tar: counts.genuineAccepted.map((c) => c / counts.genuineCount),
    thresholds: counts.thresholds,
  };
}

/**
 * Area under the ROC curve, computed exactly as the Mann–Whitney probability that a genuine
 * score beats an impostor score, ties counting ½.
 */
export function auc(genuine: Scores, impostor: Scores): number {
  const { genuineAccepted: g, impostorsAccepted: im, genuineCount, impostorCount } = rocCounts(genuine, impostor);
  let wins = 0;
  for (let k = 1; k < g.length; k++) wins += (im[k] - im[k - 1]) * (g[k - 1] + (g[k] - g[k - 1]) / 2);
  return wins / (genuineCount * impostorCount);
}

/**
 * Equal error rate. The ROC points run strictest first, where FAR − FRR = −1, to FAR − FRR = +1;
 * `eer` is linearly interpolated along the segment on which FAR − FRR turns non-negative.
 * `thresholdCosine` is the score at that step, where FAR overtakes FRR; when FAR = FRR exactly
 * over a range of thresholds (e.g. perfect separation), it is the midpoint of that range.
 */
export function equalErrorRate(genuine: Scores, impostor: Scores): { eer: number; thresholdCosine: number } {
  const { thresholds, genuineAccepted, impostorsAccepted, genuineCount, impostorCount } = rocCounts(genuine, impostor);
  const far = (k: number) => impostorsAccepted[k] / impostorCount;
  const frr = (k: number) => 1 - genuineAccepted[k] / genuineCount;
  // Compared on integer counts so that exact equality is not lost to rounding.
  const gap = (k: number) => impostorsAccepted[k] * genuineCount - (genuineCount - genuineAccepted[k]) * impostorCount;
  let k = 1;
  while (gap(k) < 0) k++;
  if (gap(k) === 0) return { eer: far(k), thresholdCosine: (thresholds[k] + thresholds[k + 1]) / 2 };
  const before = far(k - 1) - frr(k - 1);
  const after = far(k) - frr(k);
  const fraction = -before / (after - before);
  return { eer: far(k - 1) + fraction * (far(k) - far(k - 1)), thresholdCosine: thresholds[k] };
}

/** The smallest double greater than x. */
export function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  const value = new Float64Array([x]);
  const bits = new BigInt64Array(value.buffer);
  bits[0] += x > 0 ? 1n : -1n;
  return value[0];
}

/** Number of false accepts allowed at targetFar; the epsilon stops 0.29·100 = 28.999… losing one. */
export function allowedFalseAccepts(targetFar: number, impostorCount: number): number {
  return Math.floor(targetFar * impostorCount + 1e-9);
}

/**
 * The smallest threshold whose FAR ≤ targetFar: just above (the next double after) the
 * (m + 1)-th highest impostor score, m = ⌊targetFar · impostors⌋; −Infinity when every
 * impostor may be accepted.
 */
export function thresholdForFar(impostor: Scores, targetFar: number): number {
  checkTargetFar(targetFar);
  const sorted = sortedDescending(impostor, 'impostor');
  const allowed = allowedFalseAccepts(targetFar, sorted.length);
  return allowed >= sorted.length ? Number.NEGATIVE_INFINITY : nextUp(sorted[allowed]);
}

/**
 * The highest TAR among thresholds whose FAR ≤ targetFar, or null when there are fewer than
 * ⌈1/targetFar⌉ impostor scores, too few for that rate to mean anything (always null at 0).
 */
export function tarAtFar(genuine: Scores, impostor: Scores, targetFar: number): number | null {
  checkTargetFar(targetFar);
  if (!resolvesFar(impostor.length, targetFar)) return null;
  const threshold = thresholdForFar(impostor, targetFar);
  checkScores(genuine, 'genuine');
  let accepted = 0;
  for (const s of genuine) if (s >= threshold) accepted++;
  return accepted / genuine.length;
}

/** Whether this many impostor scores can measure targetFar: at least ⌈1/targetFar⌉ of them. */
export function resolvesFar(impostorCount: number, targetFar: number): boolean {
  // The epsilon absorbs rounding such as 1/(1/49) = 49.00000000000001, which would ask for 50.
  return impostorCount >= Math.ceil(1 / targetFar - 1e-9);
}

export function rates(genuine: Scores, impostor: Scores, threshold: number): { frr: number; far: number } {
  if (Number.isNaN(threshold)) throw new RangeError('rates: threshold is NaN');
  checkScores(genuine, 'genuine');
  checkScores(impostor, 'impostor');
  let rejected = 0;
  for (const s of genuine) if (s < threshold) rejected++;
  let accepted = 0;
  for (const s of impostor) if (s >= threshold) accepted++;
  return { frr: rejected / genuine.length, far: accepted / impostor.length };
}
