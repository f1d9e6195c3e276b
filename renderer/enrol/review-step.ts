// The review step: the captured faces as thumbnails and the similarity matrix, with
// the outliers main dropped marked in both.
import type { EnrolReview } from '../../preload/api.ts';
import { setText } from '../shared/dom.ts';
import { rgbToCanvas, squareSide } from '../shared/rgb-canvas.ts';
import { drawHeatmap } from './heatmap.ts';

export function reviewCaption(review: EnrolReview): string {
  const dropped = new Set(review.outlierIndices).size;
  const faces = `${review.count} ${review.count === 1 ? 'face' : 'faces'}`;
  if (dropped === 0) return `${faces}, none dropped`;
  return `${faces}, ${dropped} dropped as ${dropped === 1 ? 'an outlier' : 'outliers'}`;
}

export function renderReview(
  review: EnrolReview,
  elements: { grid: HTMLUListElement; heatmap: HTMLCanvasElement; caption: HTMLElement },
): void {
  const dropped = new Set(review.outlierIndices);
  const thumbs = review.thumbs112.map((rgb) => {
    const side = squareSide(rgb) || 112;
    return rgbToCanvas(rgb, side, side);
  });
  elements.grid.replaceChildren(
    ...thumbs.map((thumb, index) => {
      const item = document.createElement('li');
      item.className = dropped.has(index) ? 'thumb dropped' : 'thumb';
      thumb.setAttribute('aria-label', `Capture ${index + 1}${dropped.has(index) ? ', dropped' : ''}`);
      item.append(thumb);
      if (dropped.has(index)) {
        const label = document.createElement('span');
        label.className = 'thumb-label';
        label.textContent = 'dropped';
        item.append(label);
      }
      return item;
    }),
  );
  drawHeatmap(elements.heatmap, review, thumbs);
  setText(elements.caption, reviewCaption(review));
}
