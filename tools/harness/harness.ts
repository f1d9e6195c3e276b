// The renderer's own detection and crop code, driven from Node by the eval,
// verify and bench tools: photos in, FrameReports out (as base64 to cross CDP).
import { FACE_CROP_SIZE } from '../../preload/api.ts';
import { FaceFinder } from '../../renderer/face/face-detector.ts';
import { FrameAnalyser } from '../../renderer/face/frame-analyser.ts';
import { FACE_ASSETS } from '../../renderer/face/face-assets.ts';

export interface HarnessFace {
  faceCropB64: string;
  /** Null when the caller did not ask for it. */
  contextCropB64: string | null;
  boxInCrop: { x: number; y: number; width: number; height: number };
  boxInFrame: { x: number; y: number; width: number; height: number };
  detectorScore: number;
  quality: Record<string, number>;
  thumbDataUrl: string;
}

export type HarnessResult =
  | { status: 'unreadable'; detail: string; timingsMs: Record<string, number> }
  | {
      status: 'ok';
      frameWidthPx: number;
      frameHeightPx: number;
      faceCount: number;
      face?: HarnessFace;
      timingsMs: Record<string, number>;
    };

let analyser: FrameAnalyser | null = null;

async function init(): Promise<void> {
  const finder = await FaceFinder.createFromOptions({ ...FACE_ASSETS, runningMode: 'IMAGE' });
  analyser = new FrameAnalyser(finder);
}

export interface HarnessJob {
  /** The encoded photo. */
  photoB64: string;
  /**
   * When given, the photo is first scaled into a frame of that size, as a webcam would deliver
   * it: letterboxed (a photo shown whole), or with `bars: false` fitted without black bars (a
   * camera's own frames: see tools/eval-liveness/decode.ts).
   */
  cameraFrame?: { width: number; height: number; bars?: boolean };
}

/**
 * Analyses a batch of photos in one DevTools round trip (each costs milliseconds). With
 * `contextCrop` false only the face crop comes back (eval has no use for the liveness crop).
 * Decoding ahead gained nothing measurable (50.5 against 48.1 photos/s on lfw, one run each)
 * once eval keeps several batches in flight, and it made `decode` time the wait for the page.
 */
async function analysePhotos(jobs: HarnessJob[], options: { contextCrop: boolean }): Promise<HarnessResult[]> {
  if (!analyser) throw new Error('harness not initialised');
  const results: HarnessResult[] = [];
  for (const job of jobs) {
    const decoded = await decodePhoto(job.photoB64);
    if ('error' in decoded) {
      results.push({ status: 'unreadable', detail: decoded.error, timingsMs: { decode: decoded.decodeMs } });
      continue;
    }
    const source = job.cameraFrame ? inCameraFrame(decoded.bitmap, job.cameraFrame) : decoded.bitmap;
    const { report, timingsMs: stageMs } = analyser.analyse(source, source.width, source.height);
    decoded.bitmap.close();
    const face = report.face;
    results.push({
      status: 'ok',
      frameWidthPx: report.frameWidthPx,
      frameHeightPx: report.frameHeightPx,
      faceCount: report.faceCount,
      timingsMs: { decode: decoded.decodeMs, ...stageMs },
      face: face && {
        faceCropB64: toBase64(face.faceCrop),
        contextCropB64: options.contextCrop ? toBase64(face.contextCrop) : null,
        boxInCrop: face.boxInCrop,
        boxInFrame: face.boxInFrame,
        detectorScore: face.detectorScore,
        quality: { ...face.quality },
        thumbDataUrl: thumbnail(face.faceCrop, 64),
      },
    });
  }
  return results;
}

type Decoded = { bitmap: ImageBitmap; decodeMs: number } | { error: string; decodeMs: number };

async function decodePhoto(base64: string): Promise<Decoded> {
  const t0 = performance.now();
  try {
    const blob = new Blob([fromBase64(base64)]);
    return { bitmap: await createImageBitmap(blob, { imageOrientation: 'from-image' }), decodeMs: performance.now() - t0 };
  } catch (error) {
    return { error: String(error), decodeMs: performance.now() - t0 };
  }
}

// Typed arrays have native base64 in current Chromium (156 here); the loops are the fallback.
interface Base64Codec {
  fromBase64?: (text: string) => Uint8Array<ArrayBuffer>;
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const native = (Uint8Array as unknown as Base64Codec).fromBase64;
  return native ? native(text) : Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

function toBase64(bytes: Uint8Array): string {
  const native = (bytes as unknown as { toBase64?: () => string }).toBase64;
  if (native) return native.call(bytes);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function inCameraFrame(bitmap: ImageBitmap, frame: NonNullable<HarnessJob['cameraFrame']>): OffscreenCanvas {
  const scale = Math.min(frame.width / bitmap.width, frame.height / bitmap.height);
  const [w, h] = [bitmap.width * scale, bitmap.height * scale];
  const [width, height] = frame.bars === false ? [Math.round(w), Math.round(h)] : [frame.width, frame.height];
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#000';
  context.fillRect(0, 0, width, height);
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, (width - w) / 2, (height - h) / 2, w, h);
  return canvas;
}

function thumbnail(rgb: Uint8Array, size: number): string {
  const full = new OffscreenCanvas(FACE_CROP_SIZE, FACE_CROP_SIZE);
  const rgba = new Uint8ClampedArray(FACE_CROP_SIZE * FACE_CROP_SIZE * 4);
  for (let i = 0, j = 0; i < rgb.length; i += 3, j += 4) {
    rgba[j] = rgb[i];
    rgba[j + 1] = rgb[i + 1];
    rgba[j + 2] = rgb[i + 2];
    rgba[j + 3] = 255;
  }
  full.getContext('2d')!.putImageData(new ImageData(rgba, FACE_CROP_SIZE, FACE_CROP_SIZE), 0, 0);
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = size;
  const context = canvas.getContext('2d')!;
  context.imageSmoothingQuality = 'high';
  context.drawImage(full, 0, 0, size, size);
  return canvas.toDataURL('image/jpeg', 0.85);
}

Object.assign(window, { faceHarness: { init, analysePhotos } });
