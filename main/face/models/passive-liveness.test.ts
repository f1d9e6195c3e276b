import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { modelPath } from '../../../models/prepare.ts';
import {
  judgePassiveScore, livenessTensor128, PASSIVE_THRESHOLDS, PassiveLiveness, PassiveLivenessCheck, softmax,
} from './passive-liveness.ts';
import { ModelUnavailableError } from './onnx-session.ts';

const PLANE = 128 * 128;

describe('livenessTensor128', () => {
  it('lays RGB pixels out as BGR planes of raw 0–255 values', () => {
    const rgb = new Uint8Array(PLANE * 3);
    rgb.set([10, 20, 30], 0);
    rgb.set([200, 100, 0], 3 * (PLANE - 1));
    const tensor = livenessTensor128(rgb);
    assert.deepEqual([tensor[0], tensor[PLANE], tensor[2 * PLANE]], [30, 20, 10]);
    assert.deepEqual([tensor[PLANE - 1], tensor[2 * PLANE - 1], tensor[3 * PLANE - 1]], [0, 100, 200]);
  });

  it('refuses a crop of the wrong size', () => {
    assert.throws(() => livenessTensor128(new Uint8Array(100)), RangeError);
  });
});

describe('softmax', () => {
  it('gives probabilities that sum to 1, stable for large logits', () => {
    const p = softmax([1000, 1000 + Math.log(3), 0]);
    assert.ok(Math.abs(p[0] - 0.25) < 1e-12 && Math.abs(p[1] - 0.75) < 1e-12 && p[2] === 0);
  });
});

describe('judgePassiveScore', () => {
  const t = { liveThreshold: 0.9, spoofThreshold: 0.002 };
  it('is live at or above the live threshold, spoof below the spoof threshold, unsure between', () => {
    assert.equal(judgePassiveScore(0.9, t), true);
    assert.equal(judgePassiveScore(0.0019, t), false);
    assert.equal(judgePassiveScore(0.002, t), 'unsure');
    assert.equal(judgePassiveScore(0.5, t), 'unsure');
    assert.throws(() => judgePassiveScore(Number.NaN, t), RangeError);
  });
});

describe('PassiveLivenessCheck', () => {
  it('judges the scorer\'s score with its thresholds (FaceVerifier\'s LivenessCheck)', async () => {
    let seen: Uint8Array | null = null;
    const crop = new Uint8Array(PLANE * 3);
    const check = new PassiveLivenessCheck({ score: async (c) => { seen = c; return 0.97; } });
    assert.deepEqual(await check.judge(crop), { live: true, score: 0.97 });
    assert.equal(seen, crop);
    const low = new PassiveLivenessCheck({ score: async () => 0.001 }, PASSIVE_THRESHOLDS.standard);
    assert.deepEqual(await low.judge(crop), { live: false, score: 0.001 });
    assert.equal(low.liveThreshold, PASSIVE_THRESHOLDS.standard.liveThreshold);
  });

  it('judges a window of frames by its median, so one dip or one spike does not decide', () => {
    const check = new PassiveLivenessCheck({ score: async () => 0 });
    assert.equal(check.judgeWindow([0.82, 0.63, 0.92, 0.95, 0.53, 0.95]), true);
    assert.equal(check.judgeWindow([0.99, 0.3, 0.2, 0.99, 0.1, 0.4]), 'unsure');
    assert.equal(check.judgeWindow([0.0008, 0.0002, 0.9, 0.0001, 0.0003]), false);
    assert.equal(check.judgeWindow([0.0008, 0.003, 0.005, 0.0015, 0.004]), 'unsure', 'a real person on a poor camera is not refused');
    assert.throws(() => check.judgeWindow([]), RangeError);
  });

  it('refuses thresholds in the wrong order', () => {
    assert.throws(() => new PassiveLivenessCheck({ score: async () => 0 }, { liveThreshold: 0.1, spoofThreshold: 0.5 }), RangeError);
  });
});

describe('PassiveLiveness', () => {
  const path = modelPath('liveness');
  it('scores a crop as a probability with the real model', { skip: existsSync(path) ? false : `no model at ${path} (npm run prepare-models)` }, async () => {
    const liveness = await PassiveLiveness.createFromOptions({ modelPath: path, threads: 1 });
    try {
      const grey = new Uint8Array(PLANE * 3).fill(128);
      const score = await liveness.score(grey);
      assert.ok(score >= 0 && score <= 1, `score ${score}`);
      // A uniform grey card is no face: the model must not call it confidently live.
      assert.ok(score < PASSIVE_THRESHOLDS.standard.liveThreshold, `grey card scored ${score}`);
    } finally {
      await liveness.dispose();
    }
  });

  it('reports a missing model file clearly', async () => {
    await assert.rejects(PassiveLiveness.createFromOptions({ modelPath: '/nonexistent/fr_liveness.onnx' }), ModelUnavailableError);
  });
});
