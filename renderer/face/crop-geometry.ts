// Where the face crop and the context crop sit in the frame: pure geometry, so
// that what crosses the bridge is defined in one place and tested under Node.
import {
  CONTEXT_CROP_SCALE,
  FACE_CROP_BOX_FRACTION,
  FACE_CROP_SIZE,
  type BoxPx,
} from '../../preload/api.ts';

/** A source rectangle in frame pixels and the square it is resampled to. */
export interface CropRegion {
  source: BoxPx;
  outputSize: number;
}

/**
 * A square around the box centre, the box spanning FACE_CROP_BOX_FRACTION of it.
 * It may reach past the frame edge; the part outside stays black, so the face is
 * never squashed or shifted.
 */
export function faceCropRegion(box: BoxPx): CropRegion {
  const side = Math.max(box.width, box.height) / FACE_CROP_BOX_FRACTION;
  const centreX = box.x + box.width / 2;
  const centreY = box.y + box.height / 2;
  return {
    source: { x: centreX - side / 2, y: centreY - side / 2, width: side, height: side },
    outputSize: FACE_CROP_SIZE,
  };
}

/** Maps a frame-pixel box into the output pixels of a crop region. */
export function boxInRegion(box: BoxPx, region: CropRegion): BoxPx {
  const scaleX = region.outputSize / region.source.width;
  const scaleY = region.outputSize / region.source.height;
  return {
    x: (box.x - region.source.x) * scaleX,
    y: (box.y - region.source.y) * scaleY,
    width: box.width * scaleX,
    height: box.height * scaleY,
  };
}

/**
 * The anti-spoofing context: the box enlarged CONTEXT_CROP_SCALE times about its
 * centre, the scale reduced and the rectangle shifted so that it stays inside the
 * picture: the frame, less any black bars (picture-area.ts). MiniFASNet was trained on
 * such crops, not on black borders. Not square: the network sees the box's aspect
 * squeezed to 128×128, as in training.
 */
export function contextCropRegion(box: BoxPx, picture: BoxPx, outputSize: number): CropRegion {
  const scale = Math.min((picture.height - 1) / box.height, (picture.width - 1) / box.width, CONTEXT_CROP_SCALE);
  const width = box.width * scale;
  const height = box.height * scale;
  let x = box.x + box.width / 2 - width / 2;
  let y = box.y + box.height / 2 - height / 2;
  x = Math.min(Math.max(x, picture.x), picture.x + picture.width - 1 - width);
  y = Math.min(Math.max(y, picture.y), picture.y + picture.height - 1 - height);
  return { source: { x: Math.max(x, picture.x), y: Math.max(y, picture.y), width, height }, outputSize };
}
