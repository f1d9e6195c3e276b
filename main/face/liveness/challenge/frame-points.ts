// The landmarker works on the face crop; the challenge follows the face across frames, so it
// needs the landmarks in frame pixels. The detector box is known in both, which fixes the map.
import type { BoxPx } from '../../../../preload/api.ts';
import type { Landmarks68 } from '../../pipeline/landmarks68.ts';

/** Landmarks in face-crop pixels → frame pixels, through the box seen in both. */
export function pointsCropToFrame(points68: Landmarks68, boxInCrop: BoxPx, boxInFrame: BoxPx): Float32Array {
  if (!(boxInCrop.width > 0 && boxInCrop.height > 0)) throw new RangeError('pointsCropToFrame: empty box in crop');
  const scaleX = boxInFrame.width / boxInCrop.width;
  const scaleY = boxInFrame.height / boxInCrop.height;
  const out = new Float32Array(points68.length);
  for (let i = 0; i < points68.length; i += 2) {
    out[i] = boxInFrame.x + (points68[i] - boxInCrop.x) * scaleX;
    out[i + 1] = boxInFrame.y + (points68[i + 1] - boxInCrop.y) * scaleY;
  }
  return out;
}
