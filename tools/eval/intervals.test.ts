import assert from 'node:assert/strict';
import { test } from 'node:test';
import { betaQuantile, clopperPearsonInterval, lnGamma, regularizedBeta, wilsonInterval } from './intervals.ts';

const close = (actual: number, expected: number, relative: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= relative * Math.abs(expected), `${what}: ${actual} vs ${expected}`);

test('Wilson intervals match published values', () => {
  // Newcombe (1998), and R's prop.test(correct = FALSE) / binom::binom.wilson.
  const five = wilsonInterval(5, 10);
  close(five.low, 0.2365931, 1e-6, 'low 5/10');
  close(five.high, 0.7634069, 1e-6, 'high 5/10');
  const zero = wilsonInterval(0, 10);
  assert.equal(zero.low, 0);
  close(zero.high, 0.2775328, 1e-6, 'high 0/10');
  const some = wilsonInterval(81, 263);
  close(some.low, 0.2553, 1e-3, 'low 81/263');
  close(some.high, 0.3662, 1e-3, 'high 81/263');
  assert.deepEqual(wilsonInterval(10, 10).high, 1);
});

test('Clopper–Pearson intervals match exact binomial values', () => {
  // R: binom.test(5, 10)$conf.int = 0.1870860 0.8129140.
  const five = clopperPearsonInterval(5, 10);
  close(five.low, 0.187086, 1e-6, 'low 5/10');
  close(five.high, 0.812914, 1e-6, 'high 5/10');
  // k = 0: upper = 1 − 0.025^(1/n).
  const zero = clopperPearsonInterval(0, 10);
  assert.equal(zero.low, 0);
  close(zero.high, 1 - 0.025 ** (1 / 10), 1e-9, 'high 0/10');
  // At FAR scales the Poisson limits: 0 → 3.689 / n, 1 → [0.02532, 5.5716] / n, 100 → [81.37, 121.63] / n.
  close(clopperPearsonInterval(0, 1e7).high, 3.688879e-7, 1e-5, 'high 0/1e7');
  const one = clopperPearsonInterval(1, 1e6);
  close(one.low, 2.531781e-8, 1e-5, 'low 1/1e6');
  close(one.high, 5.571643e-6, 1e-5, 'high 1/1e6');
  const hundred = clopperPearsonInterval(100, 1e7);
  close(hundred.low, 8.136522e-6, 1e-4, 'low 100/1e7');
  close(hundred.high, 1.216299e-5, 1e-4, 'high 100/1e7');
  // Many false accepts: close to the normal approximation.
  const many = clopperPearsonInterval(20000, 7e6);
  const [p, se] = [20000 / 7e6, Math.sqrt(20000 / 7e6 / 7e6)];
  close(many.low, p - 1.96 * se, 2e-3, 'low 20000/7e6');
  close(many.high, p + 1.96 * se, 2e-3, 'high 20000/7e6');
  assert.equal(clopperPearsonInterval(10, 10).high, 1);
});

test('the special functions behind them', () => {
  close(lnGamma(10), Math.log(362880), 1e-13, 'lnΓ(10)');
  close(lnGamma(0.5), Math.log(Math.sqrt(Math.PI)), 1e-13, 'lnΓ(½)');
  close(regularizedBeta(0.3, 1, 1), 0.3, 1e-12, 'I(uniform)');
  close(regularizedBeta(0.5, 2, 3), 0.6875, 1e-12, 'I(0.5; 2, 3)');
  close(betaQuantile(0.6875, 2, 3), 0.5, 1e-9, 'quantile');
});

test('intervals refuse impossible counts', () => {
  assert.throws(() => wilsonInterval(3, 2), RangeError);
  assert.throws(() => clopperPearsonInterval(-1, 2), RangeError);
  assert.throws(() => clopperPearsonInterval(0.5, 2), RangeError);
  assert.deepEqual(clopperPearsonInterval(0, 0), { low: 0, high: 1 });
});
