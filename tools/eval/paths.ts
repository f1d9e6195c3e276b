// Where the tools and tests find the prepared models and the shared photos.
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

export function defaultModelsDir(): string {
  return process.env.FACE_UNLOCK_MODELS_DIR ?? `${REPO}models/files`;
}

/** The labelled photos for tests and development: one setting, `../shared/faces` by default. */
export function facesDir(): string {
  return process.env.FACE_UNLOCK_FACES_DIR ?? fileURLToPath(new URL('../../../shared/faces', import.meta.url));
}
