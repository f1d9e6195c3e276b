// Builds the face harness page (renderer detection and crop code, driven by the
// tools and tests through Chromium) into out/harness.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { mediapipeWithoutTelemetry } from '../browser/mediapipe-no-telemetry.ts';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  logLevel: 'warn',
  // The tools run the detector for minutes: without this, MediaPipe's usage logger would try to reach Google.
  plugins: [mediapipeWithoutTelemetry()],
  build: {
    outDir: fileURLToPath(new URL('../../out/harness', import.meta.url)),
    emptyOutDir: true,
    target: 'chrome120',
    assetsInlineLimit: 0,
  },
});
