import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pca } from './pca.ts';
import { gaussian, seededRandom } from './random.ts';

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/** `count` random orthonormal directions in `d` dimensions (Gram–Schmidt on Gaussian vectors). */
function orthonormalDirections(count: number, d: number, random: () => number): Float64Array[] {
  const out: Float64Array[] = [];
  while (out.length < count) {
    const v = Float64Array.from({ length: d }, () => gaussian(random));
    for (const u of out) {
      const along = dot(v, u);
      for (let i = 0; i < d; i++) v[i] -= along * u[i];
    }
    const length = Math.sqrt(dot(v, v));
    out.push(v.map((x) => x / length));
  }
  return out;
}

/** Sylvester Hadamard entry: columns j ≥ 1 are ±1, zero-mean and mutually orthogonal. */
function hadamard(i: number, j: number): number {
  let bits = i & j;
  let parity = 0;
  while (bits) {
    parity ^= bits & 1;
    bits >>= 1;
  }
  return parity ? -1 : 1;
}

const SIGMAS = [5, 3, 2, 1, 0.5];
const HADAMARD_COLUMNS = [1, 2, 5, 9, 17];

/**
 * Rows = offset + Σ σ_k·h_k(i)·u_k with Hadamard coordinates, so the sample variance along u_k is
 * exactly σ_k²·n/(n − 1) and the projection of row i onto u_k is exactly σ_k·h_k(i).
 */
function plantedData(n: number, d: number, seed: number, noise = 0) {
  const random = seededRandom(seed);
  const directions = orthonormalDirections(SIGMAS.length, d, random);
  const offset = Float64Array.from({ length: d }, () => 10 * random());
  const rows = Array.from({ length: n }, (_, i) => {
    const row = new Float32Array(d);
    for (let j = 0; j < d; j++) {
      let x = offset[j] + noise * gaussian(random);
      SIGMAS.forEach((sigma, k) => (x += sigma * hadamard(i, HADAMARD_COLUMNS[k]) * directions[k][j]));
      row[j] = x;
    }
    return row;
  });
  return { rows, directions, offset };
}

test('recovers planted directions, variances and coordinates exactly (512-d)', () => {
  const n = 256;
  const { rows, directions, offset } = plantedData(n, 512, 7);
  const result = pca(rows, 3);
  const totalSquares = SIGMAS.reduce((sum, s) => sum + s * s, 0);
  for (let k = 0; k < 3; k++) {
    const cos = dot(result.components[k], directions[k]);
    assert.ok(Math.abs(cos) > 0.999999, `component ${k}: |cos| ${Math.abs(cos)}`);
    const wantVariance = (SIGMAS[k] ** 2 * n) / (n - 1);
    // Float32 storage of the rows limits agreement to ~1e-6 relative.
    assert.ok(Math.abs(result.explainedVariance[k] - wantVariance) < 1e-5 * wantVariance, `variance ${k}`);
    assert.ok(Math.abs(result.explainedVarianceRatio[k] - SIGMAS[k] ** 2 / totalSquares) < 1e-6, `ratio ${k}`);
    for (const i of [0, 1, 100, 255]) {
      const want = Math.sign(cos) * SIGMAS[k] * hadamard(i, HADAMARD_COLUMNS[k]);
      assert.ok(Math.abs(result.projected[i][k] - want) < 1e-4, `projected[${i}][${k}]`);
    }
  }
  for (const j of [0, 77, 511]) assert.ok(Math.abs(result.mean[j] - offset[j]) < 1e-5, `mean[${j}]`);
});

test('recovers planted directions under isotropic noise (1024 rows × 512-d)', () => {
  const n = 1024;
  const d = 512;
  const noise = 0.05;
  const { rows, directions } = plantedData(n, d, 11, noise);
  const result = pca(rows, 2);
  // Noise adds ≈ d·noise² to the total variance and ≈ noise² along each direction.
  const total = (SIGMAS.reduce((sum, s) => sum + s * s, 0) * n) / (n - 1) + d * noise ** 2;
  for (let k = 0; k < 2; k++) {
    assert.ok(Math.abs(dot(result.components[k], directions[k])) > 0.999, `component ${k}`);
    const want = SIGMAS[k] ** 2 + noise ** 2;
    assert.ok(Math.abs(result.explainedVariance[k] - want) < 0.02 * want, `variance ${k}: ${result.explainedVariance[k]}`);
    assert.ok(Math.abs(result.explainedVarianceRatio[k] - want / total) < 0.01, `ratio ${k}`);
  }
});

test('components are orthonormal, signed by their largest coefficient, and deterministic', () => {
  const { rows } = plantedData(64, 130, 3, 0.1);
  const a = pca(rows, 4);
  const b = pca(rows, 4);
  assert.deepEqual(a, b);
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      assert.ok(Math.abs(dot(a.components[i], a.components[j]) - (i === j ? 1 : 0)) < 1e-10, `(${i}, ${j})`);
    }
    const c = a.components[i];
    const largest = c.reduce((best, x, k) => (Math.abs(x) > Math.abs(c[best]) ? k : best), 0);
    assert.ok(c[largest] > 0, `component ${i} sign`);
  }
  assert.ok(a.explainedVariance[0] >= a.explainedVariance[1] && a.explainedVariance[1] >= a.explainedVariance[2]);
});

test('finds both directions of a plane with equal variance', () => {
  // A single-vector Krylov method would see one direction of the plane; the block keeps both.
  const d = 200;
  const rows = [[1, 0], [-1, 0], [0, 1], [0, -1]].map(([x, y]) => {
    const row = new Float64Array(d);
    row[3] = x;
    row[150] = y;
    return row;
  });
  const result = pca(rows, 3);
  for (let k = 0; k < 2; k++) {
    const inPlane = Math.hypot(result.components[k][3], result.components[k][150]);
    assert.ok(Math.abs(inPlane - 1) < 1e-9, `component ${k} lies in the plane`);
    assert.ok(Math.abs(result.explainedVariance[k] - 2 / 3) < 1e-12, `variance ${k}`);
    assert.ok(Math.abs(result.explainedVarianceRatio[k] - 0.5) < 1e-12, `ratio ${k}`);
  }
  assert.ok(Math.abs(result.explainedVariance[2]) < 1e-20, 'no third direction of variance');
  assert.ok(Math.abs(dot(result.components[2], result.components[2]) - 1) < 1e-12);
});

test('small exact case: three points on a line', () => {
  const result = pca([[0, 0], [2, 2], [4, 4]], 2);
  assert.deepEqual(Array.from(result.mean), [2, 2]);
  const h = Math.SQRT1_2;
  assert.ok(Math.abs(result.components[0][0] - h) < 1e-12 && Math.abs(result.components[0][1] - h) < 1e-12);
  assert.ok(Math.abs(result.explainedVariance[0] - 8) < 1e-12); // (8 + 0 + 8) / (3 − 1)
  assert.ok(Math.abs(result.explainedVariance[1]) < 1e-20);
  assert.ok(Math.abs(result.explainedVarianceRatio[0] - 1) < 1e-12);
  const coordinates = result.projected.map((p) => p[0]);
  [-Math.sqrt(8), 0, Math.sqrt(8)].forEach((want, i) => assert.ok(Math.abs(coordinates[i] - want) < 1e-12));
});

test('rejects unusable input', () => {
  assert.throws(() => pca([[1, 2]]), RangeError);
  assert.throws(() => pca([[1, 2], [3]]), RangeError);
  assert.throws(() => pca([[1, 2], [3, 4]], 3), RangeError);
  assert.throws(() => pca([[1, 2], [3, 4]], 0), RangeError);
  assert.throws(() => pca([[1, Number.NaN], [3, 4]]), RangeError);
});
