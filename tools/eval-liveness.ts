// npm run eval-liveness -- <liveDir> <spoofDir> [--out DIR]: passive anti-spoofing measured on
// the product's path (renderer crop in Chromium → PassiveLiveness), with APCER/BPCER/EER, a
// self-contained HTML report and metrics.json.
// npm run eval-liveness -- --presentations <dir> …: whole presentations (videos, slideshows)
// through the product's decision path on a simulated clock, APCER/BPCER per liveness mode.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PASSIVE_THRESHOLDS } from '../main/face/models/passive-liveness.ts';
import { collectLivenessScores, listImages } from './eval-liveness/collect.ts';
import { computeLivenessMetrics } from './eval-liveness/metrics.ts';
import { formatLivenessSummary, writeLivenessReport } from './eval-liveness/report.ts';
import { PRESENTATION_USAGE, presentationOptionsFrom, type PresentationFlags } from './eval-liveness/presentation-cli.ts';
import { formatPresentationSummary, writePresentationReport } from './eval-liveness/presentation-report.ts';
import { evaluatePresentations } from './eval-liveness/run-presentations.ts';
import { createProgressBar, type ProgressBar } from './report/terminal.ts';

const USAGE = `Usage: npm run eval-liveness -- <liveDir> <spoofDir> [--out DIR] [--threads N] [--chromium PATH]
  <liveDir>    photos of real faces
  <spoofDir>   photos of attacks; "print" or "screen" in a file name gives its attack type
  --out DIR    where liveness-report.html and metrics.json go (default reports/liveness)
${PRESENTATION_USAGE}`;

const PRESENTATION_FLAGS = ['slideshows', 'slideshow-persons', 'modes', 'runs', 'frame-rate', 'enrol-seconds', 'hold-ms', 'attack-seconds', 'parallel'] as const;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      threads: { type: 'string' },
      chromium: { type: 'string' },
      presentations: { type: 'string' },
      ...Object.fromEntries(PRESENTATION_FLAGS.map((flag) => [flag, { type: 'string' as const }])),
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (!values.help && values.presentations !== undefined && positionals.length === 0) {
    await presentationMode(values as PresentationFlags & { out?: string });
    return;
  }
  if (values.help || positionals.length !== 2) {
    console.log(USAGE);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const [liveDir, spoofDir] = positionals.map((p) => resolve(p));
  const total = (await listImages(liveDir)).length + (await listImages(spoofDir)).length;
  const progress = createProgressBar({ total, label: 'liveness' });
  const collection = await collectLivenessScores(liveDir, spoofDir, {
    chromiumPath: values.chromium,
    threads: values.threads === undefined ? undefined : Number(values.threads),
    onPhoto: (file) => progress.tick(file),
  });
  progress.done();
  if (collection.live.length === 0 || collection.spoof.length === 0) {
    throw new Error(`need faces in both folders (live ${collection.live.length}, spoof ${collection.spoof.length})`);
  }
  const metrics = computeLivenessMetrics(collection.live, collection.spoof, {
    thresholds: PASSIVE_THRESHOLDS.standard,
    noFace: collection.noFace.length,
    unreadable: collection.unreadable.length,
  });
  const written = await writeLivenessReport(resolve(values.out ?? 'reports/liveness'), metrics, collection.photos);
  console.log(formatLivenessSummary(metrics));
  for (const file of collection.noFace) console.log(`no face: ${file}`);
  for (const file of collection.unreadable) console.log(`unreadable: ${file}`);
  console.log(`\nReport: ${written.html}\nMetrics: ${written.json}`);
}

async function presentationMode(flags: PresentationFlags & { out?: string }): Promise<void> {
  const options = presentationOptionsFrom(flags);
  const out = resolve(flags.out ?? 'reports/liveness-presentations');
  const prepared: string[] = [];
  // Created once the number of runs is known, after preparation.
  const progress: { bar: ProgressBar | null } = { bar: null };
  const startMs = Date.now();
  const evaluation = await evaluatePresentations({
    ...options,
    onPrepared: (name) => prepared.push(name),
    onTrialsPlanned: (total) => {
      console.error(`prepared ${prepared.length} presentations in ${((Date.now() - startMs) / 1000).toFixed(0)} s: ${prepared.join(', ')}`);
      progress.bar = createProgressBar({ total, label: 'presentations' });
    },
    onTrial: (o) => progress.bar?.tick(`${o.mode} ${o.name} run ${o.run}`),
  });
  progress.bar?.done();
  const written = await writePresentationReport(out, evaluation);
  console.log(formatPresentationSummary(evaluation));
  console.log(`\nReport: ${written.html}\nMetrics: ${written.json}\nTook ${((Date.now() - startMs) / 1000).toFixed(0)} s`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
