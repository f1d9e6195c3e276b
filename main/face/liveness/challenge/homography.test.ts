import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyHomography, fitHomography, smallestEigenvector, transferRms } from './homography.ts';
import { seededRandom } from '../../../../test-support/synthetic-tracks.ts';

const KNOWN = [1.1, 0.2, 30, -0.15, 0.9, -12, 0.0008, -0.0005, 1];

function randomPoints(count: number, random: () => number): number[] {
  return Array.from({ length: count * 2 }, () => 400 * random());
}

function mapped(h: ArrayLike<number>, points: number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < points.length; i += 2) {
    const p = applyHomography(h, points[i], points[i + 1]);
    out.push(p.x, p.y);
  }
  return out;
}

describe('fitHomography', () => {
  it('recovers a known homography exactly (up to scale) from 4 and from 68 points', () => {
    const random = seededRandom(5);
    for (const count of [4, 68]) {
      const from = randomPoints(count, random);
      const h = fitHomography(from, mapped(KNOWN, from));
      const scale = h[8] / KNOWN[8];
      KNOWN.forEach((v, i) => assert.ok(Math.abs(h[i] / scale - v) < 1e-6 * Math.max(1, Math.abs(v)), `h[${i}] = ${h[i] / scale}, want ${v}`));
      assert.ok(transferRms(h, from, mapped(KNOWN, from)) < 1e-6);
    }
  });

  it('leaves a residual about the size of the noise it cannot explain', () => {
    const random = seededRandom(6);
    const from = randomPoints(68, random);
    const to = mapped(KNOWN, from).map((v) => v + (random() - 0.5) * 2 * Math.sqrt(3));
    const rms = transferRms(fitHomography(from, to), from, to);
    // Uniform noise of σ = 1 px per coordinate: 2-D RMS ≈ √2, less the 8 fitted degrees of freedom.
    assert.ok(rms > 1.1 && rms < 1.5, `rms ${rms}`);
  });

  it('refuses fewer than 4 pairs, unpaired input and identical points', () => {
    assert.throws(() => fitHomography([0, 0, 1, 0, 0, 1], [0, 0, 1, 0, 0, 1]), RangeError);
    assert.throws(() => fitHomography([0, 0, 1, 0, 0, 1, 1, 1], [0, 0, 1, 0, 0, 1]), RangeError);
    assert.throws(() => fitHomography(new Array(8).fill(3), [0, 0, 1, 0, 0, 1, 1, 1]), RangeError);
  });
});

describe('smallestEigenvector', () => {
  it('finds the eigenvector of the smallest eigenvalue of a symmetric matrix', () => {
    // Eigenvalues 1, 3 (vectors (1, −1)/√2, (1, 1)/√2) plus 5 on the third axis.
    const v = smallestEigenvector(Float64Array.from([2, 1, 0, 1, 2, 0, 0, 0, 5]), 3);
    assert.ok(Math.abs(Math.abs(v[0]) - Math.SQRT1_2) < 1e-12);
    assert.ok(Math.abs(v[0] + v[1]) < 1e-12 && Math.abs(v[2]) < 1e-12);
  });
});
