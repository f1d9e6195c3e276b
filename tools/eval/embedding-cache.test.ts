import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { contentKey, EmbeddingCache } from './embedding-cache.ts';
import type { PhotoRecord } from './photo-record.ts';

const face = (seed: number): PhotoRecord => ({
  status: 'face', frameWidthPx: 640, frameHeightPx: 480, faceCount: 1, faceWidthPx: 120, yawDegrees: -3.5,
  thumbDataUrl: 'data:image/jpeg;base64,AAAA', timingsMs: { detect: 5, embed: 20 },
  embedding: Float32Array.from({ length: 512 }, (_, i) => Math.sin(seed + i) / 16),
});
const noFace: PhotoRecord = { status: 'noFace', frameWidthPx: 92, frameHeightPx: 112, timingsMs: { detect: 3 } };
const unreadable: PhotoRecord = { status: 'unreadable', detail: 'not a known image format', timingsMs: {} };

async function withDir(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'eval-cache-'));
  try {
    await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('a second run finds every record as it was put: hit, miss, all three kinds', () => withDir(async (dir) => {
  const keys = ['a', 'b', 'c'].map((text) => contentKey(Buffer.from(text)));
  const first = await EmbeddingCache.open({ dir, identity: 'pipeline v1' });
  assert.equal(first.get(keys[0]), undefined);
  first.put(keys[0], face(1));
  first.put(keys[1], noFace);
  first.put(keys[2], unreadable);
  await first.flush();
  const second = await EmbeddingCache.open({ dir, identity: 'pipeline v1' });
  assert.equal(second.size, 3);
  assert.deepEqual(second.get(keys[0]), face(1));
  assert.deepEqual(second.get(keys[1]), noFace);
  assert.deepEqual(second.get(keys[2]), unreadable);
  assert.equal(second.get(contentKey(Buffer.from('d'))), undefined);
  // Float32 binary, not JSON numbers: an embedding costs its 2 KiB and little more.
  const [folder] = await readdir(dir);
  const [segment] = await readdir(join(dir, folder));
  assert.ok((await readFile(join(dir, folder, segment))).length < 2048 + 3 * 400);
}));

test('another pipeline identity (model, code, options) sees none of it', () => withDir(async (dir) => {
  const cache = await EmbeddingCache.open({ dir, identity: 'pipeline v1' });
  cache.put(contentKey(Buffer.from('a')), face(1));
  await cache.flush();
  assert.equal((await EmbeddingCache.open({ dir, identity: 'pipeline v2' })).size, 0);
  assert.equal((await EmbeddingCache.open({ dir, identity: 'pipeline v1' })).size, 1);
}));

test('a torn or damaged tail loses only its own records', () => withDir(async (dir) => {
  const cache = await EmbeddingCache.open({ dir, identity: 'x' });
  for (let k = 0; k < 5; k++) cache.put(contentKey(Buffer.from([k])), face(k));
  await cache.flush();
  const [folder] = await readdir(dir);
  const [segment] = await readdir(join(dir, folder));
  const path = join(dir, folder, segment);
  const bytes = await readFile(path);
  // A run killed halfway through writing its next record.
  await appendFile(path, bytes.subarray(8, 8 + 700));
  assert.equal((await EmbeddingCache.open({ dir, identity: 'x' })).size, 5);
  // A flipped bit in the last record: its CRC no longer matches.
  const damaged = Buffer.from(bytes);
  damaged[damaged.length - 100] ^= 1;
  await writeFile(path, damaged);
  const reopened = await EmbeddingCache.open({ dir, identity: 'x' });
  assert.equal(reopened.size, 4);
  assert.equal(reopened.get(contentKey(Buffer.from([4]))), undefined);
}));
