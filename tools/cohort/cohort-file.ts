// The shipped cohort's files as the tools read and write them: face-cohort.bin (the int8
// matrix, main/face/recognition/cohort.ts), face-cohort.json (its info and calibration table) and
// face-cohort-photos.txt (sha256 of each cohort photo: not shipped, lets eval leave them out).
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FaceCohort, quantiseCohort, type CohortInfo } from '../../main/face/recognition/cohort.ts';
import { COHORT_FILE_NAME } from '../../models/model-manifest.ts';
import { cohortStats, type FarAtZ } from '../../main/face/recognition/profile-calibration.ts';
import { centroidNormalized } from '../../main/face/math/vectors.ts';

export const COHORT_BIN = COHORT_FILE_NAME;
export const COHORT_JSON = 'face-cohort.json';
export const COHORT_PHOTOS = 'face-cohort-photos.txt';

export interface CohortCalibration {
  measuredOn: { persons: number; enrol: number; draws: number; seed: number; genuineProbes: number; impostorProbes: number };
  farByZ: FarAtZ[];
}

export interface CohortJson extends CohortInfo {
  $comment: string;
  calibration: CohortCalibration;
}

export interface LoadedCohort {
  dir: string;
  faces: FaceCohort;
  info: CohortJson;
  bytes: number;
  /** sha256 of each cohort photo file; null when the list is not there (a shipped copy). */
  photoHashes: Set<string> | null;
}

/** models/cohort in this checkout. */
export function defaultCohortDir(): string {
  return fileURLToPath(new URL('../../models/cohort', import.meta.url));
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The int8 matrix of unit embeddings, its info, and the cohort as the app will load it back. */
export function quantisedCohort(embeddings: readonly Float32Array[]): { bytes: Uint8Array; info: CohortInfo; faces: FaceCohort } {
  const { bytes, scale } = quantiseCohort(embeddings);
  const sha256 = sha256Hex(bytes);
  const info: CohortInfo = { count: embeddings.length, dims: embeddings[0].length, scale, sha256 };
  return { bytes, info, faces: FaceCohort.fromInt8(bytes, info, sha256) };
}

export async function loadCohort(dir: string): Promise<LoadedCohort> {
  const info = JSON.parse(await readFile(join(dir, COHORT_JSON), 'utf8')) as CohortJson;
  const bytes = new Uint8Array(await readFile(join(dir, COHORT_BIN)));
  const faces = FaceCohort.fromInt8(bytes, info, sha256Hex(bytes));
  const photosPath = join(dir, COHORT_PHOTOS);
  const photoHashes = existsSync(photosPath) ? parsePhotoList(await readFile(photosPath, 'utf8')) : null;
  return { dir, faces, info, bytes: bytes.length, photoHashes };
}

export function parsePhotoList(text: string): Set<string> {
  return new Set(text.split('\n').map((line) => line.trim().toLowerCase()).filter((line) => /^[0-9a-f]{64}$/.test(line)));
}

/** The cohort's mean and sd of cosines to the centre of these embeddings, as profile-calibration.ts computes them. */
export function cohortStatsOf(cohort: FaceCohort, enrolled: Float32Array[]): { mean: number; sd: number } {
  return cohortStats(cohort, centroidNormalized(enrolled));
}

/** The photos whose content is not in the cohort's list, and how many were left out (read and hashed here). */
export async function withoutCohortPhotos<T extends { path: string }>(photos: readonly T[], cohortHashes: ReadonlySet<string>): Promise<{ kept: T[]; leftOut: number }> {
  const kept: T[] = [];
  const BATCH = 64;
  for (let start = 0; start < photos.length; start += BATCH) {
    const batch = photos.slice(start, start + BATCH);
    const hashes = await Promise.all(batch.map(async (photo) => {
      try {
        return sha256Hex(await readFile(photo.path));
      } catch {
        return null; // unreadable: kept, for the pipeline to report
      }
    }));
    batch.forEach((photo, k) => {
      if (hashes[k] === null || !cohortHashes.has(hashes[k]!)) kept.push(photo);
    });
  }
  return { kept, leftOut: photos.length - kept.length };
}
