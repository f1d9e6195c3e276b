import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { COLD_MILESTONES, type RunTimeline } from './lock-timeline.ts';
import { pairedColdDifferences, writeBenchJson } from './report.ts';

test('reports/bench.json keeps what other tools wrote there and replaces the bench’s own figures', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-json-'));
  try {
    const path = join(dir, 'reports', 'bench.json');
    writeBenchJson(path, { lockScreen: { totalMedianMs: 900 }, mainRssMb: 170, photos: { faces: 1 } });
    const written = JSON.parse(readFileSync(path, 'utf8'));
    writeFileSync(path, JSON.stringify({ ...written, eval: { photosPerSecond: 12 } }));
    writeBenchJson(path, { lockScreen: { totalMedianMs: 800 }, mainRssMb: 160 });
    assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')), { eval: { photosPerSecond: 12 }, lockScreen: { totalMedianMs: 800 }, mainRssMb: 160 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('cold opens are compared run by run with the baseline build’s, over the pairs where both unlocked', () => {
  const cold = (totalMs: number | null, firstFrame: number): RunTimeline => ({
    unlocked: totalMs !== null,
    challenged: false,
    stagesMs: { cameraReady: null, firstFrame: null, firstMatch: null, decision: null, overlay: null },
    totalMs,
    judgedFrames: 10,
    judgedFramesPerSecond: 20,
    milestonesMs: Object.fromEntries(COLD_MILESTONES.map((milestone) => [milestone, milestone === 'firstFrame' ? firstFrame : null])) as RunTimeline['milestonesMs'],
  });
  const paired = pairedColdDifferences([cold(1000, 400), cold(1100, 500), cold(null, 450), cold(1300, 420)], [cold(1200, 600), cold(1150, 520), cold(1400, 700), cold(1250, 400)]);
  assert.equal(paired.pairs, 3);
  assert.equal(paired.totalMs, -50, 'median of −200, −50, +50');
  assert.equal(paired.milestonesMs.firstFrame, -20, 'median of −200, −20, +20');
  assert.equal(paired.milestonesMs.domReady, null);
});
