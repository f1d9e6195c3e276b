// One build for Electron's three processes (electron-vite): main and preload are
// bundled for Node/Electron, the renderer pages for Chromium with the detector's
// wasm and model as hashed local assets.
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { mediapipeWithoutTelemetry } from './tools/browser/mediapipe-no-telemetry.ts';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve('main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // Sandboxed preloads cannot load ES modules: one CommonJS file.
      rollupOptions: { input: { index: resolve('preload/index.ts') }, output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: resolve('renderer'),
    base: './',
    // MediaPipe's usage logger is cut out of its bundle (see the plugin), in the build and in
    // the dev server's pre-bundled copy of the package, which the build's plugins never see.
    plugins: [mediapipeWithoutTelemetry()],
    optimizeDeps: { rolldownOptions: { plugins: [mediapipeWithoutTelemetry()] } },
    build: {
      outDir: resolve('out/renderer'),
      target: 'chrome130',
      assetsInlineLimit: 0,
      rollupOptions: {
        input: {
          lock: resolve('renderer/lock/index.html'),
          enrol: resolve('renderer/enrol/index.html'),
          settings: resolve('renderer/settings/index.html'),
          presence: resolve('renderer/presence/index.html'),
        },
      },
    },
  },
});
