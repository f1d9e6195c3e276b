import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attackTypeOf, calibratePassiveThresholds, computeLivenessMetrics, thresholdForBpcer, upperBound95 } from './metrics.ts';
import { formatLivenessSummary, renderLivenessHtml } from './report.ts';

const THRESHOLDS = { liveThreshold: 0.9, spoofThreshold: 0.002 };
const sample = (file: string, score: number) => ({ file, score });

describe('liveness metrics', () => {
  it('reads the attack type from the file name', () => {
    assert.equal(attackTypeOf('x_F1_print_v2.jpg'), 'print');
    assert.equal(attackTypeOf('x_F2_Screen.jpg'), 'screen');
    assert.equal(attackTypeOf('mask.jpg'), 'other');
  });

  it('puts the BPCER threshold just below the lowest live score that must be kept', () => {
    const live = Array.from({ length: 20 }, (_, i) => (i + 1) / 20);
    const t = thresholdForBpcer(live, 0.05); // one of twenty may be refused: the second lowest stays
    assert.ok(t < 0.1 && t > 0.0999999);
    assert.equal(live.filter((s) => s < t).length, 1);
  });

  it('calibrates the live threshold for a target challenge rate and the spoof threshold a margin below the lowest live', () => {
    const live = Array.from({ length: 20 }, (_, i) => (i + 1) / 20);
    const t = calibratePassiveThresholds(live, 0.1, 10);
    assert.equal(live.filter((s) => s < t.liveThreshold).length, 2, 'two of twenty challenged');
    assert.ok(t.liveThreshold > 0.1 && t.liveThreshold <= 0.15);
    assert.equal(t.spoofThreshold, 0.005);
    assert.throws(() => calibratePassiveThresholds([]), RangeError);
  });

  it('gives the Clopper–Pearson upper bound', () => {
    assert.ok(Math.abs(upperBound95(0, 6) - (1 - 0.05 ** (1 / 6))) < 1e-9);
    assert.ok(Math.abs(upperBound95(0, 300) - 0.00994) < 1e-4, 'about 3/n, the rule of three');
    assert.equal(upperBound95(4, 4), 1);
  });

  it('computes APCER at BPCER 5 %, BPCER at APCER 5 %, EER and per-attack rates', () => {
    const live = Array.from({ length: 20 }, (_, i) => sample(`live${i}.jpg`, 0.5 + i / 40));
    const spoof = [
      ...Array.from({ length: 19 }, (_, i) => sample(`a${i}_print.jpg`, i / 100)),
      sample('b_screen.jpg', 0.7),
    ];
    const m = computeLivenessMetrics(live, spoof, { thresholds: THRESHOLDS });
    // The lowest live score (0.5) may go; at the next (0.525) the screen attack (0.7) still passes.
    assert.equal(m.apcerAtBpcer5, 1 / 20);
    assert.equal(m.perAttack.screen?.apcerAtBpcer5Threshold, 1);
    assert.equal(m.perAttack.print?.apcerAtBpcer5Threshold, 0);
    // APCER 5 % lets the screen attack through: no live face needs refusing.
    assert.equal(m.bpcerAtApcer5, 0);
    assert.ok(m.eer > 0 && m.eer < 0.1);
    assert.deepEqual(m.counts.byAttack, { print: 19, screen: 1, other: 0 });
    assert.equal(m.enoughSamples, true);
    assert.deepEqual(m.operatingPoint.spoof, { live: 0, unsure: 19, spoof: 1 });
    assert.equal(m.calibration.thresholds.spoofThreshold, 0.05);
    assert.match(formatLivenessSummary(m), /Calibrated on these live photos\s+live ≥ 0\.5\d*\s+10\.0 % of them challenged/);
  });

  it('renders a self-contained page and a summary that says when the set is too small', () => {
    const m = computeLivenessMetrics([sample('l.jpg', 0.95)], [sample('s_print.jpg', 0.001)], { thresholds: THRESHOLDS });
    const photos = [
      { file: 'l.jpg', kind: 'live' as const, score: 0.95, thumbDataUrl: 'data:image/png;base64,AAAA' },
      { file: 's_print.jpg', kind: 'spoof' as const, score: 0.001, thumbDataUrl: 'https://example.invalid/x.png' },
    ];
    const html = renderLivenessHtml(m, photos);
    assert.ok(!/src="http|href="http/.test(html), 'no external resource');
    assert.ok(html.includes('data:image/png;base64,AAAA'));
    assert.match(formatLivenessSummary(m), /smoke signal/);
    assert.match(formatLivenessSummary(m), /APCER @ BPCER 5 %\s+0\.0 %/);
  });
});
