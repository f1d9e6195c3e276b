// Photo files in every common format, told apart by content, through the real eval pipeline
// (Chromium detection and crops, worker-thread embedding, the embedding cache): the ORL set
// is grey PGM and the Yale set GIF files without an extension, which gave "only 0 face(s)
// found" when the pipeline knew only what Chromium decodes. The fixtures are made here from
// one shared photo, never kept.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import sharp from 'sharp';
import { cosineSimilarity } from '../../main/face/math/vectors.ts';
import { collectFaces } from './collect.ts';
import { listImageFolder } from './image-folder.ts';
import { integrationSkip, photoPipelineSuite } from './integration-support.ts';
import { facesDir } from './paths.ts';

const PHOTO = join(facesDir(), 'five_celebrity', 'madonna', 'train_1.jpg');
const skip = integrationSkip({ paths: [PHOTO] });

/** 24-bit bottom-up BMP (sharp writes none). */
function bmp(rgb: Buffer, width: number, height: number): Buffer {
  const row = Math.ceil((width * 3) / 4) * 4;
  const out = Buffer.alloc(54 + row * height);
  out.write('BM', 0);
  out.writeUInt32LE(out.length, 2);
  out.writeUInt32LE(54, 10);
  out.writeUInt32LE(40, 14);
  out.writeInt32LE(width, 18);
  out.writeInt32LE(height, 22);
  out.writeUInt16LE(1, 26);
  out.writeUInt16LE(24, 28);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [from, to] = [(y * width + x) * 3, 54 + (height - 1 - y) * row + x * 3];
      [out[to], out[to + 1], out[to + 2]] = [rgb[from + 2], rgb[from + 1], rgb[from]];
    }
  }
  return out;
}

describe('every common image format through the eval pipeline', { skip }, () => {
  const suite = photoPipelineSuite('face-unlock-formats-', { cache: true });

  test('PGM, PPM, GIF, BMP, WebP, PNG, JPEG and extension-less files are read by content, then cached', async () => {
    const folder = join(suite.scratch, 'set', 'madonna');
    mkdirSync(folder, { recursive: true });
    const { data: rgb, info } = await sharp(PHOTO).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const grey = await sharp(PHOTO).greyscale().raw().toBuffer();
    const header = (kind: string) => Buffer.from(`${kind}\n# as in the ORL set\n${info.width} ${info.height}\n255\n`);
    const raw = sharp(rgb, { raw: { width: info.width, height: info.height, channels: 3 } });
    const files: Record<string, Buffer> = {
      '1.pgm': Buffer.concat([header('P5'), grey]),
      '2.ppm': Buffer.concat([header('P6'), rgb]),
      'subject01.glasses': await sharp(grey, { raw: { width: info.width, height: info.height, channels: 1 } }).gif().toBuffer(),
      '4.bmp': bmp(rgb, info.width, info.height),
      '5.webp': await raw.clone().webp({ lossless: true }).toBuffer(),
      '6.png': await raw.clone().png().toBuffer(),
      '7.jpg': await raw.clone().jpeg({ quality: 92 }).toBuffer(),
      noextension: await raw.clone().png().toBuffer(),
    };
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(folder, name), bytes);
    const photos = await listImageFolder(join(suite.scratch, 'set'));

    const first = await collectFaces(suite.pipeline, photos);
    assert.deepEqual(first.problems, []);
    assert.equal(first.faces.length, photos.length);
    assert.equal(first.cachedPhotos, 0);
    const byFile = new Map(first.faces.map((face) => [face.file.split('/')[1], face.embedding]));
    // Lossless copies of the same pixels embed identically; the lossy and grey ones nearly.
    assert.deepEqual(byFile.get('2.ppm'), byFile.get('6.png'));
    assert.deepEqual(byFile.get('4.bmp'), byFile.get('6.png'));
    assert.deepEqual(byFile.get('noextension'), byFile.get('6.png'));
    for (const embedding of byFile.values()) assert.ok(cosineSimilarity(embedding, byFile.get('6.png')!) > 0.8);

    const second = await collectFaces(suite.pipeline, photos);
    assert.equal(second.cachedPhotos, photos.length);
    assert.deepEqual(second.faces, first.faces);
  });
});
