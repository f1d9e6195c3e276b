// The shipped cohort: the matrix beside the app (models/cohort in the repository, resources
// in the package) and its description compiled in, so the file is checked against numbers it
// cannot bring along itself, as the models are (model-manifest.ts).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import description from '../../../models/cohort/face-cohort.json' with { type: 'json' };
import { COHORT_FILE_NAME } from '../../../models/model-manifest.ts';
import { FaceCohort } from './cohort.ts';
import type { FarAtZ } from './profile-calibration.ts';

export interface ShippedCohort {
  faces: FaceCohort;
  /** Measured at scale by `npm run build-cohort` on people outside the cohort. */
  farByZ: readonly FarAtZ[];
}

/** Loads and checks the cohort; throws (missing, damaged) so the caller can say so. */
export async function openShippedCohort(path: string): Promise<ShippedCohort> {
  const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    throw new Error(error.code === 'ENOENT' ? `${COHORT_FILE_NAME} is missing` : `${COHORT_FILE_NAME} cannot be read (${error.code ?? error.message})`);
  });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { faces: FaceCohort.fromInt8(bytes, description, sha256), farByZ: description.calibration.farByZ };
}
