import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eyeAspectRatio, fivePointsFrom68 } from './landmarks68.ts';

/** 68 points where unused ones sit far away at (1000 + i, 2000 + i) so a wrong index shows. */
function handMade68(overrides: Record<number, [number, number]>): number[] {
  const flat: number[] = [];
  for (let i = 0; i < 68; i++) flat.push(...(overrides[i] ?? [1000 + i, 2000 + i]));
  return flat;
}

const face = handMade68({
  // Image-left eye: corners (10, 50) and (20, 50), lids 4 px apart → EAR 0.4, centre (15, 50).
  36: [10, 50], 37: [13, 48], 38: [17, 48], 39: [20, 50], 40: [17, 52], 41: [13, 52],
  // Image-right eye: corners (40, 50) and (50, 50), lids 2 px apart → EAR 0.2, centre (45, 50).
  42: [40, 50], 43: [44, 49], 44: [46, 49], 45: [50, 50], 46: [46, 51], 47: [44, 51],
  30: [30, 70],
  48: [18, 90],
  54: [42, 90],
});

test('picks eye centres, nose tip and mouth corners in template order', () => {
  assert.deepEqual(fivePointsFrom68(face), [
    { x: 15, y: 50 },
    { x: 45, y: 50 },
    { x: 30, y: 70 },
    { x: 18, y: 90 },
    { x: 42, y: 90 },
  ]);
});

test('accepts a Float32Array', () => {
  const points = fivePointsFrom68(Float32Array.from(face));
  assert.deepEqual(points[1], { x: 45, y: 50 });
  assert.deepEqual(points[4], { x: 42, y: 90 });
});

test('eye aspect ratio of open eyes', () => {
  assert.equal(eyeAspectRatio(face, 'left'), 0.4);
  assert.equal(eyeAspectRatio(face, 'right'), 0.2);
});

test('eye aspect ratio of a closed eye is 0', () => {
  const closed = handMade68({
    36: [10, 50], 37: [13, 50], 38: [17, 50], 39: [20, 50], 40: [17, 50], 41: [13, 50],
  });
  assert.equal(eyeAspectRatio(closed, 'left'), 0);
});

test('eye aspect ratio does not depend on scale or rotation', () => {
  // Rotate the whole face 90° and scale it by 3: (x, y) → (−3y, 3x).
  const turned = face.slice();
  for (let i = 0; i < 68; i++) {
    const x = face[2 * i];
    const y = face[2 * i + 1];
    turned[2 * i] = -3 * y;
    turned[2 * i + 1] = 3 * x;
  }
  assert.ok(Math.abs(eyeAspectRatio(turned, 'left') - 0.4) < 1e-12);
  assert.ok(Math.abs(eyeAspectRatio(turned, 'right') - 0.2) < 1e-12);
});

test('rejects the wrong number of coordinates and degenerate eyes', () => {
  assert.throws(() => fivePointsFrom68(face.slice(0, 134)), RangeError);
  assert.throws(() => fivePointsFrom68(new Float32Array(137)), RangeError);
  assert.throws(() => eyeAspectRatio(face.slice(0, 10), 'left'), RangeError);
  assert.throws(() => eyeAspectRatio(new Array(136).fill(0), 'right'), RangeError);
});
