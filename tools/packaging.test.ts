// What can be checked of the packaging without Electron's binary (electron-builder needs
// it to build): the configuration against electron-builder's own schema, the files it
// packs, and the built entry points the package points at.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { modelsDir, shippedCohortPath } from '../models/prepare.ts';
import { COHORT_FILE_NAME, modelFileName } from '../models/model-manifest.ts';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const config = yaml.load(readFileSync(join(REPO, 'electron-builder.yml'), 'utf8')) as Record<string, any>;

test('electron-builder accepts the configuration (its own schema), and would refuse a wrong one', async () => {
  const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
  const { DebugLogger } = require('builder-util');
  await validateConfiguration(config, new DebugLogger(false));
  await assert.rejects(validateConfiguration({ ...config, linux: { ...config.linux, notAnOption: true } }, new DebugLogger(false)));
  assert.deepEqual(config.linux.target, ['AppImage', 'deb']);
  assert.equal(config.win.target, 'nsis');
  assert.equal(config.mac.target, 'dmg');
});

test('the ONNX models the main process opens are packed as resources/models, and the native runtime is unpacked', () => {
  const models = config.extraResources.find((r: { to: string }) => r.to === 'models');
  for (const file of (['landmarks', 'embedder', 'liveness'] as const).map(modelFileName)) {
    assert.ok(models.filter.includes(file), file);
    assert.ok(existsSync(join(modelsDir(), file)), `${file} prepared`);
  }
  // main/app/face-unlock-app.ts opens join(process.resourcesPath, 'models') when packaged.
  assert.match(readFileSync(join(REPO, 'main/app/face-unlock-app.ts'), 'utf8'), /join\(process\.resourcesPath, 'models'\)/);
  const cohort = config.extraResources.find((r: { to: string }) => r.to === 'cohort');
  assert.deepEqual(cohort?.filter, [COHORT_FILE_NAME], 'the cohort ships, its photo list does not');
  assert.ok(existsSync(shippedCohortPath()), 'the cohort is in the repository');
  assert.match(readFileSync(join(REPO, 'main/app/face-unlock-app.ts'), 'utf8'), /join\(process\.resourcesPath, 'cohort'\)/);
  assert.ok(config.asarUnpack.includes('node_modules/onnxruntime-node/**'));
});

test('the build produces what package.json and the windows point at: ESM main, one CommonJS preload, local-only pages', () => {
  execFileSync(process.execPath, [join(REPO, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: REPO, stdio: 'ignore' });
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
  assert.ok(existsSync(join(REPO, pkg.main)), pkg.main);
  const preload = readFileSync(join(REPO, 'out/preload/index.cjs'), 'utf8');
  assert.doesNotMatch(preload, /^\s*import\s/m, 'a sandboxed preload cannot use ES modules');
  assert.match(preload, /exposeInMainWorld\("faceUnlock"/);
  for (const page of ['lock', 'enrol', 'settings', 'presence']) {
    const html = readFileSync(join(REPO, 'out/renderer', page, 'index.html'), 'utf8');
    assert.match(html, /Content-Security-Policy/);
    assert.doesNotMatch(html, /(src|href)="(https?:)?\/\//, `${page} loads nothing remote`);
  }
  const assets = readdirSync(join(REPO, 'out/renderer/assets'));
  assert.ok(assets.some((name) => name.endsWith('.wasm')) && assets.some((name) => name.endsWith('.tflite')), 'detector bundled');
});
