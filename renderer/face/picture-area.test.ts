import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MIN_PADDING_PX, PADDING_MAX_LEVEL, pictureArea } from './picture-area.ts';

/** A width × height RGBA frame of camera-like noise (levels 40–200), with `paint` applied per pixel. */
function frame(width: number, height: number, paint: (x: number, y: number) => number | null = () => null): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(width * height * 4);
  let seed = 7;
  const noise = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % 161) + 40;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const level = paint(x, y);
      rgba[i] = level ?? noise();
      rgba[i + 1] = level ?? noise();
      rgba[i + 2] = level ?? noise();
      rgba[i + 3] = 255;
    }
  }
  return rgba;
}

const whole = (width: number, height: number) => ({ x: 0, y: 0, width, height });

test('a camera frame is its own picture', () => {
  assert.deepEqual(pictureArea(frame(64, 48), 64, 48), whole(64, 48));
});

test('pillarbox and letterbox bars are left out, video black and coding noise included', () => {
  // 28 px a side, at video black (16) with a little noise under the limit.
  const pillar = frame(120, 60, (x) => (x < 28 || x >= 92 ? 16 + (x % 3) : null));
  assert.deepEqual(pictureArea(pillar, 120, 60), { x: 28, y: 0, width: 64, height: 60 });
  // Rounded sizes: 7 px above, 8 below.
  const letter = frame(80, 60, (_, y) => (y < 7 || y >= 52 ? 0 : null));
  assert.deepEqual(pictureArea(letter, 80, 60), { x: 0, y: 7, width: 80, height: 45 });
});

test('what is not symmetric padding stays in the picture', () => {
  // A dark bezel or card at one edge only.
  const oneSide = frame(120, 60, (x) => (x < 20 ? 0 : null));
  assert.deepEqual(pictureArea(oneSide, 120, 60), whole(120, 60));
  // Both sides dark but of different widths (a frame, not a centred picture).
  const uneven = frame(120, 60, (x) => (x < 10 || x >= 100 ? 0 : null));
  assert.deepEqual(pictureArea(uneven, 120, 60), whole(120, 60));
  // One bright pixel in a dark column ends that side's bar: 3 columns against 20, not padding.
  const speck = frame(120, 60, (x, y) => ((x < 20 || x >= 100) && !(x === 3 && y === 30) ? 0 : null));
  assert.deepEqual(pictureArea(speck, 120, 60), whole(120, 60));
  // Dark but over the limit (a dim wall), or thinner than the minimum.
  assert.deepEqual(pictureArea(frame(120, 60, (x) => (x < 20 || x >= 100 ? PADDING_MAX_LEVEL + 1 : null)), 120, 60), whole(120, 60));
  const thin = MIN_PADDING_PX - 1;
  assert.deepEqual(pictureArea(frame(120, 60, (x) => (x < thin || x >= 120 - thin ? 0 : null)), 120, 60), whole(120, 60));
});

test('a dark frame is taken whole, not as all bars', () => {
  assert.deepEqual(pictureArea(frame(64, 48, () => 5), 64, 48), whole(64, 48));
  // A picture narrower than the minimum share: a dark room with a lamp, not bars.
  assert.deepEqual(pictureArea(frame(100, 48, (x) => (x < 40 || x >= 60 ? 0 : null)), 100, 48), whole(100, 48));
});
