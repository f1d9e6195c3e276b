// The renderer's own detection and crop code, driven from Node by the eval,
// verify and bench tools: photos in, FrameReports out (as base64 to cross CDP).
import { FACE_CROP_SIZE } from '../../preload/api.ts';
import { FaceFinder } from '../../renderer/face/face-detector.ts';
import { FrameAnalyser } from '../../renderer/face/frame-analyser.ts';
import { FACE_ASSETS } from '../../renderer/face/face-assets.ts';

export interface HarnessFace {
  faceCropB64: string;
  contextCropB64: string;
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

/**
 * Analyses an encoded photo. With `cameraFrame`, the photo is first letterboxed into a
 * frame of that size, as a webcam would deliver it (faces then have webcam sizes).
 */
async function analyseBytes(base64: string, cameraFrame?: { width: number; height: number }): Promise<HarnessResult> {
  if (!analyser) throw new Error('harness not initialised');
  const t0 = performance.now();
  let bitmap: ImageBitmap;
  try {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    bitmap = await createImageBitmap(new Blob([bytes]), { imageOrientation: 'from-image' });
  } catch (error) {
    return { status: 'unreadable', detail: String(error), timingsMs: { decode: performance.now() - t0 } };
  }
  const t1 = performance.now();
  const source = cameraFrame ? letterbox(bitmap, cameraFrame.width, cameraFrame.height) : bitmap;
  const { report, timingsMs: stageMs } = analyser.analyse(source, source.width, source.height);
  bitmap.close();
  const timingsMs = { decode: t1 - t0, ...stageMs };
  const face = report.face;
  return {
    status: 'ok',
    frameWidthPx: report.frameWidthPx,
    frameHeightPx: report.frameHeightPx,
    faceCount: report.faceCount,
    timingsMs,
    face: face && {
      faceCropB64: toBase64(face.faceCrop),
      contextCropB64: toBase64(face.contextCrop),
      boxInCrop: face.boxInCrop,
      boxInFrame: face.boxInFrame,
      detectorScore: face.detectorScore,
      quality: { ...face.quality },
      thumbDataUrl: thumbnail(face.faceCrop, 64),
    },
  };
}

function letterbox(bitmap: ImageBitmap, width: number, height: number): OffscreenCanvas {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  const scale = Math.min(width / bitmap.width, height / bitmap.height);
  const [w, h] = [bitmap.width * scale, bitmap.height * scale];
  context.fillStyle = '#000';
  context.fillRect(0, 0, width, height);
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, (width - w) / 2, (height - h) / 2, w, h);
  return canvas;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
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

Object.assign(window, { faceHarness: { init, analyseBytes } });
