// The corruption matrix: each stored file (the profile, its backup, both, the settings) ×
// each kind of damage (cut short, one bit flipped, zeroed), against the real core and
// real AES-sealed files. Whatever the damage: the core starts, a visible problem names
// it, the lock still locks and only the owner's password opens it, the security settings
// are never weaker than the owner's, and the damaged bytes are kept, not overwritten.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { FaceUnlockCore } from '../../main/core/face-unlock-core.ts';
import { hashPassword } from '../../main/profile/password.ts';
import { ProfileStore } from '../../main/profile/profile-store.ts';
import { PROFILE_EMBEDDING_LENGTH } from '../../main/profile/profile-types.ts';
import { DEFAULT_SETTINGS, weakensSecurity, type Settings } from '../../main/profile/settings-rules.ts';
import { createAesGcmCipher } from '../../test-support/ciphers.ts';

const PASSWORD = 'correct horse battery';
const OWNER_SETTINGS: Settings = { ...DEFAULT_SETTINGS, livenessMode: 'strict', passwordEveryHours: 12, idleLockMinutes: 3 };

const DAMAGE = {
  truncated: (bytes: Buffer) => bytes.subarray(0, bytes.length >> 1),
  bitFlipped: (bytes: Buffer) => {
    const flipped = Buffer.from(bytes);
    flipped[flipped.length >> 1] ^= 0x04;
    return flipped;
  },
  zeroed: (bytes: Buffer) => Buffer.alloc(bytes.length),
} as const;

const TARGETS = {
  profile: ['profile.json'],
  backup: ['profile.json.bak'],
  both: ['profile.json', 'profile.json.bak'],
  settings: ['settings.json'],
} as const;

/** What the user can still count on for each target. */
const EXPECTED: Record<keyof typeof TARGETS, { profileState: 'enrolled' | 'damaged'; problem: RegExp }> = {
  profile: { profileState: 'enrolled', problem: /previous copy was used/ },
  backup: { profileState: 'enrolled', problem: /backup of the face profile/ },
  both: { profileState: 'damaged', problem: /Face unlock is off until you enrol again/ },
  settings: { profileState: 'enrolled', problem: /settings file was (damaged|changed outside Face Unlock); the settings sealed/ },
};

const key = randomBytes(32);
let record: Awaited<ReturnType<typeof ownerRecord>> | undefined;

async function ownerRecord() {
  const unit = Array.from({ length: PROFILE_EMBEDDING_LENGTH }, (_, i) => (i === 0 ? 1 : 0));
  const now = new Date().toISOString();
  const { startAtLogin: _preference, ...security } = OWNER_SETTINGS;
  return { version: 1 as const, createdIso: now, updatedIso: now, password: await hashPassword(PASSWORD), appearances: [{ id: 'default', label: 'default', centre: unit, embeddings: [unit] }], security };
}

async function ownerDir(): Promise<string> {
  record ??= await ownerRecord();
  const dir = mkdtempSync(join(tmpdir(), 'face-unlock-corruption-'));
  const store = await ProfileStore.open({ dir, cipher: createAesGcmCipher(key) });
  await store.save(record);
  await store.save({ ...record, updatedIso: new Date().toISOString() });
  store.dispose();
  writeFileSync(join(dir, 'settings.json'), JSON.stringify(OWNER_SETTINGS));
  return dir;
}

for (const [target, files] of Object.entries(TARGETS) as [keyof typeof TARGETS, readonly string[]][]) {
  for (const [kind, damage] of Object.entries(DAMAGE)) {
    test(`${target} ${kind}: fails closed, says so, loses nothing`, async () => {
      const dir = await ownerDir();
      const damaged = new Map<string, Buffer>();
      for (const file of files) {
        const bytes = damage(readFileSync(join(dir, file)));
        writeFileSync(join(dir, file), bytes);
        damaged.set(file, bytes);
      }
      const core = await FaceUnlockCore.createFromOptions({ dataDir: dir, cipher: createAesGcmCipher(key), modelsDir: join(dir, 'no-models') });
      try {
        const expected = EXPECTED[target];
        assert.equal(core.profileState, expected.profileState);
        assert.match(core.settingsView().problem ?? '', expected.problem);
        assert.equal(weakensSecurity(OWNER_SETTINGS, core.settings), false, `settings in force are never weaker: ${JSON.stringify(core.settings)}`);
        core.lock.lock('user');
        assert.equal(core.lock.isLocked(), true);
        assert.match(core.lock.view().problem ?? '', expected.problem, 'the overlay shows it too');
        assert.equal((await core.lock.submitPassword('not the password')).ok, false);
        assert.equal(core.lock.isLocked(), true);
        assert.equal((await core.lock.submitPassword(PASSWORD)).ok, true);
      } finally {
        await core.dispose();
      }
      // Every damaged profile file is still there, in place or moved aside: nothing overwritten.
      for (const [file, bytes] of damaged) {
        if (file === 'settings.json') continue;
        const kept = readdirSync(dir).filter((name) => name.startsWith(file)).map((name) => readFileSync(join(dir, name)));
        assert.ok(kept.some((copy) => copy.equals(bytes)), `${file}'s damaged bytes were kept`);
      }
      rmSync(dir, { recursive: true, force: true });
    });
  }
}
