import { test } from 'node:test';
import assert from 'node:assert/strict';
import { centroidNormalized, cosineMatrix, cosineSimilarity, dot, l2Normalize, meanVector } from './vectors.ts';

function assertAllClose(actual: ArrayLike<number>, expected: readonly number[], tolerance: number): void {
  assert.equal(actual.length, expected.length, 'length');
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= tolerance, `[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

test('l2Normalize gives a unit Float32Array in the same direction', () => {
  const unit = l2Normalize([3, 0, -4]);
  assert.ok(unit instanceof Float32Array);
  assertAllClose(unit, [0.6, 0, -0.8], 1e-7);
  assertAllClose(l2Normalize(new Float32Array([0, 0, 2])), [0, 0, 1], 0);
});

test('l2Normalize rejects vectors without a direction', () => {
  assert.throws(() => l2Normalize([0, 0, 0]), RangeError);
  assert.throws(() => l2Normalize([1, Number.NaN]), RangeError);
  assert.throws(() => l2Normalize([Number.POSITIVE_INFINITY, 1]), RangeError);
  assert.throws(() => l2Normalize([]), RangeError);
});

test('dot and cosine similarity', () => {
  assert.equal(dot([1, 2, 3], new Float32Array([4, -5, 6])), 12);
  assert.equal(cosineSimilarity([1, 0], [0, 5]), 0);
  assert.equal(cosineSimilarity([2, 2], [-3, -3]), -1);
  // cos 60°: (1, 0) against (1, √3).
  assert.ok(Math.abs(cosineSimilarity([1, 0], [1, Math.sqrt(3)]) - 0.5) < 1e-12);
  assert.throws(() => dot([1, 2], [1, 2, 3]), RangeError);
  assert.throws(() => cosineSimilarity([0, 0], [1, 1]), RangeError);
});

test('meanVector averages element-wise', () => {
  const mean = meanVector([new Float32Array([1, 2, 3]), new Float32Array([3, 2, -3]), [2, 5, 0]]);
  assert.ok(mean instanceof Float32Array);
  assertAllClose(mean, [2, 3, 0], 0);
  assert.throws(() => meanVector([]), RangeError);
  assert.throws(() => meanVector([[1, 2], [1, 2, 3]]), RangeError);
});

test('centroidNormalized is the normalised mean of unit embeddings', () => {
  // Unit vectors at +30° and −30° from the x axis average to the x axis itself.
  const c = Math.cos(Math.PI / 6);
  const s = Math.sin(Math.PI / 6);
  assertAllClose(centroidNormalized([[c, s], [c, -s]]), [1, 0], 1e-7);
  // Three orthogonal unit vectors: centre is (1, 1, 1)/√3.
  const third = 1 / Math.sqrt(3);
  assertAllClose(centroidNormalized([[1, 0, 0], [0, 1, 0], [0, 0, 1]]), [third, third, third], 1e-7);
  assert.throws(() => centroidNormalized([[1, 0], [-1, 0]]), RangeError);
});

test('cosineMatrix is the symmetric table of pairwise cosines', () => {
  const m = cosineMatrix([[1, 0], [0, 2], [-1, -1]]);
  assert.ok(m instanceof Float64Array);
  const h = Math.SQRT1_2;
  assertAllClose(m, [1, 0, -h, 0, 1, -h, -h, -h, 1], 1e-12);
  assert.equal(cosineMatrix([]).length, 0);
  assert.throws(() => cosineMatrix([[1, 0], [1, 0, 0]]), RangeError);
  assert.throws(() => cosineMatrix([[1, 0], [0, 0]]), RangeError);
});
