import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleHost } from './host-bundle.ts';
import { hostFormOf } from './main-client.ts';

test('the main host bundles to one file: packages left to node_modules, each import.meta.url its source file’s', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-host-bundle-'));
  try {
    const out = join(dir, 'main-host.mjs');
    await bundleHost(fileURLToPath(new URL('./main-host.ts', import.meta.url)), out);
    const code = readFileSync(out, 'utf8');
    assert.match(code, /^import \* as ort from "onnxruntime-node";$/m);
    assert.doesNotMatch(code, /from "\.{1,2}\//, 'no relative import: the repo’s modules are all inside');
    assert.doesNotMatch(code, /import\.meta/);
    // models/prepare.ts finds the models beside itself, and is not "run by node" from the bundle.
    assert.ok(code.includes(JSON.stringify(pathToFileURL(fileURLToPath(new URL('../../models/prepare.ts', import.meta.url))).href)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('FACE_UNLOCK_BENCH_HOST picks the host’s form, bundled unless told', () => {
  assert.equal(hostFormOf(undefined), 'bundled');
  assert.equal(hostFormOf(''), 'bundled');
  assert.equal(hostFormOf('tsx'), 'tsx');
  assert.throws(() => hostFormOf('ts-node'), /FACE_UNLOCK_BENCH_HOST=ts-node/);
});
