// The core calibrates the enrolled profile against the shipped cohort, shows its rate in
// Settings, and says so (never silently) when the cohort cannot be used.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { shippedCohortPath } from '../../models/prepare.ts';
import { DEFAULT_THRESHOLD_COSINE } from '../face/recognition/face-profile.ts';
import { hashPassword } from '../profile/password.ts';
import { ProfileStore } from '../profile/profile-store.ts';
import { PROFILE_EMBEDDING_LENGTH } from '../profile/profile-types.ts';
import { FaceUnlockCore } from './face-unlock-core.ts';
import { PlainCipher } from '../../test-support/ciphers.ts';

async function enrolledDir(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'face-unlock-calibration-'));
  const store = await ProfileStore.open({ dir, cipher: new PlainCipher() });
  const centre = Array.from({ length: PROFILE_EMBEDDING_LENGTH }, (_, k) => (k === 0 ? 1 : 0));
  const now = new Date().toISOString();
  await store.save({ version: 1, createdIso: now, updatedIso: now, password: await hashPassword('correct horse'), appearances: [{ id: 'default', label: 'default', centre, embeddings: [centre] }] });
  store.dispose();
  return dir;
}

const open = (dir: string, cohortPath: string) => FaceUnlockCore.createFromOptions({ dataDir: dir, cipher: new PlainCipher(), modelsDir: join(dir, 'no-models'), cohortPath });

test('the enrolled profile gets its own threshold and its rate in Settings, from the shipped cohort', async () => {
  const dir = await enrolledDir();
  const core = await open(dir, shippedCohortPath());
  const view = core.settingsView();
  assert.ok(view.thresholdCosine >= DEFAULT_THRESHOLD_COSINE);
  assert.ok(view.falseAccepts && view.falseAccepts.far > 0 && view.falseAccepts.far <= 2e-5, JSON.stringify(view.falseAccepts));
  assert.doesNotMatch(view.problem ?? '', /calibrated/);
  await core.dispose();
  rmSync(dir, { recursive: true, force: true });
});

test('a damaged or missing cohort is said, and the lock keeps the shipped threshold', async () => {
  const dir = await enrolledDir();
  const damaged = join(dir, 'face-cohort.bin');
  const bytes = readFileSync(shippedCohortPath());
  bytes[100] ^= 0xff;
  writeFileSync(damaged, bytes);
  for (const path of [damaged, join(dir, 'missing.bin')]) {
    const core = await open(dir, path);
    const view = core.settingsView();
    assert.match(view.problem ?? '', /could not be calibrated against strangers.*(damaged|missing).*shipped threshold/);
    assert.equal(view.thresholdCosine, DEFAULT_THRESHOLD_COSINE);
    assert.equal(view.falseAccepts, null);
    assert.equal(core.canLock, true, 'the lock still locks, and the password still opens it');
    await core.dispose();
  }
  rmSync(dir, { recursive: true, force: true });
});
