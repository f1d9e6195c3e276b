import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  pcaScatterSvg, powerOfTen, rocSvg, scoreBins, scoreHistogramSvg, screenPolyline, similarityHeatmapSvg,
} from './figures.ts';
import { sampleByPerson } from './face-figures.ts';
import { histogramCounts, histogramOf } from './score-histogram.ts';
import { niceTicks } from './svg.ts';
import { syntheticReportData } from './synthetic-data.ts';

const small = syntheticReportData({ persons: ['ann', 'bob', 'cy'], perPerson: 3 });

function attrNumbers(svg: string, pattern: RegExp): number[] {
  return [...svg.matchAll(pattern)].map((m) => Number(m[1]));
}

test('ROC puts FAR on a log axis: 1e-2 sits halfway between 1e-4 and 1, FAR 0 on the axis minimum', () => {
  const svg = rocSvg({ far: [0, 1e-4, 1e-2, 1], tar: [0.5, 0.6, 0.9, 1] }, { eer: 0.05, markers: [{ far: 1e-2, tar: 0.9 }] });
  const points = /class="roc-curve"[^>]* points="([^"]+)"/.exec(svg)?.[1].split(' ').map((p) => p.split(',').map(Number));
  assert.ok(points);
  assert.equal(points.length, 4);
  const [zero, min, mid, max] = points.map(([x]) => x);
  assert.equal(zero, min);
  assert.ok(Math.abs(mid - (min + max) / 2) < 0.02, `${mid} vs ${(min + max) / 2}`);
  assert.ok(max - min > 300);
  const [markerX] = attrNumbers(svg, /class="marker" data-far="0.01" cx="([\d.]+)"/g);
  assert.ok(Math.abs(markerX - mid) < 0.02);
  assert.match(svg, /AUC = /);
  assert.match(svg, /10⁻⁴/);
});

test('ROC legend reports the given AUC, or the trapezoid area when none is given', () => {
  const roc = { far: [0, 0.5, 1], tar: [0, 1, 1] };
  assert.match(rocSvg(roc, { eer: 0.25, auc: 0.9123 }), /AUC = 0\.9123/);
  assert.match(rocSvg(roc, { eer: 0.25 }), /AUC = 0\.7500/);
  assert.match(rocSvg({ far: [], tar: [] }, { eer: Number.NaN }), /no data/);
  assert.match(rocSvg(roc, { eer: 0.25, markers: [{ far: 1e-4, tar: null }] }), /TAR @ FAR 10⁻⁴: n\/a/);
});

test('screenPolyline keeps the corners of a staircase and drops the rest', () => {
  const steps: [number, number][] = [[0, 0], [0, 1], [0, 2], [1, 2], [2, 2], [2, 2.1], [2, 3], [2, 3]];
  assert.deepEqual(screenPolyline(steps), [[0, 0], [0, 2], [2, 2], [2, 3]]);
});

test('histogram bins count every value once, the top edge in the last bin', () => {
  assert.deepEqual(histogramCounts(histogramOf([0, 0.05, 0.11, 0.95, 1, 7]), 0, 1, 10), [2, 1, 0, 0, 0, 0, 0, 0, 0, 3]);
  const { genuine, impostor } = small.histograms;
  const bins = scoreBins(genuine, impostor, [0.8]);
  const svg = scoreHistogramSvg(genuine, impostor, { thresholds: [{ label: 'tutorial', value: 0.8 }] });
  const counts = Object.fromEntries([...svg.matchAll(/data-series="(\w+)" data-counts="([\d,]+)"/g)]
    .map((m) => [m[1], m[2].split(',').map(Number)]));
  assert.equal(counts.genuine.length, bins.binCount);
  assert.equal(counts.genuine.reduce((a, b) => a + b), 9); // 3 persons × C(3,2)
  assert.equal(counts.impostor.reduce((a, b) => a + b), 27); // 3 × 3 × 3 cross pairs
  assert.match(svg, /tutorial: 0\.800/);
  assert.match(svg, /genuine \(same person\), n = 9/);
});

test('a million scores make a histogram of the same size and shape', () => {
  const many = Float64Array.from({ length: 1_000_000 }, (_, k) => Math.sin(k) * 0.3);
  const svg = scoreHistogramSvg(histogramOf(many.subarray(0, 1000)), histogramOf(many), {});
  assert.match(svg, /n = 1,000,000/);
  assert.ok(svg.length < 20_000, `${svg.length} characters`);
});

test('figures too crowded for every face show whole persons, evenly spread', () => {
  const faces = syntheticReportData({ persons: ['a', 'b', 'c', 'd', 'e', 'f'], perPerson: 10 }).faces;
  assert.equal(sampleByPerson(faces, 100).length, 60);
  const shown = sampleByPerson(faces, 30).map((i) => faces[i].person);
  assert.deepEqual([...new Set(shown)], ['a', 'c', 'e']);
  assert.equal(shown.length, 30);
});

test('score bins span round limits that include every score and threshold', () => {
  const { lo, hi, binCount } = scoreBins(histogramOf([0.91, 0.55]), histogramOf([-0.23, 0.1]), [0.4]);
  assert.equal(lo, -0.3);
  assert.equal(hi, 1);
  assert.equal(binCount, 10);
});

test('heatmap: values in cells for a few faces, thumbnails on both axes, separators between persons', () => {
  const svg = similarityHeatmapSvg(small.heatmap.faces, small.heatmap.similarity);
  assert.equal((svg.match(/>1\.00</g) ?? []).length, 9); // the diagonal
  assert.equal((svg.match(/<image /g) ?? []).length, 18);
  assert.equal((svg.match(/stroke="#fff" stroke-width/g) ?? []).length, 4); // 2 boundaries × 2 axes
  assert.match(svg, /linearGradient/);
});

test('heatmap above maxThumbs: person names instead of thumbnails, no values; huge matrices become a PNG', () => {
  const data = syntheticReportData({ persons: ['ann', 'bob', 'cy', 'dee'], perPerson: 12 });
  const svg = similarityHeatmapSvg(data.heatmap.faces, data.heatmap.similarity, { maxThumbs: 40 });
  assert.doesNotMatch(svg, /<image /);
  assert.doesNotMatch(svg, />1\.00</);
  assert.equal((svg.match(/>dee</g) ?? []).length, 2);
  const big = syntheticReportData({ persons: ['a', 'b'], perPerson: 70 });
  const bigSvg = similarityHeatmapSvg(big.heatmap.faces, big.heatmap.similarity);
  const png = /href="data:image\/png;base64,([^"]+)"/.exec(bigSvg)?.[1];
  assert.ok(png);
  const bytes = Buffer.from(png, 'base64');
  assert.equal(bytes.subarray(1, 4).toString('ascii'), 'PNG');
  assert.equal(bytes.readUInt32BE(16), 140); // IHDR width: one pixel per face
  assert.ok(bigSvg.length < 200_000);
});

test('PCA: thumbnails up to maxThumbs, coloured dots beyond, explained variance on the axes', () => {
  const withThumbs = pcaScatterSvg(small.pca.faces, small.pca.points, [0.4, 0.25]);
  assert.equal((withThumbs.match(/<image /g) ?? []).length, 9);
  assert.match(withThumbs, /PC1, 40\.0 % of variance/);
  assert.match(withThumbs, /PC2, 25\.0 % of variance/);
  const dots = pcaScatterSvg(small.pca.faces, small.pca.points, [0.4, 0.25], { maxThumbs: 5 });
  assert.equal((dots.match(/<circle /g) ?? []).length, 9);
  assert.match(dots, /cy \(3\)/);
});

test('thumbnails that are not inline images are never referenced', () => {
  const faces = small.faces.map((f, i) => (i === 0 ? { ...f, thumbDataUrl: 'https://example.com/x.png' } : f));
  const svg = similarityHeatmapSvg(faces, small.heatmap.similarity) + pcaScatterSvg(faces, small.pca.points, [0.4, 0.2]);
  assert.doesNotMatch(svg, /example\.com/);
});

test('nice ticks and powers of ten', () => {
  assert.deepEqual(niceTicks(-0.3, 1, 10), [-0.2, 0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(niceTicks(0, 4.2, 5), [0, 1, 2, 3, 4]);
  assert.equal(powerOfTen(1e-3), '10⁻³');
  assert.equal(powerOfTen(1), '1');
});
