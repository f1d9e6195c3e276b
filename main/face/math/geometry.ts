// 2-D similarity transforms (rotation + uniform scale + translation) for face alignment.

export type Point = { x: number; y: number };

/** x' = a·x − b·y + tx, y' = b·x + a·y + ty. */
export interface SimilarityTransform {
  a: number;
  b: number;
  tx: number;
  ty: number;
}

/**
 * The standard 5-point ArcFace template for a 112×112 crop, in order: left eye,
 * right eye (image left/right), nose tip, left mouth corner, right mouth corner.
 */
export const ARCFACE_TEMPLATE_112: readonly Point[] = Object.freeze([
  Object.freeze({ x: 38.2946, y: 51.6963 }),
  Object.freeze({ x: 73.5318, y: 51.5014 }),
  Object.freeze({ x: 56.0252, y: 71.7366 }),
  Object.freeze({ x: 41.5493, y: 92.3655 }),
  Object.freeze({ x: 70.7299, y: 92.2041 }),
]);

/**
 * Least-squares similarity mapping `from` onto `to` (Umeyama's closed form, which in 2-D
 * reduces to fitting q = z·p + t over complex numbers). Never reflects or shears.
 */
export function estimateSimilarity(from: readonly Point[], to: readonly Point[]): SimilarityTransform {
  if (from.length !== to.length) {
    throw new RangeError(`estimateSimilarity: ${from.length} source points but ${to.length} targets`);
  }
  if (from.length < 2) throw new RangeError('estimateSimilarity: needs at least 2 point pairs');
  const n = from.length;
  let fromMeanX = 0;
  let fromMeanY = 0;
  let toMeanX = 0;
  let toMeanY = 0;
  for (let i = 0; i < n; i++) {
    fromMeanX += from[i].x;
    fromMeanY += from[i].y;
    toMeanX += to[i].x;
    toMeanY += to[i].y;
  }
  fromMeanX /= n;
  fromMeanY /= n;
  toMeanX /= n;
  toMeanY /= n;

  let spread = 0;
  let dotSum = 0;
  let crossSum = 0;
  for (let i = 0; i < n; i++) {
    const px = from[i].x - fromMeanX;
    const py = from[i].y - fromMeanY;
    const qx = to[i].x - toMeanX;
    const qy = to[i].y - toMeanY;
    spread += px * px + py * py;
    dotSum += px * qx + py * qy;
    crossSum += px * qy - py * qx;
  }
  if (!Number.isFinite(spread) || !Number.isFinite(dotSum) || !Number.isFinite(crossSum)) {
    throw new RangeError('estimateSimilarity: points must be finite');
  }
  if (spread <= 0) throw new RangeError('estimateSimilarity: source points are all equal');

  const a = dotSum / spread;
  const b = crossSum / spread;
  return {
    a,
    b,
    tx: toMeanX - (a * fromMeanX - b * fromMeanY),
    ty: toMeanY - (b * fromMeanX + a * fromMeanY),
  };
}

export function invertSimilarity(t: SimilarityTransform): SimilarityTransform {
  const scaleSquared = t.a * t.a + t.b * t.b;
  if (!(scaleSquared > 0)) throw new RangeError('invertSimilarity: transform has zero scale');
  const a = t.a / scaleSquared;
  const b = -t.b / scaleSquared;
  return { a, b, tx: -(a * t.tx - b * t.ty), ty: -(b * t.tx + a * t.ty) };
}

/**
 * Warps an RGB image (row-major, 3 bytes a pixel) into an outSize×outSize crop, `t` mapping
 * source → output like the matrix given to cv2.warpAffine. Bilinear, pixel centres at integer
 * coordinates; source neighbours outside the image count as 0, as with OpenCV's
 * BORDER_CONSTANT, so edges fade over one pixel into black. OpenCV interpolates in 1/32-pixel
 * fixed point, so its output may differ from this one by ±1.
 */
export function warpSimilarityRgb(
  src: Uint8Array,
  srcWidth: number,
  srcHeight: number,
  t: SimilarityTransform,
  outSize: number,
): Uint8Array {
  if (!Number.isInteger(srcWidth) || !Number.isInteger(srcHeight) || srcWidth < 1 || srcHeight < 1) {
    throw new RangeError(`warpSimilarityRgb: bad source size ${srcWidth}×${srcHeight}`);
  }
  if (src.length !== srcWidth * srcHeight * 3) {
    throw new RangeError(`warpSimilarityRgb: expected ${srcWidth * srcHeight * 3} bytes, got ${src.length}`);
  }
  if (!Number.isInteger(outSize) || outSize < 1) throw new RangeError(`warpSimilarityRgb: bad outSize ${outSize}`);

  const inv = invertSimilarity(t);
  const out = new Uint8Array(outSize * outSize * 3);
  const rowStride = srcWidth * 3;
  for (let v = 0; v < outSize; v++) {
    const rowX = -inv.b * v + inv.tx;
    const rowY = inv.a * v + inv.ty;
    for (let u = 0; u < outSize; u++) {
      const x = inv.a * u + rowX;
      const y = inv.b * u + rowY;
      const x0 = Math.floor(x);
      const y0 = Math.floor(y);
      if (x0 < -1 || y0 < -1 || x0 >= srcWidth || y0 >= srcHeight) continue;
      const fx = x - x0;
      const fy = y - y0;
      const hasLeft = x0 >= 0;
      const hasRight = x0 + 1 < srcWidth;
      const hasTop = y0 >= 0;
      const hasBottom = y0 + 1 < srcHeight;
      const w00 = hasTop && hasLeft ? (1 - fx) * (1 - fy) : 0;
      const w10 = hasTop && hasRight ? fx * (1 - fy) : 0;
      const w01 = hasBottom && hasLeft ? (1 - fx) * fy : 0;
      const w11 = hasBottom && hasRight ? fx * fy : 0;
      const i00 = y0 * rowStride + x0 * 3;
      const o = (v * outSize + u) * 3;
      for (let c = 0; c < 3; c++) {
        let value = 0;
        if (w00 !== 0) value += w00 * src[i00 + c];
        if (w10 !== 0) value += w10 * src[i00 + 3 + c];
        if (w01 !== 0) value += w01 * src[i00 + rowStride + c];
        if (w11 !== 0) value += w11 * src[i00 + rowStride + 3 + c];
        out[o + c] = Math.round(value);
      }
    }
  }
  return out;
}
