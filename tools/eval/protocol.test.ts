import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allPairScores, enrolProtocolScores, seededRandom, type LabelledEmbedding } from './protocol.ts';

function unit(...values: number[]): Float32Array {
  const norm = Math.hypot(...values);
  return Float32Array.from(values, (v) => v / norm);
}

// Person a has 7 faces along x, person b 6 along y, person c only 2 (too few to enrol).
const faces: LabelledEmbedding[] = [
  ...Array.from({ length: 7 }, () => ({ person: 'a', embedding: unit(1, 0, 0) })),
  ...Array.from({ length: 6 }, () => ({ person: 'b', embedding: unit(0, 1, 0) })),
  ...Array.from({ length: 2 }, () => ({ person: 'c', embedding: unit(0, 0, 1) })),
];

test('enrol-5 protocol enrols persons with more than 5 photos and counts every probe', () => {
  const scores = enrolProtocolScores(faces, { enrolCount: 5, draws: 3, seed: 7 });
  assert.deepEqual(scores.persons, ['a', 'b']);
  // Per draw: a has 2 genuine probes, b has 1; a is probed by 8 strangers, b by 9.
  assert.equal(scores.genuine.length, 3 * (2 + 1));
  assert.equal(scores.impostor.length, 3 * (8 + 9));
  assert.ok(scores.genuine.every((s) => Math.abs(s - 1) < 1e-6));
  assert.ok(scores.impostor.every((s) => Math.abs(s) < 1e-6));
});

test('all pairs are split into genuine and impostor', () => {
  const { genuine, impostor } = allPairScores(faces);
  const pairs = (n: number) => (n * (n - 1)) / 2;
  assert.equal(genuine.length, pairs(7) + pairs(6) + pairs(2));
  assert.equal(genuine.length + impostor.length, pairs(15));
});

test('the draws are reproducible from the seed and differ between seeds', () => {
  const a = Array.from({ length: 5 }, seededRandom(1));
  const b = Array.from({ length: 5 }, seededRandom(1));
  const c = Array.from({ length: 5 }, seededRandom(2));
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.ok(a.every((x) => x >= 0 && x < 1));
});
