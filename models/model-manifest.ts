// What models/manifest.json says about the shipped model files, compiled in: the packaged app
// ships the model files but not the manifest. Every model is located by its id here (file
// name, sha256, output size), never by a file name spelt out. Pure (no Node APIs, no
// onnxruntime), so the renderer checks its detector against the same numbers and
// models/prepare.ts (run before onnxruntime is usable) shares them.
import manifest from './manifest.json' with { type: 'json' };

export type ModelId = 'detector' | 'landmarks' | 'embedder' | 'liveness';

interface ManifestModel {
  id: ModelId;
  file: string;
  /** The file inside the npm tarball. */
  sha256: string;
  /** The file as written to models/files/, when preparation changes it (the detector). */
  preparedSha256?: string;
  output: { shape: number[] }[];
}

const MODELS = manifest.models as ManifestModel[];

function entry(id: ModelId): ManifestModel {
  const model = MODELS.find((candidate) => candidate.id === id);
  if (!model) throw new Error(`no model "${id}" in models/manifest.json`);
  return model;
}

/** The model's file name in the models folder (models/files, or the packaged app's resources). */
export function modelFileName(id: ModelId): string {
  return entry(id).file;
}

/** Length of every face embedding: the embedder's output, [1, EMBEDDING_SIZE]. */
export const EMBEDDING_SIZE: number = entry('embedder').output[0].shape[1];

/**
 * The shipped cohort's matrix (main/face/recognition/cohort.ts), in models/cohort and in the
 * packaged app's resources/cohort. Not a model of the manifest, but named here, in a module
 * without onnxruntime, so that models/prepare.ts shares the one name.
 */
export const COHORT_FILE_NAME = 'face-cohort.bin';

const EXPECTED: ReadonlyMap<string, string> = new Map(MODELS.map((model) => [model.file, model.preparedSha256 ?? model.sha256]));

/** Lower-case hex sha256 the prepared `fileName` must hash to; undefined for a file the manifest does not list. */
export function expectedSha256(fileName: string): string | undefined {
  return EXPECTED.get(fileName);
}

/**
 * Why a model file with this sha256 must not be used, or null when it is the expected file.
 * A file the manifest does not list is refused too: nothing unverified gets loaded.
 */
export function modelHashProblem(fileName: string, actualSha256: string): string | null {
  const expected = expectedSha256(fileName);
  if (expected === undefined) return `${fileName} is not a model listed in models/manifest.json`;
  return actualSha256.toLowerCase() === expected ? null : `${fileName} is damaged or not the expected file (sha256 mismatch)`;
}
