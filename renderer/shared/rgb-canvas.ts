// RGB byte images (crops and thumbnails from the bridge) onto canvases for display.

/** A canvas showing `rgb` (width × height × 3, row-major); too few bytes leave the rest black. */
export function rgbToCanvas(rgb: Uint8Array, width: number, height: number): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) return canvas;
  const rgba = new Uint8ClampedArray(width * height * 4);
  const pixels = Math.min(width * height, Math.floor(rgb.length / 3));
  for (let p = 0; p < width * height; p++) {
    const i = p * 3;
    const j = p * 4;
    if (p < pixels) {
      rgba[j] = rgb[i];
      rgba[j + 1] = rgb[i + 1];
      rgba[j + 2] = rgb[i + 2];
    }
    rgba[j + 3] = 255;
  }
  context.putImageData(new ImageData(rgba, width, height), 0, 0);
  return canvas;
}

/** Side of a square RGB image held in `rgb`, or 0 when the length is not w × w × 3. */
export function squareSide(rgb: Uint8Array): number {
  const side = Math.round(Math.sqrt(rgb.length / 3));
  return side * side * 3 === rgb.length ? side : 0;
}
