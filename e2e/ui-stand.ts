// The stand the UI tests run on: the built renderer pages on a loopback server, headless
// Chromium whose camera plays a scene of real faces (one browser per scene: the fake
// camera is a browser-wide flag), and helpers to open a page behind the test bridge,
// record what it asks main, and keep screenshots for the README.
import assert from 'node:assert/strict';
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
import { FakeCamera, fakeCameraMissing, type CameraScene } from './fake-camera.ts';
import { ensureRendererBuilt, RENDERER_DIR } from './renderer-build.ts';

export const SEED_FACES = join(facesDir(), 'seed');
const SCREENSHOTS = fileURLToPath(new URL('./screenshots/', import.meta.url));
/** Set to 1 to rewrite the committed screenshots; otherwise they go to a temporary folder. */
const UPDATE_SCREENSHOTS = process.env.FACE_UNLOCK_UPDATE_SCREENSHOTS === '1';
// The settings page, full height, is the largest (about 300 KB with every card).
const MAX_SCREENSHOT_BYTES = 320 * 1024;
/**
 * The committed pictures taken with the real main behind the bridge (lock-screen and
 * liveness tests); the scripted UI tests write the others. One author per picture, and
 * none shows a face from seed/faces/me.
 */
const REAL_CORE_SCREENSHOTS: ReadonlySet<string> = new Set([
  'lock-face', 'lock-not-recognised', 'lock-locked-out', 'lock-challenge',
  'enrol-1-camera', 'enrol-2-capture', 'enrol-3-review', 'enrol-4-password', 'enrol-5-test', 'enrol-6-saved', 'enrol-photos',
]);

/** Why the UI tests cannot run here, or false. `seedPhotos`: the test also reads seed/faces. */
export function uiStandMissing({ seedPhotos = true }: { seedPhotos?: boolean } = {}): string | false {
  if (!findChromium()) return 'Chromium not found';
  if (seedPhotos && !existsSync(SEED_FACES)) return `no photos at ${SEED_FACES}`;
  return fakeCameraMissing();
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
  /**
   * What the camera shows; the owner's still photo by default. 'twoCameras': two cameras
   * (as a laptop with a webcam plugged in) showing a test pattern, no face.
   */
  camera?: CameraScene | 'twoCameras';
}

export interface UiStandOptions {
  /** The stand's pages talk to the real main: it writes the REAL_CORE_SCREENSHOTS, and only those. */
  realCore?: boolean;
}

export class UiStand {
  private readonly screenshotDir: string;
  private readonly camera = new FakeCamera();
  private readonly browsers = new Map<CameraScene | 'twoCameras', Promise<Browser>>();

  private constructor(
    private readonly server: StaticServer,
    private readonly tempDir: string,
    private readonly realCore: boolean,
  ) {
    this.screenshotDir = join(tempDir, 'screenshots');
    for (const dir of [this.screenshotDir, ...(UPDATE_SCREENSHOTS ? [SCREENSHOTS] : [])]) mkdirSync(dir, { recursive: true });
  }

  static async start(options: UiStandOptions = {}): Promise<UiStand> {
    await ensureRendererBuilt();
    const tempDir = mkdtempSync(join(tmpdir(), 'face-unlock-ui-'));
    const server = await startStaticServer({ renderer: RENDERER_DIR });
    return new UiStand(server, tempDir, options.realCore ?? false);
  }

  /** The URL a page is served at, e.g. pageUrl('lock/index.html'); pageUrl('') is the pages' origin. */
  pageUrl(path: string): string {
    return `${this.server.url}renderer/${path}`;
  }

  /** Opens a page, behind the bridge with `handlers` (none: no bridge at all). */
  async openPage(path: string, handlers: BridgeHandlers | null, options: OpenPageOptions = {}): Promise<{ page: Page; errors: string[] }> {
    const browser = await this.browserFor(options.camera ?? 'ownerStill');
    const page = await browser.newPage({ viewport: options.viewport ?? { width: 1280, height: 800 } });
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
    if (this.realCore) assert.ok(REAL_CORE_SCREENSHOTS.has(name), `${name} is not a real-core screenshot`);
    const committed = UPDATE_SCREENSHOTS && REAL_CORE_SCREENSHOTS.has(name) === this.realCore;
    const path = join(committed ? SCREENSHOTS : this.screenshotDir, `${name}.png`);
    await page.screenshot({ path, animations: 'disabled', caret: 'hide', fullPage });
    assert.ok(statSync(path).size <= MAX_SCREENSHOT_BYTES, `${name}.png is over ${MAX_SCREENSHOT_BYTES / 1024} KB`);
  }

  async close(): Promise<void> {
    for (const browser of this.browsers.values()) await browser.then((b) => b.close(), () => undefined);
    this.browsers.clear();
    await this.server.close();
    this.camera.dispose();
    rmSync(this.tempDir, { recursive: true, force: true });
  }

  private browserFor(scene: CameraScene | 'twoCameras'): Promise<Browser> {
    let browser = this.browsers.get(scene);
    if (!browser) {
      browser =
        scene === 'twoCameras'
          ? launchChromium({ fakePatternCameras: 2 })
          : launchChromium({ fakeVideoPath: this.camera.videoPath(scene) });
      this.browsers.set(scene, browser);
    }
    return browser;
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
