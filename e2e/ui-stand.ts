// The stand the UI tests run on: the built renderer pages on a loopback server, headless
// Chromium whose camera plays a real face, and helpers to open a page behind the test
// bridge, record what it asks main, and keep screenshots for the README.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import type { FaceFrame, FrameReport } from '../preload/api.ts';
import { findChromium, launchChromium } from '../tools/browser/chromium.ts';
import { startStaticServer, type StaticServer } from '../tools/browser/static-server.ts';
import { facesDir } from '../tools/eval/paths.ts';
import { installBridge, type BridgeContext, type BridgeHandlers } from './bridge.ts';
import { ensureRendererBuilt, RENDERER_DIR } from './renderer-build.ts';

export const SEED_FACES = join(facesDir(), 'seed');
const CAMERA_PHOTO = join(SEED_FACES, 'faces_test/me_test.jpg');
const SCREENSHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
/** Set to 1 to rewrite the committed screenshots; otherwise they go to a temporary folder. */
const UPDATE_SCREENSHOTS = process.env.FACE_UNLOCK_UPDATE_SCREENSHOTS === '1';
const MAX_SCREENSHOT_BYTES = 200 * 1024;

/** Why the UI tests cannot run here, or false. */
export function uiStandMissing(): string | false {
  if (!findChromium()) return 'Chromium not found';
  if (!existsSync(CAMERA_PHOTO)) return `no photo at ${CAMERA_PHOTO}`;
  if (spawnSync('ffmpeg', ['-version']).status !== 0) return 'ffmpeg not found';
  return false;
}

export interface Call {
  channel: string;
  payload: unknown;
  context: BridgeContext;
}

// Plain page script (not a compiled function): records every camera stream, or refuses the camera.
const TRACK_STREAMS = `(() => {
  const devices = navigator.mediaDevices;
  const original = devices.getUserMedia.bind(devices);
  window.__testStreams = [];
  devices.getUserMedia = async (constraints) => {
    if (window.__testDenyCamera) throw new DOMException('Permission denied', 'NotAllowedError');
    const stream = await original(constraints);
    window.__testStreams.push(stream);
    return stream;
  };
})();`;

export interface OpenPageOptions {
  denyCamera?: boolean;
  viewport?: { width: number; height: number };
}

export class UiStand {
  private readonly screenshotDir: string;

  private constructor(
    private readonly browser: Browser,
    private readonly server: StaticServer,
    private readonly tempDir: string,
  ) {
    this.screenshotDir = UPDATE_SCREENSHOTS ? SCREENSHOTS : join(tempDir, 'screenshots');
    mkdirSync(this.screenshotDir, { recursive: true });
  }

  static async start(): Promise<UiStand> {
    await ensureRendererBuilt();
    const tempDir = mkdtempSync(join(tmpdir(), 'face-unlock-ui-'));
    const video = join(tempDir, 'face.y4m');
    // A portrait photo framed as a 4:3 webcam would see it (blurred sides instead of
    // black bars, the face at arm's length), played in a loop as the camera.
    const frame640x480 =
      '[0]split[a][b];[a]scale=640:-2,crop=640:480:0:200,boxblur=24:2[bg];' +
      '[b]scale=-2:620,crop=465:480:0:70[fg];[bg][fg]overlay=(W-w)/2:0,format=yuv420p';
    execFileSync('ffmpeg', [
      '-loglevel', 'error', '-y', '-loop', '1', '-i', CAMERA_PHOTO, '-t', '3', '-r', '10',
      '-filter_complex', frame640x480, '-color_range', 'tv', video,
    ]);
    const browser = await launchChromium({ fakeVideoPath: video });
    const server = await startStaticServer({ renderer: RENDERER_DIR });
    return new UiStand(browser, server, tempDir);
  }

  /** The URL a page is served at, e.g. pageUrl('lock/index.html'). */
  pageUrl(path: string): string {
    return `${this.server.url}renderer/${path}`;
  }

  /** Opens a page, behind the bridge with `handlers` (none: no bridge at all). */
  async openPage(path: string, handlers: BridgeHandlers | null, options: OpenPageOptions = {}): Promise<{ page: Page; errors: string[] }> {
    const page = await this.browser.newPage({ viewport: options.viewport ?? { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // A CSP refusal (an inline style, a remote load) is only a console message: count it as an error.
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) errors.push(message.text());
    });
    if (options.denyCamera) await page.addInitScript({ content: 'window.__testDenyCamera = true;' });
    await page.addInitScript({ content: TRACK_STREAMS });
    if (handlers) await installBridge(page, handlers);
    await page.goto(this.pageUrl(path));
    return { page, errors };
  }

  /** Saves a PNG of the page (the README's pictures) and checks it stays small. */
  async screenshot(page: Page, name: string, fullPage = false): Promise<void> {
    const path = join(this.screenshotDir, `${name}.png`);
    await page.screenshot({ path, animations: 'disabled', caret: 'hide', fullPage });
    assert.ok(statSync(path).size <= MAX_SCREENSHOT_BYTES, `${name}.png is over 200 KB`);
  }

  async close(): Promise<void> {
    await this.browser.close();
    await this.server.close();
    rmSync(this.tempDir, { recursive: true, force: true });
  }
}

/** Handlers that record every call before answering with `answer`. */
export function recorded(answers: Record<string, (payload: unknown) => unknown>): { handlers: BridgeHandlers; calls: Call[] } {
  const calls: Call[] = [];
  const handlers: BridgeHandlers = {};
  for (const [channel, answer] of Object.entries(answers)) {
    handlers[channel] = async (payload, context) => {
      calls.push({ channel, payload, context });
      return answer(payload);
    };
  }
  return { handlers, calls };
}

export const callsOn = (calls: Call[], channel: string): Call[] => calls.filter((call) => call.channel === channel);

export async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** readyState of every camera track the page ever opened ('live' or 'ended'). */
export const trackStates = (page: Page): Promise<string[]> =>
  page.evaluate('window.__testStreams.flatMap((stream) => stream.getTracks()).map((track) => track.readyState)') as Promise<string[]>;

export function isFaceFrame(report: FrameReport): report is FrameReport & { face: FaceFrame } {
  return report.face !== undefined;
}
