import assert from 'node:assert/strict';
import { test } from 'node:test';
import { viridisRgb } from '../shared/viridis.ts';
import { heatmapLayout, scaleLow } from './heatmap.ts';

test('viridis runs from dark purple to yellow and clamps', () => {
  assert.deepEqual(viridisRgb(0), [68, 1, 84]);
  assert.deepEqual(viridisRgb(1), [253, 231, 37]);
  assert.deepEqual(viridisRgb(-3), [68, 1, 84]);
  assert.deepEqual(viridisRgb(Number.NaN), [68, 1, 84]);
  // Halfway between the 5th and 6th stops.
  assert.deepEqual(viridisRgb(0.5), [35, 144, 140]);
});

test('the colour scale starts at the lowest off-diagonal similarity, rounded down', () => {
  const matrix = [1, 0.74, 0.31, 0.74, 1, 0.55, 0.31, 0.55, 1];
  assert.equal(scaleLow(matrix, 3), 0.3);
  assert.equal(scaleLow([1, 0.99, 0.99, 1], 2), 0.9);
  assert.equal(scaleLow([1, -0.42, -0.42, 1], 2), -0.5);
});

test('cells shrink with the number of faces and thumbnails go when too many', () => {
  assert.deepEqual(heatmapLayout(5), { cellPx: 36, thumbPx: 40, sidePx: 220 });
  const twenty = heatmapLayout(20);
  assert.equal(twenty.cellPx, 13);
  assert.ok(twenty.thumbPx > 0);
  assert.equal(heatmapLayout(60).thumbPx, 0);
  assert.equal(heatmapLayout(60).sidePx, 60 * 6);
});
