import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ModelUnavailableError, openOnnxSession } from './onnx-session.ts';

const dir = mkdtempSync(join(tmpdir(), 'onnx-session-'));

test('a missing model is a clear ModelUnavailableError naming the file', async () => {
  const path = join(dir, 'fr_feature.onnx');
  await assert.rejects(openOnnxSession({ modelPath: path }), (error: unknown) => {
    assert.ok(error instanceof ModelUnavailableError);
    assert.match(error.message, /fr_feature\.onnx.*file not found.*prepare-models/);
    return true;
  });
});

test('a corrupt model is the same clear error, not a crash', async () => {
  const path = join(dir, 'corrupt.onnx');
  writeFileSync(path, 'this is not a protobuf');
  await assert.rejects(openOnnxSession({ modelPath: path }), (error: unknown) => error instanceof ModelUnavailableError && error.modelPath === path);
});
