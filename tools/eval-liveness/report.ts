// The liveness report: one self-contained HTML page (inline CSS and SVG, thumbnails as data:
// URLs, no script, no request), metrics.json, and a plain-text summary for the terminal.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { rocSvg } from '../report/figures.ts';
import { escapeXml as esc, fixed, linearScale, plotAxes, px, safeImageHref, svgDocument, type Box } from '../report/svg.ts';
import { attackTypeOf, type LivenessMetrics, type VerdictCounts } from './metrics.ts';

export interface ReportPhoto {
  file: string;
  kind: 'live' | 'spoof';
  score: number;
  thumbDataUrl: string;
}

const LIVE = '#4e79a7';
const SPOOF = '#e15759';

function pct(rate: number): string {
  return Number.isFinite(rate) ? `${fixed(rate * 100, 1)} %` : 'n/a';
}

function score(value: number): string {
  return Number.isFinite(value) ? value.toPrecision(3) : String(value);
}

/** Log-odds of the score: 0.001 and 0.01 are far apart for a softmax, and a linear axis hides that. */
function logit(p: number): number {
  const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
  return Math.log10(q / (1 - q));
}

/** One dot per photo on a log-odds axis, live and spoof on separate rows, thresholds as lines. */
export function scoreStripSvg(photos: ReportPhoto[], thresholds: { label: string; value: number }[]): string {
  const box: Box = { left: 70, top: 20, width: 520, height: 120 };
  const x = linearScale([-6, 6], [box.left, box.left + box.width]);
  const rowY = { live: box.top + 35, spoof: box.top + 85 };
  const ticks = [-6, -4, -2, 0, 2, 4, 6];
  const parts = [plotAxes(
    box,
    { scale: x, ticks, format: (t) => (t === 0 ? '0.5' : t < 0 ? `1e${t}` : `1 − 1e-${t}`), label: 'passive liveness score (log-odds axis)' },
    { scale: () => 0, ticks: [], format: String, label: '' },
  )];
  for (const [kind, y] of Object.entries(rowY)) {
    parts.push(`<text x="${box.left - 8}" y="${y + 4}" text-anchor="end">${kind}</text>`);
  }
  for (const photo of photos) {
    const colour = photo.kind === 'live' ? LIVE : SPOOF;
    parts.push(`<circle cx="${px(x(logit(photo.score)))}" cy="${rowY[photo.kind]}" r="6" fill="${colour}" fill-opacity="0.55" stroke="${colour}"><title>${esc(`${photo.file}: ${score(photo.score)}`)}</title></circle>`);
  }
  thresholds.filter((t) => Number.isFinite(t.value)).forEach((t, i) => {
    const tx = x(Math.max(-6, Math.min(6, logit(t.value))));
    parts.push(`<line x1="${px(tx)}" y1="${box.top}" x2="${px(tx)}" y2="${box.top + box.height}" stroke="#222" stroke-dasharray="${i ? '2 3' : '7 4'}"/>`);
    parts.push(`<text x="${px(tx + 4)}" y="${box.top + 12 + 12 * i}" font-size="11">${esc(t.label)}</text>`);
  });
  return svgDocument(box.left + box.width + 20, box.top + box.height + 50, 'Passive liveness scores', parts.join('\n'));
}

function verdictText(v: VerdictCounts): string {
  return `${v.live} live / ${v.unsure} unsure (challenge) / ${v.spoof} spoof`;
}

/** The headline numbers as aligned plain text. */
export function formatLivenessSummary(m: LivenessMetrics): string {
  const t = m.operatingPoint.thresholds;
  const rows: [string, string, string?][] = [
    ['Photos live / spoof', `${m.counts.live} / ${m.counts.spoof}`, `print ${m.counts.byAttack.print}, screen ${m.counts.byAttack.screen}, other ${m.counts.byAttack.other}; no face ${m.counts.noFace}, unreadable ${m.counts.unreadable}`],
    ['APCER @ BPCER 5 %', pct(m.apcerAtBpcer5), `threshold ${score(m.thresholdAtBpcer5)}; 95 % upper bound ${pct(m.apcerAtBpcer5Upper95)}`],
    ['BPCER @ APCER 5 %', pct(m.bpcerAtApcer5), `threshold ${score(m.thresholdAtApcer5)}; 95 % upper bound ${pct(m.bpcerAtApcer5Upper95)}`],
    ['EER', pct(m.eer), `threshold ${score(m.eerThreshold)}`],
    ['AUC', fixed(m.auc, 4)],
    ...Object.entries(m.perAttack).map(([type, a]) => [`APCER ${type} @ BPCER 5 %`, pct(a.apcerAtBpcer5Threshold), `${a.count} attacks`] as [string, string, string]),
    [`Product judge, live`, verdictText(m.operatingPoint.live), `live ≥ ${t.liveThreshold}, spoof < ${t.spoofThreshold}`],
    [`Product judge, spoof`, verdictText(m.operatingPoint.spoof)],
    ['Calibrated on these live photos', `live ≥ ${score(m.calibration.thresholds.liveThreshold)}`, `${pct(m.calibration.targetChallengeRate)} of them challenged; spoof < ${score(m.calibration.thresholds.spoofThreshold)}, the lowest ÷ ${m.calibration.refusalMargin}`],
  ];
  const labelWidth = Math.max(...rows.map((r) => r[0].length));
  const valueWidth = Math.max(...rows.map((r) => r[1].length));
  const lines = rows.map((r) => `${r[0].padEnd(labelWidth)}   ${r[1].padStart(valueWidth)}${r[2] ? `   ${r[2]}` : ''}`);
  if (!m.enoughSamples) lines.push('', 'Fewer than 20 photos per class: a smoke signal, not an accuracy claim (see the upper bounds).');
  return lines.join('\n');
}

function table(rows: string[][], head: string[]): string {
  const th = head.map((h) => `<th>${esc(h)}</th>`).join('');
  return `<table><thead><tr>${th}</tr></thead><tbody>${rows.map((r) => `<tr>${r.join('')}</tr>`).join('\n')}</tbody></table>`;
}

export function renderLivenessHtml(m: LivenessMetrics, photos: ReportPhoto[]): string {
  const t = m.operatingPoint.thresholds;
  const strip = scoreStripSvg(photos, [
    { label: `live ≥ ${t.liveThreshold}`, value: t.liveThreshold },
    { label: `spoof < ${t.spoofThreshold}`, value: t.spoofThreshold },
  ]);
  const roc = rocSvg(m.roc, { eer: m.eer, auc: m.auc, markers: [] });
  const photoRows = [...photos].sort((a, b) => b.score - a.score).map((p) => {
    const href = safeImageHref(p.thumbDataUrl);
    const img = href ? `<img src="${href}" alt="" width="64">` : '';
    const attack = p.kind === 'spoof' ? attackTypeOf(p.file) : '';
    return [`<td>${img}</td>`, `<td>${esc(p.file)}</td>`, `<td>${p.kind}${attack ? ` (${attack})` : ''}</td>`, `<td>${score(p.score)}</td>`];
  });
  const caveat = m.enoughSamples
    ? ''
    : `<p class="warn">${m.counts.live} live and ${m.counts.spoof} spoof photos: a smoke signal, not a calibration. A rate measured on n photos moves in steps of 1/n; the 95 % upper bounds say what these photos can vouch for.</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Face Unlock — passive liveness</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1000px;color:#222;padding:0 1rem}
table{border-collapse:collapse;margin:0.5rem 0 1.5rem}td,th{border-bottom:1px solid #ddd;padding:4px 10px;text-align:left;vertical-align:middle}
.warn{background:#fff4e5;border-left:4px solid #f28e2b;padding:0.6rem 1rem}
figure{margin:1rem 0}figcaption{color:#666;font-size:0.9rem}
</style></head><body>
<h1>Passive liveness (anti-spoofing)</h1>
${caveat}
<p>Scores are softmax[live] of MiniFASNet (fr_liveness.onnx) on the renderer's own context crop (face box × 2.7, 128×128), run in Chromium as the lock screen does. APCER = attacks accepted, BPCER = live faces refused; accepted when score ≥ threshold.</p>
<pre>${esc(formatLivenessSummary(m))}</pre>
<figure>${strip}<figcaption>Each dot is a photo; the dashed lines are the product's two thresholds (between them the head-movement challenge decides).</figcaption></figure>
<figure>${roc}<figcaption>ROC with FAR = APCER and TAR = 1 − BPCER.</figcaption></figure>
<h2>Photos</h2>
${table(photoRows, ['', 'file', 'class', 'score'])}
</body></html>
`;
}

export async function writeLivenessReport(outDir: string, m: LivenessMetrics, photos: ReportPhoto[]): Promise<{ html: string; json: string }> {
  await mkdir(outDir, { recursive: true });
  const html = join(outDir, 'liveness-report.html');
  const json = join(outDir, 'metrics.json');
  await writeFile(html, renderLivenessHtml(m, photos));
  const scores = photos.map(({ file, kind, score: s }) => ({ file, kind, score: s }));
  await writeFile(json, `${JSON.stringify({ ...m, scores }, null, 2)}\n`);
  return { html, json };
}
