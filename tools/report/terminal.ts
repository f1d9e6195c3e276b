// Terminal output of the eval run: a progress bar and the headline numbers as a table.
import type { CountedRate, EvalMetrics, ScaleMetrics, ScaleOperatingPoint } from './report-data.ts';

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressBar { tick(detail?: string): void; done(): void }

const BAR_CELLS = 28;

export function createProgressBar({
  total,
  label,
  stream = process.stderr,
  now = Date.now,
}: { total: number; label: string; stream?: ProgressStream; now?: () => number }): ProgressBar {
  const startMs = now();
  let count = 0;
  let lastDecile = -1;
  let finished = false;
  const status = () => {
    const fraction = total > 0 ? Math.min(1, count / total) : 1;
    const filled = Math.round(fraction * BAR_CELLS);
    const elapsedS = (now() - startMs) / 1000;
    const eta = count > 0 && count < total ? `, ${Math.ceil((elapsedS / count) * (total - count))} s left` : '';
    return `${label} [${'#'.repeat(filled)}${'-'.repeat(BAR_CELLS - filled)}] ${count}/${total} ${Math.floor(fraction * 100)}% (${elapsedS.toFixed(1)} s${eta})`;
  };
  // Redrawing with \r only makes sense on a terminal; logs and pipes get one line per 10 %.
  const draw = (detail?: string) => {
    if (stream.isTTY) {
      stream.write(`\r${fitLine(status(), detail ?? '', (stream.columns ?? 100) - 1)}`);
      return;
    }
    const decile = total > 0 ? Math.floor((count / total) * 10) : 10;
    if (decile > lastDecile) {
      lastDecile = decile;
      stream.write(`${status()}${detail ? ` ${detail}` : ''}\n`);
    }
  };
  return {
    tick(detail) {
      if (finished) return;
      count++;
      draw(detail);
    },
    done() {
      if (finished) return;
      finished = true;
      if (stream.isTTY) stream.write(`\r${fitLine(status(), '', (stream.columns ?? 100) - 1)}\n`);
      else if (lastDecile < 10 || count === 0) stream.write(`${status()}\n`);
    },
  };
}

/**
 * Exactly `width` columns: the detail is cut first so the counts stay visible, and padding
 * wipes the tail of a longer previous redraw.
 */
function fitLine(head: string, detail: string, width: number): string {
  const room = width - head.length - 1;
  const shown = detail.length > room ? (room >= 4 ? `${detail.slice(0, room - 1)}…` : '') : detail;
  const line = shown ? `${head} ${shown}` : head;
  return line.length > width ? line.slice(0, width) : line.padEnd(width);
}

function percent(rate: number | null, digits = 2): string {
  return rate === null || !Number.isFinite(rate) ? 'n/a' : `${(rate * 100).toFixed(digits)} %`;
}

function cosine(value: number | null): string {
  return value !== null && Number.isFinite(value) ? value.toFixed(3) : 'n/a';
}

/** Plain-text table (two aligned columns) of the numbers worth reading at the end of a run. */
export function formatSummaryTable(metrics: EvalMetrics): string {
  const p = metrics.protocol;
  const c = metrics.counts;
  const rows: ([string, string, string?] | null)[] = [
    ['AUC', percent(metrics.auc)],
    ['EER', percent(metrics.eer), `at cosine ${cosine(metrics.eerThresholdCosine)}`],
    ['TAR @ FAR 1e-2', percent(metrics.tarAtFar['1e-2'])],
    ['TAR @ FAR 1e-3', percent(metrics.tarAtFar['1e-3'])],
    ['TAR @ FAR 1e-4', percent(metrics.tarAtFar['1e-4'])],
    null,
    [`FRR @ cosine ${cosine(p.thresholdCosine)}`, percent(p.frr), `calibrated for FAR ${percent(p.targetFar)}`],
    [`FAR @ cosine ${cosine(p.thresholdCosine)}`, percent(p.far)],
    ['FRR @ cosine 0.800', percent(p.frrAt08), 'the tutorial threshold'],
    ['FAR @ cosine 0.800', percent(p.farAt08)],
    [`FRR @ cosine ${cosine(p.productThresholdCosine)}`, percent(p.frrAtProduct), 'the product default'],
    [`FAR @ cosine ${cosine(p.productThresholdCosine)}`, percent(p.farAtProduct)],
    ['Protocol', '', `enrol ${p.enrolCount}, ${p.draws} draws, ${p.persons} people, ${p.genuineProbes} genuine + ${p.impostorProbes} impostor probes`],
    null,
    ['Images / faces', `${c.images} / ${c.faces}`],
    ['No face / several / unreadable', `${c.noFace} / ${c.multiFace} / ${c.unreadable}`],
    ['Pairs genuine / impostor', `${c.genuinePairs} / ${c.impostorPairs}`],
    ['Photos / s', metrics.throughput.photosPerSecond.toFixed(1), `${metrics.throughput.photos} photos in ${metrics.throughput.seconds.toFixed(1)} s, ${metrics.throughput.cachedPhotos} from the embedding cache`],
  ];
  const labelWidth = Math.max(...rows.map((r) => r?.[0].length ?? 0));
  const valueWidth = Math.max(...rows.map((r) => r?.[1].length ?? 0));
  return rows
    .map((r) => (r
      ? `${r[0].padEnd(labelWidth)}   ${r[1].padStart(valueWidth)}${r[2] ? `   ${r[2]}` : ''}`
      : '-'.repeat(labelWidth + valueWidth + 3)))
    .join('\n');
}

/** A FAR as it reads at these scales: two significant digits, scientific below 1e-3. */
export function farText(rate: number | null): string {
  if (rate === null || !Number.isFinite(rate)) return 'n/a';
  if (rate === 0) return '0';
  return rate < 1e-3 ? rate.toExponential(1) : rate.toPrecision(2);
}

function frrCell(r: CountedRate): string {
  return r.rate === null ? 'n/a' : `${percent(r.rate)} [${(r.low * 100).toFixed(2)}–${(r.high * 100).toFixed(2)} %]`;
}

function farCell(r: CountedRate): string {
  return r.rate === null ? 'n/a' : `${farText(r.rate)} [${farText(r.low)}–${farText(r.high)}]`;
}

function pointCells(label: string, target: string, p: ScaleOperatingPoint): string[] {
  return [label, target + (p.resolved ? '' : ' (unresolved)'), cosine(p.thresholdCosine), frrCell(p.frr), `${p.frr.count}/${p.frr.of}`, farCell(p.far), `${p.far.count}/${p.far.of}`];
}

/** The "false accepts at scale" section as an aligned plain-text table. */
export function formatScaleTable(s: ScaleMetrics): string {
  const head = ['arm', 'FAR target', 'cosine', 'FRR [95 % Wilson]', 'rejected', 'FAR [95 % Clopper–Pearson]', 'accepted'];
  const lines: (string[] | null)[] = [head, null];
  for (const arm of s.arms) {
    arm.atTargets.forEach((p, k) => lines.push(pointCells(k === 0 ? arm.label : '', farText(p.targetFar), p)));
    lines.push(pointCells('', 'shipped', arm.atProduct));
    lines.push(null);
  }
  const c = s.calibrated;
  if (c) {
    lines.push(['per-profile calibrated (cohort)', `${farText(c.targetFar)} (rule)`, `≥ ${cosine(c.floorThresholdCosine)}`, frrCell(c.frr), `${c.frr.count}/${c.frr.of}`, farCell(c.far), `${c.far.count}/${c.far.of}`]);
    lines.push(pointCells(`enrol ${s.enrolCount} at the floor`, 'shipped', c.atFloor));
    lines.push(null);
  }
  const widths = head.map((_, k) => Math.max(...lines.map((l) => l?.[k].length ?? 0)));
  const rule = '-'.repeat(widths.reduce((sum, w) => sum + w, 0) + 3 * (widths.length - 1));
  const body = lines.map((l) => (l ? l.map((cell, k) => (k >= 2 ? cell.padStart(widths[k]) : cell.padEnd(widths[k]))).join('   ').trimEnd() : rule));
  const notes = [
    `False accepts at scale: enrol ${s.enrolCount}, ${s.draws} draws, fused probes of ${s.fuse} photos; "shipped" = the product threshold ${cosine(s.productThresholdCosine)}.`,
    'Thresholds for a target FAR are fitted on the same impostors (in-sample): the achieved FAR and its bounds are the honest figure.',
    s.cohort
      ? `Cohort ${s.cohort.dir}: ${s.cohort.count} faces, ${s.cohort.bytes} bytes; ${s.cohort.photosLeftOut} cohort photos left out of every arm.`
      : 'No cohort: the per-profile calibrated rule is not measured.',
  ];
  if (c) {
    notes.push(`Per-profile thresholds over ${c.profiles} enrolled centres: median ${cosine(c.thresholds.median)}, p90 ${cosine(c.thresholds.p90)}, max ${cosine(c.thresholds.max)}; ${percent(c.thresholds.raisedShare, 1)} raised above the floor ${cosine(c.floorThresholdCosine)}.`);
  }
  return [...notes, ...body].join('\n');
}
