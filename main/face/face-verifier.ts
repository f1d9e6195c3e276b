// One validated frame → what the lock decision needs: no face, several faces, a
// quality problem, or a similarity judged against the calibrated threshold.
import { FACE_CROP_SIZE, type FeedbackCode, type FrameReport } from '../../preload/api.ts';
import type { FaceEngine } from './face-engine.ts';
import type { FaceProfile } from './face-profile.ts';
import type { ChallengeStep } from './challenge/challenge.ts';
import type { LivenessVerdict } from './liveness-gate.ts';
import { qualityProblem, UNLOCK_QUALITY, type QualityThresholds } from './quality-gate.ts';

/**
 * During a head-movement challenge the face must stay the owner's, but a turned head scores
 * lower against the frontal centre (five_celebrity, similarity to the person's frontal
 * centre: median 0.81 at |yaw| < 10°, 0.72 at 10–30°, 0.51 at 30–60° with 38 % below 0.40).
 * Identity continuity therefore accepts this much less than the unlock threshold; strangers
 * still score far below (impostor pairs: median ≈ 0.05), and the box is tracked as well.
 */
export const CHALLENGE_IDENTITY_SLACK_COSINE = 0.15;

/** The face against the profile: matched for unlocking, still the owner for a challenge in progress. */
export interface FaceMatch {
  matched: boolean;
  stillOwner: boolean;
}

export interface FrameSimilarity {
  feedback: FeedbackCode | null;
  similarityCosine: number | null;
  /** The landmarks in face-crop pixels when the face was analysed. */
  points68: Float32Array | null;
}

export type FrameOutcome =
  | { kind: 'noFace' }
  | { kind: 'severalFaces' }
  | { kind: 'quality'; feedback: FeedbackCode }
  | { kind: 'scored'; matched: boolean; live: boolean; similarityCosine: number }
  /** The owner's face, still being checked for liveness: not an attempt yet. */
  | { kind: 'checking' }
  /** The owner's face, asked to move for the liveness challenge: not an attempt yet. */
  | { kind: 'challenge'; prompt: ChallengeStep }
  /** The owner's face, but a photo or screen by the passive check or the challenge: a failed attempt. */
  | { kind: 'livenessFailed'; reason: string };

/** Passive anti-spoofing on the context crop; absent means liveness is off. */
export interface LivenessCheck {
  /** Scores at or above this are confidently live (shown in Test recognition). */
  readonly liveThreshold: number;
  judge(contextCrop: Uint8Array): Promise<{ live: boolean | 'unsure'; score: number }>;
}

/** Decides liveness over the frames of an attempt (LivenessGate); absent means recognition only. */
export interface LivenessJudge {
  judge(frame: FrameReport, points68Crop: Float32Array, match: FaceMatch): Promise<LivenessVerdict>;
}

export interface FaceVerifierOptions {
  engine: FaceEngine;
  thresholdCosine: number;
  quality?: QualityThresholds;
  liveness?: LivenessJudge;
}

export class FaceVerifier {
  constructor(private readonly options: FaceVerifierOptions) {}

  get thresholdCosine(): number {
    return this.options.thresholdCosine;
  }

  /** Similarity of the frame's face to the profile (and its landmarks), or why there is none. */
  async similarity(frame: FrameReport, profile: FaceProfile): Promise<FrameSimilarity> {
    if (frame.faceCount === 0 || !frame.face) return { feedback: 'noFace', similarityCosine: null, points68: null };
    if (frame.faceCount > 1) return { feedback: 'severalFaces', similarityCosine: null, points68: null };
    const problem = qualityProblem(frame.face.quality, this.options.quality ?? UNLOCK_QUALITY);
    if (problem) return { feedback: problem, similarityCosine: null, points68: null };
    const { embedding, points68 } = await this.options.engine.analyse({
      faceCrop: frame.face.faceCrop,
      cropSize: FACE_CROP_SIZE,
      boxInCrop: frame.face.boxInCrop,
    });
    return { feedback: null, similarityCosine: profile.similarity(embedding), points68 };
  }

  async judge(frame: FrameReport, profile: FaceProfile): Promise<FrameOutcome> {
    const { feedback, similarityCosine, points68 } = await this.similarity(frame, profile);
    if (feedback === 'noFace') return { kind: 'noFace' };
    if (feedback === 'severalFaces') return { kind: 'severalFaces' };
    if (feedback || similarityCosine === null || !points68) return { kind: 'quality', feedback: feedback ?? 'noFace' };
    const matched = similarityCosine >= this.options.thresholdCosine;
    const stillOwner = similarityCosine >= this.options.thresholdCosine - CHALLENGE_IDENTITY_SLACK_COSINE;
    const verdict = this.options.liveness ? await this.options.liveness.judge(frame, points68, { matched, stillOwner }) : { live: true as const };
    // The gate keeps a challenge going only for the owner (a turned head may score a little low).
    if (verdict.live === 'pending') return { kind: 'challenge', prompt: verdict.prompt };
    if (!matched) return { kind: 'scored', matched, live: true, similarityCosine };
    if (verdict.live === 'checking') return { kind: 'checking' };
    if (verdict.live === false) return { kind: 'livenessFailed', reason: verdict.reason };
    return { kind: 'scored', matched, live: true, similarityCosine };
  }
}
