import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auc, equalErrorRate, rates, rocCurve, tarAtFar, thresholdForFar } from '../math/roc.ts';
import { seededRandom } from '../math/random.ts';
import { ScoreTally } from './score-tally.ts';
import { StreamingRoc, thresholdForFar as tallyThresholdForFar } from './streaming-roc.ts';

/** Scores rounded to `step` so that ties within and across the classes are common. */
function scores(random: () => number, count: number, centre: number, spread: number, step: number): Float64Array {
  return Float64Array.from({ length: count }, () => Math.round((centre + spread * (random() + random() - 1)) / step) * step);
}

function streamed(genuine: Float64Array, impostor: Float64Array, options: { topCapacity: number; bins: number }) {
  const roc = new StreamingRoc(genuine, options);
  for (const s of impostor) roc.addImpostor(s);
  let replays = 0;
  const replay = (visit: (score: number) => void) => {
    replays++;
    for (const s of impostor) visit(s);
  };
  return { roc, replay, replays: () => replays };
}

test('streamed metrics equal the sorted ones bit for bit, with and without replays', () => {
  const random = seededRandom(3);
  let replayed = 0;
  for (let trial = 0; trial < 60; trial++) {
    const step = [1e-3, 0.02, 0.1][trial % 3];
    const genuine = scores(random, 5 + Math.floor(random() * 60), 0.5 + random() * 0.3, 0.4, step);
    const impostor = scores(random, 20 + Math.floor(random() * 400), 0.1, 0.5, step);
    // A tiny top and few bins force gathering bins by replay; a big top keeps everything.
    const options = trial % 2 ? { topCapacity: 3, bins: 4 + (trial % 7) } : { topCapacity: 1 << 20, bins: 1 << 16 };
    const { roc, replay, replays } = streamed(genuine, impostor, options);
    const context = `trial ${trial}`;
    assert.equal(roc.auc(), auc(genuine, impostor), context);
    assert.deepEqual(roc.equalErrorRate(replay), equalErrorRate(genuine, impostor), context);
    for (const far of [0, 1e-2, 0.05, 0.3, 1]) {
      assert.equal(roc.thresholdForFar(far, replay), thresholdForFar(impostor, far), `${context} FAR ${far}`);
      assert.equal(roc.tarAtFar(far || 1e-3, replay), tarAtFar(genuine, impostor, far || 1e-3), `${context} FAR ${far}`);
    }
    replayed += replays();
  }
  assert.ok(replayed > 20, `replays: ${replayed}`);
});

test('the EER threshold is the midpoint where FAR = FRR over a range (perfect separation)', () => {
  const genuine = Float64Array.from([0.9, 0.8, 0.7]);
  const impostor = Float64Array.from([0.1, 0.2, 0.3, 0.2]);
  for (const topCapacity of [1, 100]) {
    const { roc, replay } = streamed(genuine, impostor, { topCapacity, bins: 2 });
    assert.deepEqual(roc.equalErrorRate(replay), equalErrorRate(genuine, impostor));
    assert.deepEqual(roc.equalErrorRate(replay), { eer: 0, thresholdCosine: 0.5 });
  }
});

test('the ROC corners lie on the sorted ROC, from (0, 0) to (1, 1)', () => {
  const random = seededRandom(9);
  const genuine = scores(random, 40, 0.6, 0.4, 0.01);
  const impostor = scores(random, 300, 0.1, 0.5, 0.01);
  const { roc } = streamed(genuine, impostor, { topCapacity: 10, bins: 64 });
  const exact = rocCurve(genuine, impostor);
  const onExact = new Set(exact.far.map((f, i) => `${f},${exact.tar[i]}`));
  const corners = roc.curve();
  assert.deepEqual([corners.far[0], corners.tar[0]], [0, 0]);
  assert.deepEqual([corners.far.at(-1), corners.tar.at(-1)], [1, 1]);
  for (let k = 0; k < corners.far.length; k++) assert.ok(onExact.has(`${corners.far[k]},${corners.tar[k]}`), `corner ${k}`);
});

test('a tally counts and ranks exactly above and below its cutoff', () => {
  const random = seededRandom(5);
  const values = scores(random, 2000, 0, 0.9, 0.001);
  const tally = new ScoreTally({ topCapacity: 50, bins: 32 });
  for (const v of values) tally.add(v);
  const sorted = values.slice().sort().reverse();
  const replay = (visit: (s: number) => void) => values.forEach(visit);
  const ranks = [0, 10, 49, 50, 51, 700, 1999];
  const thresholds = [0.9, 0.3, 0, -0.2, -2, 2];
  tally.ensure({ ranks, thresholds }, replay);
  for (const r of ranks) assert.equal(tally.orderStatistic(r), sorted[r], `rank ${r}`);
  for (const t of thresholds) {
    assert.equal(tally.countAtLeast(t), sorted.filter((s) => s >= t).length, `≥ ${t}`);
    assert.equal(tally.countAbove(t), sorted.filter((s) => s > t).length, `> ${t}`);
  }
  assert.equal(tallyThresholdForFar(tally, 0.01, replay), thresholdForFar(values, 0.01));
  assert.deepEqual([tally.min, tally.max, tally.count], [sorted.at(-1), sorted[0], 2000]);
  assert.throws(() => tally.add(Number.NaN), RangeError);
  // The counts at a threshold agree with roc.ts's rates.
  const genuine = Float64Array.from([0.5]);
  assert.equal(tally.countAtLeast(0.3) / tally.count, rates(genuine, values, 0.3).far);
});
