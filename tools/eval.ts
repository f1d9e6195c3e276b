// npm run eval -- <ImageFolder> [--out DIR]: the tutorial's figures and honest
// accuracy numbers, measured on the product's own pipeline.
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { cosineMatrix } from '../main/face/vectors.ts';
import { pca } from '../main/face/pca.ts';
import { rocCurve } from '../main/face/roc.ts';
import { collectFaces } from './eval/collect.ts';
import { listImageFolder } from './eval/image-folder.ts';
import { computeEvalMetrics } from './eval/metrics.ts';
import { PhotoPipeline } from './eval/photo-pipeline.ts';
import { writeReport } from './report/html-report.ts';
import { createProgressBar, formatSummaryTable } from './report/terminal.ts';

const USAGE = `Usage: npm run eval -- <ImageFolder> [--out DIR] [--target-far 1e-3] [--enrol 5] [--draws 20]
                         [--seed 1] [--flip] [--alignment landmarks|box] [--threads N] [--chromium PATH]
  <ImageFolder>  photos as <folder>/<person>/<image>
  --out DIR      where index.html, metrics.json and the figures go (default reports/<folder name>)`;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      'target-far': { type: 'string', default: '1e-3' },
      enrol: { type: 'string', default: '5' },
      draws: { type: 'string', default: '20' },
      seed: { type: 'string', default: '1' },
      flip: { type: 'boolean', default: false },
      alignment: { type: 'string', default: 'landmarks' },
      threads: { type: 'string' },
      chromium: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || positionals.length !== 1) {
    console.log(USAGE);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const folder = resolve(positionals[0]);
  const outDir = resolve(values.out ?? `reports/${basename(folder)}`);
  const options = {
    targetFar: positiveNumber(values['target-far'], '--target-far'),
    enrolCount: positiveNumber(values.enrol, '--enrol'),
    draws: positiveNumber(values.draws, '--draws'),
    seed: positiveNumber(values.seed, '--seed'),
  };

  if (values.alignment !== 'landmarks' && values.alignment !== 'box') throw new Error(`--alignment must be landmarks or box, got "${values.alignment}"`);
  const photos = await listImageFolder(folder);
  const pipeline = await PhotoPipeline.createFromOptions({
    chromiumPath: values.chromium,
    flipTta: values.flip,
    alignment: values.alignment,
    threads: values.threads ? positiveNumber(values.threads, '--threads') : undefined,
  });
  const progress = createProgressBar({ total: photos.length, label: 'embedding' });
  const collection = await collectFaces(pipeline, photos, (photo) => progress.tick(photo.file)).finally(async () => {
    progress.done();
    await pipeline.close();
  });
  if (collection.faces.length < 2) throw new Error(`only ${collection.faces.length} face(s) found: nothing to compare`);

  const { metrics, genuine, impostor } = computeEvalMetrics(collection, options);
  const projection = pca(collection.faces.map((face) => face.embedding), 2);
  const roc = rocCurve(genuine, impostor);
  const written = await writeReport(outDir, {
    title: basename(folder),
    datasetPath: folder,
    createdIso: new Date().toISOString(),
    faces: collection.faces.map(({ embedding: _embedding, ...face }) => face),
    similarity: cosineMatrix(collection.faces.map((face) => face.embedding)),
    pca2d: projection.projected,
    pcaExplained: [projection.explainedVarianceRatio[0], projection.explainedVarianceRatio[1]],
    genuineScores: genuine,
    impostorScores: impostor,
    roc: { far: roc.far, tar: roc.tar },
    metrics,
    problems: collection.problems,
  });
  console.log(formatSummaryTable(metrics));
  console.log(`\nReport: ${written.htmlPath}\nMetrics: ${written.metricsPath}`);
}

function positiveNumber(text: string | undefined, name: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${text}"`);
  return value;
}

main().catch((error: Error) => {
  console.error(`eval: ${error.message}`);
  process.exitCode = 1;
});
