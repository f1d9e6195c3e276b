// One camera frame or photo → the FrameReport that crosses the bridge: detect,
// take the largest face, cut the face and context crops, measure quality.
import {
  CONTEXT_CROP_SIZE,
  FACE_CROP_SIZE,
  MAX_FACES_REPORTED,
  type BoxPx,
  type FaceFrame,
  type FrameReport,
} from '../../preload/api.ts';
import { boxInRegion, contextCropRegion, faceCropRegion, type CropRegion } from './crop-geometry.ts';
import type { DetectedFace, FaceFinder } from './face-detector.ts';
import { pictureArea } from './picture-area.ts';
import { measureQuality } from './quality.ts';

/**
 * A camera's bars do not change from frame to frame: the picture area is found again every
 * this many frames (a full-frame read, ~2 ms at 640×480) and whenever the frame size changes;
 * every photo has its own.
 */
const PICTURE_AREA_EVERY_FRAMES = 30;

export interface FrameAnalysis {
  report: FrameReport;
  /** All faces found, largest first, in frame pixels (for drawing boxes). */
  faces: DetectedFace[];
  timingsMs: { detect: number; crop: number };
}

export type DrawableSource = CanvasImageSource & TexImageSource;

export class FrameAnalyser {
  private readonly canvas = new OffscreenCanvas(FACE_CROP_SIZE, FACE_CROP_SIZE);
  private readonly context: OffscreenCanvasRenderingContext2D;
  private picture: { area: BoxPx; frameWidth: number; frameHeight: number; age: number } | null = null;
  /** The whole frame, read back to find its picture area; kept, and resized only when the frame size changes. */
  private readonly frameCanvas = new OffscreenCanvas(1, 1);
  private readonly frameContext: OffscreenCanvasRenderingContext2D;

  constructor(private readonly finder: FaceFinder) {
    const context = this.canvas.getContext('2d', { willReadFrequently: true });
    const frameContext = this.frameCanvas.getContext('2d', { willReadFrequently: true });
    if (!context || !frameContext) throw new Error('2D canvas is unavailable');
    this.context = context;
    this.frameContext = frameContext;
  }

  analyse(source: DrawableSource, width: number, height: number, timestampMs?: number): FrameAnalysis {
    const t0 = performance.now();
    const faces = this.finder.detect(source, width, height, timestampMs);
    const t1 = performance.now();
    // In a crowd, "many" is all main needs to know.
    const faceCount = Math.min(faces.length, MAX_FACES_REPORTED);
    const report: FrameReport = { frameWidthPx: width, frameHeightPx: height, faceCount };
    const chosen = faces[0];
    if (!chosen) return { report, faces, timingsMs: { detect: t1 - t0, crop: 0 } };

    report.face = this.faceFrame(source, chosen, width, height);
    return { report, faces, timingsMs: { detect: t1 - t0, crop: performance.now() - t1 } };
  }

  /** One found face as the bridge carries it: its face and context crops and their quality. */
  faceFrame(source: DrawableSource, face: DetectedFace, width: number, height: number): FaceFrame {
    const faceRegion = faceCropRegion(face.box);
    const faceCrop = this.cropRgb(source, faceRegion);
    const contextCrop = this.cropRgb(source, contextCropRegion(face.box, this.pictureOf(source, width, height), CONTEXT_CROP_SIZE));
    const boxInCrop = boxInRegion(face.box, faceRegion);
    return {
      faceCrop,
      boxInCrop,
      contextCrop,
      boxInFrame: face.box,
      detectorScore: face.score,
      quality: measureQuality(faceCrop, FACE_CROP_SIZE, boxInCrop, face.box),
    };
  }

  /**
   * Runs detection and the two crops once on a blank frame of the camera's size. The first
   * detection after loading pays for the graph's setup and for wasm code not compiled yet
   * (the face harness's first frame of short_live took 327 ms to detect, ~10 ms warm), and the
   * first crops for the canvas: a page that loads ahead of the lock pays it here, not on the
   * owner's first frame.
   */
  warmUp(width: number, height: number): void {
    const blank = new OffscreenCanvas(width, height);
    const context = blank.getContext('2d');
    if (!context) throw new Error('2D canvas is unavailable');
    context.fillStyle = '#808080';
    context.fillRect(0, 0, width, height);
    const box = { x: width / 4, y: height / 4, width: width / 2, height: height / 2 };
    this.finder.detect(blank, width, height);
    this.cropRgb(blank, faceCropRegion(box));
    this.cropRgb(blank, contextCropRegion(box, this.pictureOf(blank, width, height), CONTEXT_CROP_SIZE));
    this.picture = null;
  }

  /** The frame less any black bars (picture-area.ts), found again as PICTURE_AREA_EVERY_FRAMES says. */
  private pictureOf(source: DrawableSource, width: number, height: number): BoxPx {
    const known = this.picture;
    const fresh = known && known.frameWidth === width && known.frameHeight === height && known.age < PICTURE_AREA_EVERY_FRAMES && this.finder.runningMode === 'VIDEO';
    if (fresh) {
      known.age++;
      return known.area;
    }
    if (this.frameCanvas.width !== width || this.frameCanvas.height !== height) {
      this.frameCanvas.width = width;
      this.frameCanvas.height = height;
    }
    this.frameContext.drawImage(source, 0, 0, width, height);
    const area = pictureArea(this.frameContext.getImageData(0, 0, width, height).data, width, height);
    this.picture = { area, frameWidth: width, frameHeight: height, age: 1 };
    return area;
  }

  /** Resamples a frame region to a square RGB crop; parts outside the frame stay black. */
  private cropRgb(source: DrawableSource, region: CropRegion): Uint8Array {
    const size = region.outputSize;
    if (this.canvas.width !== size) {
      this.canvas.width = size;
      this.canvas.height = size;
    }
    const context = this.context;
    context.imageSmoothingEnabled = true;
    context.imageSmoothingQuality = 'high';
    context.fillStyle = '#000';
    context.fillRect(0, 0, size, size);
    const { x, y, width, height } = region.source;
    context.drawImage(source, x, y, width, height, 0, 0, size, size);
    return rgbaToRgb(context.getImageData(0, 0, size, size).data);
  }
}

export function rgbaToRgb(rgba: Uint8ClampedArray): Uint8Array {
  const rgb = new Uint8Array((rgba.length / 4) * 3);
  for (let i = 0, j = 0; i < rgba.length; i += 4, j += 3) {
    rgb[j] = rgba[i];
    rgb[j + 1] = rgba[i + 1];
    rgb[j + 2] = rgba[i + 2];
  }
  return rgb;
}
