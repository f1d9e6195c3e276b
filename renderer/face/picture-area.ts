// Where the picture is in a frame that carries black bars. A camera's own frames fill it edge
// to edge, but a source of another aspect can arrive letterboxed or pillarboxed (a virtual
// camera, a capture card, a video converted for a fake camera as ../shared/faces/README.md
// suggests). The passive model must not see such bars: in its 2.7× context crop they look like
// a screen's bezel, and MiniFASNet took a real person's portrait clip pillarboxed into
// 640×480 for a screen (../shared/faces turn_live.mp4, 5 frames a second through these crops:
// median 0.014, against 0.94 for the same frames whole, and 0.95 pillarboxed once the crop
// keeps to the picture; its screen replay 0.0003 in all three). So the context crop stays
// inside the picture, as it stays inside the frame. Only what can be nothing but padding
// counts: whole rows or columns at the edge, every pixel dark, the same width on both sides (a
// centred picture). A dark bezel or a card held at one edge is not symmetric padding, and
// stays in the crop.
import type { BoxPx } from '../../preload/api.ts';

/** A padding pixel: every channel at or below this (video black is 16, plus coding noise). */
export const PADDING_MAX_LEVEL = 24;
/**
 * Bars on opposite sides may differ by this share of the side (at least 4 px): odd picture
 * sizes, the scaler's rounding and the codec's chroma smear the edge (turn_live pillarboxed
 * into 640×480 and coded in H.264 came out with 184 px dark on the left and 188 on the right).
 * A one-sided bezel or card differs by its whole width.
 */
export const PADDING_SIDE_TOLERANCE = 0.02;
/** Thinner bars than this are ignored: an edge row or two of dark sensor is not padding. */
export const MIN_PADDING_PX = 4;
/** The picture keeps at least this share of each side, or the frame is taken whole (a dark room, not bars). */
export const MIN_PICTURE_FRACTION = 0.3;

/** The picture's rectangle in an RGBA frame of width × height: the whole frame unless it is padded. */
export function pictureArea(rgba: Uint8ClampedArray, width: number, height: number): BoxPx {
  const dark = (x: number, y: number) => {
    const i = (y * width + x) * 4;
    return rgba[i] <= PADDING_MAX_LEVEL && rgba[i + 1] <= PADDING_MAX_LEVEL && rgba[i + 2] <= PADDING_MAX_LEVEL;
  };
  const columnDark = (x: number) => {
    for (let y = 0; y < height; y++) if (!dark(x, y)) return false;
    return true;
  };
  const rowDark = (y: number) => {
    for (let x = 0; x < width; x++) if (!dark(x, y)) return false;
    return true;
  };
  const [left, right] = bars(width, columnDark);
  const [top, bottom] = bars(height, rowDark);
  return { x: left, y: top, width: width - left - right, height: height - top - bottom };
}

/** The padding at both ends of one axis of `size` lines, or [0, 0] when it is not symmetric padding. */
function bars(size: number, lineDark: (index: number) => boolean): [number, number] {
  const limit = Math.floor((size * (1 - MIN_PICTURE_FRACTION)) / 2) + 1;
  let start = 0;
  while (start < limit && lineDark(start)) start++;
  let end = 0;
  while (end < limit && lineDark(size - 1 - end)) end++;
  const tolerance = Math.max(MIN_PADDING_PX, PADDING_SIDE_TOLERANCE * size);
  const padded = start >= MIN_PADDING_PX && end >= MIN_PADDING_PX && Math.abs(start - end) <= tolerance && start < limit && end < limit;
  return padded ? [start, end] : [0, 0];
}
