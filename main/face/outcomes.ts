// The outcome types the face rooms share: the verifier (recognition/) produces FrameOutcome,
// the liveness gate (liveness/) produces LivenessVerdict, and the lock (main/lock) consumes
// them. They live here, under both rooms, so that neither imports the other.
import type { ChallengeCause, FeedbackCode, FrameReport } from '../../preload/api.ts';
import type { HeadPose } from './pipeline/head-pose.ts';

/** Prompts in the subject's terms: turnLeft = the user turns to their own left. */
export type ChallengeStep = 'turnLeft' | 'turnRight' | 'nod';
export type ChallengeFailure = 'wrongDirection' | 'timeout' | 'faceChanged' | 'secondFace' | 'flat' | 'lostFace';

/** The face against the profile: matched for unlocking, still the owner for a challenge in progress. */
export interface FaceMatch {
  matched: boolean;
  stillOwner: boolean;
}

/** Why liveness refused an attempt; each has its row (what the overlay says) in preload/feedback.ts LIVENESS_REFUSALS. */
export type LivenessFailure = ChallengeFailure | 'passiveSpoof';

export type LivenessVerdict =
  | { live: true }
  /** The passive window is filling: not decided yet. */
  | { live: 'checking' }
  /** A failed attempt; `step` is the move asked when a challenge failed. */
  | { live: false; reason: LivenessFailure; step?: ChallengeStep }
  /** Moments after a failure: nothing is judged, the failure's reason stays on screen. */
  | { live: 'retryWait'; reason: LivenessFailure; step?: ChallengeStep }
  | { live: 'pending'; prompt: ChallengeStep; cause: ChallengeCause };

/** What main measured of the frame's face besides the renderer's report. */
export interface FaceEvidence {
  /** The 68 landmarks in face-crop pixels. */
  points68Crop: Float32Array;
  /** The head pose from them (FaceEngine.locate: the crop maps to the frame without changing an angle). */
  pose: HeadPose;
  /** The face's unit embedding. */
  embedding: Float32Array;
}

/** What one frame came to, for the lock: the verifier's answer, liveness included. */
export type FrameOutcome =
  | { kind: 'noFace' }
  | { kind: 'severalFaces' }
  | { kind: 'quality'; feedback: FeedbackCode }
  | { kind: 'scored'; matched: boolean; similarityCosine: number; embedding: Float32Array }
  /** The owner's face, still being checked for liveness: not an attempt yet (its embedding joins the attempt's mean). */
  | { kind: 'checking'; embedding: Float32Array }
  /** The owner's face, asked to move for the liveness challenge: not an attempt yet. */
  | { kind: 'challenge'; prompt: ChallengeStep; cause: ChallengeCause }
  /** The owner's face, but the passive check or the challenge failed (step: the move asked): a failed attempt. */
  | { kind: 'livenessFailed'; reason: LivenessFailure; step?: ChallengeStep }
  /** Moments after a liveness failure: nothing judged, its reason stays on screen. */
  | { kind: 'livenessRetryWait'; reason: LivenessFailure; step?: ChallengeStep };


/** Decides liveness over the frames of an attempt (LivenessGate); absent means recognition only. */
export interface LivenessJudge {
  /** While true, frames are judged with CHALLENGE_QUALITY and frames without one face are reported too. */
  readonly challengeInProgress: boolean;
  judge(frame: FrameReport, evidence: FaceEvidence, match: FaceMatch): Promise<LivenessVerdict>;
  /** A frame with no face or several faces during a challenge; null when no challenge runs. */
  judgeWithoutFace(frame: FrameReport): LivenessVerdict | null;
  /** A face in view during a challenge that the quality gate cannot judge; null when no challenge runs. */
  judgeUnmeasurable(): LivenessVerdict | null;
}
