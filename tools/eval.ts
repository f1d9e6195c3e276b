// npm run eval -- <ImageFolder> [--out DIR]: the tutorial's figures and honest
// accuracy numbers, measured on the product's own pipeline.
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { cosineMatrix } from '../main/face/math/vectors.ts';
import { pca } from './math/pca.ts';
import { collectFacesShowingProgress, type EmbeddedFace } from './eval/collect.ts';
import { defaultCacheDir } from './eval/embedding-cache.ts';
import { listImageFolder } from './eval/image-folder.ts';
import { computeEvalMetrics } from './eval/metrics.ts';
import { DEFAULT_SCALE_TARGETS } from './eval/scale-metrics.ts';
import { COHORT_JSON, defaultCohortDir, loadCohort, withoutCohortPhotos, type LoadedCohort } from './cohort/cohort-file.ts';
import { PhotoPipeline } from './eval/photo-pipeline.ts';
import { sampleByPerson } from './report/face-figures.ts';
import { writeReport } from './report/html-report.ts';
import { formatScaleTable, formatSummaryTable } from './report/terminal.ts';

const USAGE = `Usage: npm run eval -- <ImageFolder> [--out DIR] [--target-far 1e-3] [--enrol 5] [--draws 20]
                         [--seed 1] [--flip] [--alignment landmarks|box] [--threads N] [--workers N]
                         [--cache DIR | --no-cache] [--chromium PATH]
                         [--far-at 1e-4,2e-5,1e-5] [--fuse 3] [--cohort DIR | --no-cohort]
  <ImageFolder>  photos as <folder>/<person>/<image>, any of JPEG, PNG, WebP, GIF, BMP, AVIF,
                 PGM/PPM or TIFF, read by content (the file name's extension does not matter)
  --out DIR      where index.html, metrics.json and the figures go (default reports/<folder name>)
  --cache DIR    where results are kept by the photo's sha256, so a second run embeds nothing
                 again (default ${defaultCacheDir()}); --no-cache computes everything
  --workers N    threads embedding in Node (default: one per core)
  --far-at LIST  target FARs of the "false accepts at scale" section (default ${DEFAULT_SCALE_TARGETS.join(',')})
  --fuse N       photos fused into one probe in that section's fused arm (default 3)
  --cohort DIR   the cohort (npm run build-cohort) for the product's calibrated thresholds; its
                 photos are left out of every measurement (default models/cohort when it exists);
                 --no-cohort skips it`;

/** Faces drawn in the similarity matrix and the PCA plot: past these a figure cannot show each one. */
const MAX_HEATMAP_FACES = 500;
const MAX_PCA_FACES = 2000;

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
      workers: { type: 'string' },
      cache: { type: 'string' },
      'no-cache': { type: 'boolean', default: false },
      chromium: { type: 'string' },
      'far-at': { type: 'string', default: DEFAULT_SCALE_TARGETS.join(',') },
      fuse: { type: 'string', default: '3' },
      cohort: { type: 'string' },
      'no-cohort': { type: 'boolean', default: false },
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
  const targets = (values['far-at'] ?? '').split(',').filter((t) => t.trim() !== '').map((t) => positiveNumber(t.trim(), '--far-at'));
  if (targets.some((t) => t >= 1)) throw new Error('--far-at: every target FAR must be below 1');
  const fuse = positiveNumber(values.fuse, '--fuse');
  if (!Number.isInteger(fuse)) throw new Error(`--fuse must be a whole number, got "${values.fuse}"`);
  const cohort = await cohortOf(values.cohort, values['no-cohort']);
  let photos = await listImageFolder(folder);
  let photosLeftOut = 0;
  if (cohort?.photoHashes) {
    ({ kept: photos, leftOut: photosLeftOut } = await withoutCohortPhotos(photos, cohort.photoHashes));
    console.error(`cohort ${cohort.dir}: ${photosLeftOut} of this folder's photos are cohort photos, left out of every measurement`);
  } else if (cohort) {
    console.error(`cohort ${cohort.dir}: no photo list beside it, so no photo is left out (its faces may also be measured here)`);
  }
  const pipeline = await PhotoPipeline.createFromOptions({
    chromiumPath: values.chromium,
    flipTta: values.flip,
    alignment: values.alignment,
    threads: values.threads ? positiveNumber(values.threads, '--threads') : undefined,
    embedWorkers: values.workers ? positiveNumber(values.workers, '--workers') : undefined,
    cacheDir: values['no-cache'] ? undefined : resolve(values.cache ?? defaultCacheDir()),
  });
  const collection = await collectFacesShowingProgress(pipeline, photos);
  if (collection.faces.length < 2) throw new Error(`only ${collection.faces.length} face(s) found: nothing to compare`);

  console.error(`scoring ${collection.faces.length} faces: every pair, and the enrol-${options.enrolCount} protocol…`);
  const { metrics, histograms, roc } = await computeEvalMetrics(collection, { ...options, scale: { targets, fuse, cohort, photosLeftOut } });
  const report = ({ embedding: _embedding, yawDegrees: _yaw, ...face }: EmbeddedFace) => face;
  const heatmapFaces = sampleByPerson(collection.faces, MAX_HEATMAP_FACES).map((i) => collection.faces[i]);
  const pcaFaces = sampleByPerson(collection.faces, MAX_PCA_FACES).map((i) => collection.faces[i]);
  const projection = pca(pcaFaces.map((face) => face.embedding), 2);
  const written = await writeReport(outDir, {
    title: basename(folder),
    datasetPath: folder,
    createdIso: new Date().toISOString(),
    faces: collection.faces.map(report),
    heatmap: { faces: heatmapFaces.map(report), similarity: cosineMatrix(heatmapFaces.map((face) => face.embedding)) },
    pca: {
      faces: pcaFaces.map(report),
      points: projection.projected,
      explained: [projection.explainedVarianceRatio[0], projection.explainedVarianceRatio[1]],
    },
    histograms,
    roc,
    metrics,
    problems: collection.problems,
  });
  console.log(formatSummaryTable(metrics));
  if (metrics.atScale) console.log(`\n${formatScaleTable(metrics.atScale)}`);
  console.log(`\nReport: ${written.htmlPath}\nMetrics: ${written.metricsPath}`);
}

/** --cohort DIR, else models/cohort when it holds a cohort; none with --no-cohort. */
async function cohortOf(dir: string | undefined, skip: boolean | undefined): Promise<LoadedCohort | null> {
  if (skip) return null;
  if (dir) return loadCohort(resolve(dir));
  return existsSync(join(defaultCohortDir(), COHORT_JSON)) ? loadCohort(defaultCohortDir()) : null;
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
