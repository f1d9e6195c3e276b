// Damaged and swapped model files, on a copy of the prepared models: each must be refused
// at load with a message naming the file, and the lock must stay shut with the password
// working. A flipped weight byte loads fine in onnxruntime, so only the sha256 check
// keeps it from failing (or misleading) on every frame.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { modelInfo, modelsDir, type ModelId } from '../../../models/prepare.ts';
import { FaceUnlockCore } from '../../core/face-unlock-core.ts';
import { hashPassword } from '../../profile/password.ts';
import { ProfileStore } from '../../profile/profile-store.ts';
import { PROFILE_EMBEDDING_LENGTH } from '../../profile/profile-types.ts';
import { FaceEngine } from '../pipeline/face-engine.ts';
import { PassiveLiveness } from './passive-liveness.ts';
import { ModelUnavailableError } from './onnx-session.ts';
import { PlainCipher } from '../../../test-support/ciphers.ts';

const ONNX_MODELS: ModelId[] = ['landmarks', 'embedder', 'liveness'];
const LANDMARKS = modelInfo('landmarks').file;
const EMBEDDER = modelInfo('embedder').file;
const LIVENESS = modelInfo('liveness').file;
const PASSWORD = 'correct horse battery';

const absent = ONNX_MODELS.map((id) => join(modelsDir(), modelInfo(id).file)).filter((path) => !existsSync(path));
const skip = absent.length ? `no ${absent.join(', ')} (npm run prepare-models)` : false;

const work = mkdtempSync(join(tmpdir(), 'damaged-models-'));
after(() => rmSync(work, { recursive: true, force: true }));

/** A fresh copy of the prepared ONNX models, damaged by `damage` (which gets the copy's folder). */
function modelsCopy(damage: (dir: string) => void = () => {}): string {
  const dir = mkdtempSync(join(work, 'models-'));
  for (const id of ONNX_MODELS) copyFileSync(join(modelsDir(), modelInfo(id).file), join(dir, modelInfo(id).file));
  damage(dir);
  return dir;
}

/** Flips every bit of one byte in the middle of the file (in the weights, not the graph's header). */
function flipByte(path: string): Buffer {
  const bytes = readFileSync(path);
  bytes[bytes.length >> 1] ^= 0xff;
  writeFileSync(path, bytes);
  return bytes;
}

const flippedLandmarks = (dir: string) => flipByte(join(dir, LANDMARKS));
const swappedEmbedder = (dir: string) => copyFileSync(join(dir, LANDMARKS), join(dir, EMBEDDER));
const truncatedLiveness = (dir: string) => truncateSync(join(dir, LIVENESS), readFileSync(join(dir, LIVENESS)).length >> 1);
const missingEmbedder = (dir: string) => rmSync(join(dir, EMBEDDER));

/** assert.rejects' validator: a ModelUnavailableError whose message names `file` and says `what`. */
function refused(file: string, what: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof ModelUnavailableError, `${String(error)} is a ModelUnavailableError`);
    assert.ok(error.message.startsWith(`${file} `), `"${error.message}" names ${file}`);
    assert.match(error.message, what);
    assert.match(error.message, /reinstall Face Unlock/);
    return true;
  };
}
const DAMAGED = /is damaged or not the expected file \(sha256 mismatch\)/;

describe('models are verified against the manifest when loaded', { skip }, () => {
  test('an intact copy loads (the check refuses nothing it should accept)', async () => {
    const dir = modelsCopy();
    const engine = await FaceEngine.createFromOptions({ modelsDir: dir });
    const liveness = await PassiveLiveness.createFromOptions({ modelPath: join(dir, LIVENESS) });
    await Promise.all([engine.dispose(), liveness.dispose()]);
  });

  test('one flipped byte in the landmark model: onnxruntime alone would load it, the check refuses it', async () => {
    let flipped: Buffer | undefined;
    const dir = modelsCopy((copy) => (flipped = flippedLandmarks(copy)));
    const unchecked = await ort.InferenceSession.create(flipped as Buffer);
    await unchecked.release();
    await assert.rejects(FaceEngine.createFromOptions({ modelsDir: dir }), refused(LANDMARKS, DAMAGED));
  });

  test('the embedder swapped for the landmark model is refused, named as the embedder', async () => {
    await assert.rejects(FaceEngine.createFromOptions({ modelsDir: modelsCopy(swappedEmbedder) }), refused(EMBEDDER, DAMAGED));
  });

  test('a truncated liveness model is refused', async () => {
    const dir = modelsCopy(truncatedLiveness);
    await assert.rejects(PassiveLiveness.createFromOptions({ modelPath: join(dir, LIVENESS) }), refused(LIVENESS, DAMAGED));
  });

  test('a missing model is refused as missing', async () => {
    await assert.rejects(FaceEngine.createFromOptions({ modelsDir: modelsCopy(missingEmbedder) }), refused(EMBEDDER, /is missing/));
    const dir = modelsCopy((copy) => rmSync(join(copy, LIVENESS)));
    await assert.rejects(PassiveLiveness.createFromOptions({ modelPath: join(dir, LIVENESS) }), refused(LIVENESS, /is missing/));
  });
});

/** A core with an enrolled owner over `modelsDir`, locked as the tray locks. */
async function lockedCore(modelsDir: string, createLivenessScorer?: () => Promise<PassiveLiveness>): Promise<FaceUnlockCore> {
  const dataDir = mkdtempSync(join(work, 'data-'));
  const cipher = new PlainCipher();
  const store = await ProfileStore.open({ dir: dataDir, cipher });
  const unit = Array.from({ length: PROFILE_EMBEDDING_LENGTH }, (_, i) => (i === 0 ? 1 : 0));
  const now = new Date().toISOString();
  await store.save({ version: 1, createdIso: now, updatedIso: now, password: await hashPassword(PASSWORD), appearances: [{ id: 'default', label: 'default', centre: unit, embeddings: [unit] }] });
  await store.dispose();
  const core = await FaceUnlockCore.createFromOptions({ dataDir, cipher, modelsDir, createLivenessScorer });
  core.lock.lock('user');
  return core;
}

/** The problem names the file, the lock stays shut, a wrong password is refused and the right one unlocks. */
async function assertShutWithPassword(core: FaceUnlockCore, file: string): Promise<void> {
  const view = core.lock.view();
  assert.equal(view.phase, 'locked');
  assert.match(view.problem ?? '', new RegExp(`${file.replace('.', '\\.')} is damaged or not the expected file`));
  assert.equal((await core.lock.submitPassword('not it')).ok, false);
  assert.equal(core.lock.isLocked(), true);
  const unlocked = await core.lock.submitPassword(PASSWORD);
  assert.equal(unlocked.ok, true);
  assert.equal(unlocked.view.phase, 'unlocked');
}

describe('the lock with a damaged model', { skip }, () => {
  test('a damaged face model: no engine, a problem naming the file, shut until the password', async () => {
    const core = await lockedCore(modelsCopy(flippedLandmarks));
    try {
      assert.equal(core.faceEngine, null);
      assert.equal(core.verifier(), null, 'no frame can be judged, so none can unlock');
      assert.equal(core.lock.view().faceEnabled, false);
      await assertShutWithPassword(core, LANDMARKS);
    } finally {
      await core.dispose();
    }
  });

  test('a damaged liveness model: a problem naming the file, shut until the password', async () => {
    const dir = modelsCopy(truncatedLiveness);
    const core = await lockedCore(dir, () => PassiveLiveness.createFromOptions({ modelPath: join(dir, LIVENESS) }));
    try {
      assert.equal(core.livenessCheck(), null);
      assert.notEqual(core.faceEngine, null, 'the face models are fine: only the passive check is off');
      await assertShutWithPassword(core, LIVENESS);
    } finally {
      await core.dispose();
    }
  });
});
