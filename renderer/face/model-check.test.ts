import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { modelInfo, modelPath } from '../../models/prepare.ts';
import { CameraError, cameraProblemOf } from './camera.ts';
import { fetchVerifiedModel, verifyModelBytes } from './model-check.ts';

// face-assets.ts (Vite ?url imports) cannot load under Node; the Chromium tests cover its wiring.
const FILE = modelInfo('detector').file;

test('the bundled detector URL is the manifest’s detector file (Vite needs the path spelt out)', () => {
  const source = readFileSync(new URL('./face-assets.ts', import.meta.url), 'utf8');
  const bundled = /from '\.\.\/\.\.\/models\/files\/([^'?]+)\?url'/.exec(source);
  assert.equal(bundled?.[1], FILE);
});
const DETECTOR = modelPath('detector');
const skip = existsSync(DETECTOR) ? false : `no ${DETECTOR} (npm run prepare-models)`;
const detectorBytes = () => new Uint8Array(readFileSync(DETECTOR));

/** assert.rejects' validator: the lock page's 'model' problem, naming the detector file. */
function damaged(what: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof CameraError, `${String(error)} is a CameraError`);
    assert.equal(cameraProblemOf(error), 'model');
    assert.match(error.message, new RegExp(`^face_detection_short_range\\.tflite ${what.source}`));
    return true;
  };
}

test('the prepared detector passes the check', { skip }, async () => {
  await verifyModelBytes(detectorBytes(), FILE);
});

test('a detector with one flipped byte is a "model" problem naming the file', { skip }, async () => {
  const bytes = detectorBytes();
  bytes[bytes.length >> 1] ^= 0xff;
  await assert.rejects(verifyModelBytes(bytes, FILE), damaged(/is damaged or not the expected file \(sha256 mismatch\)/));
});

test('another model under the detector’s name is refused', { skip: existsSync(modelPath('landmarks')) ? false : 'no landmark model' }, async () => {
  const swapped = new Uint8Array(readFileSync(modelPath('landmarks')));
  await assert.rejects(verifyModelBytes(swapped, FILE), damaged(/is damaged or not the expected file/));
});

test('fetched bytes are checked, and returned only when they pass', { skip }, async () => {
  const bytes = detectorBytes();
  const url = (data: Uint8Array) => `data:application/octet-stream;base64,${Buffer.from(data).toString('base64')}`;
  assert.deepEqual(await fetchVerifiedModel(url(bytes), FILE), bytes);
  await assert.rejects(fetchVerifiedModel(url(bytes.subarray(0, bytes.length >> 1)), FILE), damaged(/is damaged/));
});

test('a detector that cannot be fetched is a "model" problem too', async () => {
  await assert.rejects(fetchVerifiedModel('http://127.0.0.1:9/face_detection_short_range.tflite', FILE), damaged(/cannot be read/));
});
