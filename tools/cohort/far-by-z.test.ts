import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EMBEDDING_SIZE } from '../../models/model-manifest.ts';
import { gaussian } from '../math/random.ts';
import { CalibratedProfile } from '../../main/face/recognition/profile-calibration.ts';
import { FaceProfile } from '../../main/face/recognition/face-profile.ts';
import { cosineSimilarity } from '../../main/face/math/vectors.ts';
import { seededRandom, streamEnrolProtocol, type LabelledEmbedding } from '../eval/protocol.ts';
import { cohortStatsOf, quantisedCohort } from './cohort-file.ts';
import { measureFarByZ, Z_GRID } from './far-by-z.ts';

const random = seededRandom(21);
const unit = (v: Float32Array) => v.map((x) => x / Math.hypot(...v));
const noise = () => Float32Array.from({ length: EMBEDDING_SIZE }, () => gaussian(random));
// Persons share a common direction (so strangers' cosines spread), each with its own identity.
const common = noise();
const identity = (strength: number) => {
  const own = noise();
  return (spread: number) => unit(Float32Array.from(own, (x, k) => x * strength + common[k] * 0.8 + gaussian(random) * spread));
};
const faces: LabelledEmbedding[] = Array.from({ length: 8 }, (_, p) => {
  const face = identity(1);
  return Array.from({ length: 3 + (p % 3) }, () => ({ person: `p${p}`, embedding: face(0.9) }));
}).flat();
const cohort = quantisedCohort(Array.from({ length: 30 }, () => identity(1)(0.9))).faces;
const options = { enrolCount: 2, draws: 3, seed: 4 };

test('cohort statistics are the ones CalibratedProfile computes', () => {
  const enrolled = faces.slice(0, 2).map((f) => f.embedding);
  const cosines = [...cohort.cosinesWith(FaceProfile.fromEmbeddings(enrolled).appearances[0].centre)];
  const mean = cosines.reduce((s, c) => s + c, 0) / cosines.length;
  const sd = Math.sqrt(cosines.reduce((s, c) => s + (c - mean) ** 2, 0) / cosines.length);
  const stats = cohortStatsOf(cohort, enrolled);
  assert.ok(Math.abs(stats.mean - mean) < 1e-12 && Math.abs(stats.sd - sd) < 1e-12);
  // And the product's threshold is mean + z·sd of those.
  const table = [{ z: 2, falseAccepts: 10, impostorProbes: 1000 }, { z: 3, falseAccepts: 1, impostorProbes: 1000 }];
  const t = CalibratedProfile.create(FaceProfile.fromEmbeddings(enrolled), { floorThresholdCosine: -1, cohort: { faces: cohort, farByZ: table }, targetFar: 0.01 }).thresholdCosine;
  assert.ok(Math.abs(t - (mean + 2 * sd)) < 1e-9);
});

test('farByZ counts every z-normed impostor score of the enrol protocol at each z of the grid', async () => {
  // Brute force: every impostor cosine, z-normed with its centre's cohort statistics.
  const zs: number[] = [];
  let stats = { mean: 0, sd: 1 };
  let centres = 0;
  streamEnrolProtocol(faces, options, {
    centre: (_task, enrolled, centre) => {
      centres++;
      const cosines = [...cohort.cosinesWith(centre)];
      const mean = cosines.reduce((s, c) => s + c, 0) / cosines.length;
      stats = { mean, sd: Math.sqrt(cosines.reduce((s, c) => s + (c - mean) ** 2, 0) / cosines.length) };
      assert.ok(enrolled.every((k) => cosineSimilarity(centre, faces[k].embedding) > 0));
    },
    impostor: (cos) => zs.push((cos - stats.mean) / stats.sd),
  });
  const measured = await measureFarByZ(faces, cohort, options, 1);
  assert.equal(measured.persons, 8);
  assert.equal(centres, 8 * 3);
  assert.equal(measured.impostorProbes, zs.length);
  assert.equal(measured.genuineProbes, 3 * faces.length - 3 * 8 * 2);
  assert.deepEqual(measured.farByZ.map((r) => r.z), [...Z_GRID]);
  assert.equal(Z_GRID[0], 2);
  assert.equal(Z_GRID.at(-1), 7);
  for (const row of measured.farByZ) {
    assert.equal(row.impostorProbes, zs.length);
    const expected = zs.filter((z) => z >= row.z).length;
    // The worker path divides the same doubles: equal counts unless a z lands within rounding of a grid value.
    assert.ok(Math.abs(row.falseAccepts - expected) <= zs.filter((z) => Math.abs(z - row.z) < 1e-12).length, `z ${row.z}`);
  }
  assert.ok(measured.farByZ[0].falseAccepts > 0, 'the synthetic set reaches z 2');
  assert.ok(measured.farByZ.every((r, k) => k === 0 || r.falseAccepts <= measured.farByZ[k - 1].falseAccepts));
});

test('worker threads give the same table as one thread', async () => {
  const one = await measureFarByZ(faces, cohort, options, 1);
  const two = await measureFarByZ(faces, cohort, options, 2);
  assert.deepEqual(two, one);
});
