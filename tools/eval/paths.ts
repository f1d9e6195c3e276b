// Where the tools and tests find the shared labelled photos: one setting,
// FACE_UNLOCK_FACES_DIR, with `../shared/faces` beside the repo as the default.
import { fileURLToPath } from 'node:url';

export function facesDir(): string {
  return process.env.FACE_UNLOCK_FACES_DIR ?? fileURLToPath(new URL('../../../shared/faces', import.meta.url));
}
