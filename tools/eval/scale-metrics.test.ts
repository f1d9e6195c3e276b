import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EMBEDDING_SIZE } from '../../models/model-manifest.ts';
import { DEFAULT_THRESHOLD_COSINE, FaceProfile } from '../../main/face/recognition/face-profile.ts';
import { CalibratedProfile, type FarAtZ } from '../../main/face/recognition/profile-calibration.ts';
import { gaussian } from '../math/random.ts';
import { quantisedCohort, type LoadedCohort } from '../cohort/cohort-file.ts';
import { formatScaleTable } from '../report/terminal.ts';
import { seededRandom, streamAllPairs, streamEnrolProtocol, type LabelledEmbedding } from './protocol.ts';
import { pointAt, pointForFar, scaleMetrics, type ArmScores } from './scale-metrics.ts';
import { TARGET_FAR_PER_ATTEMPT } from '../../main/face/recognition/face-profile.ts';
import { ScoreTally } from './score-tally.ts';

const random = seededRandom(8);
const unit = (v: Float32Array) => v.map((x) => x / Math.hypot(...v));
const noise = () => Float32Array.from({ length: EMBEDDING_SIZE }, () => gaussian(random));
const common = noise();
const person = () => {
  const own = noise();
  return () => unit(Float32Array.from(own, (x, k) => x + common[k] * 0.9 + gaussian(random) * 0.8));
};
const faces: LabelledEmbedding[] = Array.from({ length: 10 }, (_, p) => {
  const face = person();
  return Array.from({ length: 3 + (p % 4) }, () => ({ person: `p${p}`, embedding: face() }));
}).flat();
const built = quantisedCohort(Array.from({ length: 25 }, () => person()()));
const farByZ: FarAtZ[] = [0, 1, 2, 3].map((z) => ({ z, falseAccepts: [400, 100, 10, 1][z], impostorProbes: 1000 }));
const cohort: LoadedCohort = {
  dir: '/synthetic',
  faces: built.faces,
  bytes: 25 * EMBEDDING_SIZE,
  photoHashes: new Set(),
  info: { $comment: '', ...built.info, calibration: { measuredOn: { persons: 0, enrol: 2, draws: 2, seed: 1, genuineProbes: 0, impostorProbes: 1000 }, farByZ } },
};
const options = { enrolCount: 2, draws: 2, seed: 3 };

function armOf(visit: (genuine: (s: number) => void, impostor: (s: number) => void) => void): ArmScores & { persons: number } {
  const genuine: number[] = [];
  const impostors = new ScoreTally();
  visit((s) => genuine.push(s), (s) => impostors.add(s));
  const replay = (v: (s: number) => void) => visit(() => {}, v);
  return { genuineDescending: Float64Array.from(genuine).sort().reverse(), impostors, replay, persons: 10 };
}

const pairs = armOf((g, i) => streamAllPairs(faces, i).genuine.forEach(g));
const protocol = armOf((g, i) => void streamEnrolProtocol(faces, options, { genuine: g, impostor: i }));

test('an operating point counts rejects and false accepts at its threshold', () => {
  const t = 0.3;
  const point = pointAt(protocol, t, null);
  const genuine = [...protocol.genuineDescending];
  const impostor: number[] = [];
  protocol.replay((s) => impostor.push(s));
  assert.equal(point.frr.count, genuine.filter((s) => s < t).length);
  assert.equal(point.far.count, impostor.filter((s) => s >= t).length);
  assert.equal(point.far.of, impostor.length);
  assert.ok(point.frr.low <= point.frr.rate! && point.frr.rate! <= point.frr.high);
  // A threshold fitted for a target FAR never exceeds it on these impostors.
  const fitted = pointForFar(protocol, 0.01);
  assert.ok(fitted.far.rate! <= 0.01);
  assert.equal(fitted.resolved, impostor.length >= 100);
});

test('the calibrated arm judges each probe against its own centre\'s CalibratedProfile threshold', async () => {
  const scale = await scaleMetrics(faces, { ...options, targets: [1e-2, 1e-3], fuse: 2, cohort, photosLeftOut: 7, threads: 1 }, { pairs, protocol });
  // Brute force with the product's classes.
  let [rejects, genuine, falseAccepts, impostors] = [0, 0, 0, 0];
  const thresholds: number[] = [];
  let t = 0;
  streamEnrolProtocol(faces, options, {
    centre: (_task, enrolled) => {
      t = CalibratedProfile.create(FaceProfile.fromEmbeddings(enrolled.map((k) => faces[k].embedding)), {
        floorThresholdCosine: DEFAULT_THRESHOLD_COSINE,
        cohort: { faces: cohort.faces, farByZ },
        targetFar: TARGET_FAR_PER_ATTEMPT,
      }).thresholdCosine;
      thresholds.push(t);
    },
    genuine: (s) => void (genuine++, s < t && rejects++),
    impostor: (s) => void (impostors++, s >= t && falseAccepts++),
  });
  const c = scale.calibrated!;
  assert.deepEqual([c.frr.count, c.frr.of, c.far.count, c.far.of], [rejects, genuine, falseAccepts, impostors]);
  assert.equal(c.profiles, thresholds.length);
  assert.equal(c.thresholds.raisedShare, thresholds.filter((x) => x > DEFAULT_THRESHOLD_COSINE).length / thresholds.length);
  assert.ok(thresholds.every((x) => x >= DEFAULT_THRESHOLD_COSINE));
  assert.deepEqual(scale.cohort, { dir: '/synthetic', count: 25, bytes: 25 * EMBEDDING_SIZE, photosLeftOut: 7 });
  assert.deepEqual(scale.arms.map((a) => a.id), ['pairs', 'protocol', 'fused']);
  assert.ok(scale.arms.every((a) => a.atTargets.length === 2 && a.atProduct.thresholdCosine === DEFAULT_THRESHOLD_COSINE));
  const table = formatScaleTable(scale);
  assert.match(table, /per-profile calibrated/);
  assert.match(table, /7 cohort photos left out/);
});
