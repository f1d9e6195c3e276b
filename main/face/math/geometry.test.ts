import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gaussian, seededRandom } from '../../../tools/math/random.ts';
import { applySimilarity, similarityRotationRadians, similarityScale } from '../../../test-support/similarity-transform.ts';
import {
  ARCFACE_TEMPLATE_112,
  estimateSimilarity,
  invertSimilarity,
  warpSimilarityRgb,
  type Point,
  type SimilarityTransform,
} from './geometry.ts';

function fromScaleAngle(scale: number, radians: number, tx: number, ty: number): SimilarityTransform {
  return { a: scale * Math.cos(radians), b: scale * Math.sin(radians), tx, ty };
}

function assertClose(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs ${expected} (±${tolerance})`);
}

test('recovers a similarity exactly from noiseless points', () => {
  const truth = fromScaleAngle(0.37, -0.4, 12.5, -7.25);
  const from: Point[] = [
    { x: 310, y: 220 },
    { x: 402, y: 218 },
    { x: 355, y: 281 },
    { x: 320, y: 330 },
    { x: 395, y: 333 },
  ];
  const t = estimateSimilarity(from, from.map((p) => applySimilarity(truth, p)));
  assertClose(t.a, truth.a, 1e-12, 'a');
  assertClose(t.b, truth.b, 1e-12, 'b');
  assertClose(t.tx, truth.tx, 1e-9, 'tx');
  assertClose(t.ty, truth.ty, 1e-9, 'ty');
  assertClose(similarityScale(t), 0.37, 1e-12, 'scale');
  assertClose(similarityRotationRadians(t), -0.4, 1e-12, 'rotation');
});

test('recovers rotation, scale and shift from noisy points', () => {
  const random = seededRandom(42);
  const truth = fromScaleAngle(1.8, 0.3, -40, 25);
  const from: Point[] = [];
  const to: Point[] = [];
  for (let i = 0; i < 60; i++) {
    const p = { x: 100 + 200 * random(), y: 100 + 200 * random() };
    const q = applySimilarity(truth, p);
    from.push(p);
    // σ = 0.5 px noise over a ~200 px spread: expected angle error ≈ 0.5/(1.8·80·√60) ≈ 5e-4 rad,
    // so the bounds below are ~10σ.
    to.push({ x: q.x + 0.5 * gaussian(random), y: q.y + 0.5 * gaussian(random) });
  }
  const t = estimateSimilarity(from, to);
  assertClose(similarityScale(t), 1.8, 0.01, 'scale');
  assertClose(similarityRotationRadians(t), 0.3, 0.005, 'rotation');
  for (const p of [{ x: 100, y: 100 }, { x: 300, y: 300 }, { x: 200, y: 150 }]) {
    const got = applySimilarity(t, p);
    const want = applySimilarity(truth, p);
    assert.ok(Math.hypot(got.x - want.x, got.y - want.y) < 1, `mapping of (${p.x}, ${p.y})`);
  }
});

test('fits a similarity, not an affine map, and the fit is a least-squares minimum', () => {
  // Stretching y by 2 is affine; the best similarity is the mean scale 1.5 with no rotation.
  const from = [{ x: -1, y: 0 }, { x: 1, y: 0 }, { x: 0, y: 1 }, { x: 0, y: -1 }];
  const to = [{ x: 9, y: 5 }, { x: 11, y: 5 }, { x: 10, y: 7 }, { x: 10, y: 3 }];
  const t = estimateSimilarity(from, to);
  assert.deepEqual(t, { a: 1.5, b: 0, tx: 10, ty: 5 });

  const squaredError = (s: SimilarityTransform) =>
    from.reduce((sum, p, i) => {
      const q = applySimilarity(s, p);
      return sum + (q.x - to[i].x) ** 2 + (q.y - to[i].y) ** 2;
    }, 0);
  const best = squaredError(t);
  for (const key of ['a', 'b', 'tx', 'ty'] as const) {
    for (const delta of [-1e-3, 1e-3]) {
      assert.ok(squaredError({ ...t, [key]: t[key] + delta }) > best, `nudging ${key} by ${delta}`);
    }
  }
});

test('maps the ArcFace template onto itself with the identity', () => {
  const t = estimateSimilarity(ARCFACE_TEMPLATE_112, ARCFACE_TEMPLATE_112);
  assertClose(t.a, 1, 1e-12, 'a');
  assertClose(t.b, 0, 1e-12, 'b');
  assertClose(t.tx, 0, 1e-9, 'tx');
  assertClose(t.ty, 0, 1e-9, 'ty');
  assert.equal(ARCFACE_TEMPLATE_112.length, 5);
  assert.ok(ARCFACE_TEMPLATE_112[0].x < ARCFACE_TEMPLATE_112[1].x, 'left eye is on the image left');
});

test('rejects too few, mismatched or coincident points', () => {
  assert.throws(() => estimateSimilarity([{ x: 1, y: 1 }], [{ x: 2, y: 2 }]), RangeError);
  assert.throws(() => estimateSimilarity([{ x: 0, y: 0 }, { x: 1, y: 0 }], [{ x: 0, y: 0 }]), RangeError);
  const same = [{ x: 3, y: 4 }, { x: 3, y: 4 }, { x: 3, y: 4 }];
  assert.throws(() => estimateSimilarity(same, [{ x: 0, y: 0 }, { x: 1, y: 0 }, { x: 0, y: 1 }]), RangeError);
  assert.throws(() => invertSimilarity({ a: 0, b: 0, tx: 1, ty: 1 }), RangeError);
});

test('invert composed with apply is the identity', () => {
  const t = fromScaleAngle(2.5, 2.1, 33, -71);
  const inv = invertSimilarity(t);
  for (const p of [{ x: 0, y: 0 }, { x: 17.5, y: -3 }, { x: -250, y: 480 }]) {
    const back = applySimilarity(inv, applySimilarity(t, p));
    assertClose(back.x, p.x, 1e-9, 'x');
    assertClose(back.y, p.y, 1e-9, 'y');
    const forth = applySimilarity(t, applySimilarity(inv, p));
    assertClose(forth.x, p.x, 1e-9, 'x');
    assertClose(forth.y, p.y, 1e-9, 'y');
  }
  assertClose(similarityScale(inv), 1 / 2.5, 1e-12, 'inverse scale');
  assertClose(similarityRotationRadians(inv), -2.1, 1e-12, 'inverse rotation');
});

/** A W×H RGB image whose pixel (x, y) is [x, y, 100 + x + 10·y]. */
function codedImage(width: number, height: number): Uint8Array {
  const img = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) img.set([x, y, 100 + x + 10 * y], (y * width + x) * 3);
  }
  return img;
}

function pixel(img: Uint8Array, size: number, u: number, v: number): number[] {
  const o = (v * size + u) * 3;
  return [img[o], img[o + 1], img[o + 2]];
}

test('warp by a whole-pixel translation shifts pixels and fills black', () => {
  const src = codedImage(5, 4);
  const out = warpSimilarityRgb(src, 5, 4, { a: 1, b: 0, tx: 2, ty: 1 }, 6);
  for (let v = 0; v < 6; v++) {
    for (let u = 0; u < 6; u++) {
      const x = u - 2;
      const y = v - 1;
      const inside = x >= 0 && x < 5 && y >= 0 && y < 4;
      assert.deepEqual(pixel(out, 6, u, v), inside ? [x, y, 100 + x + 10 * y] : [0, 0, 0], `(${u}, ${v})`);
    }
  }
});

test('warp by 90° rotates the image exactly', () => {
  // x' = −y + 3, y' = x: turns a 4×4 image a quarter turn clockwise on screen.
  const src = codedImage(4, 4);
  const out = warpSimilarityRgb(src, 4, 4, { a: 0, b: 1, tx: 3, ty: 0 }, 4);
  for (let v = 0; v < 4; v++) {
    for (let u = 0; u < 4; u++) {
      const x = v;
      const y = 3 - u;
      assert.deepEqual(pixel(out, 4, u, v), [x, y, 100 + x + 10 * y], `(${u}, ${v})`);
    }
  }
});

test('warp interpolates bilinearly between pixel centres', () => {
  // 2×2 source; a half-pixel shift puts output (1, 1) at the centre of all four pixels.
  const src = new Uint8Array([10, 0, 0, 100, 0, 0, 30, 0, 0, 200, 0, 0]);
  const out = warpSimilarityRgb(src, 2, 2, { a: 1, b: 0, tx: 0.5, ty: 0.5 }, 3);
  assert.equal(pixel(out, 3, 1, 1)[0], 85); // (10 + 100 + 30 + 200) / 4
  // Half outside the top-left corner: only source (0, 0) contributes, with weight ¼.
  assert.equal(pixel(out, 3, 0, 0)[0], 3); // round(10 / 4)
  // Horizontal midpoint of the bottom row blends with the black row below: (30 + 200) / 4.
  assert.equal(pixel(out, 3, 1, 2)[0], 58); // round(57.5)

  // Upscaling ×2 anchored at the origin: output (1, 0) samples source x = 0.5.
  const row = new Uint8Array([0, 50, 250, 100, 150, 50]);
  const up = warpSimilarityRgb(row, 2, 1, { a: 2, b: 0, tx: 0, ty: 0 }, 3);
  assert.deepEqual(pixel(up, 3, 1, 0), [50, 100, 150]);
  assert.deepEqual(pixel(up, 3, 0, 1), [0, 25, 125]); // source y = 0.5: half black below
});

test('warp rejects a buffer of the wrong size', () => {
  assert.throws(() => warpSimilarityRgb(new Uint8Array(10), 2, 2, { a: 1, b: 0, tx: 0, ty: 0 }, 2), RangeError);
});
