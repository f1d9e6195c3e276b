// A valid FrameReport for unit tests: one frontal, well-lit face with blank crops of the
// contract's sizes. Tests change what they are about through `face` and `quality`; the
// head pose main would find on that face comes from headPose().
import { CONTEXT_CROP_BYTES, FACE_CROP_BYTES, type FaceFrame, type FaceQuality, type FrameReport } from '../preload/api.ts';
import type { HeadPose } from '../main/face/pipeline/head-pose.ts';

export interface FrameReportChanges {
  faceCount?: number;
  face?: Partial<Omit<FaceFrame, 'quality'>>;
  quality?: Partial<FaceQuality>;
}

export function frameReport(changes: FrameReportChanges = {}): FrameReport {
  return {
    frameWidthPx: 640,
    frameHeightPx: 480,
    faceCount: changes.faceCount ?? 1,
    face: {
      faceCrop: new Uint8Array(FACE_CROP_BYTES),
      contextCrop: new Uint8Array(CONTEXT_CROP_BYTES),
      boxInCrop: { x: 42, y: 42, width: 140, height: 140 },
      boxInFrame: { x: 250, y: 150, width: 150, height: 150 },
      detectorScore: 0.95,
      ...changes.face,
      quality: { faceWidthPx: 150, brightness: 120, darkRatio: 0.02, sharpnessLaplacianVar: 150, ...changes.quality },
    },
  };
}

/** A nearly frontal head pose, as estimateHeadPose reports one; tests change what they are about. */
export function headPose(changes: Partial<HeadPose> = {}): HeadPose {
  return { yawDegrees: 2, pitchDegrees: -5, rollDegrees: 0, scalePxPerMm: 2, fitRmsMm: 5, ...changes };
}
