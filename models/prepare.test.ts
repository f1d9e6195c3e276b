import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { prepareModels } from './prepare.ts';

const work = mkdtempSync(path.join(tmpdir(), 'prepare-models-test-'));
after(() => rmSync(work, { recursive: true, force: true }));

const sha256 = (bytes: Uint8Array | string): string => createHash('sha256').update(bytes).digest('hex');

/** Builds a .tgz with `package/<path>` entries, the way npm lays packages out. */
function tarball(files: Record<string, string>): Buffer {
  const root = mkdtempSync(path.join(work, 'pkg-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, 'package', name)), { recursive: true });
    writeFileSync(path.join(root, 'package', name), content);
  }
  const out = path.join(root, 'package.tgz');
  execFileSync('tar', ['-czf', out, '-C', root, 'package']);
  return readFileSync(out);
}

const LANDMARKS = 'landmark weights';
const EMBEDDER = 'embedder weights, a little longer';
const DETECTOR = 'detector weights';
const TARBALLS: Record<string, Buffer> = {
  'pkg-a@1.0.0': tarball({ 'model/fr_landmark.onnx': LANDMARKS, 'model/fr_feature.onnx': EMBEDDER, 'README.md': 'unrelated' }),
  'pkg-b@2.0.0': tarball({ 'detector.bin': DETECTOR }),
};

interface Scenario {
  manifestPath: string;
  outDir: string;
  fetched: string[];
  fetchTarball: (spec: string) => Promise<Uint8Array>;
  log: (line: string) => void;
}

function scenario(name: string, overrides: Record<string, Partial<Record<string, string>>> = {}): Scenario {
  const models = [
    { id: 'landmarks', package: 'pkg-a', version: '1.0.0', pathInTarball: 'package/model/fr_landmark.onnx', file: 'fr_landmark.onnx', sha256: sha256(LANDMARKS) },
    { id: 'embedder', package: 'pkg-a', version: '1.0.0', pathInTarball: 'package/model/fr_feature.onnx', file: 'fr_feature.onnx', sha256: sha256(EMBEDDER) },
    { id: 'detector', package: 'pkg-b', version: '2.0.0', pathInTarball: 'package/detector.bin', file: 'detector.bin', sha256: sha256(DETECTOR) },
  ].map((model) => ({ ...model, ...overrides[model.id] }));
  const dir = path.join(work, name);
  mkdirSync(dir);
  const manifestPath = path.join(dir, 'manifest.json');
  writeFileSync(manifestPath, JSON.stringify({ models }));
  const fetched: string[] = [];
  return {
    manifestPath,
    outDir: path.join(dir, 'files'),
    fetched,
    fetchTarball: async (spec) => {
      fetched.push(spec);
      const tgz = TARBALLS[spec];
      if (!tgz) throw new Error(`no such package ${spec}`);
      return tgz;
    },
    log: () => {},
  };
}

const filesIn = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).sort() : []);

test('writes every model with the expected checksum, one fetch per package', async () => {
  const s = scenario('success');
  const prepared = await prepareModels(s);
  assert.deepEqual(s.fetched, ['pkg-a@1.0.0', 'pkg-b@2.0.0']);
  assert.deepEqual(filesIn(s.outDir), ['detector.bin', 'fr_feature.onnx', 'fr_landmark.onnx']);
  assert.equal(readFileSync(path.join(s.outDir, 'fr_landmark.onnx'), 'utf8'), LANDMARKS);
  assert.equal(readFileSync(path.join(s.outDir, 'fr_feature.onnx'), 'utf8'), EMBEDDER);
  assert.equal(readFileSync(path.join(s.outDir, 'detector.bin'), 'utf8'), DETECTOR);
  assert.deepEqual(
    prepared.map(({ id, sha256: sum, bytes, status }) => ({ id, sum, bytes, status })),
    [
      { id: 'landmarks', sum: sha256(LANDMARKS), bytes: LANDMARKS.length, status: 'written' },
      { id: 'embedder', sum: sha256(EMBEDDER), bytes: EMBEDDER.length, status: 'written' },
      { id: 'detector', sum: sha256(DETECTOR), bytes: DETECTOR.length, status: 'written' },
    ],
  );
  assert.equal(prepared[0].path, path.join(s.outDir, 'fr_landmark.onnx'));
});

test('a second run is a no-op that fetches nothing', async () => {
  const s = scenario('rerun');
  await prepareModels(s);
  const fetchesBefore = s.fetched.length;
  const again = await prepareModels({ ...s, fetchTarball: () => Promise.reject(new Error('must not fetch')) });
  assert.equal(s.fetched.length, fetchesBefore);
  assert.deepEqual(again.map((model) => model.status), ['present', 'present', 'present']);
});

test('a damaged output is fetched again, and only its package', async () => {
  const s = scenario('repair');
  await prepareModels(s);
  writeFileSync(path.join(s.outDir, 'detector.bin'), 'truncated');
  s.fetched.length = 0;
  const repaired = await prepareModels(s);
  assert.deepEqual(s.fetched, ['pkg-b@2.0.0']);
  assert.equal(readFileSync(path.join(s.outDir, 'detector.bin'), 'utf8'), DETECTOR);
  assert.deepEqual(repaired.map((model) => model.status), ['present', 'present', 'written']);
});

test('a checksum mismatch names the model and file and writes nothing', async () => {
  const s = scenario('mismatch', { embedder: { sha256: sha256('something else') } });
  await assert.rejects(prepareModels(s), (error: Error) => {
    assert.match(error.message, /"embedder"/);
    assert.match(error.message, /package\/model\/fr_feature\.onnx/);
    assert.match(error.message, new RegExp(`has sha256 ${sha256(EMBEDDER)}, manifest expects ${sha256('something else')}`));
    return true;
  });
  assert.deepEqual(filesIn(s.outDir), [], 'not even the models that verified');
});

test('a file missing from the tarball is named in the error', async () => {
  const s = scenario('missing', { landmarks: { pathInTarball: 'package/model/gone.onnx' } });
  await assert.rejects(prepareModels(s), /model "landmarks": package\/model\/gone\.onnx is not in pkg-a@1\.0\.0/);
  assert.deepEqual(filesIn(s.outDir), []);
});

test('a failed fetch (no network) names the package, models and files', async () => {
  const s = scenario('offline');
  const offline = () => Promise.reject(new Error('getaddrinfo EAI_AGAIN registry.npmjs.org'));
  await assert.rejects(
    prepareModels({ ...s, fetchTarball: offline }),
    /cannot fetch pkg-a@1\.0\.0 for model "landmarks" \(package\/model\/fr_landmark\.onnx\), "embedder" \(package\/model\/fr_feature\.onnx\): getaddrinfo EAI_AGAIN/,
  );
  assert.deepEqual(filesIn(s.outDir), []);
});

test('a malformed manifest is refused before fetching', async () => {
  const s = scenario('malformed', { detector: { sha256: 'abc' } });
  await assert.rejects(prepareModels(s), /model "detector" has a malformed sha256 "abc"/);
  assert.deepEqual(s.fetched, []);
});
