// Seeded synthetic face embeddings for the recognition tests: random unit vectors, vectors at a
// chosen cosine to another, and a cohort quantised from them as the shipped one is.
import { createHash } from 'node:crypto';
import { EMBEDDING_SIZE } from '../models/model-manifest.ts';
import { l2Normalize } from '../main/face/math/vectors.ts';
import { FaceCohort, quantiseCohort } from '../main/face/recognition/cohort.ts';
import { gaussian, seededRandom } from '../tools/math/random.ts';

export interface SyntheticEmbeddings {
  /** The seeded stream the vectors are drawn from (tests may draw from it too). */
  random: () => number;
  randomUnit(): Float32Array;
  /** A unit vector at cosine `c` to `base` (in the plane of base and a random direction). */
  atCosine(base: Float32Array, c: number): Float32Array;
}

export function syntheticEmbeddings(seed: number): SyntheticEmbeddings {
  const random = seededRandom(seed);
  const randomUnit = () => l2Normalize(Array.from({ length: EMBEDDING_SIZE }, () => gaussian(random)));
  const atCosine = (base: Float32Array, c: number) => {
    const other = randomUnit();
    const along = other.reduce((sum, v, k) => sum + v * base[k], 0);
    const orthogonal = l2Normalize(other.map((v, k) => v - along * base[k]));
    return l2Normalize(base.map((v, k) => c * v + Math.sqrt(1 - c * c) * orthogonal[k]));
  };
  return { random, randomUnit, atCosine };
}

/** The embeddings as an 8-bit cohort, checked by its own sha256 as the shipped one is. */
export function cohortOf(embeddings: Float32Array[]): FaceCohort {
  const { bytes, scale } = quantiseCohort(embeddings);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return FaceCohort.fromInt8(bytes, { count: embeddings.length, dims: EMBEDDING_SIZE, scale, sha256 }, sha256);
}
