// The cohort's calibration table: on the enrol-n protocol of the persons outside the cohort,
// every impostor score z-normed against the cohort (mean and sd of the centre's cosines to it,
// as profile-calibration.ts does), counted at each z of a fixed grid.
import type { FaceCohort } from '../../main/face/recognition/cohort.ts';
import type { FarAtZ } from '../../main/face/recognition/profile-calibration.ts';
import { enrolProtocolCounts, streamEnrolProtocol, type LabelledEmbedding, type ProtocolOptions } from '../eval/protocol.ts';
import { streamImpostorsInParallel } from '../eval/score-workers.ts';
import { cohortStatsOf } from './cohort-file.ts';

/** z from 2.0 to 7.0 in steps of 0.125 (exact in binary). */
export const Z_GRID: readonly number[] = Array.from({ length: 41 }, (_, i) => 2 + i * 0.125);

export interface FarByZMeasurement {
  persons: number;
  genuineProbes: number;
  impostorProbes: number;
  farByZ: FarAtZ[];
}

/** Per protocol task, the cohort's mean and sd for its centre (the z-norm's shift and divide). */
export function cohortNormalisation(faces: LabelledEmbedding[], cohort: FaceCohort, options: ProtocolOptions): { shift: Float64Array; divide: Float64Array; persons: string[] } {
  const shift: number[] = [];
  const divide: number[] = [];
  const { persons } = streamEnrolProtocol(faces, options, {
    centre: (task, enrolled) => {
      const { mean, sd } = cohortStatsOf(cohort, enrolled.map((k) => faces[k].embedding));
      shift[task] = mean;
      divide[task] = sd;
    },
  });
  return { shift: Float64Array.from(shift), divide: Float64Array.from(divide), persons };
}

export async function measureFarByZ(
  faces: LabelledEmbedding[],
  cohort: FaceCohort,
  options: ProtocolOptions,
  threads?: number,
): Promise<FarByZMeasurement> {
  const { shift, divide, persons } = cohortNormalisation(faces, cohort, options);
  // above[k]: scores with exactly k grid values ≤ z.
  const above = new Float64Array(Z_GRID.length + 1);
  let impostorProbes = 0;
  await streamImpostorsInParallel(faces, { kind: 'protocol', protocol: options, perTask: { shift, divide } }, (z) => {
    impostorProbes++;
    above[gridValuesAtMost(z)]++;
  }, threads);
  let accepted = 0;
  const falseAccepts = new Array<number>(Z_GRID.length);
  for (let i = Z_GRID.length - 1; i >= 0; i--) falseAccepts[i] = accepted += above[i + 1];
  return {
    persons: persons.length,
    genuineProbes: enrolProtocolCounts(faces, options).genuine,
    impostorProbes,
    farByZ: Z_GRID.map((z, i) => ({ z, falseAccepts: falseAccepts[i], impostorProbes })),
  };
}

/** How many grid values are ≤ z. */
function gridValuesAtMost(z: number): number {
  if (!(z >= Z_GRID[0])) return 0;
  let k = Math.min(Z_GRID.length, Math.floor((z - Z_GRID[0]) / 0.125) + 1);
  while (k < Z_GRID.length && Z_GRID[k] <= z) k++;
  while (k > 0 && Z_GRID[k - 1] > z) k--;
  return k;
}
