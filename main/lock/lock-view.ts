// What the overlay shows, from the lock's state: a pure function, so that every
// combination (locked out, password due, no profile, no models) reads in one place.
import type { ChallengeCause, FeedbackCode, LockView } from '../../preload/api.ts';
import { livenessRefusalFeedback, type LivenessRefusal } from '../../preload/feedback.ts';
import type { LockoutStatus } from './lockout-policy.ts';
import type { LivenessFailure, ChallengeStep } from '../face/outcomes.ts';

export interface LockState {
  locked: boolean;
  /** What the last face frame asked of the user. */
  feedback: FeedbackCode;
  /** Why the challenge prompt in feedback is asked, if it is one. */
  challengeCause?: ChallengeCause;
  problem: string | undefined;
  status: LockoutStatus;
  hasProfile: boolean;
  faceAvailable: boolean;
  /** The camera to open; '' for the system default. */
  cameraDeviceId?: string;
}

export function lockViewOf(state: LockState): LockView {
  const problem = state.problem === undefined ? {} : { problem: state.problem };
  if (!state.locked) {
    return { phase: 'unlocked', faceEnabled: false, feedback: 'unlocked', lockoutRemainingMs: 0, ...problem };
  }
  const { status } = state;
  if (status.passwordLockoutRemainingMs > 0) {
    return { phase: 'lockedOut', faceEnabled: false, feedback: 'lockedOut', lockoutRemainingMs: status.passwordLockoutRemainingMs, ...problem };
  }
  const base = { phase: 'locked' as const, faceEnabled: false, lockoutRemainingMs: 0, ...problem };
  if (!state.hasProfile) return { ...base, feedback: 'noProfile', passwordReason: 'noFace' };
  if (!state.faceAvailable) return { ...base, feedback: 'modelUnavailable', passwordReason: 'noFace' };
  if (status.passwordReason !== null) return { ...base, feedback: 'passwordRequired', passwordReason: status.passwordReason };
  // A face-only lockout: the phase stays 'locked' because the password still works.
  if (status.faceLockoutRemainingMs > 0) {
    return { ...base, feedback: 'lockedOut', lockoutRemainingMs: status.faceLockoutRemainingMs };
  }
  const cause = state.challengeCause === undefined ? {} : { challengeCause: state.challengeCause };
  const camera = state.cameraDeviceId ? { cameraDeviceId: state.cameraDeviceId } : {};
  return { ...base, faceEnabled: true, feedback: state.feedback, ...cause, ...camera };
}

/**
 * Every reason the face rooms refuse a liveness attempt for has its row in the feedback table,
 * and the table has no row for a reason that does not exist: a compile error here names the
 * reason to add (preload/feedback.ts LIVENESS_REFUSALS, or main/face/outcomes.ts LivenessFailure).
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const REFUSALS_MATCH_FAILURES: Same<LivenessFailure, LivenessRefusal> = true;
void REFUSALS_MATCH_FAILURES;

/** What the overlay says after a failed liveness attempt (and the move asked, if any): every refusal says why. */
export function livenessFailureFeedback(reason: LivenessFailure, step?: ChallengeStep): FeedbackCode {
  return livenessRefusalFeedback(reason, step);
}
