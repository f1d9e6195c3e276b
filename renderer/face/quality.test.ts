import assert from 'node:assert/strict';
import { test } from 'node:test';
import { brightnessAndDarkRatio, laplacianVariance, lumaOfBox } from './quality.ts';

function solidRgb(size: number, value: number): Uint8Array {
  return new Uint8Array(size * size * 3).fill(value);
}

test('brightness and dark ratio of a half-dark face box', () => {
  const size = 10;
  const rgb = solidRgb(size, 200);
  for (let y = 0; y < 5; y++) for (let x = 0; x < size; x++) rgb.fill(10, (y * size + x) * 3, (y * size + x) * 3 + 3);
  const { brightness, darkRatio } = brightnessAndDarkRatio(lumaOfBox(rgb, size, { x: 0, y: 0, width: 10, height: 10 }));
  assert.ok(Math.abs(brightness - 105) < 1e-3);
  assert.equal(darkRatio, 0.5);
});

test('a flat image has no Laplacian variance, a checkerboard a large one', () => {
  const size = 16;
  const flat = lumaOfBox(solidRgb(size, 128), size, { x: 0, y: 0, width: size, height: size });
  assert.equal(laplacianVariance(flat), 0);
  const checker = new Uint8Array(size * size * 3);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) checker.fill((x + y) % 2 ? 255 : 0, (y * size + x) * 3, (y * size + x) * 3 + 3);
  // Every interior Laplacian is ±4·255 → variance (4·255)².
  const variance = laplacianVariance(lumaOfBox(checker, size, { x: 0, y: 0, width: size, height: size }));
  assert.ok(Math.abs(variance - (4 * 255) ** 2) / variance < 1e-3);
});
