import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { hashPassword } from '../profile/password.ts';
import { ProfileStore } from '../profile/profile-store.ts';
import { PROFILE_EMBEDDING_LENGTH } from '../profile/profile-types.ts';
import { FaceUnlockCore } from './face-unlock-core.ts';
import { PlainCipher } from '../../test-support/ciphers.ts';

const PASSWORD = 'correct horse battery';

/** A core over a fresh data folder, with an enrolled profile (written to the store beforehand) when asked. */
async function core({ enrolled = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'face-unlock-core-unit-'));
  const cipher = new PlainCipher();
  if (enrolled) {
    const store = await ProfileStore.open({ dir, cipher });
    const unit = Array.from({ length: PROFILE_EMBEDDING_LENGTH }, (_, i) => (i === 0 ? 1 : 0));
    const now = new Date().toISOString();
    await store.save({ version: 1, createdIso: now, updatedIso: now, password: await hashPassword(PASSWORD), appearances: [{ id: 'default', label: 'default', centre: unit, embeddings: [unit] }] });
    await store.dispose();
  }
  // No models here: these tests are about settings and state, and the core must start without them.
  return FaceUnlockCore.createFromOptions({ dataDir: dir, cipher, modelsDir: join(dir, 'no-models') });
}

test('settings changes reach their listeners with the previous value, and persist', async () => {
  const unit = await core();
  const seen: [string, string][] = [];
  unit.onSettingsChanged(({ settings, previous }) => void seen.push([previous.shortcut, settings.shortcut]));
  const view = await unit.updateSettings({ shortcut: 'CommandOrControl+Shift+L' });
  assert.equal(view.shortcut, 'CommandOrControl+Shift+L');
  assert.deepEqual(seen, [['CommandOrControl+Alt+L', 'CommandOrControl+Shift+L']]);
  await unit.dispose();
});

test('without a keyring the settings say so; without models the lock says why and the face is off', async () => {
  const unit = await core();
  assert.equal(unit.settingsView().weakKeyring, true);
  assert.equal(unit.settingsView().profileState, 'none');
  assert.equal(unit.faceEngine, null);
  unit.lock.lock('user');
  const view = unit.lock.view();
  assert.equal(view.faceEnabled, false);
  assert.match(view.problem ?? '', /unavailable/);
  await unit.dispose();
});

test('every password check outside the overlay goes through the lock’s gate: counted, and refused during a lockout', async () => {
  const unit = await core({ enrolled: true });
  assert.equal(unit.hasProfile, true);
  assert.equal(await unit.checkCurrentPassword(PASSWORD), true);
  // A wrong guess at deleting the profile counts, like one at a setting.
  assert.deepEqual(await unit.deleteProfile('not it'), { ok: false, message: 'Wrong password.' });
  const guesses = await Promise.all(Array.from({ length: 10 }, () => unit.checkCurrentPassword('not it either')));
  assert.ok(guesses.every((ok) => !ok));
  // Five wrong in all: everything pauses, the right password too, on every path.
  assert.equal(await unit.checkCurrentPassword(PASSWORD), false);
  assert.deepEqual(await unit.deleteProfile(PASSWORD), { ok: false, message: 'Too many wrong passwords: wait, then try again.' });
  assert.equal(unit.hasProfile, true, 'nothing deleted');
  unit.lock.lock('user');
  assert.equal(unit.lock.view().phase, 'lockedOut', 'the overlay shares the lockout');
  await unit.dispose();
});
