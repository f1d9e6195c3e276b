// "False accepts at scale" (issue 11): FRR at low target FARs (1e-4, 2e-5, 1e-5 by default)
// with 95 % bounds and counts, for all pairs of single photos, the enrol-n protocol with single
// probes and with probes fused from several photos, every arm also at the shipped threshold;
// and the product's rule, each centre's own threshold calibrated against the shipped cohort.
// Impostor scores are streamed into ScoreTallies (bounded memory), never kept.
import { DEFAULT_THRESHOLD_COSINE, FaceProfile, TARGET_FAR_PER_ATTEMPT } from '../../main/face/recognition/face-profile.ts';
import { CalibratedProfile } from '../../main/face/recognition/profile-calibration.ts';
import { median } from '../../main/face/math/median.ts';
import { resolvesFar } from '../math/roc.ts';
import type { LoadedCohort } from '../cohort/cohort-file.ts';
import type { CalibratedArm, CountedRate, ScaleArm, ScaleMetrics, ScaleOperatingPoint } from '../report/report-data.ts';
import { fusedProtocolCounts, streamFusedProtocol } from './fused-protocol.ts';
import { clopperPearsonInterval, wilsonInterval } from './intervals.ts';
import { streamEnrolProtocol, type LabelledEmbedding, type ProtocolOptions } from './protocol.ts';
import { countDescendingAtLeast, ScoreTally, type Replay } from './score-tally.ts';
import { streamImpostorsInParallel } from './score-workers.ts';
import { thresholdForFar } from './streaming-roc.ts';

export const DEFAULT_SCALE_TARGETS = [1e-4, 2e-5, 1e-5];

/** One arm's scores: genuine kept (sorted, descending), impostors tallied, and how to replay them. */
export interface ArmScores {
  genuineDescending: Float64Array;
  impostors: ScoreTally;
  replay: Replay;
}

export interface ScaleOptions extends ProtocolOptions {
  targets: readonly number[];
  fuse: number;
  cohort: LoadedCohort | null;
  photosLeftOut: number;
  threads?: number;
}

export async function scaleMetrics(
  faces: LabelledEmbedding[],
  options: ScaleOptions,
  arms: { pairs: ArmScores; protocol: ArmScores & { persons: number } },
): Promise<ScaleMetrics> {
  const fusedOptions = { ...options, fuse: options.fuse };
  const fused = fusedArmScores(faces, fusedOptions);
  const describe = (id: ScaleArm['id'], label: string, scores: ArmScores, persons: number | null): ScaleArm => ({
    id,
    label,
    persons,
    genuineProbes: scores.genuineDescending.length,
    impostorProbes: scores.impostors.count,
    atTargets: options.targets.map((target) => pointForFar(scores, target)),
    atProduct: pointAt(scores, DEFAULT_THRESHOLD_COSINE, null),
  });
  const { cohort } = options;
  return {
    targets: [...options.targets],
    productThresholdCosine: DEFAULT_THRESHOLD_COSINE,
    enrolCount: options.enrolCount,
    draws: options.draws,
    fuse: options.fuse,
    cohort: cohort ? { dir: cohort.dir, count: cohort.faces.count, bytes: cohort.bytes, photosLeftOut: options.photosLeftOut } : null,
    arms: [
      describe('pairs', 'all pairs, single photos', arms.pairs, null),
      describe('protocol', `enrol ${options.enrolCount}, single probes`, arms.protocol, arms.protocol.persons),
      describe('fused', `enrol ${options.enrolCount}, probes fused from ${options.fuse}`, fused, fused.persons),
    ],
    calibrated: cohort ? await calibratedArm(faces, options, cohort, arms.protocol) : null,
  };
}

/** The fused protocol's scores (see fused-protocol.ts): a few hundred thousand, on one thread. */
export function fusedArmScores(faces: LabelledEmbedding[], options: ProtocolOptions & { fuse: number }): ArmScores & { persons: number } {
  const genuine = new Float64Array(fusedProtocolCounts(faces, options).genuine);
  let filled = 0;
  const impostors = new ScoreTally();
  const { enrolled } = streamFusedProtocol(faces, options, { genuine: (s) => (genuine[filled++] = s), impostor: (s) => impostors.add(s) });
  return {
    genuineDescending: genuine.sort().reverse(),
    impostors,
    replay: (visit) => void streamFusedProtocol(faces, options, { impostor: visit }),
    persons: enrolled.length,
  };
}

/** The arm at the threshold calibrated on its own impostors for `targetFar` (in-sample, so FAR ≤ target). */
export function pointForFar(scores: ArmScores, targetFar: number): ScaleOperatingPoint {
  if (scores.genuineDescending.length === 0 || scores.impostors.count === 0) return pointAt(scores, null, targetFar);
  return pointAt(scores, thresholdForFar(scores.impostors, targetFar, scores.replay), targetFar);
}

/** FRR (Wilson) and FAR (Clopper–Pearson) of the arm at a threshold. */
export function pointAt(scores: ArmScores, threshold: number | null, targetFar: number | null): ScaleOperatingPoint {
  const G = scores.genuineDescending.length;
  const I = scores.impostors.count;
  const resolved = targetFar === null || resolvesFar(I, targetFar);
  if (threshold === null || G === 0 || I === 0) {
    return { targetFar, thresholdCosine: null, resolved, frr: countedRate(0, G, 'wilson', false), far: countedRate(0, I, 'exact', false) };
  }
  scores.impostors.ensure({ thresholds: [threshold] }, scores.replay);
  const rejects = G - countDescendingAtLeast(scores.genuineDescending, threshold);
  return {
    targetFar,
    thresholdCosine: threshold,
    resolved,
    frr: countedRate(rejects, G, 'wilson'),
    far: countedRate(scores.impostors.countAtLeast(threshold), I, 'exact'),
  };
}

export function countedRate(count: number, of: number, interval: 'wilson' | 'exact', measured = true): CountedRate {
  if (!measured || of === 0) return { rate: null, low: 0, high: 1, count, of };
  const { low, high } = interval === 'wilson' ? wilsonInterval(count, of) : clopperPearsonInterval(count, of);
  return { rate: count / of, low, high, count, of };
}

/**
 * The product's rule on the enrol-n protocol: per enrolled centre, CalibratedProfile's threshold
 * (the shipped one as floor, the cohort, TARGET_FAR_PER_ATTEMPT); genuine and impostor probes
 * judged against their own centre's threshold. Impostors are streamed as margins score − threshold
 * on every core, and only counted.
 */
async function calibratedArm(faces: LabelledEmbedding[], options: ScaleOptions, cohort: LoadedCohort, plain: ArmScores): Promise<CalibratedArm> {
  const floor = DEFAULT_THRESHOLD_COSINE;
  const calibration = { floorThresholdCosine: floor, cohort: { faces: cohort.faces, farByZ: cohort.info.calibration.farByZ }, targetFar: TARGET_FAR_PER_ATTEMPT };
  const thresholds: number[] = [];
  let current = floor;
  let genuine = 0;
  let rejects = 0;
  streamEnrolProtocol(faces, options, {
    centre: (task, enrolled) => {
      current = CalibratedProfile.create(FaceProfile.fromEmbeddings(enrolled.map((k) => faces[k].embedding)), calibration).thresholdCosine;
      thresholds[task] = current;
    },
    genuine: (score) => {
      genuine++;
      if (score < current) rejects++;
    },
  });
  const shift = Float64Array.from(thresholds);
  let impostors = 0;
  let falseAccepts = 0;
  await streamImpostorsInParallel(faces, { kind: 'protocol', protocol: options, perTask: { shift, divide: new Float64Array(shift.length).fill(1) } }, (margin) => {
    impostors++;
    if (margin >= 0) falseAccepts++;
  }, options.threads);
  const sorted = shift.slice().sort();
  const quantile = (q: number) => (sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]);
  let raised = 0;
  for (const t of sorted) if (t > floor) raised++;
  return {
    targetFar: TARGET_FAR_PER_ATTEMPT,
    floorThresholdCosine: floor,
    profiles: sorted.length,
    frr: countedRate(rejects, genuine, 'wilson'),
    far: countedRate(falseAccepts, impostors, 'exact'),
    thresholds: {
      median: median(thresholds),
      p90: quantile(0.9),
      max: sorted.length ? sorted[sorted.length - 1] : Number.NaN,
      raisedShare: sorted.length ? raised / sorted.length : 0,
    },
    atFloor: pointAt(plain, floor, null),
  };
}
