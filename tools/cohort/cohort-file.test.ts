import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { EMBEDDING_SIZE } from '../../models/model-manifest.ts';
import { FaceCohort } from '../../main/face/recognition/cohort.ts';
import { gaussian } from '../math/random.ts';
import { cosineSimilarity } from '../../main/face/math/vectors.ts';
import { seededRandom } from '../eval/protocol.ts';
import { COHORT_BIN, COHORT_JSON, COHORT_PHOTOS, loadCohort, parsePhotoList, quantisedCohort, sha256Hex, withoutCohortPhotos, type CohortJson } from './cohort-file.ts';

function randomUnits(count: number, seed: number, dims = EMBEDDING_SIZE): Float32Array[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const v = Float32Array.from({ length: dims }, () => gaussian(random));
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
}

test('a cohort written as int8 and loaded back by FaceCohort.fromInt8 keeps every cosine within 0.002', async () => {
  const embeddings = randomUnits(40, 5);
  const probes = randomUnits(10, 6);
  const { bytes, info, faces } = quantisedCohort(embeddings);
  assert.equal(bytes.length, 40 * EMBEDDING_SIZE);
  assert.equal(info.sha256, sha256Hex(bytes));
  const dir = await mkdtemp(join(tmpdir(), 'cohort-'));
  try {
    const json: CohortJson = { $comment: 'test', ...info, calibration: { measuredOn: { persons: 0, enrol: 2, draws: 1, seed: 1, genuineProbes: 0, impostorProbes: 0 }, farByZ: [] } };
    await writeFile(join(dir, COHORT_BIN), bytes);
    await writeFile(join(dir, COHORT_JSON), JSON.stringify(json));
    const loaded = await loadCohort(dir);
    assert.equal(loaded.faces.count, 40);
    assert.equal(loaded.photoHashes, null, 'no photo list: nothing to leave out');
    let worst = 0;
    for (const probe of [...probes, ...embeddings.slice(0, 3)]) {
      const cosines = loaded.faces.cosinesWith(probe);
      embeddings.forEach((e, r) => (worst = Math.max(worst, Math.abs(cosines[r] - cosineSimilarity(e, probe)))));
      assert.deepEqual(faces.cosinesWith(probe), cosines);
    }
    assert.ok(worst < 0.002, `worst cosine error ${worst}`);
    // A damaged file is refused.
    const damaged = bytes.slice();
    damaged[7] ^= 1;
    await writeFile(join(dir, COHORT_BIN), damaged);
    await assert.rejects(loadCohort(dir), /sha256/);
    assert.throws(() => FaceCohort.fromInt8(bytes.subarray(1), info, info.sha256), /bytes/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('cohort photos are left out by content, whatever their names', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cohort-photos-'));
  try {
    const photos = await Promise.all(['a', 'b', 'c', 'd'].map(async (name) => {
      const path = join(dir, `${name}.jpg`);
      await writeFile(path, `photo ${name}`);
      return { person: name, path };
    }));
    // The cohort holds b and d's content (d under another name, upper-case hex in the list).
    const list = `${sha256Hex(Buffer.from('photo b'))}\n\n${sha256Hex(Buffer.from('photo d')).toUpperCase()}\nnot a hash\n`;
    await writeFile(join(dir, COHORT_PHOTOS), list);
    const hashes = parsePhotoList(list);
    assert.equal(hashes.size, 2);
    const missing = { person: 'x', path: join(dir, 'missing.jpg') };
    const { kept, leftOut } = await withoutCohortPhotos([...photos, missing], hashes);
    assert.deepEqual(kept.map((p) => p.person), ['a', 'c', 'x']);
    assert.equal(leftOut, 2);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
