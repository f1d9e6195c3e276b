import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeBenchJson } from './report.ts';

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
