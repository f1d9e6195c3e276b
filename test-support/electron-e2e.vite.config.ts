// Builds test-support/electron-e2e-main.ts for e2e/electron-app.test.ts: the main section of
// electron.vite.config.ts (its `?asset` handling, its externalised dependencies) with that
// entry, into FACE_UNLOCK_E2E_OUT_DIR/main. The preload and the pages are the app's own
// build (npm run build), which the test links beside it.
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';

const outDir = process.env.FACE_UNLOCK_E2E_OUT_DIR;
if (!outDir) throw new Error('FACE_UNLOCK_E2E_OUT_DIR: where to build the end-to-end entry');

export default defineConfig({
  main: {
    build: {
      outDir: resolve(outDir, 'main'),
      emptyOutDir: true,
      rollupOptions: { input: { index: resolve('test-support/electron-e2e-main.ts') } },
    },
  },
});
