// Finds and launches the system Chromium (Debian's package in CI) for the tools and
// the renderer end-to-end tests; Playwright never downloads a browser here.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** The Chromium to use: an explicit path, then CHROMIUM_PATH, then the usual system places. */
export function findChromium(explicitPath?: string): string | null {
  for (const candidate of [explicitPath, process.env.CHROMIUM_PATH, ...CANDIDATES]) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  return null;
}

export interface LaunchOptions {
  executablePath?: string;
  /** A .y4m/.mjpeg file played as the camera (Chromium's fake capture device). */
  fakeVideoPath?: string;
  /** Instead of a file: this many fake cameras showing Chromium's test pattern, each with its own device id. */
  fakePatternCameras?: number;
}

export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  const executablePath = findChromium(options.executablePath);
  if (!executablePath) {
    throw new Error('Chromium not found: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH');
  }
  const args = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--disable-sync',
    '--disable-quic',
  ];
  if (options.fakeVideoPath) {
    args.push(
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${options.fakeVideoPath}`,
    );
  } else if (options.fakePatternCameras) {
    // A file gives one camera only; the pattern devices come in any number.
    args.push('--use-fake-ui-for-media-stream', `--use-fake-device-for-media-stream=device-count=${options.fakePatternCameras}`);
  }
  return chromium.launch({ executablePath, args, headless: true });
}
