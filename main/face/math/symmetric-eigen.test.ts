import assert from 'node:assert/strict';
import { test } from 'node:test';
import { symmetricEigen } from './symmetric-eigen.ts';

test('eigenpairs of a known symmetric matrix, largest first', () => {
  const { values, vectors } = symmetricEigen(Float64Array.from([2, 1, 0, 1, 2, 0, 0, 0, 5]), 3);
  assert.deepEqual(values.map((v) => Math.round(v * 1e9) / 1e9), [5, 3, 1]);
  const close = (a: ArrayLike<number>, b: number[]) => b.every((x, i) => Math.abs(Math.abs(a[i]) - Math.abs(x)) < 1e-9);
  assert.ok(close(vectors[0], [0, 0, 1]));
  assert.ok(close(vectors[1], [Math.SQRT1_2, Math.SQRT1_2, 0]));
  assert.ok(close(vectors[2], [Math.SQRT1_2, Math.SQRT1_2, 0]));
  assert.ok(Math.sign(vectors[2][0]) !== Math.sign(vectors[2][1]), 'the smallest is the antisymmetric direction');
});
