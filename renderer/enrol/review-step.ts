// The review step: the captured faces as thumbnails and the similarity matrix, with
// the outliers main dropped marked in both.
import { ENROL_POSES, type EnrolPose, type EnrolReview } from '../../preload/api.ts';
import { setText } from '../shared/dom.ts';
import { rgbToCanvas, squareSide } from '../shared/rgb-canvas.ts';
import { drawHeatmap } from './heatmap.ts';

const POSE_WORDS: Readonly<Record<EnrolPose, string>> = Object.freeze({ straight: 'straight', left: 'turned left', right: 'turned right' });

export function reviewCaption(review: EnrolReview): string {
  const outliers = new Set(review.outlierIndices);
  const faces = `${review.count} ${review.count === 1 ? 'face' : 'faces'}`;
  const dropped = outliers.size === 0 ? 'none dropped' : `${outliers.size} dropped as ${outliers.size === 1 ? 'an outlier' : 'outliers'}`;
  // What the profile holds: the kept faces by pose.
  const kept = review.poses.filter((_, index) => !outliers.has(index));
  const poses = ENROL_POSES
    .map((pose) => [kept.filter((p) => p === pose).length, POSE_WORDS[pose]] as const)
    .filter(([count]) => count > 0)
    .map(([count, words]) => `${count} ${words}`);
  return poses.length === 0 ? `${faces}, ${dropped}` : `${faces}, ${dropped} · kept ${poses.join(', ')}`;
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
