// The review step's figure (the tutorial's similarity matrix, small): every captured
// face against every other, viridis colours, thumbnails along both axes, the faces
// dropped as outliers crossed out.
import type { EnrolReview } from '../../preload/api.ts';
import { viridisRgb } from '../shared/viridis.ts';

/** Lower end of the colour scale: the smallest off-diagonal value rounded down to 0.1 (at most 0.9). */
export function scaleLow(matrix: readonly number[], count: number): number {
  let low = 1;
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < count; j++) if (i !== j) low = Math.min(low, matrix[i * count + j]);
  }
  return Math.max(-1, Math.min(0.9, Math.floor(low * 10) / 10));
}

export interface HeatmapLayout {
  cellPx: number;
  /** Thumbnail strip width along each axis (0 when too many faces to show). */
  thumbPx: number;
  sidePx: number;
}

export function heatmapLayout(count: number, maxMatrixPx = 260): HeatmapLayout {
  const cellPx = Math.max(6, Math.min(36, Math.floor(maxMatrixPx / Math.max(1, count))));
  const thumbPx = count <= 24 ? cellPx : 0;
  const gapPx = thumbPx > 0 ? 4 : 0;
  return { cellPx, thumbPx: thumbPx + gapPx, sidePx: thumbPx + gapPx + cellPx * count };
}

/** Draws the figure on `canvas` at device-pixel sharpness; `thumbs` are the review's faces as canvases. */
export function drawHeatmap(canvas: HTMLCanvasElement, review: EnrolReview, thumbs: readonly HTMLCanvasElement[]): void {
  const { count, similarityMatrix } = review;
  const layout = heatmapLayout(count);
  const scale = window.devicePixelRatio || 1;
  canvas.width = Math.round(layout.sidePx * scale);
  canvas.height = Math.round(layout.sidePx * scale);
  canvas.style.width = `${layout.sidePx}px`;
  canvas.style.height = `${layout.sidePx}px`;
  const context = canvas.getContext('2d');
  if (!context) return;
  context.scale(scale, scale);
  context.imageSmoothingQuality = 'high';
  const { cellPx, thumbPx } = layout;
  const low = scaleLow(similarityMatrix, count);
  const dropped = new Set(review.outlierIndices);
  const showValues = cellPx >= 30;
  context.font = `${Math.round(cellPx * 0.32)}px system-ui, sans-serif`;
  context.textAlign = 'center';
  context.textBaseline = 'middle';
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < count; j++) {
      const value = similarityMatrix[i * count + j];
      const [r, g, b] = viridisRgb((value - low) / (1 - low));
      const x = thumbPx + j * cellPx;
      const y = thumbPx + i * cellPx;
      context.fillStyle = `rgb(${r}, ${g}, ${b})`;
      context.fillRect(x, y, cellPx, cellPx);
      if (showValues) {
        context.fillStyle = r + g + b > 400 ? '#111' : '#eee';
        context.fillText(value.toFixed(2), x + cellPx / 2, y + cellPx / 2);
      }
    }
  }
  if (thumbPx > 0) {
    thumbs.slice(0, count).forEach((thumb, i) => {
      const at = thumbPx + i * cellPx;
      context.drawImage(thumb, at + 1, 0, cellPx - 2, cellPx - 2);
      context.drawImage(thumb, 0, at + 1, cellPx - 2, cellPx - 2);
    });
  }
  // Outliers: their row and column dimmed, their thumbnails crossed.
  context.fillStyle = 'rgba(12, 16, 21, 0.55)';
  context.strokeStyle = '#f28b82';
  context.lineWidth = 1.5;
  for (const i of dropped) {
    if (i < 0 || i >= count) continue;
    const at = thumbPx + i * cellPx;
    context.fillRect(thumbPx, at, cellPx * count, cellPx);
    context.fillRect(at, thumbPx, cellPx, cellPx * count);
    if (thumbPx > 0) {
      for (const [x, y] of [[at, 0], [0, at]]) {
        context.beginPath();
        context.moveTo(x + 1, y + 1);
        context.lineTo(x + cellPx - 2, y + cellPx - 2);
        context.moveTo(x + cellPx - 2, y + 1);
        context.lineTo(x + 1, y + cellPx - 2);
        context.stroke();
      }
    }
  }
}
