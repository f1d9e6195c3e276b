// The report's four figures as standalone SVG strings (also valid inline in HTML).
// Embedding figures (similarity matrix, PCA) are in face-figures.ts; score figures here.
import { histogramCounts, type ScoreHistogram } from './score-histogram.ts';
import {
  escapeXml, fixed, linearScale, logScale, MUTED, niceTicks, plotAxes, px, svgDocument,
  type Box,
} from './svg.ts';

export { pcaScatterSvg, similarityHeatmapSvg } from './face-figures.ts';

export interface Threshold { label: string; value: number }
export interface RocMarker { far: number; tar: number | null }

const GENUINE = '#4e79a7';
const IMPOSTOR = '#f28e2b';
const THRESHOLD_DASHES = ['7 4', '2 3', '10 3 2 3', '1 5'];

/** Bins for the overlaid score histograms: round 0.1 limits, more bins as samples allow. */
export function scoreBins(genuine: ScoreHistogram, impostor: ScoreHistogram, thresholds: number[]): { lo: number; hi: number; binCount: number } {
  const all = [genuine.min, genuine.max, impostor.min, impostor.max, ...thresholds].filter(Number.isFinite);
  const lo = Math.max(-1, Math.floor(Math.min(0, ...all) * 10 - 1e-9) / 10);
  const hi = Math.min(1, Math.ceil(Math.max(lo + 0.1, ...all) * 10 - 1e-9) / 10);
  const fewest = Math.min(...[genuine.count, impostor.count].filter((n) => n > 0), 100);
  const binCount = Math.round(Math.min(60, Math.max(10, 2 * Math.sqrt(fewest))));
  return { lo, hi, binCount };
}

export function scoreHistogramSvg(
  genuine: ScoreHistogram,
  impostor: ScoreHistogram,
  { thresholds = [] }: { thresholds?: Threshold[] } = {},
): string {
  const box: Box = { left: 64, top: 20, width: 480, height: 320 };
  const { lo, hi, binCount } = scoreBins(genuine, impostor, thresholds.map((t) => t.value));
  const binWidth = (hi - lo) / binCount;
  const series = [
    { name: 'genuine (same person)', colour: GENUINE, histogram: genuine, counts: histogramCounts(genuine, lo, hi, binCount) },
    { name: 'impostor (different people)', colour: IMPOSTOR, histogram: impostor, counts: histogramCounts(impostor, lo, hi, binCount) },
  ].map((s) => ({ ...s, density: s.counts.map((c) => (s.histogram.count ? c / (s.histogram.count * binWidth) : 0)) }));
  const yMax = Math.max(0.1, ...series.flatMap((s) => s.density)) * 1.08;
  const x = linearScale([lo, hi], [box.left, box.left + box.width]);
  const y = linearScale([0, yMax], [box.top + box.height, box.top]);
  const parts = [plotAxes(
    box,
    { scale: x, ticks: niceTicks(lo, hi, 8), format: (v) => fixed(v, 1), label: 'cosine similarity of a pair of faces' },
    { scale: y, ticks: niceTicks(0, yMax, 5), format: (v) => String(Number(v.toPrecision(3))), label: 'density' },
  )];
  for (const s of series) {
    if (s.histogram.count === 0) continue;
    let d = `M${px(x(lo))},${px(y(0))}`;
    s.density.forEach((v, i) => { d += `V${px(y(v))}H${px(x(lo + (i + 1) * binWidth))}`; });
    parts.push(`<path class="hist" data-series="${s.name.split(' ')[0]}" data-counts="${s.counts.join(',')}" d="${d}V${px(y(0))}Z" fill="${s.colour}" fill-opacity="0.35" stroke="${s.colour}" stroke-width="1.5"/>`);
  }
  thresholds.forEach((t, i) => {
    const tx = x(Math.min(hi, Math.max(lo, t.value)));
    parts.push(`<line x1="${px(tx)}" y1="${box.top}" x2="${px(tx)}" y2="${box.top + box.height}" stroke="#222" stroke-width="1.5" stroke-dasharray="${THRESHOLD_DASHES[i % THRESHOLD_DASHES.length]}"/>`);
    const nearRight = tx > box.left + box.width - 34;
    // A white halo keeps the value readable where it crosses a neighbouring threshold line.
    parts.push(`<text x="${px(nearRight ? tx - 4 : tx + 4)}" y="${box.top + 14 + 14 * i}" font-size="11" stroke="#fff" stroke-width="3" paint-order="stroke"${nearRight ? ' text-anchor="end"' : ''}>${fixed(t.value, 2)}</text>`);
  });
  const legend = [
    ...series.map((s) => legendRow(swatch(s.colour), `${s.name}, n = ${s.histogram.count.toLocaleString('en-US')}`)),
    ...thresholds.map((t, i) => legendRow(dashSample(THRESHOLD_DASHES[i % THRESHOLD_DASHES.length]), `${t.label}: ${fixed(t.value, 3)}`)),
  ];
  if (genuine.count + impostor.count === 0) parts.push(noData(box));
  const legendTop = box.top + box.height + 58;
  parts.push(legendBlock(box.left, legendTop, legend));
  return svgDocument(box.left + box.width + 20, legendTop + legend.length * 20 + 4, 'Score distributions', parts.join('\n'));
}

const LOG_FAR_MIN = 1e-4;

export function rocSvg(
  roc: { far: ArrayLike<number>; tar: ArrayLike<number> },
  { eer, auc, markers = [] }: { eer: number; auc?: number; markers?: RocMarker[] },
): string {
  const box: Box = { left: 64, top: 20, width: 470, height: 400 };
  // A ROC comes by rising FAR; of its millions of points only a few per screen pixel are drawn.
  let tarAtAxisMin = 0;
  for (let k = 0; k < roc.far.length; k++) if (roc.far[k] <= LOG_FAR_MIN && roc.tar[k] > tarAtAxisMin) tarAtAxisMin = roc.tar[k];
  // A good model's curve hugs the top: start the TAR axis just below where it enters the plot.
  const tarLo = Math.min(0.9, Math.floor(tarAtAxisMin * 10 - 1e-9) / 10);
  const x = logScale([LOG_FAR_MIN, 1], [box.left, box.left + box.width]);
  const y = linearScale([Math.max(0, tarLo), 1], [box.top + box.height, box.top]);
  const decades = [1e-4, 1e-3, 1e-2, 1e-1, 1];
  const parts = [plotAxes(
    box,
    { scale: x, ticks: decades, format: powerOfTen, label: 'false accept rate, FAR (log scale)', minorTicks: decades.slice(0, -1).flatMap((d) => [2, 3, 4, 5, 6, 7, 8, 9].map((m) => m * d)) },
    { scale: y, ticks: niceTicks(Math.max(0, tarLo), 1, 5), format: (v) => `${Math.round(v * 100)} %`, label: 'true accept rate, TAR', minorTicks: niceTicks(Math.max(0, tarLo), 1, 10) },
  )];
  parts.push(`<defs><clipPath id="fu-roc-clip"><rect x="${box.left}" y="${box.top}" width="${box.width}" height="${box.height}"/></clipPath></defs>`);
  const chance = Array.from({ length: 41 }, (_, i) => 10 ** (-4 + i / 10));
  parts.push(`<polyline clip-path="url(#fu-roc-clip)" points="${chance.map((f) => `${px(x(f))},${px(y(f))}`).join(' ')}" fill="none" stroke="#999" stroke-width="1.2" stroke-dasharray="5 4"/>`);
  const screen: [number, number][] = [];
  let trapezoids = 0;
  let previous: [number, number] | null = null;
  for (let k = 0; k < roc.far.length; k++) {
    const [f, t] = [roc.far[k], roc.tar[k]];
    if (!Number.isFinite(f) || !Number.isFinite(t)) continue;
    if (previous) trapezoids += ((f - previous[0]) * (t + previous[1])) / 2;
    previous = [f, t];
    pushScreenPoint(screen, [Number(px(x(f))), Number(px(y(t)))]);
  }
  const area = auc ?? (screen.length > 1 ? trapezoids : Number.NaN);
  if (screen.length > 0) {
    parts.push(`<polyline class="roc-curve" clip-path="url(#fu-roc-clip)" points="${screen.map(([sx, sy]) => `${sx},${sy}`).join(' ')}" fill="none" stroke="${GENUINE}" stroke-width="2.2" stroke-linejoin="round"/>`);
  } else {
    parts.push(noData(box));
  }
  const legend = [
    legendRow(lineSample(GENUINE, ''), `ROC, AUC = ${Number.isFinite(area) ? fixed(area, 4) : 'n/a'}`),
    legendRow(lineSample('#999', '5 4'), 'chance (TAR = FAR)'),
  ];
  if (Number.isFinite(eer)) {
    const [ex, ey] = [x(eer), y(1 - eer)];
    parts.push(`<rect class="eer" x="${px(ex - 5)}" y="${px(ey - 5)}" width="10" height="10" transform="rotate(45 ${px(ex)} ${px(ey)})" fill="#fff" stroke="#e15759" stroke-width="2"/>`);
    legend.push(legendRow(`<rect x="3" y="-5" width="9" height="9" transform="rotate(45 7.5 -0.5)" fill="#fff" stroke="#e15759" stroke-width="2"/>`, `EER = ${fixed(eer * 100, 2)} % (FAR = FRR)`));
  }
  for (const m of markers) {
    const text = m.tar === null ? 'n/a' : `${fixed(m.tar * 100, 2)} %`;
    const sample = m.tar === null ? '<circle cx="7" cy="-1" r="3.5" fill="none" stroke="#999"/>' : '<circle cx="7" cy="-1" r="4" fill="#222"/>';
    legend.push(legendRow(sample, `TAR @ FAR ${powerOfTen(m.far)}: ${text}`));
    if (m.tar === null) continue;
    const [mx, my] = [x(m.far), y(m.tar)];
    parts.push(`<circle class="marker" data-far="${m.far}" cx="${px(mx)}" cy="${px(my)}" r="4" fill="#222"/>`);
    parts.push(`<text x="${px(mx)}" y="${px(my + 17)}" text-anchor="middle" font-size="10.5" fill="${MUTED}">${powerOfTen(m.far)}</text>`);
  }
  const legendWidth = legendWidthPx(legend);
  parts.push(legendBlock(box.left + box.width - legendWidth, box.top + box.height - 18 - legend.length * 20, legend, legendWidth));
  return svgDocument(box.left + box.width + 24, box.top + box.height + 56, 'ROC curve', parts.join('\n'));
}

/**
 * Drops what cannot show on screen, so a ROC of a million pairs stays a small SVG: repeats
 * within a quarter pixel and the middle points of horizontal or vertical runs (a ROC's steps).
 */
export function screenPolyline(points: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const p of points) pushScreenPoint(out, p);
  return out;
}

function pushScreenPoint(out: [number, number][], p: [number, number]): void {
  const last = out[out.length - 1];
  const prev = out[out.length - 2];
  if (last && Math.abs(last[0] - p[0]) < 0.25 && Math.abs(last[1] - p[1]) < 0.25) return;
  const straight = prev && last && ((prev[0] === last[0] && last[0] === p[0]) || (prev[1] === last[1] && last[1] === p[1]));
  if (straight) out[out.length - 1] = p;
  else out.push(p);
}

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };

/** 1e-3 → "10⁻³" (1 → "1"), the usual notation for a log rate axis. */
export function powerOfTen(value: number): string {
  const exponent = Math.round(Math.log10(value));
  if (Math.abs(10 ** exponent - value) > value * 1e-9) return String(value);
  return exponent === 0 ? '1' : `10${[...String(exponent)].map((c) => SUPERSCRIPT[c]).join('')}`;
}

// Legend rows: a 15 px sample drawn around (0..15, -1) followed by the text.
interface LegendRow { sample: string; text: string }
function legendRow(sample: string, text: string): LegendRow {
  return { sample, text };
}
/** Frame width from an average glyph width of the 12 px sans-serif text. */
function legendWidthPx(rows: LegendRow[]): number {
  return 38 + 6.6 * Math.max(0, ...rows.map((r) => r.text.length));
}
function swatch(colour: string): string {
  return `<rect x="0" y="-7" width="15" height="12" fill="${colour}" fill-opacity="0.35" stroke="${colour}" stroke-width="1.5"/>`;
}
function lineSample(colour: string, dash: string): string {
  return `<line x1="0" y1="-1" x2="15" y2="-1" stroke="${colour}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`;
}
function dashSample(dash: string): string {
  return `<line x1="0" y1="-1" x2="15" y2="-1" stroke="#222" stroke-width="1.5" stroke-dasharray="${dash}"/>`;
}

function legendBlock(left: number, top: number, rows: LegendRow[], framedWidth = 0): string {
  const frame = framedWidth
    ? `<rect x="-8" y="-14" width="${px(framedWidth)}" height="${rows.length * 20 + 8}" fill="#fff" fill-opacity="0.92" stroke="#ccc"/>`
    : '';
  const body = rows
    .map((row, i) => `<g transform="translate(0 ${i * 20})">${row.sample}<text x="22" y="3">${escapeXml(row.text)}</text></g>`)
    .join('');
  return `<g transform="translate(${px(left)} ${px(top + 10)})">${frame}${body}</g>`;
}

function noData(box: Box): string {
  return `<text x="${px(box.left + box.width / 2)}" y="${px(box.top + box.height / 2)}" text-anchor="middle" fill="${MUTED}" font-size="15">no data</text>`;
}
