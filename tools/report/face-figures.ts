// Figures of the embeddings themselves: the cosine similarity matrix and the PCA scatter,
// both labelled with face thumbnails while few enough faces make them legible.
import type { ReportFace } from './report-data.ts';
import {
  categoryColour, escapeXml, fixed, INK, linearScale, MUTED, niceTicks, paddedDomain, plotAxes, px,
  rgbHex, rgbPngDataUrl, safeImageHref, svgDocument, type Box,
} from './svg.ts';
import { viridisRgb } from '../../renderer/shared/viridis.ts';

interface PersonBlock { person: string; start: number; end: number; index: number }

/** Runs of consecutive faces of one person (faces arrive sorted by person). */
export function personBlocks(faces: readonly ReportFace[]): PersonBlock[] {
  const blocks: PersonBlock[] = [];
  faces.forEach((face, i) => {
    const last = blocks[blocks.length - 1];
    if (last && last.person === face.person) last.end = i + 1;
    else blocks.push({ person: face.person, start: i, end: i + 1, index: blocks.length });
  });
  return blocks;
}

/**
 * Indices of at most `maxFaces` faces for a figure that cannot show them all: whole persons
 * (their blocks stay visible), every k-th person in order, k as small as fits.
 */
export function sampleByPerson(faces: readonly ReportFace[], maxFaces: number): number[] {
  if (faces.length <= maxFaces) return faces.map((_, i) => i);
  const blocks = personBlocks(faces);
  for (let stride = 2; ; stride++) {
    const chosen = blocks.filter((_, k) => k % stride === 0);
    if (chosen.reduce((n, b) => n + b.end - b.start, 0) <= maxFaces || chosen.length === 1) {
      return chosen.flatMap((b) => Array.from({ length: Math.min(b.end - b.start, maxFaces) }, (_, i) => b.start + i));
    }
  }
}

function shortName(name: string, maxChars = 22): string {
  return name.length > maxChars ? `${name.slice(0, maxChars - 1)}…` : name;
}

function thumb(face: ReportFace, x: number, y: number, size: number): string {
  const tip = `<title>${escapeXml(`${face.person} / ${face.file}`)}</title>`;
  const href = safeImageHref(face.thumbDataUrl);
  if (!href) return `<rect x="${px(x)}" y="${px(y)}" width="${px(size)}" height="${px(size)}" fill="#ddd">${tip}</rect>`;
  return `<image href="${escapeXml(href)}" x="${px(x)}" y="${px(y)}" width="${px(size)}" height="${px(size)}" preserveAspectRatio="xMidYMid slice">${tip}</image>`;
}

// One <rect> per cell stays cheap up to this many faces; beyond it the cells go into a PNG.
const MAX_RECT_FACES = 120;

export function similarityHeatmapSvg(
  faces: ReportFace[],
  similarity: Float64Array,
  { maxThumbs = 40 }: { maxThumbs?: number } = {},
): string {
  const n = faces.length;
  const cell = Math.min(56, 900 / Math.max(1, n));
  const matrixPx = cell * n;
  const withThumbs = n <= maxThumbs;
  const blocks = personBlocks(faces);
  const labelPx = blocks.reduce((widest, b) => Math.max(widest, shortName(b.person).length), 4) * 7 + 10;
  const thumbPx = withThumbs ? cell + 4 : 0;
  const left = 12 + labelPx + thumbPx;
  const top = 12 + labelPx * 0.72 + thumbPx;
  let offDiagMin = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) offDiagMin = Math.min(offDiagMin, similarity[i * n + j]);
  const lo = Math.max(-1, Math.floor(offDiagMin * 10) / 10);
  const colour = (v: number) => viridisRgb((v - lo) / (1 - lo));
  const parts: string[] = [];

  if (n <= MAX_RECT_FACES) {
    const showValues = n <= 12;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const v = similarity[i * n + j];
        const tip = n <= 60 ? `<title>${escapeXml(`${faces[i].file} × ${faces[j].file}: ${fixed(v, 3)}`)}</title>` : '';
        parts.push(`<rect x="${px(left + j * cell)}" y="${px(top + i * cell)}" width="${px(cell + 0.3)}" height="${px(cell + 0.3)}" fill="${rgbHex(colour(v))}">${tip}</rect>`);
        if (showValues) {
          const light = (v - lo) / (1 - lo) > 0.62;
          parts.push(`<text x="${px(left + (j + 0.5) * cell)}" y="${px(top + (i + 0.5) * cell + 4)}" text-anchor="middle" font-size="${px(Math.min(13, cell * 0.27))}" fill="${light ? INK : '#fff'}">${fixed(v, 2)}</text>`);
        }
      }
    }
  } else {
    const rgb = new Uint8Array(n * n * 3);
    for (let k = 0; k < n * n; k++) rgb.set(colour(similarity[k]), k * 3);
    parts.push(`<image href="${rgbPngDataUrl(n, n, rgb)}" x="${px(left)}" y="${px(top)}" width="${px(matrixPx)}" height="${px(matrixPx)}" preserveAspectRatio="none" style="image-rendering:pixelated"/>`);
  }

  // Person separators run through the thumbnail strips too, so each block reads as one group.
  const sepWidth = Math.max(1, Math.min(3, cell * 0.08));
  for (const b of blocks.slice(1)) {
    const at = b.start * cell;
    parts.push(`<line x1="${px(left - thumbPx)}" y1="${px(top + at)}" x2="${px(left + matrixPx)}" y2="${px(top + at)}" stroke="#fff" stroke-width="${px(sepWidth)}"/>`);
    parts.push(`<line x1="${px(left + at)}" y1="${px(top - thumbPx)}" x2="${px(left + at)}" y2="${px(top + matrixPx)}" stroke="#fff" stroke-width="${px(sepWidth)}"/>`);
  }
  if (withThumbs) {
    faces.forEach((face, i) => {
      parts.push(thumb(face, left - thumbPx, top + i * cell, cell), thumb(face, left + i * cell, top - thumbPx, cell));
    });
  }
  for (const b of blocks) {
    const mid = ((b.start + b.end) / 2) * cell;
    const name = escapeXml(shortName(b.person));
    if ((b.end - b.start) * cell < 9) continue; // too thin for a readable label
    const tx = left + mid;
    const ty = top - thumbPx - 6;
    parts.push(`<text x="${px(left - thumbPx - 6)}" y="${px(top + mid + 4)}" text-anchor="end">${name}</text>`);
    parts.push(`<text x="${px(tx)}" y="${px(ty)}" transform="rotate(-45 ${px(tx)} ${px(ty)})">${name}</text>`);
  }
  parts.push(`<rect x="${px(left)}" y="${px(top)}" width="${px(matrixPx)}" height="${px(matrixPx)}" fill="none" stroke="${INK}" stroke-width="0.8"/>`);
  parts.push(colourBar(left + matrixPx + 24, top, Math.max(matrixPx, 160), lo));
  if (n === 0) parts.push(`<text x="${px(left + 80)}" y="${px(top + 80)}" fill="${MUTED}">no faces</text>`);
  return svgDocument(left + matrixPx + 110, top + Math.max(matrixPx, 160) + 16, 'Cosine similarity matrix', parts.join('\n'));
}

/** Vertical viridis legend from lo (bottom) to 1 (top), with ticks. */
function colourBar(x: number, top: number, height: number, lo: number): string {
  const stops = Array.from({ length: 11 }, (_, k) => `<stop offset="${k / 10}" stop-color="${rgbHex(viridisRgb(k / 10))}"/>`).join('');
  const y = linearScale([lo, 1], [top + height, top]);
  const ticks = niceTicks(lo, 1, 10).map((t) =>
    `<line x1="${px(x + 16)}" y1="${px(y(t))}" x2="${px(x + 21)}" y2="${px(y(t))}" stroke="${INK}"/><text x="${px(x + 24)}" y="${px(y(t) + 4)}">${fixed(t, 1)}</text>`).join('');
  return [
    `<defs><linearGradient id="fu-sim-scale" x1="0" y1="1" x2="0" y2="0">${stops}</linearGradient></defs>`,
    `<rect x="${px(x)}" y="${px(top)}" width="16" height="${px(height)}" fill="url(#fu-sim-scale)" stroke="${INK}" stroke-width="0.8"/>`,
    ticks,
    `<text transform="translate(${px(x + 66)} ${px(top + height / 2)}) rotate(90)" text-anchor="middle" font-size="13">cosine similarity</text>`,
  ].join('\n');
}

export function pcaScatterSvg(
  faces: ReportFace[],
  pca2d: number[][],
  explained: [number, number],
  { maxThumbs = 60 }: { maxThumbs?: number } = {},
): string {
  const box: Box = { left: 78, top: 20, width: 640, height: 500 };
  const withThumbs = faces.length <= maxThumbs;
  const thumbPx = faces.length <= 20 ? 44 : 34;
  const pad = withThumbs ? 0.1 : 0.05;
  const xDomain = paddedDomain(pca2d.map((p) => p[0]), pad);
  const yDomain = paddedDomain(pca2d.map((p) => p[1]), pad);
  const x = linearScale(xDomain, [box.left, box.left + box.width]);
  const y = linearScale(yDomain, [box.top + box.height, box.top]);
  const share = (ratio: number) => (Number.isFinite(ratio) ? `, ${fixed(ratio * 100, 1)} % of variance` : '');
  const parts = [plotAxes(
    box,
    { scale: x, ticks: niceTicks(...xDomain, 6), format: tickFormat, label: `PC1${share(explained[0])}` },
    { scale: y, ticks: niceTicks(...yDomain, 6), format: tickFormat, label: `PC2${share(explained[1])}` },
  )];
  const blocks = personBlocks(faces);
  const colourOf = new Map(blocks.map((b) => [b.person, categoryColour(b.index)]));
  parts.push(`<g>`);
  faces.forEach((face, i) => {
    const [cx, cy] = [x(pca2d[i]?.[0] ?? Number.NaN), y(pca2d[i]?.[1] ?? Number.NaN)];
    if (!Number.isFinite(cx) || !Number.isFinite(cy)) return;
    const c = colourOf.get(face.person) ?? INK;
    if (withThumbs) {
      const h = thumbPx / 2;
      parts.push(thumb(face, cx - h, cy - h, thumbPx));
      parts.push(`<rect x="${px(cx - h)}" y="${px(cy - h)}" width="${thumbPx}" height="${thumbPx}" fill="none" stroke="${c}" stroke-width="3"/>`);
    } else {
      parts.push(`<circle cx="${px(cx)}" cy="${px(cy)}" r="4.5" fill="${c}" fill-opacity="0.9" stroke="#fff" stroke-width="0.8"><title>${escapeXml(`${face.person} / ${face.file}`)}</title></circle>`);
    }
  });
  parts.push(`</g>`);
  const maxRows = Math.floor(box.height / 20);
  const rows = blocks.length > maxRows ? blocks.slice(0, maxRows - 1) : blocks;
  const legend = rows.map((b, i) =>
    `<g transform="translate(${box.left + box.width + 20} ${box.top + 14 + i * 20})"><rect x="0" y="-9" width="12" height="12" fill="${colourOf.get(b.person)}"/><text x="20" y="2">${escapeXml(shortName(b.person))} (${b.end - b.start})</text></g>`);
  if (rows.length < blocks.length) {
    legend.push(`<text x="${box.left + box.width + 20}" y="${box.top + 16 + rows.length * 20}" fill="${MUTED}">+ ${blocks.length - rows.length} more people</text>`);
  }
  parts.push(...legend);
  return svgDocument(box.left + box.width + 230, box.top + box.height + 56, 'PCA of face embeddings', parts.join('\n'));
}

function tickFormat(value: number): string {
  return String(Number(value.toPrecision(6)));
}
