import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_THRESHOLD_COSINE } from '../../main/face/recognition/face-profile.ts';
import { seededRandom } from '../math/random.ts';
import { auc, equalErrorRate, rates, tarAtFar, thresholdForFar } from '../math/roc.ts';
import { cosineSimilarity } from '../../main/face/math/vectors.ts';
import type { Collection, EmbeddedFace } from './collect.ts';
import { computeEvalMetrics } from './metrics.ts';
import { streamAllPairs, streamEnrolProtocol } from './protocol.ts';

function collection(persons: number, perPerson: number): Collection {
  const random = seededRandom(11);
  const faces: EmbeddedFace[] = [];
  for (let p = 0; p < persons; p++) {
    const centre = Array.from({ length: 16 }, () => random() - 0.5);
    for (let k = 0; k < perPerson + (p % 3); k++) {
      const v = Float32Array.from(centre, (c) => c + 0.6 * (random() - 0.5));
      faces.push({ person: `p${p}`, file: `p${p}/${k}.jpg`, thumbDataUrl: '', faceWidthPx: 100, embedding: v, yawDegrees: 0 });
    }
  }
  return { faces, problems: [], images: faces.length, stageTimingsMs: { embed: [20, 22, 21] }, cachedPhotos: 0, seconds: 2 };
}

test('metrics from streamed scores (worker threads, tallies) equal roc.ts on every score kept and sorted', async () => {
  const data = collection(12, 7);
  const options = { enrolCount: 5, draws: 3, seed: 2, targetFar: 0.01 };
  const { metrics, histograms, roc } = await computeEvalMetrics(data, options);

  const pairs = { genuine: [] as number[], impostor: [] as number[] };
  for (let i = 0; i < data.faces.length; i++) {
    for (let j = i + 1; j < data.faces.length; j++) {
      const same = data.faces[i].person === data.faces[j].person;
      (same ? pairs.genuine : pairs.impostor).push(cosineSimilarity(data.faces[i].embedding, data.faces[j].embedding));
    }
  }
  const eer = equalErrorRate(pairs.genuine, pairs.impostor);
  assert.equal(metrics.auc, auc(pairs.genuine, pairs.impostor));
  assert.deepEqual([metrics.eer, metrics.eerThresholdCosine], [eer.eer, eer.thresholdCosine]);
  assert.deepEqual(metrics.tarAtFar, {
    '1e-2': tarAtFar(pairs.genuine, pairs.impostor, 1e-2),
    '1e-3': tarAtFar(pairs.genuine, pairs.impostor, 1e-3),
    '1e-4': null,
  });
  assert.deepEqual([metrics.counts.genuinePairs, metrics.counts.impostorPairs], [pairs.genuine.length, pairs.impostor.length]);
  assert.deepEqual([histograms.genuine.count, histograms.impostor.count], [pairs.genuine.length, pairs.impostor.length]);
  assert.deepEqual([roc.far.at(-1), roc.tar.at(-1)], [1, 1]);

  const protocol = { genuine: [] as number[], impostor: [] as number[] };
  streamEnrolProtocol(data.faces, options, { genuine: (s) => protocol.genuine.push(s), impostor: (s) => protocol.impostor.push(s) });
  const threshold = thresholdForFar(protocol.impostor, options.targetFar);
  const at = (t: number) => rates(protocol.genuine, protocol.impostor, t);
  assert.equal(metrics.protocol.thresholdCosine, threshold);
  assert.deepEqual([metrics.protocol.frr, metrics.protocol.far], [at(threshold).frr, at(threshold).far]);
  assert.deepEqual([metrics.protocol.frrAtProduct, metrics.protocol.farAtProduct], [at(DEFAULT_THRESHOLD_COSINE).frr, at(DEFAULT_THRESHOLD_COSINE).far]);
  assert.deepEqual([metrics.protocol.genuineProbes, metrics.protocol.impostorProbes], [protocol.genuine.length, protocol.impostor.length]);
  assert.equal(metrics.timingsMs.embed, 21);
  assert.equal(metrics.throughput.photosPerSecond, data.images / 2);
});

test('interleaved parts give every score exactly once', () => {
  const { faces } = collection(5, 6);
  const sorted = (values: number[]) => values.sort((a, b) => a - b);
  const whole = { pairs: [] as number[], protocol: [] as number[] };
  streamAllPairs(faces, (s) => whole.pairs.push(s));
  streamEnrolProtocol(faces, { enrolCount: 3, draws: 2, seed: 1 }, { impostor: (s) => whole.protocol.push(s) });
  const parts = { pairs: [] as number[], protocol: [] as number[] };
  for (let index = 0; index < 3; index++) {
    streamAllPairs(faces, (s) => parts.pairs.push(s), { index, count: 3 });
    streamEnrolProtocol(faces, { enrolCount: 3, draws: 2, seed: 1 }, { impostor: (s) => parts.protocol.push(s) }, { index, count: 3 });
  }
  assert.deepEqual(sorted(parts.pairs), sorted(whole.pairs));
  assert.deepEqual(sorted(parts.protocol), sorted(whole.protocol));
});
