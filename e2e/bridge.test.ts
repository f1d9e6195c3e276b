import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeBytes, encodeBytes } from './bridge.ts';

test('Uint8Arrays cross the bridge as base64 and come back as real Uint8Arrays', () => {
  const frame = { faceCount: 1, face: { faceCrop: new Uint8Array([0, 1, 254, 255]), boxInCrop: { x: 1 } } };
  const encoded = encodeBytes(frame) as { face: { faceCrop: unknown } };
  assert.deepEqual(encoded.face.faceCrop, { __bytes: 'AAH+/w==' });
  const decoded = decodeBytes(JSON.parse(JSON.stringify(encoded))) as typeof frame;
  assert.ok(decoded.face.faceCrop instanceof Uint8Array);
  assert.deepEqual([...decoded.face.faceCrop], [0, 1, 254, 255]);
  assert.deepEqual(decoded.face.boxInCrop, { x: 1 });
});

test('arrays of byte images (review thumbnails) and plain values pass unchanged otherwise', () => {
  const review = { count: 2, thumbs112: [new Uint8Array([7]), new Uint8Array([8, 9])], similarityMatrix: [1, 0.5, 0.5, 1] };
  const back = decodeBytes(encodeBytes(review)) as typeof review;
  assert.deepEqual(back.thumbs112.map((t) => [...t]), [[7], [8, 9]]);
  assert.deepEqual(back.similarityMatrix, [1, 0.5, 0.5, 1]);
  assert.equal(decodeBytes('text'), 'text');
  assert.equal(encodeBytes(undefined), undefined);
  // An object that merely has a __bytes key among others is left alone.
  assert.deepEqual(decodeBytes({ __bytes: 'AA==', other: 1 }), { __bytes: 'AA==', other: 1 });
});
