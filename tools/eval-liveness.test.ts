// The passive liveness path on the shared photos (renderer crop in Chromium → PassiveLiveness),
// pinned to what was measured: live 0.9998 / 0.963 / 0.962 / 0.029, spoof ≤ 0.0092.
// Ten photos are a smoke test of the wiring and preprocessing, not of accuracy.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { judgePassiveScore, PASSIVE_THRESHOLDS, TARGET_CHALLENGE_RATE } from '../main/face/models/passive-liveness.ts';
import { modelPath } from '../models/prepare.ts';
import { findChromium } from './browser/chromium.ts';
import { collectLivenessScores } from './eval-liveness/collect.ts';
import { calibratePassiveThresholds, computeLivenessMetrics } from './eval-liveness/metrics.ts';
import { facesDir } from './eval/paths.ts';

const LIVE_DIR = join(facesDir(), 'liveness', 'live');
const SPOOF_DIR = join(facesDir(), 'liveness', 'spoof');
const BONA_FIDE_DIR = join(facesDir(), 'five_celebrity');

function skipReason(): string | false {
  if (!findChromium()) return 'Chromium not found (apt-get install chromium, or set CHROMIUM_PATH)';
  if (!existsSync(modelPath('liveness'))) return `no liveness model at ${modelPath('liveness')} (npm run prepare-models)`;
  if (!existsSync(LIVE_DIR) || !existsSync(SPOOF_DIR) || !existsSync(BONA_FIDE_DIR)) return `no shared liveness photos at ${join(facesDir(), 'liveness')}`;
  return false;
}

describe('passive liveness on shared/faces/liveness', { skip: skipReason() }, () => {
  it('separates the 4 live from the 6 spoof photos at the product thresholds', { timeout: 120_000 }, async () => {
    const collection = await collectLivenessScores(LIVE_DIR, SPOOF_DIR, { threads: 1 });
    assert.equal(collection.live.length, 4, 'a face in every live photo');
    assert.equal(collection.spoof.length, 6, 'a face in every spoof photo');
    const live = collection.live.map((s) => s.score).sort((a, b) => a - b);
    const spoof = collection.spoof.map((s) => s.score);
    const t = PASSIVE_THRESHOLDS.standard;

    // No spoof is ever confidently live (measured max 0.0092: 5× below 0.05, 100× below 0.9).
    for (const s of collection.spoof) assert.ok(s.score < 0.05, `${s.file}: ${s.score}`);
    // Three live photos score ≥ 0.96; the fourth (a monitor frame in its context) 0.029.
    assert.ok(live[1] > 0.93, `second lowest live ${live[1]}`);
    assert.ok(live[0] > 0.01, `lowest live ${live[0]}`);
    // No live photo is refused outright: all stay above the spoof threshold, 0.002.
    for (const s of collection.live) assert.notEqual(judgePassiveScore(s.score, t), false, `${s.file}: ${s.score}`);
    // Two spoofs are refused outright (measured 0.00002 and 0.0004); the rest go to the challenge.
    assert.ok(spoof.filter((s) => judgePassiveScore(s, t) === false).length >= 2);

    const m = computeLivenessMetrics(collection.live, collection.spoof, { thresholds: t });
    assert.ok(Math.min(...live) > Math.max(...spoof), 'every live photo above every spoof');
    assert.equal(m.eer, 0);
    assert.equal(m.apcerAtBpcer5, 0);
    assert.equal(m.bpcerAtApcer5, 0);
  });

  it('keeps the photo calibration: five_celebrity bona fide faces, none refused, fewer than the target below the window threshold', { timeout: 300_000 }, async () => {
    const collection = await collectLivenessScores(BONA_FIDE_DIR, SPOOF_DIR, { threads: 1 });
    const live = collection.live.map((s) => s.score);
    const t = PASSIVE_THRESHOLDS.standard;
    // Measured: 114 faces, 11 (9.6 %) below 0.96, none below 0.002 (lowest 0.028).
    assert.ok(live.length >= 110, `faces found in ${live.length} photos`);
    const calibrated = calibratePassiveThresholds(live);
    assert.ok(calibrated.liveThreshold > 0.95 && calibrated.liveThreshold < 0.97, `single-photo calibration ${calibrated.liveThreshold}`);
    // The product judges a window's median against a lower threshold (webcam frames score lower
    // than web photos, liveness.ts): no more than the target share of these photos falls below it.
    assert.ok(t.liveThreshold <= calibrated.liveThreshold);
    const below = live.filter((s) => judgePassiveScore(s, t) === 'unsure').length / live.length;
    assert.ok(below <= TARGET_CHALLENGE_RATE, `below the window threshold ${below}`);
    assert.equal(live.filter((s) => judgePassiveScore(s, t) === false).length, 0, 'a bona fide face refused outright');
    // The refusal threshold is what the calibration gives, rounded down.
    assert.ok(t.spoofThreshold <= calibrated.spoofThreshold && t.spoofThreshold > calibrated.spoofThreshold / 2, `spoof ${calibrated.spoofThreshold}`);
  });
});
