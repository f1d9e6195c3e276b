// Presentation-attack metrics (ISO/IEC 30107-3) from passive liveness scores, higher = more live:
// APCER = attacks accepted / attacks, BPCER = live faces rejected / live faces, accepted when
// score ≥ threshold. Built on tools/math/roc.ts with live as "genuine" and spoof as "impostor".
import { auc, equalErrorRate, rates, rocCurve, thresholdForFar, type RocCurve } from '../math/roc.ts';
import { extent } from '../report/extent.ts';
import { judgePassiveScore, REFUSAL_MARGIN, TARGET_CHALLENGE_RATE, type PassiveThresholds } from '../../main/face/models/passive-liveness.ts';

export type AttackType = 'print' | 'screen' | 'other';

export interface ScoredSample {
  file: string;
  score: number;
}

export interface VerdictCounts {
  live: number;
  unsure: number;
  spoof: number;
}

export interface LivenessMetrics {
  counts: { live: number; spoof: number; byAttack: Record<AttackType, number>; noFace: number; unreadable: number };
  /** APCER at the highest threshold whose BPCER ≤ 5 %. */
  apcerAtBpcer5: number;
  thresholdAtBpcer5: number;
  /** BPCER at the lowest threshold whose APCER ≤ 5 %. */
  bpcerAtApcer5: number;
  thresholdAtApcer5: number;
  eer: number;
  eerThreshold: number;
  auc: number;
  /** One-sided 95 % upper bounds (Clopper–Pearson) of the two rates: what this many samples can vouch for. */
  apcerAtBpcer5Upper95: number;
  bpcerAtApcer5Upper95: number;
  /** Both classes have at least 20 samples, the least for a 5 % rate to mean anything. */
  enoughSamples: boolean;
  perAttack: Partial<Record<AttackType, { count: number; apcerAtBpcer5Threshold: number; verdicts: VerdictCounts }>>;
  /** The two thresholds these live photos call for, by the product's calibration targets. */
  calibration: { targetChallengeRate: number; refusalMargin: number; thresholds: PassiveThresholds };
  /** The product's two-threshold judge on each class. */
  operatingPoint: { thresholds: PassiveThresholds; live: VerdictCounts; spoof: VerdictCounts };
  roc: RocCurve;
}

/** From the file name: "print" or "screen" anywhere in it (the shared set's convention). */
export function attackTypeOf(file: string): AttackType {
  const name = file.toLowerCase();
  if (name.includes('print')) return 'print';
  if (name.includes('screen') || name.includes('replay')) return 'screen';
  return 'other';
}

/**
 * The highest threshold whose BPCER ≤ target: just below the (m + 1)-th lowest live score,
 * m = ⌊target · lives⌋ (thresholdForFar on negated scores, mirrored back).
 */
export function thresholdForBpcer(live: readonly number[], targetBpcer: number): number {
  return -thresholdForFar(live.map((s) => -s), targetBpcer);
}

/**
 * The passive judge's thresholds calibrated on live scores: "live" where at most the target
 * share of them fall below (they get the challenge), "spoof" a margin below the lowest (an
 * owner refused there never gets the challenge).
 */
export function calibratePassiveThresholds(
  live: readonly number[],
  targetChallengeRate = TARGET_CHALLENGE_RATE,
  refusalMargin = REFUSAL_MARGIN,
): PassiveThresholds {
  if (live.length === 0) throw new RangeError('calibratePassiveThresholds: no live scores');
  return { liveThreshold: thresholdForBpcer(live, targetChallengeRate), spoofThreshold: extent(live).min / refusalMargin };
}

/** Smallest p with P(X ≤ errors | n, p) ≤ 5 %: the one-sided 95 % upper bound of a rate. */
export function upperBound95(errors: number, n: number): number {
  if (n <= 0) return 1;
  if (errors >= n) return 1;
  const cdf = (p: number) => {
    let term = (1 - p) ** n;
    let sum = term;
    for (let k = 1; k <= errors; k++) {
      term *= ((n - k + 1) / k) * (p / (1 - p));
      sum += term;
    }
    return sum;
  };
  let lo = errors / n;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (cdf(mid) > 0.05) lo = mid;
    else hi = mid;
  }
  return hi;
}

function verdicts(scores: readonly number[], thresholds: PassiveThresholds): VerdictCounts {
  const counts = { live: 0, unsure: 0, spoof: 0 };
  for (const score of scores) {
    const verdict = judgePassiveScore(score, thresholds);
    counts[verdict === true ? 'live' : verdict === false ? 'spoof' : 'unsure']++;
  }
  return counts;
}

export function computeLivenessMetrics(
  live: readonly ScoredSample[],
  spoof: readonly ScoredSample[],
  options: { thresholds: PassiveThresholds; noFace?: number; unreadable?: number },
): LivenessMetrics {
  const liveScores = live.map((s) => s.score);
  const spoofScores = spoof.map((s) => s.score);
  const thresholdAtBpcer5 = thresholdForBpcer(liveScores, 0.05);
  const thresholdAtApcer5 = thresholdForFar(spoofScores, 0.05);
  const atBpcer5 = rates(liveScores, spoofScores, thresholdAtBpcer5);
  const atApcer5 = rates(liveScores, spoofScores, thresholdAtApcer5);
  const { eer, thresholdCosine: eerThreshold } = equalErrorRate(liveScores, spoofScores);

  const byAttack: Record<AttackType, number> = { print: 0, screen: 0, other: 0 };
  const perAttack: LivenessMetrics['perAttack'] = {};
  for (const type of ['print', 'screen', 'other'] as const) {
    const scores = spoof.filter((s) => attackTypeOf(s.file) === type).map((s) => s.score);
    byAttack[type] = scores.length;
    if (scores.length === 0) continue;
    perAttack[type] = {
      count: scores.length,
      apcerAtBpcer5Threshold: scores.filter((s) => s >= thresholdAtBpcer5).length / scores.length,
      verdicts: verdicts(scores, options.thresholds),
    };
  }
  return {
    counts: { live: live.length, spoof: spoof.length, byAttack, noFace: options.noFace ?? 0, unreadable: options.unreadable ?? 0 },
    apcerAtBpcer5: atBpcer5.far,
    thresholdAtBpcer5,
    bpcerAtApcer5: atApcer5.frr,
    thresholdAtApcer5,
    eer,
    eerThreshold,
    auc: auc(liveScores, spoofScores),
    apcerAtBpcer5Upper95: upperBound95(Math.round(atBpcer5.far * spoof.length), spoof.length),
    bpcerAtApcer5Upper95: upperBound95(Math.round(atApcer5.frr * live.length), live.length),
    enoughSamples: live.length >= 20 && spoof.length >= 20,
    perAttack,
    calibration: { targetChallengeRate: TARGET_CHALLENGE_RATE, refusalMargin: REFUSAL_MARGIN, thresholds: calibratePassiveThresholds(liveScores) },
    operatingPoint: { thresholds: options.thresholds, live: verdicts(liveScores, options.thresholds), spoof: verdicts(spoofScores, options.thresholds) },
    roc: rocCurve(liveScores, spoofScores),
  };
}
