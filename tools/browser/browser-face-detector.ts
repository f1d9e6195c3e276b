// Runs the renderer's detection and crop code in headless Chromium on photo files,
// so the tools measure exactly what the lock screen does.
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import type { FaceFrame, FrameReport } from '../../preload/api.ts';
import { describeUnreadable, toBrowserImage } from '../eval/image-format.ts';
import type { HarnessJob, HarnessResult } from '../harness/harness.ts';
import { ensureHarnessBuilt, HARNESS_DIR } from './harness-build.ts';
import { launchChromium } from './chromium.ts';
import { startStaticServer, type StaticServer } from './static-server.ts';

type Analysis<Face> =
  | { status: 'unreadable'; detail: string; timingsMs: Record<string, number> }
  | { status: 'noFace'; frameWidthPx: number; frameHeightPx: number; timingsMs: Record<string, number> }
  | {
      status: 'face';
      frameWidthPx: number;
      frameHeightPx: number;
      faceCount: number;
      face: Face;
      thumbDataUrl: string;
      timingsMs: Record<string, number>;
    };

export type PhotoAnalysis = Analysis<FaceFrame>;
/** What eval needs: everything but the liveness model's context crop. */
export type FaceCropAnalysis = Analysis<Omit<FaceFrame, 'contextCrop'>>;

export interface BrowserFaceDetectorOptions {
  chromiumPath?: string;
}

export interface PhotoBytes {
  bytes: Uint8Array;
  /** When given, the photo is scaled into a frame of that size first, as a webcam frame (HarnessJob.cameraFrame). */
  cameraFrame?: CameraFrameSize;
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

  /** With `cameraFrame`, the photo is scaled into a frame of that size first, as a webcam frame. */
  async analyseBytes(bytes: Uint8Array, cameraFrame?: CameraFrameSize): Promise<PhotoAnalysis> {
    const [analysis] = await this.analyseBatch([{ bytes, cameraFrame }], { contextCrop: true });
    return analysis as PhotoAnalysis;
  }

  /**
   * Several photos in one DevTools round trip. One photo a call, awaited, took 39 ms a photo of
   * which 11 ms were decoding, detection and crops; eval keeps two calls in flight, and with
   * Chromium's own base64 codec and no context crop Chromium's CPU fell from 21 to 14 ms a
   * photo (lfw photos, this machine).
   */
  analyseBatch(photos: readonly PhotoBytes[], options: { contextCrop: true }): Promise<PhotoAnalysis[]>;
  analyseBatch(photos: readonly PhotoBytes[], options: { contextCrop: false }): Promise<FaceCropAnalysis[]>;
  async analyseBatch(photos: readonly PhotoBytes[], options: { contextCrop: boolean }): Promise<FaceCropAnalysis[]> {
    const prepared = await Promise.all(photos.map(async (photo) => ({ ...photo, image: await toBrowserImage(photo.bytes) })));
    const jobs: HarnessJob[] = [];
    for (const photo of prepared) {
      if (photo.image.ok) jobs.push({ photoB64: Buffer.from(photo.image.bytes).toString('base64'), cameraFrame: photo.cameraFrame });
    }
    const results = await this.page.evaluate(
      ([batch, batchOptions]) => (window as unknown as HarnessWindow).faceHarness.analysePhotos(batch, batchOptions),
      [jobs, options] as const,
    );
    let next = 0;
    return prepared.map((photo) =>
      photo.image.ok ? analysisOf(results[next++], photo.bytes) : { status: 'unreadable', detail: photo.image.detail, timingsMs: {} });
  }

  async dispose(): Promise<void> {
    await this.browser.close();
    await this.server.close();
  }
}

function analysisOf(result: HarnessResult, bytes: Uint8Array): FaceCropAnalysis | PhotoAnalysis {
  if (result.status === 'unreadable') return { ...result, detail: describeUnreadable(bytes, result.detail) };
  const { face, frameWidthPx, frameHeightPx, faceCount, timingsMs } = result;
  if (!face) return { status: 'noFace', frameWidthPx, frameHeightPx, timingsMs };
  const faceFrame: Omit<FaceFrame, 'contextCrop'> = {
    faceCrop: new Uint8Array(Buffer.from(face.faceCropB64, 'base64')),
    boxInCrop: face.boxInCrop,
    boxInFrame: face.boxInFrame,
    detectorScore: face.detectorScore,
    quality: face.quality as unknown as FaceFrame['quality'],
  };
  const withContext = face.contextCropB64 === null ? faceFrame : { ...faceFrame, contextCrop: new Uint8Array(Buffer.from(face.contextCropB64, 'base64')) };
  return { status: 'face', frameWidthPx, frameHeightPx, faceCount, timingsMs, thumbDataUrl: face.thumbDataUrl, face: withContext };
}

export interface CameraFrameSize {
  width: number;
  height: number;
  /** False: fitted without black bars (a camera's own frames); letterboxed otherwise. */
  bars?: boolean;
}

interface HarnessWindow {
  faceHarness: { init(): Promise<void>; analysePhotos(jobs: HarnessJob[], options: { contextCrop: boolean }): Promise<HarnessResult[]> };
}

/** What the renderer would send for this photo: the bridge's FrameReport. */
export function frameReportOf(analysis: PhotoAnalysis): FrameReport | null {
  if (analysis.status === 'unreadable') return null;
  if (analysis.status === 'noFace') return { frameWidthPx: analysis.frameWidthPx, frameHeightPx: analysis.frameHeightPx, faceCount: 0 };
  return { frameWidthPx: analysis.frameWidthPx, frameHeightPx: analysis.frameHeightPx, faceCount: analysis.faceCount, face: analysis.face };
}
