// Every sentence the user reads about face unlock, in one place: main sends codes,
// the pages turn them into plain English here.
import type { CameraProblem, ChallengeCause, FeedbackCode, LockView } from '../../preload/api.ts';

export const FEEDBACK_SENTENCES: Readonly<Record<FeedbackCode, string>> = Object.freeze({
  noFace: 'Look at the camera',
  severalFaces: 'Several faces: only you should be in view',
  tooDark: 'Too dark: turn on a light',
  tooFar: 'Come closer',
  turnToCamera: 'Turn to face the camera',
  blurry: 'Hold still',
  notRecognised: 'Not recognised',
  moveSlightly: 'Turn your head a little',
  otherPose: 'Turn your head as asked',
  recognising: 'Recognising…',
  lookingLikePhoto: 'This looks like a photo or a screen',
  turnLeft: 'Turn your head to your left, hold a moment, and come back',
  turnRight: 'Turn your head to your right, hold a moment, and come back',
  nod: 'Nod slowly: down, hold a moment, and back',
  challengeWrongWay: 'That was the other way: try again as asked',
  challengeTooSlow: 'Not done in time: turn a little further and come back',
  challengeNodTurned: 'That was a turn: nod down and back, facing the camera',
  challengeNodTooSlow: 'Not done in time: nod a little further and come back',
  challengeFaceChanged: 'Lost track of your face: move smoothly, facing the camera',
  challengeSecondFace: 'Someone else came into view: only you should be in view',
  challengeLostFace: 'Your face left the view: keep it in the camera',
  lockedOut: 'Face unlock paused',
  passwordRequired: 'Enter your password',
  modelUnavailable: 'Face recognition unavailable: use your password',
  noProfile: 'No face enrolled: use your password',
  unlocked: 'Unlocked',
});

/** Everything, the password too, is paused after too many wrong attempts. */
export const LOCKED_OUT_SENTENCE = 'Too many attempts: wait before trying again';

const CHALLENGE_CAUSE_PREFIX: Readonly<Record<ChallengeCause, string>> = Object.freeze({
  photoSuspected: 'This might be a photo or a screen: ',
  routine: '',
});

/** The sentence for a feedback code; a challenge prompt says why it is asked. */
export function feedbackSentence(code: FeedbackCode, cause?: ChallengeCause): string {
  const sentence = FEEDBACK_SENTENCES[code] ?? FEEDBACK_SENTENCES.noFace;
  const prefix = cause ? CHALLENGE_CAUSE_PREFIX[cause] ?? '' : '';
  return prefix ? prefix + sentence.charAt(0).toLowerCase() + sentence.slice(1) : sentence;
}

export const CAMERA_PROBLEM_SENTENCES: Readonly<Record<CameraProblem, string>> = Object.freeze({
  missing: 'No camera found: use your password',
  denied: 'Camera access is blocked: use your password',
  unplugged: 'The camera was disconnected: use your password',
  other: 'The camera is not working: use your password',
  model: 'The face detector file is damaged: use your password',
});

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
