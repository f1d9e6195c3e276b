import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { blockText, livenessModesTable, lockScreenTable, readmeBlocks, renderReadme, snapshotNameOf, type LockScreenSnapshot, type TableName } from './readme-tables.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
const snapshot = (name: string) => JSON.parse(readFileSync(join(REPO, 'docs/measured', `${snapshotNameOf(name as TableName)}.json`), 'utf8'));

describe('README measured tables', () => {
  it('each table in README.md is exactly its rendering from docs/measured/ (npm run readme-tables)', () => {
    const blocks = readmeBlocks(readme);
    assert.deepEqual([...blocks.keys()].sort(), ['at-scale', 'liveness-modes', 'lock-screen', 'lock-screen-cold']);
    for (const [name, text] of blocks) assert.equal(text, `${blockText(name as TableName, snapshot(name))}\n`, `README table ${name} was retyped or is stale`);
  });

  it('a retyped figure is caught: re-rendering changes the README back', () => {
    const retyped = readme.replace('| **lock → "Unlocked"**', '| **lock → "Unlocked" (retyped)**');
    assert.notEqual(retyped, readme);
    assert.equal(renderReadme(retyped, (name) => blockText(name, snapshot(name))), readme);
  });

  it('renders medians in whole ms, floors beside them, and counts of runs', () => {
    const lock: LockScreenSnapshot = {
      command: 'npm run bench',
      writtenIso: '2026-11-30T00:00:00Z',
      lockScreen: {
        runs: 10, unlocked: 9, totalMedianMs: 1234.4,
        stagesMedianMs: { cameraReady: 50.4, firstFrame: 40, firstMatch: 40, decision: 600.6, overlay: 9 },
        floorMs: { total: 700, cameraReady: 44, firstFrame: 16, firstMatch: 35, decision: 630, overlay: 0, cameraStart: 44 },
        pageAloneMedianMs: { domReady: 130, wasmFetched: 320, detectorLoaded: 530, detectorReady: 740 },
        judgedFramesPerSecond: 19.06, judgedFramesPerSecondFloor: 23.66,
        cold: {
          runs: 10, unlocked: 10, totalMedianMs: 1456.2,
          milestonesMedianMs: { domReady: 126, cameraAsked: 166, cameraReady: 292, wasmFetched: 319, detectorLoaded: 565, detectorReady: 717, firstFrameSent: 763, firstFrame: 781, firstMatch: 828, unlockedInMain: 1447, unlocked: 1456 },
        },
        sustained: { cycles: 7, judgedFrames: 1001 },
      },
    };
    const table = lockScreenTable(lock);
    assert.match(table, /\| \*\*lock → "Unlocked"\*\* \(9 of 10 unlocked\) \| \*\*1 234\*\* \| 700 \|/);
    assert.match(table, /\| first match → unlocked in main \| 601 \| 630 /);
    assert.match(table, /\| judged frames\/s \(7 locks on one page, 1,001 frames\) \| 19\.1 \| 23\.7 \|/);
  });

  it('liveness rows say attacks per kind with the 95 % upper bound, and which run each mode comes from', () => {
    const figures = { apcer: 0, bpcer: 0.5, apcerUpper95: 0.0868, medianUnlockMs: 650, counts: { bonaFide: 6, bonaFideUnlocked: 3, bonaFideChallenged: 6, attack: 33, attackUnlocked: 0 }, perAttack: { replay: { count: 6, unlocked: 0 } } };
    const table = livenessModesTable({ modes: { strict: { ...figures, command: 'x', writtenIso: '2026-11-29T10:00:00Z' } } });
    assert.match(table, /\| Strict \| 0 of 33 \(≤ 8\.7 %\) — replay 0\/6 \| 3 of 6 \| 6 of 6 \| 0\.65 s \| 2026-11-29 \|/);
  });
});
