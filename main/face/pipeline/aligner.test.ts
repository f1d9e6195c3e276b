import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alignFace112, boxCrop112, mirrorRgb } from './aligner.ts';
import { ARCFACE_TEMPLATE_112, invertSimilarity } from '../math/geometry.ts';
import { applySimilarity } from '../../../test-support/similarity-transform.ts';

/** 68 points whose eye centres, nose tip and mouth corners are the given five (the rest at the nose). */
function points68With(five: { x: number; y: number }[]): Float32Array {
  const points = new Float32Array(136).fill(0);
  const set = (i: number, p: { x: number; y: number }) => ((points[2 * i] = p.x), (points[2 * i + 1] = p.y));
  for (let i = 0; i < 68; i++) set(i, five[2]);
  for (let i = 36; i <= 41; i++) set(i, five[0]);
  for (let i = 42; i <= 47; i++) set(i, five[1]);
  set(30, five[2]);
  set(48, five[3]);
  set(54, five[4]);
  return points;
}

test('a face whose landmarks are the template, rotated, scaled and shifted, is brought back onto the template', () => {
  const faceToCrop = { a: 1.6 * Math.cos(0.3), b: 1.6 * Math.sin(0.3), tx: 20, ty: 35 };
  const five = ARCFACE_TEMPLATE_112.map((p) => applySimilarity(faceToCrop, p));
  const { transform } = alignFace112(new Uint8Array(224 * 224 * 3), 224, points68With(five));
  const expected = invertSimilarity(faceToCrop);
  // Landmarks are float32: agreement to 1e-4 px is exact here.
  for (const key of ['a', 'b', 'tx', 'ty'] as const) assert.ok(Math.abs(transform[key] - expected[key]) < 1e-4, key);
});

test('the box baseline maps the detector box onto the whole 112×112, centred, without rotation', () => {
  const { transform, aligned112 } = boxCrop112(new Uint8Array(224 * 224 * 3).fill(200), 224, { x: 42, y: 52, width: 140, height: 120 });
  assert.equal(transform.b, 0);
  const centre = applySimilarity(transform, { x: 112, y: 112 });
  assert.ok(Math.abs(centre.x - 56) < 1e-9 && Math.abs(centre.y - 56) < 1e-9);
  assert.ok(Math.abs(applySimilarity(transform, { x: 42, y: 112 }).x) < 1e-9, 'the box edge lands on the image edge');
  assert.equal(aligned112.length, 112 * 112 * 3);
  assert.equal(aligned112[(56 * 112 + 56) * 3], 200);
});

test('mirroring swaps left and right and is its own inverse', () => {
  const size = 3;
  const rgb = Uint8Array.from({ length: size * size * 3 }, (_, i) => i);
  const mirrored = mirrorRgb(rgb, size);
  assert.deepEqual([...mirrored.subarray(0, 3)], [...rgb.subarray(6, 9)]);
  assert.deepEqual(mirrorRgb(mirrored, size), rgb);
});
