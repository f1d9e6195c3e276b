// Principal component analysis for plotting embeddings (e.g. 512-d, up to a few thousand rows).
import { seededRandom } from './random.ts';
import { symmetricEigen } from '../../main/face/math/symmetric-eigen.ts';
import { dot } from '../../main/face/math/vectors.ts';

export interface PcaResult {
  mean: Float64Array;
  /** Unit, mutually orthogonal; sign fixed so the largest-magnitude coefficient is positive. */
  components: Float64Array[];
  /** Sample variance (divisor n − 1) of the data along each component. */
  explainedVariance: number[];
  /** explainedVariance over the total variance of the data (0 when the data do not vary). */
  explainedVarianceRatio: number[];
  /** projected[row][component]: centred row · component. */
  projected: number[][];
}

// Block size = components + BLOCK_EXTRA, so a variance shared by up to that many directions is
// still found in full (a single-vector Krylov method sees only one direction of it).
const BLOCK_EXTRA = 4;
// Caps the Krylov basis, and with it the dense Rayleigh–Ritz solve (cubic in the basis size).
const MAX_BASIS = 96;
const RESIDUAL_TOLERANCE = 1e-9;

/**
 * Top principal components by block Krylov iteration with Rayleigh–Ritz on XᵀX, applied as
 * Xᵀ(Xv) so the d×d covariance is never formed. Exact (to round-off) when d ≤ 96; beyond that
 * it stops once the top residuals are below 1e-9 of the largest variance, or at a 96-vector
 * basis, which on a flat spectrum still spans near-maximal variance.
 */
export function pca(rows: readonly (Float32Array | Float64Array | readonly number[])[], components = 2): PcaResult {
  const n = rows.length;
  if (n < 2) throw new RangeError(`pca: needs at least 2 rows, got ${n}`);
  const d = rows[0].length;
  if (!Number.isInteger(components) || components < 1 || components > d) {
    throw new RangeError(`pca: components must be an integer in 1..${d}, got ${components}`);
  }
  const mean = new Float64Array(d);
  for (const row of rows) {
    if (row.length !== d) throw new RangeError(`pca: rows differ in length (${row.length} vs ${d})`);
    for (let j = 0; j < d; j++) mean[j] += row[j];
  }
  for (let j = 0; j < d; j++) mean[j] /= n;
  let sumOfSquares = 0;
  const centred = rows.map((row) => {
    const x = new Float64Array(d);
    for (let j = 0; j < d; j++) x[j] = row[j] - mean[j];
    sumOfSquares += dot(x, x);
    return x;
  });
  if (!Number.isFinite(sumOfSquares)) throw new RangeError('pca: values must be finite');

  const scatterTimes = (v: Float64Array): Float64Array => {
    const out = new Float64Array(d);
    for (const x of centred) {
      const along = dot(x, v);
      for (let j = 0; j < d; j++) out[j] += along * x[j];
    }
    return out;
  };
  const axes = topEigenvectors(scatterTimes, d, components).map(fixSign);
  const projected = centred.map((x) => axes.map((axis) => dot(x, axis)));
  const explainedVariance = axes.map((_, c) => projected.reduce((sum, p) => sum + p[c] * p[c], 0) / (n - 1));
  return {
    mean,
    components: axes,
    explainedVariance,
    explainedVarianceRatio: explainedVariance.map((v) => (sumOfSquares > 0 ? (v * (n - 1)) / sumOfSquares : 0)),
    projected,
  };
}


/** Σ weights[i] · vectors[i]. */
function combine(vectors: Float64Array[], weights: Float64Array): Float64Array {
  const out = new Float64Array(vectors[0].length);
  vectors.forEach((v, i) => {
    for (let j = 0; j < out.length; j++) out[j] += weights[i] * v[j];
  });
  return out;
}

/** Removes the parts along `basis` (twice, for round-off) and normalises; null if nothing is left. */
function orthonormalizeAgainst(v: Float64Array, basis: Float64Array[]): Float64Array | null {
  const initialNorm = Math.sqrt(dot(v, v));
  for (let pass = 0; pass < 2; pass++) {
    for (const b of basis) {
      const along = dot(v, b);
      for (let i = 0; i < v.length; i++) v[i] -= along * b[i];
    }
  }
  const remaining = Math.sqrt(dot(v, v));
  if (!(remaining > 1e-8 * initialNorm)) return null;
  for (let i = 0; i < v.length; i++) v[i] /= remaining;
  return v;
}

function fixSign(v: Float64Array): Float64Array {
  let largest = 0;
  for (let i = 1; i < v.length; i++) if (Math.abs(v[i]) > Math.abs(v[largest])) largest = i;
  if (v[largest] < 0) for (let i = 0; i < v.length; i++) v[i] = -v[i];
  return v;
}

/** Orthonormal eigenvectors of the `count` largest eigenvalues of a symmetric PSD operator. */
function topEigenvectors(apply: (v: Float64Array) => Float64Array, dim: number, count: number): Float64Array[] {
  const blockSize = Math.min(dim, count + BLOCK_EXTRA);
  const maxBasis = Math.min(dim, Math.max(MAX_BASIS, 2 * blockSize));
  const random = seededRandom(0x5eed);
  const freshVector = () => Float64Array.from({ length: dim }, () => random() - 0.5);
  const basis: Float64Array[] = [];
  const images: Float64Array[] = [];
  let candidates = Array.from({ length: blockSize }, freshVector);
  let nextCheck = 2 * blockSize;
  for (;;) {
    for (const candidate of candidates) {
      if (basis.length === maxBasis) break;
      let unit = orthonormalizeAgainst(candidate, basis);
      // The Krylov space stopped growing (an invariant subspace): carry on from a fresh direction.
      while (!unit) unit = orthonormalizeAgainst(freshVector(), basis);
      basis.push(unit);
      images.push(apply(unit));
    }
    if (basis.length === maxBasis || basis.length >= nextCheck) {
      const size = basis.length;
      const h = new Float64Array(size * size);
      for (let i = 0; i < size; i++) {
        for (let j = i; j < size; j++) {
          const v = (dot(basis[i], images[j]) + dot(basis[j], images[i])) / 2;
          h[i * size + j] = v;
          h[j * size + i] = v;
        }
      }
      const small = symmetricEigen(h, size);
      const vectors = small.vectors.slice(0, count).map((w) => combine(basis, w));
      const residuals = small.vectors.slice(0, count).map((w, c) => {
        const image = combine(images, w);
        let r = 0;
        for (let i = 0; i < dim; i++) r += (image[i] - small.values[c] * vectors[c][i]) ** 2;
        return Math.sqrt(r);
      });
      const largest = Math.max(small.values[0], 0);
      if (basis.length === maxBasis || residuals.every((r) => r <= RESIDUAL_TOLERANCE * largest)) return vectors;
      nextCheck = Math.ceil(size * 1.5);
    }
    // Next Krylov block: the operator applied to the newest block.
    candidates = images.slice(-blockSize).map((v) => Float64Array.from(v));
  }
}
