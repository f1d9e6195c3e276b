import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cameraFrameFilter, splitPngStream } from './decode.ts';

/** A minimal PNG-shaped file: the signature, one data chunk and IEND (CRCs are not checked). */
function fakePng(payload: number[]): Uint8Array {
  const chunk = (type: string, data: number[]) => {
    const length = [(data.length >>> 24) & 255, (data.length >>> 16) & 255, (data.length >>> 8) & 255, data.length & 255];
    return [...length, ...[...type].map((c) => c.charCodeAt(0)), ...data, 0, 0, 0, 0];
  };
  return Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, ...chunk('IDAT', payload), ...chunk('IEND', [])]);
}

describe('decoding', () => {
  it('cuts a stream of PNG files after each IEND', () => {
    const a = fakePng([1, 2, 3]);
    const b = fakePng([0x49, 0x45, 0x4e, 0x44]); // "IEND" inside a chunk's data is not its end
    const files = splitPngStream(Uint8Array.from([...a, ...b]));
    assert.deepEqual(files.map((f) => [...f]), [[...a], [...b]]);
    assert.deepEqual(splitPngStream(new Uint8Array(0)), []);
  });

  it('refuses what is not a PNG stream, or a truncated one', () => {
    assert.throws(() => splitPngStream(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8])), /not a PNG/);
    assert.throws(() => splitPngStream(fakePng([1, 2, 3]).subarray(0, 20)), /truncated/);
  });

  it('fits the camera frame asked, 640×480 by default, without black bars', () => {
    assert.equal(cameraFrameFilter(), 'scale=640:480:force_original_aspect_ratio=decrease,scale=trunc(iw/2)*2:trunc(ih/2)*2');
    assert.equal(cameraFrameFilter(320, 240), 'scale=320:240:force_original_aspect_ratio=decrease,scale=trunc(iw/2)*2:trunc(ih/2)*2');
    assert.ok(!cameraFrameFilter().includes('pad'));
  });
});
