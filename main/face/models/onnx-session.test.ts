import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { modelInfo, modelPath, type ModelId } from '../../../models/prepare.ts';
import { expectedSha256, modelHashProblem } from '../../../models/model-manifest.ts';
import { ModelUnavailableError, openOnnxSession } from './onnx-session.ts';

const dir = mkdtempSync(join(tmpdir(), 'onnx-session-'));

test('a missing model is a clear ModelUnavailableError naming the file', async () => {
  const path = join(dir, 'fr_feature.onnx');
  await assert.rejects(openOnnxSession({ modelPath: path }), (error: unknown) => {
    assert.ok(error instanceof ModelUnavailableError);
    assert.equal(error.modelPath, path);
    assert.match(error.message, /^fr_feature\.onnx is missing; reinstall Face Unlock.*prepare-models/);
    return true;
  });
});

test('garbage under a model’s name is refused by its sha256 before onnxruntime parses it', async () => {
  const path = join(dir, 'fr_landmark.onnx');
  writeFileSync(path, 'this is not a protobuf');
  await assert.rejects(openOnnxSession({ modelPath: path }), (error: unknown) => {
    assert.ok(error instanceof ModelUnavailableError);
    assert.match(error.message, /^fr_landmark\.onnx is damaged or not the expected file \(sha256 mismatch\); reinstall Face Unlock/);
    return true;
  });
});

test('a file the manifest does not list is never loaded', async () => {
  const path = join(dir, 'corrupt.onnx');
  writeFileSync(path, 'this is not a protobuf');
  await assert.rejects(openOnnxSession({ modelPath: path }), (error: unknown) => {
    assert.ok(error instanceof ModelUnavailableError && error.modelPath === path);
    assert.match(error.message, /corrupt\.onnx is not a model listed in models\/manifest\.json/);
    return true;
  });
});

test('the expected hash is the manifest’s preparedSha256 where preparation changes the file, else its sha256', () => {
  assert.equal(expectedSha256('fr_feature.onnx'), modelInfo('embedder').sha256);
  // The detector gets TFLite metadata attached, so the file on disk is not the tarball's.
  const detector = modelInfo('detector');
  assert.ok(detector.preparedSha256 && detector.preparedSha256 !== detector.sha256);
  assert.equal(expectedSha256(detector.file), detector.preparedSha256);
  assert.equal(expectedSha256('unknown.onnx'), undefined);
  assert.equal(modelHashProblem('fr_feature.onnx', modelInfo('embedder').sha256.toUpperCase()), null);
  assert.match(modelHashProblem('fr_feature.onnx', '0'.repeat(64)) ?? '', /fr_feature\.onnx is damaged/);
});

const MODEL_IDS: ModelId[] = ['detector', 'landmarks', 'embedder', 'liveness'];
const missing = MODEL_IDS.map((id) => modelPath(id)).filter((path) => !existsSync(path));

test('the prepared models hash to what the check expects', { skip: missing.length ? `no ${missing.join(', ')} (npm run prepare-models)` : false }, () => {
  for (const id of MODEL_IDS) {
    const file = modelInfo(id).file;
    assert.equal(createHash('sha256').update(readFileSync(modelPath(id))).digest('hex'), expectedSha256(file), file);
  }
});
