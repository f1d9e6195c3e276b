import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cosineSimilarity } from '../../main/face/math/vectors.ts';
import { enrolProtocolCounts, poseEnrolmentComparison, seededRandom, streamAllPairs, streamEnrolProtocol, type LabelledEmbedding, type PosedEmbedding } from './protocol.ts';

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
  const options = { enrolCount: 5, draws: 3, seed: 7 };
  const scores = { genuine: [] as number[], impostor: [] as number[] };
  const { persons } = streamEnrolProtocol(faces, options, { genuine: (s) => scores.genuine.push(s), impostor: (s) => scores.impostor.push(s) });
  assert.deepEqual(persons, ['a', 'b']);
  // Per draw: a has 2 genuine probes, b has 1; a is probed by 8 strangers, b by 9.
  assert.equal(scores.genuine.length, 3 * (2 + 1));
  assert.equal(scores.impostor.length, 3 * (8 + 9));
  assert.deepEqual(enrolProtocolCounts(faces, options), { genuine: scores.genuine.length, impostor: scores.impostor.length });
  assert.ok(scores.genuine.every((s) => Math.abs(s - 1) < 1e-6));
  assert.ok(scores.impostor.every((s) => Math.abs(s) < 1e-6));
});

test('the protocol replays the same scores from the same seed, as cosineSimilarity gives them', () => {
  const random = seededRandom(4);
  const noisy: LabelledEmbedding[] = Array.from({ length: 30 }, (_, k) => ({
    person: `p${k % 4}`,
    embedding: unit(...Array.from({ length: 8 }, () => random() - 0.5 + (k % 4 === 0 ? 1 : 0))),
  }));
  const run = () => {
    const impostor: number[] = [];
    streamEnrolProtocol(noisy, { enrolCount: 3, draws: 2, seed: 9 }, { impostor: (s) => impostor.push(s) });
    return impostor;
  };
  assert.deepEqual(run(), run());
  const pairs: number[] = [];
  const { genuine } = streamAllPairs(noisy, (s) => pairs.push(s));
  const expected = { genuine: [] as number[], impostor: [] as number[] };
  for (let i = 0; i < noisy.length; i++) {
    for (let j = i + 1; j < noisy.length; j++) {
      (noisy[i].person === noisy[j].person ? expected.genuine : expected.impostor).push(cosineSimilarity(noisy[i].embedding, noisy[j].embedding));
    }
  }
  assert.deepEqual([...genuine], expected.genuine);
  assert.deepEqual(pairs, expected.impostor);
});

test('all pairs are split into genuine and impostor', () => {
  let impostors = 0;
  const { genuine } = streamAllPairs(faces, () => impostors++);
  const pairs = (n: number) => (n * (n - 1)) / 2;
  assert.equal(genuine.length, pairs(7) + pairs(6) + pairs(2));
  assert.equal(genuine.length + impostors, pairs(15));
});

test('the draws are reproducible from the seed and differ between seeds', () => {
  const a = Array.from({ length: 5 }, seededRandom(1));
  const b = Array.from({ length: 5 }, seededRandom(1));
  const c = Array.from({ length: 5 }, seededRandom(2));
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.ok(a.every((x) => x >= 0 && x < 1));
});

test('pose comparison: paired probes, and a centre with turned faces holds turned probes better', () => {
  const posed: PosedEmbedding[] = [
    ...Array.from({ length: 6 }, () => ({ person: 'a', embedding: unit(1, 0, 0, 0), yawDegrees: 0 })),
    ...Array.from({ length: 2 }, () => ({ person: 'a', embedding: unit(1, 1, 0, 0), yawDegrees: 20 })),
    ...Array.from({ length: 2 }, () => ({ person: 'a', embedding: unit(1, 0, 1, 0), yawDegrees: -20 })),
    // Too far turned to enrol, still a probe.
    { person: 'a', embedding: unit(1, 1, 0, 0), yawDegrees: 40 },
    // b has no turned faces: probed as an impostor, never enrolled.
    ...Array.from({ length: 4 }, () => ({ person: 'b', embedding: unit(0, 0, 0, 1), yawDegrees: 0 })),
  ];
  const { straight, varied, persons } = poseEnrolmentComparison(posed, { enrolCount: 3, draws: 4, seed: 5 });
  assert.deepEqual(persons, ['a']);
  // Enrolled by either arm: 3 straight + 1 left + 1 right; probes: 3 straight, 1 left, 1 right, the 40° one.
  assert.equal(straight.genuine.length, 4 * 6);
  assert.equal(varied.genuine.length, straight.genuine.length);
  assert.equal(straight.genuineTurned.length, 4 * 3);
  assert.equal(straight.impostor.length, 4 * 4);
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  assert.ok(mean(varied.genuineTurned) > mean(straight.genuineTurned) + 0.05);
  assert.ok(straight.impostor.every((v) => Math.abs(v) < 1e-6) && varied.impostor.every((v) => Math.abs(v) < 1e-6));
});
