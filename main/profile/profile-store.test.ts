import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Cipher } from './cipher.ts';
import { ProfileStore, type StoreFs } from './profile-store.ts';
import { PROFILE_EMBEDDING_LENGTH, type FaceProfileRecord } from './profile-types.ts';
import { createAesGcmCipher } from '../../test-support/ciphers.ts';

function vector(seed: number): number[] {
  return Array.from({ length: PROFILE_EMBEDDING_LENGTH }, (_, i) => Math.round(Math.sin(seed * 7 + i) * 1e6) / 1e7);
}

function profile(label: string, seed = 1): FaceProfileRecord {
  return {
    version: 1,
    createdIso: '2025-01-02T03:04:05.000Z',
    updatedIso: '2025-01-02T03:04:05.000Z',
    appearances: [{ id: `id-${seed}`, label, centre: vector(seed), embeddings: [vector(seed + 1), vector(seed + 2)] }],
    password: {
      algorithm: 'scrypt',
      N: 2 ** 15,
      r: 8,
      p: 1,
      saltB64: Buffer.alloc(16, seed).toString('base64'),
      hashB64: Buffer.alloc(32, seed + 1).toString('base64'),
    },
  };
}

interface Fixture {
  dir: string;
  cipher: Cipher;
  open(fs?: Partial<StoreFs>): Promise<ProfileStore>;
  file(name: string): Promise<Buffer>;
  names(): Promise<string[]>;
}

async function withFixture(run: (fixture: Fixture) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'profile-store-'));
  const cipher = createAesGcmCipher(randomBytes(32));
  const stores: ProfileStore[] = [];
  try {
    await run({
      dir,
      cipher,
      async open(fs) {
        const store = await ProfileStore.open({ dir, cipher, fs, nowMs: () => Date.UTC(2025, 5, 1, 12) });
        stores.push(store);
        return store;
      },
      file: (name) => readFile(join(dir, name)),
      names: async () => (await readdir(dir)).sort(),
    });
  } finally {
    for (const store of stores) store.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}

test('an empty directory loads as empty', () =>
  withFixture(async ({ open }) => {
    assert.deepEqual(await (await open()).load(), { status: 'empty' });
  }));

test('a saved profile round-trips and is not readable on disk', () =>
  withFixture(async ({ open, file }) => {
    const store = await open();
    const saved = profile('Glasses');
    await store.save(saved);
    assert.deepEqual(await store.load(), { status: 'ok', profile: saved });

    const onDisk = await file('profile.json');
    const envelope = JSON.parse(onDisk.toString('utf8'));
    assert.deepEqual(Object.keys(envelope).sort(), ['format', 'sealedB64', 'version']);
    assert.equal(envelope.format, 'face-unlock-profile');
    const text = onDisk.toString('utf8');
    for (const value of saved.appearances[0].centre.slice(0, 20)) {
      if (Math.abs(value) > 1e-3) assert.equal(text.includes(String(value)), false, `${value} in clear`);
    }
    assert.equal(text.includes('Glasses'), false);
    assert.equal(text.includes(saved.password.hashB64), false);
  }));

test('each save keeps the previous good copy as .bak', () =>
  withFixture(async ({ open, names }) => {
    const store = await open();
    await store.save(profile('first', 1));
    await store.save(profile('second', 2));
    assert.deepEqual(await names(), ['password-hash.json', 'profile.json', 'profile.json.bak']);
    await store.save(profile('third', 3));
    const reopened = await open();
    const loaded = await reopened.load();
    assert.equal(loaded.status === 'ok' && loaded.profile.appearances[0].label, 'third');
  }));

test('a corrupt main file is recovered from the backup, kept on load and moved aside on save', () =>
  withFixture(async ({ dir, open, file, names }) => {
    const store = await open();
    await store.save(profile('first', 1));
    await store.save(profile('second', 2));
    await writeFile(join(dir, 'profile.json'), '{"format":"face-unlock-pro');

    const loaded = await store.load();
    assert.equal(loaded.status, 'recoveredFromBackup');
    if (loaded.status !== 'recoveredFromBackup') return;
    assert.equal(loaded.profile.appearances[0].label, 'first');
    assert.match(loaded.problem, /cut short/);
    assert.equal((await file('profile.json')).toString(), '{"format":"face-unlock-pro');

    await store.save(profile('third', 3));
    const aside = 'profile.json.corrupt-2025-06-01T12-00-00-000Z';
    assert.deepEqual(await names(), ['password-hash.json', 'profile.json', 'profile.json.bak', aside]);
    assert.equal((await file(aside)).toString(), '{"format":"face-unlock-pro');
    const after = await store.load();
    assert.equal(after.status === 'ok' && after.profile.appearances[0].label, 'third');
    // The backup is still the last good copy, not the damaged file.
    await writeFile(join(dir, 'profile.json'), 'garbage');
    const fallback = await store.load();
    assert.equal(fallback.status === 'recoveredFromBackup' && fallback.profile.appearances[0].label, 'first');
  }));

test('a missing main file with a good backup is recovered', () =>
  withFixture(async ({ dir, open }) => {
    const store = await open();
    await store.save(profile('first', 1));
    await store.save(profile('second', 2));
    await rm(join(dir, 'profile.json'));
    const loaded = await store.load();
    assert.equal(loaded.status, 'recoveredFromBackup');
    if (loaded.status === 'recoveredFromBackup') assert.match(loaded.problem, /is missing/);
  }));

test('both files corrupt gives corrupt and leaves both files untouched', () =>
  withFixture(async ({ dir, open, file, names }) => {
    const store = await open();
    await store.save(profile('first', 1));
    await store.save(profile('second', 2));
    await writeFile(join(dir, 'profile.json'), 'not json');
    await writeFile(join(dir, 'profile.json.bak'), JSON.stringify({ format: 'something else' }));
    const loaded = await store.load();
    assert.equal(loaded.status, 'corrupt');
    if (loaded.status === 'corrupt') {
      assert.match(loaded.problem, /not readable.*not a face profile of this app/);
      // The hash's copy outside the seal survives: the password can still be checked.
      assert.deepEqual(loaded.password, profile('second', 2).password);
    }
    assert.deepEqual(await names(), ['password-hash.json', 'profile.json', 'profile.json.bak']);
    assert.equal((await file('profile.json')).toString(), 'not json');

    // Saving afterwards moves both damaged files aside instead of overwriting them.
    await store.save(profile('fresh', 9));
    await store.save(profile('fresher', 10));
    const all = await names();
    assert.equal(all.filter((name) => name.includes('.corrupt-')).length, 2);
    assert.deepEqual(await store.load(), { status: 'ok', profile: profile('fresher', 10) });
  }));

test('a crash between writing the tmp file and the rename keeps the previous profile', () =>
  withFixture(async ({ open }) => {
    await (await open()).save(profile('before', 1));
    const crashing = await open({
      async rename(from, to) {
        if (from.endsWith('profile.json.tmp')) throw new Error('power cut');
        const { rename } = await import('node:fs/promises');
        await rename(from, to);
      },
    });
    await assert.rejects(crashing.save(profile('after', 2)), /power cut/);
    assert.deepEqual(await (await open()).load(), { status: 'ok', profile: profile('before', 1) });
  }));

test('a crash half-way through writing the tmp file keeps the previous profile', () =>
  withFixture(async ({ open }) => {
    await (await open()).save(profile('before', 1));
    const crashing = await open({
      async writeFileDurable(path, data) {
        await writeFile(path, data.subarray(0, data.length >> 1));
        throw new Error('killed');
      },
    });
    await assert.rejects(crashing.save(profile('after', 2)), /killed/);
    assert.deepEqual(await (await open()).load(), { status: 'ok', profile: profile('before', 1) });
  }));

test('tampered ciphertext or a changed key is not ok', () =>
  withFixture(async ({ dir, open, file, names }) => {
    const store = await open();
    await store.save(profile('only', 1));
    const envelope = JSON.parse((await file('profile.json')).toString());
    const sealed = Buffer.from(envelope.sealedB64, 'base64');
    sealed[sealed.length - 5] ^= 0x20;
    await writeFile(join(dir, 'profile.json'), JSON.stringify({ ...envelope, sealedB64: sealed.toString('base64') }));
    const loaded = await store.load();
    assert.equal(loaded.status, 'corrupt');
    if (loaded.status === 'corrupt') assert.match(loaded.problem, /could not be decrypted/);
    assert.deepEqual(await names(), ['password-hash.json', 'profile.json']);

    // A new keyring opens nothing, but the hash's copy still names the password.
    const other = await ProfileStore.open({ dir, cipher: createAesGcmCipher(randomBytes(32)) });
    const underNewKey = await other.load();
    assert.equal(underNewKey.status, 'corrupt');
    if (underNewKey.status === 'corrupt') assert.deepEqual(underNewKey.password, profile('only', 1).password);
    other.dispose();
  }));

test('a well-sealed profile of the wrong shape is rejected on load and refused on save', () =>
  withFixture(async ({ dir, cipher, open }) => {
    const store = await open();
    const short = profile('short');
    short.appearances[0].centre = short.appearances[0].centre.slice(1);
    await assert.rejects(store.save(short), /511 numbers/);
    const withNaN = profile('nan');
    withNaN.appearances[0].embeddings[0][3] = Number.NaN;
    await assert.rejects(store.save(withNaN), /finite/);

    const sealed = await cipher.encrypt(Buffer.from(JSON.stringify(short)));
    const envelope = { format: 'face-unlock-profile', version: 1, sealedB64: sealed.toString('base64') };
    await writeFile(join(dir, 'profile.json'), JSON.stringify(envelope));
    const loaded = await store.load();
    assert.equal(loaded.status, 'corrupt');
    if (loaded.status === 'corrupt') assert.match(loaded.problem, /unexpected shape.*511 numbers instead of 512/);
  }));

test('delete removes the profile, its backup and moved-aside copies', () =>
  withFixture(async ({ dir, open, names }) => {
    const store = await open();
    await writeFile(join(dir, 'settings.json'), '{}');
    await store.save(profile('first', 1));
    await writeFile(join(dir, 'profile.json'), 'broken');
    await store.save(profile('second', 2));
    await store.save(profile('third', 3));
    assert.equal((await names()).length, 5);
    await store.delete();
    assert.deepEqual(await names(), ['settings.json']);
    assert.deepEqual(await store.load(), { status: 'empty' });
  }));

test('profile files removed behind the app’s back while the hash’s copy stays read as damaged, not as never enrolled', () =>
  withFixture(async ({ dir, open }) => {
    const store = await open();
    await store.save(profile('first', 1));
    await store.save(profile('second', 2));
    await rm(join(dir, 'profile.json'));
    await rm(join(dir, 'profile.json.bak'));
    const loaded = await store.load();
    assert.equal(loaded.status, 'corrupt');
    if (loaded.status === 'corrupt') assert.match(loaded.problem, /is missing/);
    await writeFile(join(dir, 'password-hash.json'), 'damaged too');
    assert.deepEqual(await store.load(), { status: 'empty' });
  }));

test('a disposed store refuses work', () =>
  withFixture(async ({ open }) => {
    const store = await open();
    store.dispose();
    await assert.rejects(store.load(), /disposed/);
    await assert.rejects(store.save(profile('late')), /disposed/);
  }));
