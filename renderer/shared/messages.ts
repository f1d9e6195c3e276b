// The renderer's own sentences (password reasons, countdowns, figures). What main's codes say
// is in preload/feedback.ts, shared with main; it is re-exported here for the pages.
import { CAMERA_PROBLEMS, cameraProblemSentence, FEEDBACK, type CameraProblem, type FeedbackCode } from '../../preload/feedback.ts';
import type { LockView } from '../../preload/api.ts';

export { feedbackSentence, feedbackTone } from '../../preload/feedback.ts';

/** Every feedback code's sentence, by code. */
export const FEEDBACK_SENTENCES: Readonly<Record<FeedbackCode, string>> = Object.freeze(
  Object.fromEntries(Object.entries(FEEDBACK).map(([code, row]) => [code, row.sentence])) as Record<FeedbackCode, string>,
);

/** The lock screen's sentence for every camera problem, by problem. */
export const CAMERA_PROBLEM_SENTENCES: Readonly<Record<CameraProblem, string>> = Object.freeze(
  Object.fromEntries(Object.keys(CAMERA_PROBLEMS).map((problem) => [problem, cameraProblemSentence(problem as CameraProblem)])) as Record<CameraProblem, string>,
);

/** Everything, the password too, is paused after too many wrong attempts. */
export const LOCKED_OUT_SENTENCE = 'Too many attempts: wait before trying again';

const PASSWORD_REASON_SENTENCES: Readonly<Record<NonNullable<LockView['passwordReason']>, string>> = Object.freeze({
  restart: 'Your password is required after a restart',
  timeout: 'Your password has not been used for a while',
  attempts: 'Too many attempts: your password is required',
  noFace: 'Face unlock is off: your password is required',
});

export function passwordReasonSentence(reason: LockView['passwordReason']): string {
  return reason ? PASSWORD_REASON_SENTENCES[reason] : '';
}

/** "m:ss" (or "h:mm:ss"), rounded up so a countdown never shows 0:00 while still waiting. */
export function formatCountdown(remainingMs: number): string {
  const totalSeconds = Math.max(0, Math.ceil((Number.isFinite(remainingMs) ? remainingMs : 0) / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const ss = String(seconds).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${ss}` : `${minutes}:${ss}`;
}

/** Locked out: neither face nor password is accepted until then. */
export function lockoutSentence(remainingMs: number): string {
  return `Try again in ${formatCountdown(remainingMs)}`;
}

/** Only face unlock is paused; the password works meanwhile. */
export function faceResumeSentence(remainingMs: number): string {
  return `Face unlock resumes in ${formatCountdown(remainingMs)}`;
}

/** Similarity or score as a short figure ("0.62"), a dash when there is none. */
export function formatScore(value: number | null): string {
  return value === null || !Number.isFinite(value) ? '–' : value.toFixed(2);
}

export const MISSING_BRIDGE_SENTENCE = 'This page runs inside Face Unlock';
