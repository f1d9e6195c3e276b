// Runs the renderer's detection and crop code in headless Chromium on photo files,
// so the tools measure exactly what the lock screen does.
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import type { FaceFrame, FrameReport } from '../../preload/api.ts';
import type { HarnessResult } from '../harness/harness.ts';
import { ensureHarnessBuilt, HARNESS_DIR } from './harness-build.ts';
import { launchChromium } from './chromium.ts';
import { startStaticServer, type StaticServer } from './static-server.ts';

export type PhotoAnalysis =
  | { status: 'unreadable'; detail: string; timingsMs: Record<string, number> }
  | { status: 'noFace'; frameWidthPx: number; frameHeightPx: number; timingsMs: Record<string, number> }
  | {
      status: 'face';
      frameWidthPx: number;
      frameHeightPx: number;
      faceCount: number;
      face: FaceFrame;
      thumbDataUrl: string;
      timingsMs: Record<string, number>;
    };

export interface BrowserFaceDetectorOptions {
  chromiumPath?: string;
}

export class BrowserFaceDetector {
  private constructor(
    private readonly browser: Browser,
    private readonly server: StaticServer,
    private readonly page: Page,
  ) {}

  static async createFromOptions(options: BrowserFaceDetectorOptions = {}): Promise<BrowserFaceDetector> {
    await ensureHarnessBuilt();
    const browser = await launchChromium({ executablePath: options.chromiumPath });
    const server = await startStaticServer({ harness: HARNESS_DIR });
    try {
      const page = await browser.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(`${server.url}harness/index.html`);
      await page.waitForFunction(() => 'faceHarness' in window);
      await page.evaluate(() => (window as unknown as HarnessWindow).faceHarness.init());
      if (pageErrors.length > 0) throw new Error(`face harness failed: ${pageErrors.join('; ')}`);
      return new BrowserFaceDetector(browser, server, page);
    } catch (error) {
      await browser.close();
      await server.close();
      throw error;
    }
  }

  async analyseFile(path: string, cameraFrame?: CameraFrameSize): Promise<PhotoAnalysis> {
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (error) {
      return { status: 'unreadable', detail: (error as Error).message, timingsMs: {} };
    }
    return this.analyseBytes(bytes, cameraFrame);
  }

  /** With `cameraFrame`, the photo is letterboxed into a frame of that size first, as a webcam frame. */
  async analyseBytes(bytes: Uint8Array, cameraFrame?: CameraFrameSize): Promise<PhotoAnalysis> {
    const base64 = Buffer.from(bytes).toString('base64');
    const result = await this.page.evaluate(
      ([data, frame]) => (window as unknown as HarnessWindow).faceHarness.analyseBytes(data, frame),
      [base64, cameraFrame] as const,
    );
    if (result.status === 'unreadable') return result;
    const { face, frameWidthPx, frameHeightPx, faceCount, timingsMs } = result;
    if (!face) return { status: 'noFace', frameWidthPx, frameHeightPx, timingsMs };
    return {
      status: 'face',
      frameWidthPx,
      frameHeightPx,
      faceCount,
      timingsMs,
      thumbDataUrl: face.thumbDataUrl,
      face: {
        faceCrop: new Uint8Array(Buffer.from(face.faceCropB64, 'base64')),
        contextCrop: new Uint8Array(Buffer.from(face.contextCropB64, 'base64')),
        boxInCrop: face.boxInCrop,
        boxInFrame: face.boxInFrame,
        detectorScore: face.detectorScore,
        quality: face.quality as unknown as FaceFrame['quality'],
      },
    };
  }

  async close(): Promise<void> {
    await this.browser.close();
    await this.server.close();
  }
}

export interface CameraFrameSize {
  width: number;
  height: number;
}

interface HarnessWindow {
  faceHarness: { init(): Promise<void>; analyseBytes(base64: string, frame?: CameraFrameSize): Promise<HarnessResult> };
}

/** What the renderer would send for this photo: the bridge's FrameReport. */
export function frameReportOf(analysis: PhotoAnalysis): FrameReport | null {
  if (analysis.status === 'unreadable') return null;
  if (analysis.status === 'noFace') return { frameWidthPx: analysis.frameWidthPx, frameHeightPx: analysis.frameHeightPx, faceCount: 0 };
  return { frameWidthPx: analysis.frameWidthPx, frameHeightPx: analysis.frameHeightPx, faceCount: analysis.faceCount, face: analysis.face };
}
