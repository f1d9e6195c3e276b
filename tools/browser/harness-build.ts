// Builds the face harness page with Vite when its sources changed since the last build.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const HARNESS_DIR = join(REPO, 'out/harness');
const SOURCES = ['tools/harness', 'tools/browser/mediapipe-no-telemetry.ts', 'renderer/face', 'preload/api.ts', 'models/files'];

/** The newest modification time in a file or folder tree (0 when missing): what a stale-build check compares. */
export function newestMtimeMs(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtimeMs(join(path, name))));
}

let building: Promise<void> | null = null;

export function ensureHarnessBuilt(): Promise<void> {
  building ??= (async () => {
    const builtAt = newestMtimeMs(join(HARNESS_DIR, 'index.html'));
    const changedAt = Math.max(...SOURCES.map((source) => newestMtimeMs(join(REPO, source))));
    if (builtAt > changedAt) return;
    const { build } = await import('vite');
    await build({ configFile: join(REPO, 'tools/harness/vite.config.ts') });
  })();
  return building;
}
