import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auc, equalErrorRate, rates, rocCurve, tarAtFar, thresholdForFar } from './roc.ts';

const GENUINE = [0.9, 0.8, 0.7, 0.6];
const IMPOSTOR = [0.65, 0.5, 0.4, 0.3, 0.2];

function assertClose(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) < 1e-12, `${what}: ${actual} vs ${expected}`);
}

test('ROC curve of the hand-worked example', () => {
  const roc = rocCurve(GENUINE, IMPOSTOR);
  assert.deepEqual(roc.thresholds, [Number.POSITIVE_INFINITY, 0.9, 0.8, 0.7, 0.65, 0.6, 0.5, 0.4, 0.3, 0.2]);
  assert.deepEqual(roc.far, [0, 0, 0, 0, 0.2, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(roc.tar, [0, 0.25, 0.5, 0.75, 0.75, 1, 1, 1, 1, 1]);
});

test('AUC of the hand-worked example: 19 of 20 pairs ordered correctly', () => {
  assertClose(auc(GENUINE, IMPOSTOR), 0.95, 'auc'); // only 0.6 < 0.65
});

test('EER of the hand-worked example', () => {
  // Just above 0.6: FRR 0.25, FAR 0.2; at 0.6: FRR 0, FAR 0.2. FAR overtakes FRR at 0.6, and the
  // vertical ROC segment there meets FAR = FRR at 0.2.
  const { eer, thresholdCosine } = equalErrorRate(GENUINE, IMPOSTOR);
  assertClose(eer, 0.2, 'eer');
  assert.equal(thresholdCosine, 0.6);
});

test('thresholdForFar sits just above the right impostor score', () => {
  // FAR ≤ 0.2 allows 1 of 5 impostors: the threshold must exceed the second highest, 0.5.
  const t = thresholdForFar(IMPOSTOR, 0.2);
  assert.ok(t > 0.5 && t - 0.5 < 1e-15, `threshold ${t}`);
  assert.deepEqual(rates(GENUINE, IMPOSTOR, t), { frr: 0, far: 0.2 });
  assert.deepEqual(rates(GENUINE, IMPOSTOR, 0.5), { frr: 0, far: 0.4 });

  const strict = thresholdForFar(IMPOSTOR, 0);
  assert.ok(strict > 0.65 && strict - 0.65 < 1e-15);
  assert.equal(thresholdForFar(IMPOSTOR, 0.19), strict); // ⌊0.95⌋ = 0 false accepts allowed
  assert.ok(thresholdForFar(IMPOSTOR, 0.4) > 0.4 && thresholdForFar(IMPOSTOR, 0.4) < 0.5);
  assert.equal(thresholdForFar(IMPOSTOR, 1), Number.NEGATIVE_INFINITY);
  // Negative and zero scores: still the next double up.
  const negative = thresholdForFar([-0.2, -0.5], 0.5);
  assert.ok(negative > -0.5 && negative < -0.4999999999);
  assert.equal(thresholdForFar([0, -1], 0), Number.MIN_VALUE);
  assert.equal(thresholdForFar([0, -1], 0.5), -0.9999999999999999);
  // 0.29·100 is 28.999… in floating point; 29 false accepts are still allowed.
  const hundred = Array.from({ length: 100 }, (_, i) => i / 100);
  assert.equal(rates([1], hundred, thresholdForFar(hundred, 0.29)).far, 0.29);
});

test('TAR at FAR, and null when there are too few impostors', () => {
  assert.equal(tarAtFar(GENUINE, IMPOSTOR, 0.2), 1);
  assert.equal(tarAtFar(GENUINE, IMPOSTOR, 0.1), null); // needs 10 impostors
  assert.equal(tarAtFar(GENUINE, IMPOSTOR, 0.19), null); // needs 6
  assert.equal(tarAtFar(GENUINE, IMPOSTOR, 0), null);

  const tenImpostors = [0.85, 0.5, 0.45, 0.4, 0.35, 0.3, 0.25, 0.2, 0.15, 0.1];
  assert.equal(tarAtFar(GENUINE, tenImpostors, 0.1), 1); // threshold just above 0.5
  assert.equal(tarAtFar(GENUINE, tenImpostors, 0.099), null);
  const fortyNine = Array.from({ length: 49 }, (_, i) => i / 100);
  assert.equal(tarAtFar([0.3, 0.9], fortyNine, 1 / 49), 0.5); // threshold just above 0.47
  const strongImpostor = [0.95, ...tenImpostors.slice(1)];
  assert.equal(tarAtFar(GENUINE, strongImpostor, 0.1), 1);
  assert.equal(tarAtFar(GENUINE, [0.95, 0.85, ...tenImpostors.slice(2)], 0.1), 0.25); // above 0.85
});

test('ties count one half', () => {
  const genuine = [0.5, 0.5, 0.9];
  const impostor = [0.5, 0.1];
  // Pairs: two ties (½ each) and four wins out of six.
  assertClose(auc(genuine, impostor), 5 / 6, 'auc');
  const roc = rocCurve(genuine, impostor);
  assert.deepEqual(roc.thresholds, [Number.POSITIVE_INFINITY, 0.9, 0.5, 0.1]);
  assert.deepEqual(roc.far, [0, 0, 0.5, 1]);
  assert.deepEqual(roc.tar, [0, 1 / 3, 1, 1]);
  // The tied step is a diagonal from (FAR 0, FRR ⅔) to (FAR ½, FRR 0): FAR = FRR at 2/7.
  const { eer, thresholdCosine } = equalErrorRate(genuine, impostor);
  assertClose(eer, 2 / 7, 'eer');
  assert.equal(thresholdCosine, 0.5);
  // All scores equal: chance.
  assertClose(auc([0.4, 0.4], [0.4]), 0.5, 'auc of all ties');
  assertClose(equalErrorRate([0.4, 0.4], [0.4]).eer, 0.5, 'eer of all ties');
});

test('perfect separation: AUC 1, EER 0, threshold mid-gap', () => {
  const genuine = [0.9, 0.8];
  const impostor = [0.3, 0.2, 0.1];
  assert.equal(auc(genuine, impostor), 1);
  assert.deepEqual(equalErrorRate(genuine, impostor), { eer: 0, thresholdCosine: 0.55 });
  assert.equal(tarAtFar(genuine, [...impostor, 0, -0.5], 0.2), 1);
});

test('FAR equal to FRR over a range of thresholds gives its midpoint', () => {
  // Between 0.5 and 0.6 exactly one of two genuine and one of two impostors is on the wrong side.
  assert.deepEqual(equalErrorRate([0.9, 0.5], [0.6, 0.1]), { eer: 0.5, thresholdCosine: 0.55 });
  // Fully reversed scores: everything is wrong.
  assert.equal(auc([0.1], [0.9]), 0);
  assert.deepEqual(equalErrorRate([0.1], [0.9]), { eer: 1, thresholdCosine: 0.5 });
});

test('ROC points and AUC agree with brute force on random tied scores', () => {
  let state = 12345;
  // Scores on a 0.05 grid, so ties are common.
  const nextStep = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return Math.floor((state / 2147483648) * 20);
  };
  const genuine = Array.from({ length: 37 }, () => Math.min(20, nextStep() + 6) / 20);
  const impostor = Array.from({ length: 53 }, () => nextStep() / 20);
  let wins = 0;
  for (const g of genuine) for (const i of impostor) wins += g > i ? 1 : g === i ? 0.5 : 0;
  assertClose(auc(genuine, impostor), wins / (genuine.length * impostor.length), 'auc');

  const roc = rocCurve(genuine, impostor);
  assert.equal(roc.far.at(-1), 1);
  assert.equal(roc.tar.at(-1), 1);
  for (let k = 1; k < roc.thresholds.length; k++) {
    assert.ok(roc.thresholds[k] < roc.thresholds[k - 1], 'thresholds strictly decrease');
    const r = rates(genuine, impostor, roc.thresholds[k]);
    assertClose(r.far, roc.far[k], `far at ${roc.thresholds[k]}`);
    assertClose(1 - r.frr, roc.tar[k], `tar at ${roc.thresholds[k]}`);
  }
  const { eer, thresholdCosine } = equalErrorRate(genuine, impostor);
  const atThreshold = rates(genuine, impostor, thresholdCosine);
  const justAbove = rates(genuine, impostor, thresholdCosine + 1e-9);
  // The EER lies between the error rates on either side of its threshold.
  assert.ok(atThreshold.frr <= eer && eer <= justAbove.frr, 'eer within the FRR step');
  assert.ok(justAbove.far <= eer && eer <= atThreshold.far, 'eer within the FAR step');
});

test('rejects empty or non-finite scores and bad targets', () => {
  assert.throws(() => rocCurve([], IMPOSTOR), RangeError);
  assert.throws(() => auc(GENUINE, []), RangeError);
  assert.throws(() => equalErrorRate([0.5, Number.NaN], IMPOSTOR), RangeError);
  assert.throws(() => rates(GENUINE, [Number.POSITIVE_INFINITY], 0.5), RangeError);
  assert.throws(() => rates(GENUINE, IMPOSTOR, Number.NaN), RangeError);
  assert.throws(() => thresholdForFar(IMPOSTOR, 1.5), RangeError);
  assert.throws(() => tarAtFar(GENUINE, IMPOSTOR, -0.1), RangeError);
  assert.throws(() => thresholdForFar([], 0.1), RangeError);
});
