import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONTEXT_CROP_SCALE, FACE_CROP_BOX_FRACTION, FACE_CROP_SIZE } from '../../preload/api.ts';
import { boxInRegion, contextCropRegion, faceCropRegion } from './crop-geometry.ts';

test('the face crop is a square centred on the box, the box spanning the agreed fraction', () => {
  const box = { x: 100, y: 50, width: 80, height: 100 };
  const region = faceCropRegion(box);
  assert.equal(region.outputSize, FACE_CROP_SIZE);
  assert.equal(region.source.width, region.source.height);
  assert.equal(region.source.width, 100 / FACE_CROP_BOX_FRACTION);
  assert.equal(region.source.x + region.source.width / 2, 140);
  assert.equal(region.source.y + region.source.height / 2, 100);
  const inCrop = boxInRegion(box, region);
  assert.ok(Math.abs(inCrop.height - FACE_CROP_SIZE * FACE_CROP_BOX_FRACTION) < 1e-9);
  assert.ok(Math.abs(inCrop.x + inCrop.width / 2 - FACE_CROP_SIZE / 2) < 1e-9);
});

test('a face at normal webcam distance keeps at least 112 px of detail in the crop', () => {
  // 640×480 webcam, face ~160 px wide: the box in the crop is at least as wide as the aligned face.
  const inCrop = boxInRegion({ x: 240, y: 160, width: 160, height: 160 }, faceCropRegion({ x: 240, y: 160, width: 160, height: 160 }));
  assert.ok(inCrop.width >= 112);
});

test('the context crop is the box × 2.7 when it fits in the frame', () => {
  const box = { x: 300, y: 200, width: 100, height: 120 };
  const region = contextCropRegion(box, { x: 0, y: 0, width: 1280, height: 720 }, 128);
  assert.ok(Math.abs(region.source.width - 100 * CONTEXT_CROP_SCALE) < 1e-9);
  assert.ok(Math.abs(region.source.height - 120 * CONTEXT_CROP_SCALE) < 1e-9);
  assert.ok(Math.abs(region.source.x + region.source.width / 2 - 350) < 1e-9);
});

test('the context crop shrinks and shifts to stay inside the frame', () => {
  const region = contextCropRegion({ x: 10, y: 10, width: 200, height: 200 }, { x: 0, y: 0, width: 400, height: 300 }, 128);
  assert.ok(region.source.x >= 0 && region.source.y >= 0);
  assert.ok(region.source.x + region.source.width <= 400);
  assert.ok(region.source.y + region.source.height <= 300);
  // Limited by the frame height: scale (300-1)/200.
  assert.ok(Math.abs(region.source.height - 299) < 1e-9);
});

test('the context crop stays inside the picture of a pillarboxed frame', () => {
  // A 276×480 picture centred in 640×480 (bars of 182 px), the face near its left edge.
  const picture = { x: 182, y: 0, width: 276, height: 480 };
  const region = contextCropRegion({ x: 200, y: 100, width: 200, height: 220 }, picture, 128);
  assert.ok(region.source.x >= 182 && region.source.x + region.source.width <= 182 + 276);
  assert.ok(region.source.y >= 0 && region.source.y + region.source.height <= 480);
  // Limited by the picture's width: scale 275/200.
  assert.ok(Math.abs(region.source.width - 275) < 1e-9);
});
