import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp, { type Sharp } from 'sharp';
import { describeUnreadable, sniffImageFormat, toBrowserImage } from './image-format.ts';
import { decodeNetpbm } from './netpbm.ts';

const ascii = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));

test('formats are told by their content, whatever the file was called', async () => {
  const rgb = { raw: { width: 4, height: 3, channels: 3 as const } };
  const pixels = Buffer.alloc(4 * 3 * 3, 200);
  for (const [format, encode] of [
    ['jpeg', (s: Sharp) => s.jpeg()], ['png', (s: Sharp) => s.png()], ['webp', (s: Sharp) => s.webp()],
    ['gif', (s: Sharp) => s.gif()], ['tiff', (s: Sharp) => s.tiff()], ['avif', (s: Sharp) => s.avif()],
  ] as const) {
    assert.equal(sniffImageFormat(await encode(sharp(pixels, rgb)).toBuffer()), format);
  }
  assert.equal(sniffImageFormat(ascii('BM\x36\0\0\0\0\0\0\0\x36\0\0\0\x28\0\0\0\x01\0\0\0\x01\0\0\0\x01\0\x18\0')), 'bmp');
  assert.equal(sniffImageFormat(ascii('P5\n2 1\n255\n\0\xff')), 'netpbm');
  assert.equal(sniffImageFormat(ascii('P6 1 1 255 abc')), 'netpbm');
  assert.equal(sniffImageFormat(ascii('PK\x03\x04')), null);
  assert.equal(sniffImageFormat(new Uint8Array(0)), null);
  assert.match(describeUnreadable(ascii('hello'), 'InvalidStateError'), /not a known image format \(starts 68656c6c6f\)/);
});

test('Netpbm: raw and plain greymaps and pixmaps, comments, 16-bit samples', () => {
  assert.deepEqual(decodeNetpbm(ascii('P5\n# ORL\n3 1\n255\n\x00\x80\xff')), { width: 3, height: 1, channels: 1, pixels: Uint8Array.from([0, 128, 255]) });
  assert.deepEqual(decodeNetpbm(ascii('P2 2 1 15  0 15')).pixels, Uint8Array.from([0, 255]));
  assert.deepEqual(decodeNetpbm(ascii('P3\n1 1\n255\n10 20 30\n')), { width: 1, height: 1, channels: 3, pixels: Uint8Array.from([10, 20, 30]) });
  assert.deepEqual(decodeNetpbm(ascii('P6 1 1 65535\n\x00\x00\x80\x00\xff\xff')).pixels, Uint8Array.from([0, 128, 255]));
  assert.throws(() => decodeNetpbm(ascii('P5 4 4 255\n\x00')), /truncated/);
  assert.throws(() => decodeNetpbm(ascii('P4 1 1\n\x00')), /not a greymap or pixmap/);
  assert.throws(() => decodeNetpbm(ascii('P5 0 4 255\n')), /out of range/);
});

test('Chromium gets a lossless PNG for Netpbm and TIFF, every other format as it is', async () => {
  const pgm = ascii('P5 2 2 255\n\x00\x40\x80\xff');
  const converted = await toBrowserImage(pgm);
  assert.ok(converted.ok);
  const { data, info } = await sharp(converted.bytes).raw().toBuffer({ resolveWithObject: true });
  assert.deepEqual([(await sharp(converted.bytes).metadata()).format, info.width, info.height], ['png', 2, 2]);
  assert.deepEqual([...data].filter((_, i) => i % info.channels === 0), [0, 64, 128, 255]);
  const jpeg = await sharp(Buffer.alloc(12, 9), { raw: { width: 2, height: 2, channels: 3 } }).jpeg().toBuffer();
  assert.deepEqual(await toBrowserImage(jpeg), { ok: true, bytes: jpeg });
  const broken = await toBrowserImage(ascii('P5 9 9 255\n\x00'));
  assert.deepEqual(broken, { ok: false, detail: 'netpbm: Netpbm data truncated: 9×9 needs 81 bytes' });
});
