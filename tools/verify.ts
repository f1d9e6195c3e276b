// npm run verify -- --enrol <folder> <image...>: the tutorial's FaceUnlock(images)(x).
// Enrols every photo in <folder> as one centre, then says for each image whether
// it would unlock, and its similarity.
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_THRESHOLD_COSINE, FaceProfile } from '../main/face/recognition/face-profile.ts';
import { PhotoPipeline, type PhotoEmbedding } from './eval/photo-pipeline.ts';

const USAGE = `Usage: npm run verify -- --enrol <folder> <image...> [--threshold ${DEFAULT_THRESHOLD_COSINE}] [--chromium PATH]`;

export interface Verdict {
  file: string;
  accepted: boolean;
  similarityCosine: number | null;
  note: string;
}

export async function verifyPhotos(
  pipeline: PhotoPipeline,
  enrolPaths: string[],
  probePaths: string[],
  thresholdCosine: number,
): Promise<{ enrolled: number; verdicts: Verdict[] }> {
  const embeddings: Float32Array[] = [];
  for (const path of enrolPaths) {
    const result = await pipeline.embedPhoto(path);
    if (result.status === 'face') embeddings.push(result.embedding);
  }
  if (embeddings.length === 0) throw new Error('no face found in any enrolment photo');
  const profile = FaceProfile.fromEmbeddings(embeddings);
  const verdicts: Verdict[] = [];
  for (const path of probePaths) {
    const result = await pipeline.embedPhoto(path);
    if (result.status !== 'face') {
      verdicts.push({ file: path, accepted: false, similarityCosine: null, note: describe(result) });
      continue;
    }
    const similarityCosine = profile.similarity(result.embedding);
    const note = result.faceCount > 1 ? `${result.faceCount} faces, largest used` : '';
    verdicts.push({ file: path, accepted: similarityCosine >= thresholdCosine, similarityCosine, note });
  }
  return { enrolled: embeddings.length, verdicts };
}

function describe(result: PhotoEmbedding): string {
  return result.status === 'unreadable' ? `unreadable: ${result.detail}` : 'no face found';
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      enrol: { type: 'string' },
      threshold: { type: 'string', default: String(DEFAULT_THRESHOLD_COSINE) },
      chromium: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || !values.enrol || positionals.length === 0) {
    console.log(USAGE);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const thresholdCosine = Number(values.threshold);
  if (!Number.isFinite(thresholdCosine) || thresholdCosine < -1 || thresholdCosine > 1) {
    throw new Error(`--threshold must be a cosine in [-1, 1], got "${values.threshold}"`);
  }
  const enrolDir = resolve(values.enrol);
  const enrolPaths = (await readdir(enrolDir)).filter((name) => !name.startsWith('.')).sort().map((name) => join(enrolDir, name));
  const pipeline = await PhotoPipeline.createFromOptions({ chromiumPath: values.chromium });
  try {
    const { enrolled, verdicts } = await verifyPhotos(pipeline, enrolPaths, positionals.map((p) => resolve(p)), thresholdCosine);
    console.log(`Enrolled ${enrolled} of ${enrolPaths.length} photos from ${enrolDir}; threshold ${thresholdCosine}`);
    for (const verdict of verdicts) {
      const similarity = verdict.similarityCosine === null ? '   —  ' : verdict.similarityCosine.toFixed(4);
      console.log(`${verdict.accepted ? 'ACCEPTED' : 'rejected'}  ${similarity}  ${verdict.file}${verdict.note ? `  (${verdict.note})` : ''}`);
    }
  } finally {
    await pipeline.dispose();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: Error) => {
    console.error(`verify: ${error.message}`);
    process.exitCode = 1;
  });
}
