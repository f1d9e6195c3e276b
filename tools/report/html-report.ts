// The eval report as one self-contained HTML page (inline CSS and SVG, thumbnails as data:
// URLs, no script, no request of any kind) plus the same figures and metrics as separate files.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pcaScatterSvg, rocSvg, scoreHistogramSvg, similarityHeatmapSvg } from './figures.ts';
import type { CountedRate, EvalMetrics, ReportData, ReportFace, ReportProblem, ScaleMetrics, ScaleOperatingPoint } from './report-data.ts';
import { farText } from './terminal.ts';
import { escapeXml as esc, fixed } from './svg.ts';
import { median } from '../../main/face/math/median.ts';
import { extent } from './extent.ts';

/** The tutorial's fixed cosine threshold, shown beside the calibrated one. */
export const TUTORIAL_THRESHOLD_COSINE = 0.8;

interface Figures { similarity: string; pca: string; histogram: string; roc: string }

function renderFigures(data: ReportData): Figures {
  const m = data.metrics;
  return {
    similarity: similarityHeatmapSvg(data.heatmap.faces, data.heatmap.similarity),
    pca: pcaScatterSvg(data.pca.faces, data.pca.points, data.pca.explained),
    histogram: scoreHistogramSvg(data.histograms.genuine, data.histograms.impostor, {
      thresholds: [
        { label: `calibrated threshold (FAR ${pct(m.protocol.targetFar)})`, value: m.protocol.thresholdCosine ?? Number.NaN },
        { label: 'EER threshold', value: m.eerThresholdCosine },
        { label: 'product default threshold', value: m.protocol.productThresholdCosine },
        { label: 'tutorial threshold', value: TUTORIAL_THRESHOLD_COSINE },
      ].filter((t) => Number.isFinite(t.value)),
    }),
    roc: rocSvg(data.roc, {
      eer: m.eer,
      auc: m.auc,
      markers: (['1e-2', '1e-3', '1e-4'] as const).map((key) => ({ far: Number(key), tar: m.tarAtFar[key] })),
    }),
  };
}

/** Rates as percentages; below 1 % a second decimal keeps small FARs from reading as 0.0 %. */
export function pct(rate: number | null | undefined, digits = 1): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return 'n/a';
  return `${fixed(rate * 100, rate > 0 && rate < 0.01 ? Math.max(digits, 2) : digits)} %`;
}

function cosine(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? 'n/a' : fixed(value, 3);
}

function rows(entries: [string, string][]): string {
  return entries.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(v)}</td></tr>`).join('\n');
}

function card(title: string, table: string, note = '', wide: boolean | 'full' = false): string {
  const noteHtml = note ? `<p class="note">${esc(note)}</p>` : '';
  return `<section class="card${wide === 'full' ? ' full' : wide ? ' wide' : ''}"><h3>${esc(title)}</h3><table>${table}</table>${noteHtml}</section>`;
}


function range(values: number[], digits = 0): string {
  if (values.length === 0) return 'n/a';
  const { min, max } = extent(values);
  return `${fixed(median(values), digits)} (${fixed(min, digits)}–${fixed(max, digits)})`;
}

function protocolTable(p: EvalMetrics['protocol']): string {
  const lines: [string, number | null, number | null, number | null][] = [
    [`calibrated for FAR ${pct(p.targetFar)}`, p.thresholdCosine, p.frr, p.far],
    ['tutorial', TUTORIAL_THRESHOLD_COSINE, p.frrAt08, p.farAt08],
    ['product default', p.productThresholdCosine, p.frrAtProduct, p.farAtProduct],
  ];
  const body = lines
    .map(([name, t, frr, far]) => `<tr><th scope="row">${esc(name)}</th><td>${cosine(t)}</td><td>${pct(frr)}</td><td>${pct(far)}</td></tr>`)
    .join('\n');
  return `<thead><tr><th>threshold</th><th>cosine</th><th>FRR</th><th>FAR</th></tr></thead><tbody>${body}</tbody>`;
}

function frrText(r: CountedRate): string {
  return r.rate === null ? 'n/a' : `${pct(r.rate, 2)} [${fixed(r.low * 100, 2)}–${fixed(r.high * 100, 2)} %] (${r.count}/${r.of})`;
}

function farBounds(r: CountedRate): string {
  return r.rate === null ? 'n/a' : `${farText(r.rate)} [${farText(r.low)}–${farText(r.high)}] (${r.count}/${r.of})`;
}

function scaleRow(arm: string, target: string, p: { thresholdCosine: number | null; frr: CountedRate; far: CountedRate }): string {
  return `<tr><th scope="row">${esc(arm)}</th><td>${esc(target)}</td><td>${cosine(p.thresholdCosine)}</td><td>${esc(frrText(p.frr))}</td><td>${esc(farBounds(p.far))}</td></tr>`;
}

/** The "false accepts at scale" card: every arm at every target FAR and at the shipped threshold. */
function scaleCard(s: ScaleMetrics): string {
  const target = (p: ScaleOperatingPoint) => (p.targetFar === null ? 'shipped' : `${farText(p.targetFar)}${p.resolved ? '' : ' (unresolved)'}`);
  const body = s.arms.flatMap((arm) => [...arm.atTargets, arm.atProduct].map((p, k) => scaleRow(k === 0 ? arm.label : '', target(p), p)));
  const c = s.calibrated;
  if (c) {
    body.push(scaleRow('per-profile calibrated (cohort)', `${farText(c.targetFar)} (rule)`, { thresholdCosine: c.thresholds.median, frr: c.frr, far: c.far }));
    body.push(scaleRow(`enrol ${s.enrolCount} at the floor`, 'shipped', c.atFloor));
  }
  const table = `<thead><tr><th>arm</th><th>FAR target</th><th>cosine</th><th>FRR [95 % Wilson]</th><th>FAR [95 % Clopper–Pearson]</th></tr></thead><tbody>${body.join('\n')}</tbody>`;
  const cohort = s.cohort
    ? ` Cohort: ${s.cohort.count} faces (${s.cohort.bytes} bytes); its ${s.cohort.photosLeftOut} photos are left out of every measurement.`
    : ' No cohort given: the calibrated rule is not measured.';
  const spread = c
    ? ` Per-profile thresholds (${c.profiles} centres; the row's cosine is their median): p90 ${cosine(c.thresholds.p90)}, max ${cosine(c.thresholds.max)}, ${pct(c.thresholds.raisedShare)} raised above the floor ${cosine(c.floorThresholdCosine)}.`
    : '';
  return card('False accepts at scale', table, `Enrol ${s.enrolCount}, ${s.draws} draws, fused probes of ${s.fuse} photos; "shipped" is the product threshold ${cosine(s.productThresholdCosine)}. Thresholds for a target are fitted on the same impostors, so the achieved FAR with its bounds (counts in brackets) is the figure to read.${cohort}${spread}`, 'full');
}

function metricsSection(m: EvalMetrics, faces: ReportFace[]): string {
  const p = m.protocol;
  const c = m.counts;
  const facesOf = new Map<string, number>();
  for (const f of faces) facesOf.set(f.person, (facesOf.get(f.person) ?? 0) + 1);
  const perPerson = [...facesOf.values()];
  const timings = Object.entries(m.timingsMs);
  return `<div class="cards">
${card('Verification, all pairs', rows([
    ['AUC', Number.isFinite(m.auc) ? fixed(m.auc, 4) : 'n/a'],
    ['EER', pct(m.eer, 2)],
    ['EER threshold (cosine)', cosine(m.eerThresholdCosine)],
    ['TAR @ FAR 1e-2', pct(m.tarAtFar['1e-2'])],
    ['TAR @ FAR 1e-3', pct(m.tarAtFar['1e-3'])],
    ['TAR @ FAR 1e-4', pct(m.tarAtFar['1e-4'])],
  ]), 'n/a: too few impostor pairs to measure that FAR.')}
${card('Unlock protocol', protocolTable(p), `Enrol ${p.enrolCount} photos per person, ${p.draws} random draws, ${p.persons} people: ${p.genuineProbes} genuine and ${p.impostorProbes} impostor probes. FRR: the owner is turned away; FAR: someone else unlocks. The calibrated threshold is fitted on these same impostors, so its FAR is optimistic.`, true)}
${card('Counts', rows([
    ['Images', String(c.images)],
    ['Faces embedded', String(c.faces)],
    ['No face', String(c.noFace)],
    ['Several faces', String(c.multiFace)],
    ['Unreadable', String(c.unreadable)],
    ['Genuine / impostor pairs', `${c.genuinePairs} / ${c.impostorPairs}`],
  ]))}
${card('Faces', rows([
    ['People', String(perPerson.length)],
    ['Faces per person', range(perPerson)],
    ['Face width, px', range(faces.map((f) => f.faceWidthPx).filter(Number.isFinite))],
  ]), 'Median (min–max).')}
${card('Median time per image', timings.length ? rows(timings.map(([stage, ms]) => [stage, `${fixed(ms, ms < 10 ? 2 : 1)} ms`])) : rows([['—', 'not measured']]), throughputNote(m.throughput))}
${m.atScale ? scaleCard(m.atScale) : ''}
</div>`;
}

function throughputNote(t: EvalMetrics['throughput']): string {
  const cached = t.cachedPhotos > 0 ? `, ${t.cachedPhotos} of them from the embedding cache (times as first measured)` : '';
  return `${t.photos} photos in ${fixed(t.seconds, 1)} s: ${fixed(t.photosPerSecond, 1)} photos/s${cached}. Stages overlap (Chromium detects while Node embeds), so they add up to more than the pace.`;
}

const PROBLEM_KIND: Record<ReportProblem['kind'], string> = {
  noFace: 'no face found',
  multiFace: 'several faces (largest used)',
  unreadable: 'unreadable image',
};

function problemsSection(problems: ReportProblem[]): string {
  if (problems.length === 0) return '<p class="none">None: every photo gave exactly one face.</p>';
  const body = problems
    .map((p) => `<tr class="${p.kind}"><td><code>${esc(p.file)}</code></td><td>${esc(PROBLEM_KIND[p.kind] ?? p.kind)}</td><td>${esc(p.detail)}</td></tr>`)
    .join('\n');
  return `<table class="problems"><thead><tr><th>File</th><th>Problem</th><th>Detail</th></tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** The caption's note when a figure shows a sample of the faces. */
function sampled(shown: ReportFace[], all: ReportFace[]): string {
  if (shown.length === all.length) return '';
  const persons = (faces: ReportFace[]) => new Set(faces.map((f) => f.person)).size;
  return ` Too many to draw: ${shown.length} of the ${all.length} faces, the photos of ${persons(shown)} of the ${persons(all)} people, evenly spread.`;
}

function figure(id: string, title: string, svg: string, caption: string): string {
  return `<figure id="${id}"><h3>${esc(title)}</h3><div class="svg">${svg}</div><figcaption>${esc(caption)}</figcaption></figure>`;
}

const STYLE = `
:root { color-scheme: light; }
body { margin: 0; background: #f6f7f9; color: #222; font: 15px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif; }
main { max-width: 1240px; margin: 0 auto; padding: 24px 28px 48px; }
header { border-bottom: 1px solid #ddd; margin-bottom: 20px; padding-bottom: 12px; }
h1 { margin: 0 0 4px; font-size: 28px; }
h2 { margin: 32px 0 12px; font-size: 20px; }
h3 { margin: 0 0 8px; font-size: 15px; }
.meta { color: #555; margin: 0; }
code { font: 13px ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace; word-break: break-all; }
.cards { display: grid; grid-template-columns: repeat(3, 1fr); gap: 14px; }
.card.wide { grid-column: span 2; }
.card.full { grid-column: 1 / -1; }
@media (max-width: 900px) { .cards { grid-template-columns: 1fr; } .card.wide, .card.full { grid-column: auto; } }
.card, figure { background: #fff; border: 1px solid #e1e3e6; border-radius: 8px; padding: 14px 16px; }
.card table { border-collapse: collapse; width: 100%; }
.card th { text-align: left; font-weight: normal; color: #555; padding: 3px 10px 3px 0; }
.card thead th { color: #222; font-weight: 600; border-bottom: 1px solid #ddd; }
.card td, .card thead th + th { text-align: right; font-variant-numeric: tabular-nums; padding: 3px 0; white-space: nowrap; }
.card td, .card thead th + th { padding-left: 12px; }
.note { color: #777; font-size: 12.5px; margin: 8px 0 0; }
figure { margin: 0 0 16px; }
.svg svg { max-width: 100%; height: auto; display: block; }
figcaption { color: #555; font-size: 13.5px; margin-top: 6px; }
.pair { display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 16px; }
table.problems { border-collapse: collapse; width: 100%; background: #fff; border: 1px solid #e1e3e6; }
.problems th, .problems td { text-align: left; padding: 6px 10px; border-bottom: 1px solid #eee; vertical-align: top; }
.problems thead th { background: #f0f2f4; }
.none { color: #2f7d32; }
footer { color: #888; font-size: 12.5px; margin-top: 32px; }
`;

function renderPage(data: ReportData, figures: Figures): string {
  const m = data.metrics;
  const created = new Date(data.createdIso);
  const when = Number.isNaN(created.getTime()) ? data.createdIso : created.toUTCString();
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>Face eval: ${esc(data.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header>
<h1>Face eval: ${esc(data.title)}</h1>
<p class="meta">Dataset <code>${esc(data.datasetPath)}</code> · ${m.counts.images} images, ${m.counts.faces} faces, ${m.protocol.persons} people · created <time datetime="${esc(data.createdIso)}">${esc(when)}</time></p>
</header>
<h2>Summary</h2>
${metricsSection(m, data.faces)}
<h2>Figures</h2>
${figure('similarity', 'Cosine similarity matrix', figures.similarity, `Each cell is the cosine similarity of two faces (brighter = more alike); faces are grouped by person, so a good model shows bright blocks on the diagonal and dark cells elsewhere.${sampled(data.heatmap.faces, data.faces)}`)}
${figure('pca', 'PCA of the embeddings', figures.pca, `Embeddings projected on their first two principal components: photos of one person should form a tight cluster, apart from the other people. Two components keep only part of the variance, so some overlap is expected.${sampled(data.pca.faces, data.faces)}`)}
<div class="pair">
${figure('histogram', 'Score distributions', figures.histogram, 'Same-person (genuine) and different-person (impostor) pair scores as densities, every pair counted; the less they overlap, the better. A pair is accepted when its score lies right of a threshold line.')}
${figure('roc', 'ROC curve', figures.roc, 'Share of genuine pairs accepted (TAR) against share of impostor pairs accepted (FAR, log scale) as the threshold moves; up and to the left is better.')}
</div>
<h2>Problem photos (${data.problems.length})</h2>
${problemsSection(data.problems)}
<footer>Generated by face-unlock <code>npm run eval</code>; metrics.json and the figures as .svg files sit next to this page.</footer>
</main>
</body>
</html>
`;
}

export function renderHtmlReport(data: ReportData): string {
  return renderPage(data, renderFigures(data));
}

export async function writeReport(
  dir: string,
  data: ReportData,
): Promise<{ htmlPath: string; metricsPath: string; figurePaths: string[] }> {
  await mkdir(dir, { recursive: true });
  const figures = renderFigures(data);
  const htmlPath = join(dir, 'index.html');
  const metricsPath = join(dir, 'metrics.json');
  const figurePaths = Object.entries(figures).map(([name]) => join(dir, `${name}.svg`));
  await Promise.all([
    writeFile(htmlPath, renderPage(data, figures)),
    writeFile(metricsPath, `${JSON.stringify(data.metrics, null, 2)}\n`),
    ...Object.values(figures).map((svg, i) => writeFile(figurePaths[i], `${svg}\n`)),
  ]);
  return { htmlPath, metricsPath, figurePaths };
}
