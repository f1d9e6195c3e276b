// Where the Electron binary is, without triggering electron's lazy download (it
// cannot reach GitHub here, and a test must say it skipped, not hang).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ELECTRON_DIR = fileURLToPath(new URL('../node_modules/electron/', import.meta.url));

export function findElectronBinary(): string | null {
  const pathFile = join(ELECTRON_DIR, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(ELECTRON_DIR, 'dist');
  const binary = join(dist, relative);
  return existsSync(binary) ? binary : null;
}
