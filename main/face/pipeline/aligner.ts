// 68 landmarks → 5 points → least-squares similarity onto the ArcFace template →
// a 112×112 face. This step is what makes recognition work: on five_celebrity the EER is
// ×13 without it (README, "Measured": `npm run eval -- ../shared/faces/five_celebrity
// --alignment box` against the same run without --alignment).
import { ARCFACE_TEMPLATE_112, estimateSimilarity, warpSimilarityRgb, type SimilarityTransform } from '../math/geometry.ts';
import { fivePointsFrom68 } from './landmarks68.ts';
import type { BoxPx } from '../../../preload/api.ts';

export interface AlignedFace {
  aligned112: Uint8Array;
  /** Crop pixels → aligned pixels. */
  transform: SimilarityTransform;
}

export function alignFace112(rgb: Uint8Array, imageSize: number, points68: Float32Array): AlignedFace {
  const transform = estimateSimilarity(fivePointsFrom68(points68), [...ARCFACE_TEMPLATE_112]);
  return { aligned112: warpSimilarityRgb(rgb, imageSize, imageSize, transform, 112), transform };
}

/** The ablation baseline (`eval --alignment box`): the detector box scaled onto 112×112, no landmarks. */
export function boxCrop112(rgb: Uint8Array, imageSize: number, box: BoxPx): AlignedFace {
  const scale = 112 / Math.max(box.width, box.height);
  const transform = { a: scale, b: 0, tx: 56 - scale * (box.x + box.width / 2), ty: 56 - scale * (box.y + box.height / 2) };
  return { aligned112: warpSimilarityRgb(rgb, imageSize, imageSize, transform, 112), transform };
}

/** Mirror image of an RGB square, for flip test-time augmentation. */
export function mirrorRgb(rgb: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(rgb.length);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const from = (y * size + x) * 3;
      const to = (y * size + (size - 1 - x)) * 3;
      out[to] = rgb[from];
      out[to + 1] = rgb[from + 1];
      out[to + 2] = rgb[from + 2];
    }
  }
  return out;
}
