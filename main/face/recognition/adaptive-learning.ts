// Which unlocks may teach the profile (adaptive-centre.ts keeps what they taught). Only one that
// was confidently the owner: its fused embedding scores at least a margin above the matched
// appearance's threshold, and still matches the enrolled centre alone. The caller adds what
// this cannot see: a face unlock (never a password one) that passed liveness (never in Off).
//
// The margin is measured, not chosen: the calibration table (`npm run build-cohort`, 7.5 M
// stranger comparisons z-normed against their cohort, models/cohort/face-cohort.json) says at
// which z strangers reach the target rate (the threshold sits there, z ≈ 4.8) and past which z
// none of them ever scored (6.0: the last false accept is at 5.875). The margin is that gap in
// this appearance's own spread of stranger scores: about 1.2 × 0.09–0.11 ≈ 0.11–0.13 cosine on
// five_celebrity. A stranger who got in has scored near the threshold (their scores fall
// steeply past it), so what teaches is a score no stranger of millions came close to; the
// owner's own unlocks mostly clear it (five_celebrity: 70 % of the genuine photos, printed by
// adaptive-template.integration.test.ts).
import { cosineSimilarity } from '../math/vectors.ts';
import { zForFar, type CalibratedProfile, type FarAtZ } from './profile-calibration.ts';

/** The z past which none of the table's strangers scored: the row after its last false accept; null when its last row still has one. */
export function zPastEveryStranger(farByZ: readonly FarAtZ[]): number | null {
  const rows = [...farByZ].sort((a, b) => a.z - b.z);
  const last = rows.findLastIndex((row) => row.falseAccepts > 0);
  return last + 1 < rows.length ? rows[last + 1].z : null;
}

/** How far above its threshold an appearance's unlock must score to teach it, in cosine; null when it cannot be measured (no cohort). */
export function confidenceMarginCosine(calibrated: CalibratedProfile, appearanceId: string): number | null {
  const table = calibrated.table;
  const calibration = calibrated.appearances.find((a) => a.appearanceId === appearanceId);
  if (!table || !calibration || !(calibration.cohortSdCosine > 0)) return null;
  const zClear = zPastEveryStranger(table.farByZ);
  if (zClear === null) return null;
  return Math.max(0, zClear - zForFar(table.farByZ, table.targetFar)) * calibration.cohortSdCosine;
}

/** What one unlock teaches: this embedding, to this appearance. */
export interface Lesson {
  appearanceId: string;
  embedding: Float32Array;
}

/**
 * The lesson of a face unlock whose fused embedding is `fused` (unit), judged against the
 * profile that unlocked; null when it was not confidently the owner. Without a cohort nothing
 * teaches: confidence could not be measured, and the lock then stays as enrolled.
 */
export function lessonFromUnlock(calibrated: CalibratedProfile, fused: Float32Array): Lesson | null {
  const match = calibrated.match(fused);
  if (!match.matched) return null;
  const margin = confidenceMarginCosine(calibrated, match.appearanceId);
  if (margin === null || !(match.similarityCosine >= match.thresholdCosine + margin)) return null;
  // The enrolment always counts: a face the learned faces alone let in teaches nothing, so a
  // run of lessons cannot walk the centre away from the face that was enrolled.
  const appearance = calibrated.profile.appearances.find((a) => a.id === match.appearanceId);
  if (!appearance || !(cosineSimilarity(appearance.centre, fused) >= match.thresholdCosine)) return null;
  return { appearanceId: match.appearanceId, embedding: fused };
}
