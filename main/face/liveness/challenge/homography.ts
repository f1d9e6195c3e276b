// Planar homographies between two point sets: the normalised DLT (Hartley & Zisserman,
// "Multiple View Geometry", 2nd ed., algorithm 4.2), least squares over all points.
//
// Points are flat x0, y0, x1, y1, … arrays, like the 68 landmarks.
import { symmetricEigen } from '../../math/symmetric-eigen.ts';

export type FlatPoints = Float32Array | Float64Array | readonly number[];

/** Row-major 3×3, scaled so that its Frobenius norm is 1. */
export type Homography = Float64Array;

interface Normaliser {
  cx: number;
  cy: number;
  scale: number;
}

/** Centroid to the origin, mean distance √2 (Hartley's normalisation). */
function normaliser(points: FlatPoints): Normaliser {
  const n = points.length / 2;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < n; i++) {
    cx += points[2 * i];
    cy += points[2 * i + 1];
  }
  cx /= n;
  cy /= n;
  let meanDistance = 0;
  for (let i = 0; i < n; i++) meanDistance += Math.hypot(points[2 * i] - cx, points[2 * i + 1] - cy);
  meanDistance /= n;
  if (!(meanDistance > 0)) throw new RangeError('fitHomography: points are all equal');
  return { cx, cy, scale: Math.SQRT2 / meanDistance };
}

/** Eigenvector of the smallest eigenvalue of a symmetric n×n matrix (row-major). */
export function smallestEigenvector(symmetric: Float64Array, n: number): Float64Array {
  return symmetricEigen(symmetric, n).vectors[n - 1];
}

/** The homography H (to ≈ H·from) minimising the algebraic error over ≥ 4 point pairs. */
export function fitHomography(from: FlatPoints, to: FlatPoints): Homography {
  if (from.length !== to.length || from.length % 2 !== 0) {
    throw new RangeError(`fitHomography: ${from.length} and ${to.length} numbers do not pair up`);
  }
  const n = from.length / 2;
  if (n < 4) throw new RangeError('fitHomography: needs at least 4 point pairs');
  const nf = normaliser(from);
  const nt = normaliser(to);
  // Accumulate AᵀA directly: two rows of A per pair.
  const ata = new Float64Array(81);
  const row = new Float64Array(9);
  const addRow = () => {
    for (let r = 0; r < 9; r++) for (let c = r; c < 9; c++) ata[r * 9 + c] += row[r] * row[c];
  };
  for (let i = 0; i < n; i++) {
    const x = (from[2 * i] - nf.cx) * nf.scale;
    const y = (from[2 * i + 1] - nf.cy) * nf.scale;
    const u = (to[2 * i] - nt.cx) * nt.scale;
    const v = (to[2 * i + 1] - nt.cy) * nt.scale;
    if (![x, y, u, v].every(Number.isFinite)) throw new RangeError('fitHomography: points must be finite');
    row.set([0, 0, 0, -x, -y, -1, v * x, v * y, v]);
    addRow();
    row.set([x, y, 1, 0, 0, 0, -u * x, -u * y, -u]);
    addRow();
  }
  for (let r = 0; r < 9; r++) for (let c = 0; c < r; c++) ata[r * 9 + c] = ata[c * 9 + r];
  const hn = smallestEigenvector(ata, 9);
  // Undo the normalisation: H = Tto⁻¹ · Hn · Tfrom.
  const tFrom = [nf.scale, 0, -nf.scale * nf.cx, 0, nf.scale, -nf.scale * nf.cy, 0, 0, 1];
  const tToInv = [1 / nt.scale, 0, nt.cx, 0, 1 / nt.scale, nt.cy, 0, 0, 1];
  const h = multiply3(tToInv, multiply3(Array.from(hn), tFrom));
  const norm = Math.hypot(...h);
  return Float64Array.from(h, (value) => value / norm);
}

function multiply3(a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  const out = new Array<number>(9).fill(0);
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) for (let k = 0; k < 3; k++) out[3 * r + c] += a[3 * r + k] * b[3 * k + c];
  return out;
}

export function applyHomography(h: ArrayLike<number>, x: number, y: number): { x: number; y: number } {
  const w = h[6] * x + h[7] * y + h[8];
  return { x: (h[0] * x + h[1] * y + h[2]) / w, y: (h[3] * x + h[4] * y + h[5]) / w };
}

/** RMS distance, in the units of `to`, between H·from and to (the transfer error). */
export function transferRms(h: ArrayLike<number>, from: FlatPoints, to: FlatPoints): number {
  const n = from.length / 2;
  let squared = 0;
  for (let i = 0; i < n; i++) {
    const p = applyHomography(h, from[2 * i], from[2 * i + 1]);
    squared += (p.x - to[2 * i]) ** 2 + (p.y - to[2 * i + 1]) ** 2;
  }
  return Math.sqrt(squared / n);
}
