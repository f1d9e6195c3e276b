// Small drawing kit shared by the report figures: escaping, scales, ticks, axes, colours and
// a tiny PNG encoder (for matrices too large to draw as one <rect> per cell).
import { crc32, deflateSync } from 'node:zlib';
import { extent } from './extent.ts';

export interface Box { left: number; top: number; width: number; height: number }
export type Scale = (value: number) => number;

export const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
export const INK = '#222';
export const MUTED = '#666';
const GRID = '#e8e8e8';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Fixed decimals without the "-0.00" that toFixed gives for tiny negatives. */
export function fixed(value: number, digits: number): string {
  const text = value.toFixed(digits);
  return Number(text) === 0 ? (0).toFixed(digits) : text;
}

/** Coordinates rounded to 0.01 px keep the SVG small without visible loss. */
export function px(value: number): string {
  return String(Math.round(value * 100) / 100);
}

export function linearScale([d0, d1]: [number, number], [r0, r1]: [number, number]): Scale {
  const span = d1 - d0 || 1;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

/** Log10 scale; values at or below the domain minimum (including 0) are pinned to it. */
export function logScale([d0, d1]: [number, number], [r0, r1]: [number, number]): Scale {
  const l0 = Math.log10(d0);
  const span = Math.log10(d1) - l0;
  return (v) => r0 + ((Math.log10(Math.max(v, d0)) - l0) / span) * (r1 - r0);
}

/** Round-numbered ticks (steps of 1, 2 or 5 × 10^k) covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, approxCount = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / approxCount;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const ticks: number[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + step * 1e-9; k++) {
    ticks.push(Number((k * step).toFixed(decimals))); // 3 × 0.2 is 0.6000000000000001
  }
  return ticks;
}

/** Domain padded and snapped to round numbers so points never sit on the frame. */
export function paddedDomain(values: number[], padFraction = 0.06): [number, number] {
  let { min: lo, max: hi } = extent(values.filter(Number.isFinite));
  if (lo > hi) return [-1, 1];
  if (hi - lo < 1e-12) { lo -= 1; hi += 1; }
  const pad = (hi - lo) * padFraction;
  return [lo - pad, hi + pad];
}

export interface Axis {
  scale: Scale;
  ticks: number[];
  format: (value: number) => string;
  label: string;
  minorTicks?: number[];
}

/** Grid, frame, tick marks, tick labels and axis titles of a 2-D plot. */
export function plotAxes(box: Box, x: Axis, y: Axis): string {
  const right = box.left + box.width;
  const bottom = box.top + box.height;
  const parts: string[] = [];
  const line = (x1: number, y1: number, x2: number, y2: number, stroke: string, width = 1) =>
    `<line x1="${px(x1)}" y1="${px(y1)}" x2="${px(x2)}" y2="${px(y2)}" stroke="${stroke}" stroke-width="${width}"/>`;
  for (const t of x.minorTicks ?? []) parts.push(line(x.scale(t), box.top, x.scale(t), bottom, '#f3f3f3'));
  for (const t of y.minorTicks ?? []) parts.push(line(box.left, y.scale(t), right, y.scale(t), '#f3f3f3'));
  for (const t of x.ticks) {
    const cx = x.scale(t);
    parts.push(line(cx, box.top, cx, bottom, GRID), line(cx, bottom, cx, bottom + 5, INK));
    parts.push(`<text x="${px(cx)}" y="${px(bottom + 19)}" text-anchor="middle">${escapeXml(x.format(t))}</text>`);
  }
  for (const t of y.ticks) {
    const cy = y.scale(t);
    parts.push(line(box.left, cy, right, cy, GRID), line(box.left - 5, cy, box.left, cy, INK));
    parts.push(`<text x="${px(box.left - 8)}" y="${px(cy + 4)}" text-anchor="end">${escapeXml(y.format(t))}</text>`);
  }
  parts.push(`<rect x="${px(box.left)}" y="${px(box.top)}" width="${px(box.width)}" height="${px(box.height)}" fill="none" stroke="${INK}" stroke-width="1"/>`);
  parts.push(`<text x="${px(box.left + box.width / 2)}" y="${px(bottom + 42)}" text-anchor="middle" font-size="14">${escapeXml(x.label)}</text>`);
  const midY = box.top + box.height / 2;
  parts.push(`<text transform="translate(${px(box.left - 52)} ${px(midY)}) rotate(-90)" text-anchor="middle" font-size="14">${escapeXml(y.label)}</text>`);
  return parts.join('\n');
}

export function svgDocument(width: number, height: number, title: string, body: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${px(width)}" height="${px(height)}" viewBox="0 0 ${px(width)} ${px(height)}" font-family="${FONT}" font-size="12" fill="${INK}" role="img">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    body,
    '</svg>',
  ].join('\n');
}

/** Only inline raster data is allowed into the page, so the report can never make a request. */
export function safeImageHref(url: string): string | null {
  return /^data:image\/(png|jpeg|webp|gif);base64,[A-Za-z0-9+/=\s]+$/.test(url) ? url : null;
}

const TABLEAU10 = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/** Distinct categorical colour per person; past ten, golden-angle hues stay apart. */
export function categoryColour(index: number): string {
  if (index < TABLEAU10.length) return TABLEAU10[index];
  return `hsl(${Math.round((index * 137.508) % 360)}, 55%, 48%)`;
}

export function rgbHex([r, g, b]: [number, number, number]): string {
  return `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** Encodes 8-bit RGB pixels (row-major, 3 bytes each) as a PNG data URL. */
export function rgbPngDataUrl(width: number, height: number, rgb: Uint8Array): string {
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    rows[y * (width * 3 + 1)] = 0; // filter: none
    rows.set(rgb.subarray(y * width * 3, (y + 1) * width * 3), y * (width * 3 + 1) + 1);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit depth, truecolour, deflate, no filter, no interlace
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(rows)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
  return `data:image/png;base64,${png.toString('base64')}`;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
