// A valid FrameReport for unit tests: one frontal, well-lit face with blank crops of the
// contract's sizes. Tests change what they are about through `face` and `quality`.
import { CONTEXT_CROP_BYTES, FACE_CROP_BYTES, type FaceFrame, type FaceQuality, type FrameReport } from '../../preload/api.ts';

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
      quality: { faceWidthPx: 150, yawDegrees: 2, brightness: 120, darkRatio: 0.02, sharpnessLaplacianVar: 150, ...changes.quality },
    },
  };
}
