import assert from 'node:assert/strict';
import { test } from 'node:test';
import { centroidNormalized, cosineSimilarity } from '../../main/face/math/vectors.ts';
import { fusedPersons, fusedProtocolCounts, streamFusedProtocol } from './fused-protocol.ts';
import { seededRandom, type LabelledEmbedding } from './protocol.ts';

function randomUnit(random: () => number, dims = 16): Float32Array {
  const v = Float32Array.from({ length: dims }, () => random() - 0.5);
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

// a: 9 photos, b: 6, c: 5, d: 3, e: 2 (too few to probe as a fused impostor of 3).
const random = seededRandom(3);
const sizes: Record<string, number> = { a: 9, b: 6, c: 5, d: 3, e: 2 };
const faces: LabelledEmbedding[] = Object.entries(sizes).flatMap(([person, n]) => Array.from({ length: n }, () => ({ person, embedding: randomUnit(random) })));
const options = { enrolCount: 2, draws: 4, seed: 11, fuse: 3 };

test('the fused protocol enrols persons with enrol + fuse photos and counts every probe', () => {
  assert.deepEqual(fusedPersons(faces, options), { enrolled: ['a', 'b', 'c'], probing: ['a', 'b', 'c', 'd'] });
  const scores = { genuine: [] as number[], impostor: [] as number[] };
  streamFusedProtocol(faces, options, { genuine: (s) => scores.genuine.push(s), impostor: (s) => scores.impostor.push(s) });
  // Per draw: a has ⌊7/3⌋ = 2 genuine probes, b ⌊4/3⌋ = 1, c ⌊3/3⌋ = 1; each centre meets the 3 other probing persons.
  assert.equal(scores.genuine.length, 4 * (2 + 1 + 1));
  assert.equal(scores.impostor.length, 4 * (3 + 3 + 3));
  assert.deepEqual(fusedProtocolCounts(faces, options), { genuine: scores.genuine.length, impostor: scores.impostor.length });
});

test('a fused genuine probe uses only the person\'s photos that were not enrolled, each at most once', () => {
  let tasks = 0;
  streamFusedProtocol(faces, options, {
    task: (person, enrolled, groups) => {
      tasks++;
      assert.equal(enrolled.length, options.enrolCount);
      const used = groups.flat();
      assert.ok(groups.every((g) => g.length === options.fuse));
      assert.equal(new Set(used).size, used.length, 'groups are disjoint');
      assert.ok([...enrolled, ...used].every((k) => faces[k].person === person), 'only the person\'s own photos');
      assert.ok(used.every((k) => !enrolled.includes(k)), 'no enrolled photo is fused into a probe');
      assert.equal(groups.length, Math.floor((sizes[person] - options.enrolCount) / options.fuse));
    },
  });
  assert.equal(tasks, 4 * 3);
});

test('a fused probe is the re-normalised mean of its photos, scored against the enrolled centre', () => {
  const expected: number[] = [];
  const seen: number[] = [];
  streamFusedProtocol(faces, options, {
    task: (_person, enrolled, groups) => {
      const centre = centroidNormalized(enrolled.map((k) => faces[k].embedding));
      for (const g of groups) expected.push(cosineSimilarity(centre, centroidNormalized(g.map((k) => faces[k].embedding))));
    },
    genuine: (s) => seen.push(s),
  });
  assert.equal(seen.length, expected.length);
  seen.forEach((s, k) => assert.ok(Math.abs(s - expected[k]) < 1e-12));
});

test('the same seed replays the same impostor scores', () => {
  const run = () => {
    const out: number[] = [];
    streamFusedProtocol(faces, options, { impostor: (s) => out.push(s) });
    return out;
  };
  assert.deepEqual(run(), run());
});
