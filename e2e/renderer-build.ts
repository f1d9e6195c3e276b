// Builds the renderer pages into out/renderer with the renderer section of
// electron.vite.config.ts (plain Vite: the browser tests need neither main nor
// preload), skipped when nothing changed since the last build.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InlineConfig } from 'vite';
import { newestMtimeMs } from '../tools/browser/harness-build.ts';

const REPO = fileURLToPath(new URL('../', import.meta.url));
export const RENDERER_DIR = join(REPO, 'out/renderer');
const PAGES = ['lock', 'enrol', 'settings', 'presence'];
const SOURCES = ['renderer', 'preload', 'models/files/face_detection_short_range.tflite', 'electron.vite.config.ts', 'tools/browser/mediapipe-no-telemetry.ts'];

function oldestBuiltPageMs(): number {
  return Math.min(...PAGES.map((page) => newestMtimeMs(join(RENDERER_DIR, page, 'index.html'))));
}

let building: Promise<void> | null = null;

export function ensureRendererBuilt(): Promise<void> {
  building ??= (async () => {
    const changedAt = Math.max(...SOURCES.map((source) => newestMtimeMs(join(REPO, source))));
    if (oldestBuiltPageMs() > changedAt) return;
    const { default: config } = (await import('../electron.vite.config.ts')) as { default: { renderer: InlineConfig } };
    const { build } = await import('vite');
    const renderer = config.renderer;
    await build({
      ...renderer,
      configFile: false,
      logLevel: 'warn',
      build: { ...renderer.build, emptyOutDir: true },
    });
  })();
  return building;
}
