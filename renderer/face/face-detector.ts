// BlazeFace through MediaPipe Tasks, wrapped so the rest of the renderer sees
// plain pixel boxes and keypoints, largest face first.
import { FaceDetector, type Detection } from '@mediapipe/tasks-vision';
import type { BoxPx } from '../../preload/api.ts';
import { fetchVerifiedModel } from './model-check.ts';

export interface PointPx {
  x: number;
  y: number;
}

/** BlazeFace's six keypoints, named from the subject's point of view. */
export interface FaceKeypoints {
  rightEye: PointPx;
  leftEye: PointPx;
  noseTip: PointPx;
  mouthCentre: PointPx;
  rightEar: PointPx;
  leftEar: PointPx;
}

export interface DetectedFace {
  box: BoxPx;
  score: number;
  keypoints: FaceKeypoints;
}

export interface FaceFinderOptions {
  /** URLs of tasks-vision's wasm loader and binary (served by the app itself, never a CDN). */
  wasmLoaderUrl: string;
  wasmBinaryUrl: string;
  /** URL of the BlazeFace short-range model with TFLite metadata attached. */
  modelUrl: string;
  /** Its file name in models/manifest.json, whose sha256 it must have. */
  modelFile: string;
  runningMode: 'IMAGE' | 'VIDEO';
  minDetectionConfidence?: number;
}

export class FaceFinder {
  private constructor(
    private readonly detector: FaceDetector,
    readonly runningMode: 'IMAGE' | 'VIDEO',
  ) {}

  /** Throws CameraError('model') when the model file is missing, damaged or not the expected one. */
  static async createFromOptions(options: FaceFinderOptions): Promise<FaceFinder> {
    const fileset = { wasmLoaderPath: options.wasmLoaderUrl, wasmBinaryPath: options.wasmBinaryUrl };
    // MediaPipe gets the very bytes that were checked, not the URL to fetch again.
    const model = await fetchVerifiedModel(options.modelUrl, options.modelFile);
    // No option turns off MediaPipe's usage logger (POSTs to odml.pa.googleapis.com): the
    // build removes it from the package (tools/browser/mediapipe-no-telemetry.ts).
    const detector = await FaceDetector.createFromOptions(fileset, {
      baseOptions: { modelAssetBuffer: model, delegate: 'CPU' },
      runningMode: options.runningMode,
      minDetectionConfidence: options.minDetectionConfidence ?? 0.5,
    });
    return new FaceFinder(detector, options.runningMode);
  }

  /** Faces in the image, largest (nearest the camera) first. */
  detect(image: TexImageSource, width: number, height: number, timestampMs?: number): DetectedFace[] {
    const result =
      this.runningMode === 'VIDEO'
        ? this.detector.detectForVideo(image, timestampMs ?? performance.now())
        : this.detector.detect(image);
    return result.detections
      .map((detection) => toDetectedFace(detection, width, height))
      .filter((face): face is DetectedFace => face !== null)
      .sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height);
  }

  /** Releases MediaPipe's graph (its own API calls that close()). */
  dispose(): void {
    this.detector.close();
  }
}

function toDetectedFace(detection: Detection, width: number, height: number): DetectedFace | null {
  const box = detection.boundingBox;
  const points = detection.keypoints.map((k) => ({ x: k.x * width, y: k.y * height }));
  if (!box || points.length < 6) return null;
  const [rightEye, leftEye, noseTip, mouthCentre, rightEar, leftEar] = points;
  return {
    box: { x: box.originX, y: box.originY, width: box.width, height: box.height },
    score: detection.categories[0]?.score ?? 0,
    keypoints: { rightEye, leftEye, noseTip, mouthCentre, rightEar, leftEar },
  };
}
