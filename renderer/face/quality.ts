// Quality figures of the chosen face, measured on the face crop. Main decides what
// is good enough; these only measure. The head pose is main's (from the 68 landmarks).
import type { BoxPx, FaceQuality } from '../../preload/api.ts';

/** A pixel counts as dark below this luma (Howdy's dark_threshold idea: IR/dim frames are mostly black). */
export const DARK_LUMA = 40;

export interface LumaImage {
  luma: Float32Array;
  width: number;
  height: number;
}

/** Rec. 601 luma of the part of an RGB image inside `box` (clamped to the image). */
export function lumaOfBox(rgb: Uint8Array, imageSize: number, box: BoxPx): LumaImage {
  const x0 = clampInt(Math.floor(box.x), 0, imageSize - 1);
  const y0 = clampInt(Math.floor(box.y), 0, imageSize - 1);
  const x1 = clampInt(Math.ceil(box.x + box.width), x0 + 1, imageSize);
  const y1 = clampInt(Math.ceil(box.y + box.height), y0 + 1, imageSize);
  const width = x1 - x0;
  const height = y1 - y0;
  const luma = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = ((y0 + y) * imageSize + (x0 + x)) * 3;
      luma[y * width + x] = 0.299 * rgb[i] + 0.587 * rgb[i + 1] + 0.114 * rgb[i + 2];
    }
  }
  return { luma, width, height };
}

export function brightnessAndDarkRatio(image: LumaImage): { brightness: number; darkRatio: number } {
  let sum = 0;
  let dark = 0;
  for (const value of image.luma) {
    sum += value;
    if (value < DARK_LUMA) dark++;
  }
  const count = image.luma.length;
  return { brightness: sum / count, darkRatio: dark / count };
}

/** Variance of the 4-neighbour Laplacian: low for blurred faces (motion, focus). */
export function laplacianVariance(image: LumaImage): number {
  const { luma, width, height } = image;
  if (width < 3 || height < 3) return 0;
  let sum = 0;
  let sumSquares = 0;
  let count = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const laplacian = luma[i - 1] + luma[i + 1] + luma[i - width] + luma[i + width] - 4 * luma[i];
      sum += laplacian;
      sumSquares += laplacian * laplacian;
      count++;
    }
  }
  const mean = sum / count;
  return sumSquares / count - mean * mean;
}

export function measureQuality(
  faceCrop: Uint8Array,
  cropSize: number,
  boxInCrop: BoxPx,
  boxInFrame: BoxPx,
): FaceQuality {
  const luma = lumaOfBox(faceCrop, cropSize, boxInCrop);
  const { brightness, darkRatio } = brightnessAndDarkRatio(luma);
  return {
    faceWidthPx: boxInFrame.width,
    brightness,
    darkRatio,
    sharpnessLaplacianVar: laplacianVariance(luma),
  };
}

function clampInt(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}
