// A threshold per profile: each appearance's centre is scored against the cohort of strangers
// (cohort.ts), and a face that sits in a crowded part of the space, close to many strangers,
// gets a stricter threshold than the shipped one. The rule is score normalisation (z-norm):
// a stranger's cosine to this centre is expected around the cohort's mean, with its spread,
// and z = (cosine − mean) / sd is what the calibration table (measured at scale by
// `npm run build-cohort`, impostor probes of people outside the cohort) turns into a
// false-accept rate. The shipped threshold stays the floor: calibration only ever tightens.
import type { FaceProfile } from './face-profile.ts';
import type { FaceCohort } from './cohort.ts';
import { cosineSimilarity } from '../math/vectors.ts';

/** One row of the table: of `impostorProbes` z-normed stranger scores, `falseAccepts` were ≥ z. */
export interface FarAtZ {
  z: number;
  falseAccepts: number;
  impostorProbes: number;
}

/** A false-accept rate as it can honestly be said: measured, or only bounded when none was seen. */
export interface FarEstimate {
  far: number;
  /** 'about': measured (interpolated); 'below': beyond the table, the 95 % bound (3 / probes). */
  kind: 'about' | 'below';
}

export interface AppearanceCalibration {
  appearanceId: string;
  cohortMeanCosine: number;
  cohortSdCosine: number;
  thresholdCosine: number;
  /** Per compared frame, for this appearance at its threshold. */
  far: FarEstimate | null;
}

export interface ProfileMatch {
  /** The appearance that came closest to its own threshold. */
  appearanceId: string;
  /** The cosine to the appearance that came closest to its own threshold. */
  similarityCosine: number;
  /** That appearance's threshold. */
  thresholdCosine: number;
  matched: boolean;
}

export interface CalibrationOptions {
  /** The shipped (or the owner's stricter) threshold: the floor of every appearance's. */
  floorThresholdCosine: number;
  /** The cohort and its table; null when they could not be loaded: the floor alone then. */
  cohort: { faces: FaceCohort; farByZ: readonly FarAtZ[] } | null;
  targetFar: number;
}

/** A profile with a threshold per appearance: what the lock matches frames against. */
export class CalibratedProfile {
  private constructor(
    readonly profile: FaceProfile,
    readonly appearances: readonly AppearanceCalibration[],
    /** The table and target it was calibrated with (adaptive-learning.ts reads them); no table without a cohort. */
    readonly table: { farByZ: readonly FarAtZ[]; targetFar: number } | null,
  ) {}

  static create(profile: FaceProfile, options: CalibrationOptions): CalibratedProfile {
    // Each appearance is calibrated at the centre it is matched with (a learned centre included).
    const appearances = profile.appearances.map((appearance, k) => calibrateAppearance(appearance.id, profile.centres[k], options));
    return new CalibratedProfile(profile, appearances, options.cohort ? { farByZ: options.cohort.farByZ, targetFar: options.targetFar } : null);
  }

  /** The lowest threshold of the profile (the one a Settings line can show). */
  get thresholdCosine(): number {
    return Math.min(...this.appearances.map((a) => a.thresholdCosine));
  }

  /**
   * False accepts of the whole profile per compared frame: a stranger may match any
   * appearance, so the appearances' rates add up (a bound; they overlap). Null without a table.
   */
  get far(): FarEstimate | null {
    if (this.appearances.some((a) => a.far === null)) return null;
    const rates = this.appearances.map((a) => a.far!);
    return { far: Math.min(1, rates.reduce((sum, r) => sum + r.far, 0)), kind: rates.every((r) => r.kind === 'below') ? 'below' : 'about' };
  }

  match(embedding: Float32Array): ProfileMatch {
    let best: ProfileMatch | null = null;
    this.profile.centres.forEach((centre, k) => {
      const similarityCosine = cosineSimilarity(centre, embedding);
      const { thresholdCosine, appearanceId } = this.appearances[k];
      if (!best || similarityCosine - thresholdCosine > best.similarityCosine - best.thresholdCosine) {
        best = { appearanceId, similarityCosine, thresholdCosine, matched: similarityCosine >= thresholdCosine };
      }
    });
    return best!;
  }
}

function calibrateAppearance(appearanceId: string, centre: Float32Array, options: CalibrationOptions): AppearanceCalibration {
  const floor = options.floorThresholdCosine;
  if (!options.cohort) return { appearanceId, cohortMeanCosine: Number.NaN, cohortSdCosine: Number.NaN, thresholdCosine: floor, far: null };
  const { mean, sd } = cohortStats(options.cohort.faces, centre);
  const zTarget = zForFar(options.cohort.farByZ, options.targetFar);
  const thresholdCosine = Math.max(floor, mean + zTarget * sd);
  return {
    appearanceId,
    cohortMeanCosine: mean,
    cohortSdCosine: sd,
    thresholdCosine,
    far: farAtZ(options.cohort.farByZ, (thresholdCosine - mean) / sd),
  };
}

/** How strangers score against this centre: the mean and sd of its cosines to the cohort (the z-norm's terms). */
export function cohortStats(cohort: FaceCohort, centre: Float32Array): { mean: number; sd: number } {
  const values = cohort.cosinesWith(centre);
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  return { mean, sd: Math.sqrt(squares / values.length) };
}

/** The table's rows in increasing z, checked: a table that cannot be read must not be guessed at. */
function rowsOf(table: readonly FarAtZ[]): FarAtZ[] {
  const rows = [...table].sort((a, b) => a.z - b.z);
  if (rows.length < 2 || rows.some((r) => !(r.impostorProbes > 0 && r.falseAccepts >= 0 && r.falseAccepts <= r.impostorProbes))) {
    throw new RangeError('the calibration table needs at least two rows of counts');
  }
  return rows;
}

/**
 * The false-accept rate at z: the table's measured rate, log-linear between its rows; past the
 * last row with a false accept, only the 95 % bound 3 / probes (the rule of three) is known.
 */
export function farAtZ(table: readonly FarAtZ[], z: number): FarEstimate {
  const all = rowsOf(table);
  const rows = all.filter((r) => r.falseAccepts > 0);
  const bound = 3 / all.at(-1)!.impostorProbes;
  if (rows.length === 0) return { far: bound, kind: 'below' };
  // Past the last false accept the rate is below both the last one measured and the bound.
  if (z > rows.at(-1)!.z) return { far: Math.min(bound, rows.at(-1)!.falseAccepts / rows.at(-1)!.impostorProbes), kind: 'below' };
  if (z <= rows[0].z) return { far: rows[0].falseAccepts / rows[0].impostorProbes, kind: 'about' };
  const k = rows.findIndex((r) => r.z >= z);
  const [a, b] = [rows[k - 1], rows[k]];
  const [la, lb] = [Math.log(a.falseAccepts / a.impostorProbes), Math.log(b.falseAccepts / b.impostorProbes)];
  return { far: Math.exp(la + ((z - a.z) / (b.z - a.z)) * (lb - la)), kind: 'about' };
}

/** The lowest z whose rate is at most `targetFar` (searched on the table's interpolation). */
export function zForFar(table: readonly FarAtZ[], targetFar: number): number {
  const rows = rowsOf(table);
  const [low, high] = [rows[0].z, rows.at(-1)!.z];
  if (farAtZ(table, low).far <= targetFar) return low;
  let [lo, hi] = [low, high];
  for (let i = 0; i < 50; i++) {
    const mid = (lo + hi) / 2;
    if (farAtZ(table, mid).far <= targetFar) hi = mid;
    else lo = mid;
  }
  return hi;
}
