// The lock's own rules on every path (issue 9, findings 2–4), against the real core and
// real files: a delete that stays deleted, a damaged profile that is loud and still locks,
// security settings that a plain file cannot weaken.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CHANNELS } from '../../preload/api.ts';
import { DEFAULT_THRESHOLD_COSINE } from '../face/recognition/face-profile.ts';
import { createIpcHandlers } from '../ipc/handlers.ts';
import { type Cipher } from '../profile/cipher.ts';
import { hashPassword } from '../profile/password.ts';
import { nodeStoreFs, ProfileStore, type StoreFs } from '../profile/profile-store.ts';
import { PROFILE_EMBEDDING_LENGTH, type FaceProfileRecord } from '../profile/profile-types.ts';
import { DEFAULT_SETTINGS, type SecuritySettings } from '../profile/settings-rules.ts';
import { FaceUnlockCore } from './face-unlock-core.ts';
import { createAesGcmCipher } from '../../test-support/ciphers.ts';

const PASSWORD = 'correct horse battery';
const ORIGIN = 'http://pages.test/';
const SETTINGS_PAGE = { senderId: 3, frameUrl: `${ORIGIN}settings/index.html` };
const WIZARD = { senderId: 2, frameUrl: `${ORIGIN}enrol/index.html` };
const STRICT_OWNER: SecuritySettings = { ...DEFAULT_SETTINGS, livenessMode: 'strict', passwordEveryHours: 12, idleLockMinutes: 2, cameraDeviceId: 'usb-cam' };

async function enrolledRecord(security?: SecuritySettings): Promise<FaceProfileRecord> {
  const unit = Array.from({ length: PROFILE_EMBEDDING_LENGTH }, (_, i) => (i === 0 ? 1 : 0));
  const now = new Date().toISOString();
  const record: FaceProfileRecord = { version: 1, createdIso: now, updatedIso: now, password: await hashPassword(PASSWORD), appearances: [{ id: 'default', label: 'default', centre: unit, embeddings: [unit] }] };
  return security ? { ...record, security } : record;
}

/** A data folder with an enrolled profile (saved twice, so there is a backup too). */
async function enrolledDir(cipher: Cipher, security: SecuritySettings = STRICT_OWNER): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'face-unlock-hardening-'));
  const store = await ProfileStore.open({ dir, cipher });
  await store.save(await enrolledRecord(security));
  await store.save(await enrolledRecord(security));
  store.dispose();
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ ...security, startAtLogin: false }));
  return dir;
}

// No models: these rules hold whether or not the face can be recognised.
const open = (dir: string, cipher: Cipher, storeFs?: Partial<StoreFs>) =>
  FaceUnlockCore.createFromOptions({ dataDir: dir, cipher, modelsDir: join(dir, 'no-models'), storeFs });

test('finding 2: a lock-state write asked for while the profile is being deleted does not bring it back', async () => {
  const cipher = createAesGcmCipher(randomBytes(32));
  const dir = await enrolledDir(cipher);
  let release!: () => void;
  let unlinking!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const unlinkStarted = new Promise<void>((resolve) => (unlinking = resolve));
  const core = await open(dir, cipher, {
    async unlink(path) {
      unlinking();
      await held; // the delete is half-way when the lock state changes
      await nodeStoreFs.unlink(path);
    },
  });
  const deleting = core.deleteProfile(PASSWORD);
  await unlinkStarted;
  core.lock.lock('user');
  await core.lock.submitPassword('a wrong guess'); // counted: the policy's state changes and asks to be saved
  release();
  assert.deepEqual(await deleting, { ok: true });
  await core.dispose();
  assert.deepEqual(readdirSync(dir).filter((name) => name.startsWith('profile') || name.startsWith('password')), []);
  const reopened = await open(dir, cipher);
  assert.equal(reopened.profileState, 'none');
  await reopened.dispose();
  rmSync(dir, { recursive: true, force: true });
});

test('finding 3: both copies damaged is a loud problem, the app still locks, the password still opens it, and re-enrolling asks for it', async () => {
  const cipher = createAesGcmCipher(randomBytes(32));
  const dir = await enrolledDir(cipher);
  writeFileSync(join(dir, 'profile.json'), 'damaged');
  writeFileSync(join(dir, 'profile.json.bak'), readFileSync(join(dir, 'profile.json.bak')).subarray(0, 50));
  const core = await open(dir, cipher);
  const ipc = createIpcHandlers({ core, trustedOrigins: [ORIGIN] });
  try {
    assert.equal(core.profileState, 'damaged');
    assert.equal(core.canLock, true, 'the app keeps locking on its triggers');
    assert.match(core.settingsView().problem ?? '', /face profile.*Face unlock is off until you enrol again/);
    assert.equal(core.settingsView().profileState, 'damaged');
    // Damaged: the lock never takes settings weaker than the defaults from the plain file.
    assert.equal(core.settings.livenessMode, 'strict');
    core.lock.lock('user');
    assert.match(core.lock.view().problem ?? '', /damaged|not readable/);
    assert.equal((await core.lock.submitPassword('not the password')).ok, false);
    assert.equal((await core.lock.submitPassword(PASSWORD)).ok, true);
    // Starting over needs the password whose copy survived.
    await assert.rejects(ipc.handlers[CHANNELS.enrolBegin]({ mode: 'replace', source: 'camera' }, WIZARD), /current password/);
  } finally {
    ipc.dispose();
    await core.dispose();
  }
  rmSync(dir, { recursive: true, force: true });
});

test('finding 3: a changed keyring opens nothing but the password still does; with no copy of it left, nothing locks and the problem says why', async () => {
  const dir = await enrolledDir(createAesGcmCipher(randomBytes(32)));
  const newKeyring = createAesGcmCipher(randomBytes(32));
  const core = await open(dir, newKeyring);
  assert.equal(core.profileState, 'damaged');
  assert.equal(await core.checkCurrentPassword('wrong password!'), false);
  assert.equal(await core.checkCurrentPassword(PASSWORD), true);
  await core.dispose();

  rmSync(join(dir, 'password-hash.json'));
  const hopeless = await open(dir, newKeyring);
  assert.equal(hopeless.profileState, 'damaged');
  assert.equal(hopeless.canLock, false);
  assert.match(hopeless.problems.message() ?? '', /cannot lock this computer until you enrol again/);
  await hopeless.dispose();
  rmSync(dir, { recursive: true, force: true });
});

test('finding 4: the settings sealed with the profile count; an edited settings.json weakens nothing and is reported', async () => {
  const cipher = createAesGcmCipher(randomBytes(32));
  const dir = await enrolledDir(cipher);
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ ...STRICT_OWNER, livenessMode: 'off', passwordEveryHours: 720, lockOnStart: false, thresholdCosine: 0.2, startAtLogin: true }));
  const core = await open(dir, cipher);
  assert.deepEqual({ ...core.settings, startAtLogin: false }, { ...STRICT_OWNER, startAtLogin: false });
  assert.equal(core.settings.startAtLogin, true, 'the one plain preference is the file’s');
  assert.match(core.problems.message() ?? '', /changed outside Face Unlock/);
  await core.dispose();
  // The file was mended from the seal.
  assert.equal(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).livenessMode, 'strict');
  rmSync(dir, { recursive: true, force: true });
});

test('finding 4: a damaged settings file without a profile falls back to the strictest values, visibly; the shipped threshold is shown', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'face-unlock-hardening-'));
  writeFileSync(join(dir, 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, livenessMode: 'strict', passwordEveryHours: 12 }).slice(0, 60));
  const core = await open(dir, createAesGcmCipher(randomBytes(32)));
  assert.equal(core.settings.livenessMode, 'strict');
  assert.equal(core.settings.passwordEveryHours, 1);
  const view = core.settingsView();
  assert.match(view.problem ?? '', /settings file is damaged.*strictest/);
  assert.equal(view.thresholdCosine, DEFAULT_THRESHOLD_COSINE);
  assert.equal(view.falseAccepts, null, 'nothing enrolled: no rate to show');
  await core.dispose();
  rmSync(dir, { recursive: true, force: true });
});

test('finding 4: every change that weakens the lock needs the current password, and is sealed with the profile', async () => {
  const cipher = createAesGcmCipher(randomBytes(32));
  const dir = await enrolledDir(cipher);
  const core = await open(dir, cipher);
  const ipc = createIpcHandlers({ core, trustedOrigins: [ORIGIN] });
  const update = (patch: object) => ipc.handlers[CHANNELS.settingsUpdate](patch, SETTINGS_PAGE);
  try {
    for (const patch of [{ lockOnStart: false }, { idleLockMinutes: 0 }, { shortcut: '' }, { cameraDeviceId: 'obs-virtual-camera' }, { livenessMode: 'standard' }, { passwordEveryHours: 24 }]) {
      await assert.rejects(update(patch), /weaker.*current password/, JSON.stringify(patch));
    }
    assert.equal(core.settings.cameraDeviceId, STRICT_OWNER.cameraDeviceId);
    await update({ idleLockMinutes: 1, shortcut: 'Super+L' }); // stricter or neutral: no password
    await update({ livenessMode: 'standard', currentPassword: PASSWORD });
    // thresholdCosine is not the page's to send.
    await assert.rejects(update({ thresholdCosine: 0.2, currentPassword: PASSWORD }), /unexpected|not allowed|thresholdCosine/);
  } finally {
    ipc.dispose();
    await core.dispose();
  }
  // What counts is in the seal: a reopened core reads it even if the plain file is gone.
  rmSync(join(dir, 'settings.json'));
  const reopened = await open(dir, cipher);
  assert.equal(reopened.settings.livenessMode, 'standard');
  assert.equal(reopened.settings.idleLockMinutes, 1);
  assert.equal(reopened.settings.shortcut, 'Super+L');
  await reopened.dispose();
  rmSync(dir, { recursive: true, force: true });
});
