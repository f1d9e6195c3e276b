// npm run eval-liveness -- <liveDir> <spoofDir> [--out DIR]: passive anti-spoofing measured on
// the product's path (renderer crop in Chromium → PassiveLiveness), with APCER/BPCER/EER, a
// self-contained HTML report and metrics.json.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PASSIVE_THRESHOLDS } from '../main/face/liveness.ts';
import { collectLivenessScores, listImages } from './eval-liveness/collect.ts';
import { computeLivenessMetrics } from './eval-liveness/metrics.ts';
import { formatLivenessSummary, writeLivenessReport } from './eval-liveness/report.ts';
import { createProgressBar } from './report/terminal.ts';

const USAGE = `Usage: npm run eval-liveness -- <liveDir> <spoofDir> [--out DIR] [--threads N] [--chromium PATH]
  <liveDir>    photos of real faces
  <spoofDir>   photos of attacks; "print" or "screen" in a file name gives its attack type
  --out DIR    where liveness-report.html and metrics.json go (default reports/liveness)`;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: 'string', default: 'reports/liveness' },
      threads: { type: 'string' },
      chromium: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
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
  const written = await writeLivenessReport(resolve(values.out), metrics, collection.photos);
  console.log(formatLivenessSummary(metrics));
  for (const file of collection.noFace) console.log(`no face: ${file}`);
  for (const file of collection.unreadable) console.log(`unreadable: ${file}`);
  console.log(`\nReport: ${written.html}\nMetrics: ${written.json}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
