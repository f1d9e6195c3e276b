import assert from 'node:assert/strict';
import { test } from 'node:test';
import { median } from './median.ts';

test('median of odd and even counts, unsorted input untouched, NaN for none', () => {
  const values = [5, 1, 3];
  assert.equal(median(values), 3);
  assert.deepEqual(values, [5, 1, 3]);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
});
