// Input of the eval report: everything the pipeline measured, already reduced to plain data
// so the rendering code never touches images, models or the file tree.
import type { ScoreHistogram } from './score-histogram.ts';

export interface ReportFace {
  person: string;
  file: string;
  /** data:image/jpeg;base64,… small thumbnail (≈64 px) */
  thumbDataUrl: string;
  faceWidthPx: number;
}

export interface ReportProblem {
  file: string;
  kind: 'noFace' | 'multiFace' | 'unreadable';
  detail: string;
}

export interface ReportData {
  title: string; // e.g. "five_celebrity"
  datasetPath: string;
  createdIso: string;
  faces: ReportFace[]; // one per embedded face, sorted by person
  /** The similarity matrix's faces (all, or whole persons sampled evenly when too many to draw) and their cosines, row-major. */
  heatmap: { faces: ReportFace[]; similarity: Float64Array };
  /** The PCA plot's faces (all, or a sample) with their [x, y]. */
  pca: { faces: ReportFace[]; points: number[][]; explained: [number, number] };
  /** All-pairs same-person (genuine) and different-person (impostor) cosines, as histograms. */
  histograms: { genuine: ScoreHistogram; impostor: ScoreHistogram };
  /** The ROC's points by rising FAR, from (0, 0) to (1, 1). */
  roc: { far: ArrayLike<number>; tar: ArrayLike<number> };
  metrics: EvalMetrics;
  problems: ReportProblem[]; // every photo with no face, several faces (the largest was used), or unreadable
}

/** Written as metrics.json: a stable contract, every rate a fraction in [0,1]. */
export interface EvalMetrics {
  auc: number;
  eer: number;
  eerThresholdCosine: number;
  tarAtFar: { '1e-2': number | null; '1e-3': number | null; '1e-4': number | null };
  /** The tutorial's enrol-n protocol; rates are null when no person has more than enrolCount photos. */
  protocol: {
    enrolCount: number;
    draws: number;
    persons: number;
    thresholdCosine: number | null;
    targetFar: number;
    frr: number | null;
    far: number | null;
    frrAt08: number | null;
    farAt08: number | null;
    genuineProbes: number;
    impostorProbes: number;
    /** The product's shipped default threshold and the protocol's rates at it. */
    productThresholdCosine: number;
    frrAtProduct: number | null;
    farAtProduct: number | null;
  };
  counts: {
    images: number;
    faces: number;
    noFace: number;
    multiFace: number;
    unreadable: number;
    genuinePairs: number;
    impostorPairs: number;
  };
  timingsMs: Record<string, number>; // median per stage, e.g. decode, detect, crop, landmarks, align, embed
  /** The photo pipeline's pace in this run: photos from file to embedding (or cache hit) per second. */
  throughput: { photos: number; cachedPhotos: number; seconds: number; photosPerSecond: number };
  /** False accepts at scale (issue 11): low target FARs, with 95 % bounds and counts. */
  atScale?: ScaleMetrics;
}

/** `count` of `of` trials, the rate and its 95 % interval (Wilson for FRR, Clopper–Pearson for FAR). */
export interface CountedRate {
  rate: number | null;
  low: number;
  high: number;
  count: number;
  of: number;
}

/** One threshold of one arm: calibrated on the arm's impostors for `targetFar`, or given (targetFar null). */
export interface ScaleOperatingPoint {
  targetFar: number | null;
  /** −Infinity never happens here; null when the arm has no probes. */
  thresholdCosine: number | null;
  /** Whether the arm has the 1 / targetFar impostor probes needed to measure targetFar at all. */
  resolved: boolean;
  frr: CountedRate;
  far: CountedRate;
}

export interface ScaleArm {
  id: 'pairs' | 'protocol' | 'fused';
  label: string;
  /** Persons enrolled (protocol arms). */
  persons: number | null;
  genuineProbes: number;
  impostorProbes: number;
  atTargets: ScaleOperatingPoint[];
  atProduct: ScaleOperatingPoint;
}

/** The product's rule: each enrolled centre's own threshold, calibrated against the cohort. */
export interface CalibratedArm {
  targetFar: number;
  floorThresholdCosine: number;
  /** Enrolled centres (persons × draws). */
  profiles: number;
  frr: CountedRate;
  far: CountedRate;
  thresholds: { median: number; p90: number; max: number; raisedShare: number };
  /** The plain enrol-n protocol at the floor threshold, for comparison. */
  atFloor: ScaleOperatingPoint;
}

export interface ScaleMetrics {
  targets: number[];
  productThresholdCosine: number;
  enrolCount: number;
  draws: number;
  fuse: number;
  /** The cohort used for the calibrated arm; its photos were left out of every arm. */
  cohort: { dir: string; count: number; bytes: number; photosLeftOut: number } | null;
  arms: ScaleArm[];
  calibrated: CalibratedArm | null;
}
