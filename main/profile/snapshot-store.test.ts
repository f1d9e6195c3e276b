import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { CONTEXT_CROP_BYTES } from '../../preload/api.ts';
import { createAesGcmCipher } from '../../test-support/ciphers.ts';
import { KEEP_FILE_NAME, SnapshotStore, isSnapshotId, type Snapshot } from './snapshot-store.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function open(options: Partial<ConstructorParameters<typeof SnapshotStore>[0]> = {}) {
  const root = mkdtempSync(join(tmpdir(), 'face-unlock-snapshots-'));
  dirs.push(root);
  const dir = join(root, 'refused-attempts');
  const cipher = options.cipher ?? createAesGcmCipher(randomBytes(32));
  return { dir, cipher, store: new SnapshotStore({ dir, cipher, ...options }) };
}

/** A crop no cipher output would contain by chance: a recognisable ramp. */
function crop(seed: number): Uint8Array {
  return Uint8Array.from({ length: CONTEXT_CROP_BYTES }, (_, i) => (i * 7 + seed) % 251);
}

const snapshot = (atMs: number, reason: Snapshot['reason'] = 'notRecognised'): Snapshot => ({ atMs, reason, contextCrop: crop(atMs % 97) });
const attemptFiles = (dir: string) => readdirSync(dir).filter((name) => name.endsWith('.attempt'));

describe('SnapshotStore', () => {
  it('seals each snapshot: the file holds neither the crop, nor its base64, nor the time or the reason', async () => {
    const { dir, store } = open();
    const kept = snapshot(1_700_000_123_456, 'lookingLikePhoto');
    const id = await store.add(kept, 20);
    assert.ok(isSnapshotId(id));
    const [name] = attemptFiles(dir);
    assert.equal(name, `${id}.attempt`, 'named by a random id, not by the time');
    const bytes = readFileSync(join(dir, name));
    const cropBytes = Buffer.from(kept.contextCrop);
    assert.equal(bytes.includes(cropBytes.subarray(0, 64)), false, 'no run of the crop’s bytes');
    assert.equal(bytes.includes(cropBytes.toString('base64').slice(0, 64)), false, 'nor of its base64');
    assert.equal(bytes.includes('lookingLikePhoto'), false);
    assert.equal(bytes.includes('1700000123456'), false);
    const { snapshots, unreadableIds } = await store.list();
    assert.deepEqual(unreadableIds, []);
    assert.deepEqual(snapshots, [{ id, ...kept }], 'and it opens to exactly what was kept');
  });

  it('writes owner-only, atomically (no leftover), in an owner-only folder', { skip: process.platform === 'win32' }, async () => {
    const { dir, store } = open();
    await store.add(snapshot(1), 20);
    await store.writeKeep(true);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    for (const name of readdirSync(dir)) assert.equal(statSync(join(dir, name)).mode & 0o777, 0o600, name);
    assert.deepEqual(readdirSync(dir).filter((name) => name.endsWith('.tmp')), []);
  });

  it('keeps at most N: the oldest are dropped, newest first in the list', async () => {
    const { dir, store } = open();
    for (let atMs = 1; atMs <= 7; atMs++) await store.add(snapshot(atMs * 1000), 5);
    const { snapshots } = await store.list();
    assert.deepEqual(snapshots.map((s) => s.atMs), [7000, 6000, 5000, 4000, 3000]);
    assert.equal(attemptFiles(dir).length, 5, 'the dropped ones are gone from the disk');
  });

  it('a damaged file, or one sealed under another keyring, is listed as unreadable, kept, and in nobody’s way', async () => {
    const { dir, store } = open();
    const good = await store.add(snapshot(5000), 3);
    const other = new SnapshotStore({ dir, cipher: createAesGcmCipher(randomBytes(32)) });
    const foreign = await other.add(snapshot(6000), 3);
    const damaged = 'ab'.repeat(16);
    writeFileSync(join(dir, `${damaged}.attempt`), '{"format":"face-unlock-refused-attempt","version":1,"sealedB64":"AAAA');
    // Pruning counts readable snapshots only, and never removes what it cannot read.
    for (let atMs = 1; atMs <= 3; atMs++) await store.add(snapshot(atMs * 10_000), 3);
    const listing = await store.list();
    assert.deepEqual(listing.snapshots.map((s) => s.atMs), [30_000, 20_000, 10_000]);
    assert.ok(!listing.snapshots.some((s) => s.id === good), 'the oldest readable one was dropped');
    assert.deepEqual(listing.unreadableIds, [damaged, foreign].sort());
    assert.equal(await store.delete(damaged), true, 'an unreadable one can be deleted by its id');
    assert.deepEqual((await store.list()).unreadableIds, [foreign]);
  });

  it('deletes one by id (nothing else, no path), and all, leftovers and unreadable ones included; the switch stays', async () => {
    const { dir, store } = open();
    const first = await store.add(snapshot(1000), 20);
    await store.add(snapshot(2000), 20);
    await store.writeKeep(true);
    assert.equal(await store.delete('../keep.json'), false);
    assert.equal(await store.delete('f'.repeat(32)), false);
    assert.equal(await store.delete(first), true);
    assert.deepEqual((await store.list()).snapshots.map((s) => s.atMs), [2000]);
    writeFileSync(join(dir, `${'c'.repeat(32)}.attempt`), 'garbage');
    writeFileSync(join(dir, `${'d'.repeat(32)}.attempt.tmp`), 'half written');
    await store.deleteAll();
    assert.deepEqual(readdirSync(dir), [KEEP_FILE_NAME]);
    assert.deepEqual(await store.list(), { snapshots: [], unreadableIds: [] });
    assert.deepEqual(await store.readKeep(), { keep: true, unreadable: false });
  });

  it('the switch: off when never set, off and unreadable when damaged', async () => {
    const { dir, store } = open();
    assert.deepEqual(await store.readKeep(), { keep: false, unreadable: false });
    assert.deepEqual(await store.list(), { snapshots: [], unreadableIds: [] }, 'no folder yet is no snapshot');
    await store.writeKeep(true);
    assert.deepEqual(await store.readKeep(), { keep: true, unreadable: false });
    writeFileSync(join(dir, KEEP_FILE_NAME), '{"keep":"yes"}');
    assert.deepEqual(await store.readKeep(), { keep: false, unreadable: true });
  });

  it('refuses a malformed snapshot and writes nothing', async () => {
    const { dir, store } = open();
    await assert.rejects(store.add({ atMs: 1, reason: 'notRecognised', contextCrop: new Uint8Array(10) }, 20), /crop/);
    await assert.rejects(store.add({ atMs: 1, reason: 'toString' as Snapshot['reason'], contextCrop: crop(1) }, 20), /reason/);
    await assert.rejects(store.add({ atMs: Number.NaN, reason: 'notRecognised', contextCrop: crop(1) }, 20), /time/);
    assert.throws(() => statSync(dir), /ENOENT/, 'not even the folder');
  });
});
