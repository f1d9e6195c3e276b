// Everything a cached result depends on besides the photo, as one string: the embedding cache's
// folder name. The models (by their manifest sha256), the detector's and ONNX runtimes (by
// version), the options, the crop size, and the source of the code that turns pixels into
// those numbers: the renderer's detector wrapper, crops and quality, main's landmarks, head
// pose, alignment and embedder input. Code around them (session options, orchestration,
// scheduling, the harness build) is left out on purpose: other work edits it often without
// changing a number, and every such edit would throw the cache away (one did, mid-measurement).
// A change that does alter results elsewhere needs `eval --no-cache` or a new FORMAT.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { FACE_CROP_SIZE } from '../../preload/api.ts';
import { expectedSha256, modelFileName, type ModelId } from '../../models/model-manifest.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** Bump when the cache's record layout or meaning changes. */
const FORMAT = 1;
/** The models an embedding passes through (not the liveness model), keyed in the identity by file name. */
const MODELS: readonly ModelId[] = ['detector', 'landmarks', 'embedder'];
/** The detector's wasm and the ONNX runtime compute the numbers too. */
const RUNTIMES = ['@mediapipe/tasks-vision', 'onnxruntime-node'];
const NUMERIC_SOURCES = [
  'renderer/face/face-detector.ts', 'renderer/face/frame-analyser.ts', 'renderer/face/crop-geometry.ts', 'renderer/face/quality.ts',
  'main/face/models/landmarker.ts', 'main/face/pipeline/head-pose.ts', 'main/face/pipeline/landmarks68.ts', 'main/face/pipeline/aligner.ts',
  'main/face/math/geometry.ts', 'main/face/models/embedder.ts',
];

export interface IdentityOptions {
  alignment: 'landmarks' | 'box';
  flipTta: boolean;
}

export async function pipelineIdentity(options: IdentityOptions): Promise<string> {
  const code = createHash('sha256');
  for (const file of NUMERIC_SOURCES) code.update(file).update('\0').update(await readFile(`${REPO}${file}`)).update('\0');
  const versions: Record<string, string> = {};
  for (const name of RUNTIMES) versions[name] = JSON.parse(await readFile(`${REPO}node_modules/${name}/package.json`, 'utf8')).version;
  return JSON.stringify({
    format: FORMAT,
    models: Object.fromEntries(MODELS.map(modelFileName).map((file) => [file, expectedSha256(file) ?? null])),
    runtimes: versions,
    options: { alignment: options.alignment, flipTta: options.flipTta, faceCropSizePx: FACE_CROP_SIZE },
    code: code.digest('hex'),
  });
}
