// One validated frame → what the lock decision needs: no face, several faces, a
// quality problem, or a similarity judged against the calibrated threshold.
import { FACE_CROP_SIZE, type FeedbackCode, type FrameReport } from '../../preload/api.ts';
import type { FaceEngine } from './face-engine.ts';
import type { FaceProfile } from './face-profile.ts';
import { qualityProblem, UNLOCK_QUALITY, type QualityThresholds } from './quality-gate.ts';

export type FrameOutcome =
  | { kind: 'noFace' }
  | { kind: 'severalFaces' }
  | { kind: 'quality'; feedback: FeedbackCode }
  | { kind: 'scored'; matched: boolean; live: boolean | 'unsure'; similarityCosine: number };

/** Passive anti-spoofing on the context crop; absent means liveness is off. */
export interface LivenessCheck {
  /** Scores at or above this are confidently live (shown in Test recognition). */
  readonly liveThreshold: number;
  judge(contextCrop: Uint8Array): Promise<{ live: boolean | 'unsure'; score: number }>;
}

export interface FaceVerifierOptions {
  engine: FaceEngine;
  thresholdCosine: number;
  quality?: QualityThresholds;
  liveness?: LivenessCheck;
}

export class FaceVerifier {
  constructor(private readonly options: FaceVerifierOptions) {}

  get thresholdCosine(): number {
    return this.options.thresholdCosine;
  }

  /** Similarity of the frame's face to the profile, or why there is none. */
  async similarity(frame: FrameReport, profile: FaceProfile): Promise<{ feedback: FeedbackCode | null; similarityCosine: number | null }> {
    if (frame.faceCount === 0 || !frame.face) return { feedback: 'noFace', similarityCosine: null };
    if (frame.faceCount > 1) return { feedback: 'severalFaces', similarityCosine: null };
    const problem = qualityProblem(frame.face.quality, this.options.quality ?? UNLOCK_QUALITY);
    if (problem) return { feedback: problem, similarityCosine: null };
    const { embedding } = await this.options.engine.analyse({
      faceCrop: frame.face.faceCrop,
      cropSize: FACE_CROP_SIZE,
      boxInCrop: frame.face.boxInCrop,
    });
    return { feedback: null, similarityCosine: profile.similarity(embedding) };
  }

  async judge(frame: FrameReport, profile: FaceProfile): Promise<FrameOutcome> {
    const { feedback, similarityCosine } = await this.similarity(frame, profile);
    if (feedback === 'noFace') return { kind: 'noFace' };
    if (feedback === 'severalFaces') return { kind: 'severalFaces' };
    if (feedback || similarityCosine === null) return { kind: 'quality', feedback: feedback ?? 'noFace' };
    const matched = similarityCosine >= this.options.thresholdCosine;
    const live = matched && this.options.liveness ? (await this.options.liveness.judge(frame.face!.contextCrop)).live : true;
    return { kind: 'scored', matched, live, similarityCosine };
  }
}
