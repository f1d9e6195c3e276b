import assert from 'node:assert/strict';
import { test } from 'node:test';
import { l2Normalize } from '../face/vectors.ts';
import { outlierIndices } from './enrolment.ts';

function near(base: number[], jitter: number, seed: number): Float32Array {
  return l2Normalize(base.map((value, i) => value + jitter * Math.sin(seed * 7.3 + i * 1.7)));
}

test('a capture unlike the others is dropped as an outlier, the rest are kept', () => {
  const base = [1, 0.5, 0.2, 0.1, 0, 0.3];
  const captures = Array.from({ length: 9 }, (_, i) => near(base, 0.05, i));
  captures.push(l2Normalize([0, 0, 1, 0, 1, 0])); // a hand, a blink, someone else
  assert.deepEqual(outlierIndices(captures), [9]);
});

test('consistent captures have no outliers, and too few captures are never judged', () => {
  const base = [0.2, 1, 0.4, 0.1];
  assert.deepEqual(outlierIndices(Array.from({ length: 10 }, (_, i) => near(base, 0.05, i))), []);
  assert.deepEqual(outlierIndices([l2Normalize([1, 0]), l2Normalize([0, 1])]), []);
});
