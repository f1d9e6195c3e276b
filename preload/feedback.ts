// What the user is told about face unlock, one row per code: main sends the code, the pages
// show the row's sentence in the row's tone. Both processes import this file and nothing
// else of each other's, so it is pure data and tiny pure functions (no Node, Electron or DOM).
// A new refusal reason is one row in LIVENESS_REFUSALS (and one in FEEDBACK if it says
// something new); main/lock/lock-view.ts checks at compile time that every reason the face
// rooms produce has its row.

/** How the lock screen colours the status line and the face outline (renderer/lock/lock.css .tone-*). */
export type FeedbackTone = 'neutral' | 'good' | 'attention';

export interface FeedbackRow {
  tone: FeedbackTone;
  sentence: string;
}

/**
 * Why a frame did not (yet) unlock, or what the lock is doing. Tones: 'good' while the face is
 * being accepted, 'attention' for something the user can fix or should know went wrong,
 * 'neutral' for plain instructions and states.
 */
export const FEEDBACK = Object.freeze({
  noFace: { tone: 'neutral', sentence: 'Look at the camera' },
  severalFaces: { tone: 'attention', sentence: 'Several faces: only you should be in view' },
  tooDark: { tone: 'attention', sentence: 'Too dark: turn on a light' },
  tooFar: { tone: 'attention', sentence: 'Come closer' },
  turnToCamera: { tone: 'attention', sentence: 'Turn to face the camera' },
  blurry: { tone: 'attention', sentence: 'Hold still' },
  notRecognised: { tone: 'attention', sentence: 'Not recognised' },
  /** Enrolment: this view is already captured, turn the head a little. */
  moveSlightly: { tone: 'neutral', sentence: 'Turn your head a little' },
  /** Enrolment: this pose has enough captures, EnrolProgress.nextPose says which one is needed. */
  otherPose: { tone: 'neutral', sentence: 'Turn your head as asked' },
  /** Enrolment: as many faces as the enrolment keeps are captured (main/profile/enrolment.ts maxCount). */
  enoughFaces: { tone: 'neutral', sentence: 'Enough faces captured' },
  recognising: { tone: 'good', sentence: 'Recognising…' },
  lookingLikePhoto: { tone: 'attention', sentence: 'This looks like a photo or a screen' },
  /** Liveness challenge prompts, in the user's terms (their own left). */
  turnLeft: { tone: 'neutral', sentence: 'Turn your head to your left, hold a moment, and come back' },
  turnRight: { tone: 'neutral', sentence: 'Turn your head to your right, hold a moment, and come back' },
  nod: { tone: 'neutral', sentence: 'Nod slowly: down, hold a moment, and back' },
  /** Why a liveness challenge failed (a photo-like move says lookingLikePhoto). */
  challengeWrongWay: { tone: 'attention', sentence: 'That was the other way: try again as asked' },
  challengeTooSlow: { tone: 'attention', sentence: 'Not done in time: turn a little further and come back' },
  /** A nod asked for and a turn done, or a nod not done in time: a refused nod speaks of nodding. */
  challengeNodTurned: { tone: 'attention', sentence: 'That was a turn: nod down and back, facing the camera' },
  challengeNodTooSlow: { tone: 'attention', sentence: 'Not done in time: nod a little further and come back' },
  challengeFaceChanged: { tone: 'attention', sentence: 'Lost track of your face: move smoothly, facing the camera' },
  challengeSecondFace: { tone: 'attention', sentence: 'Someone else came into view: only you should be in view' },
  challengeLostFace: { tone: 'attention', sentence: 'Your face left the view: keep it in the camera' },
  lockedOut: { tone: 'neutral', sentence: 'Face unlock paused' },
  passwordRequired: { tone: 'neutral', sentence: 'Enter your password' },
  modelUnavailable: { tone: 'neutral', sentence: 'Face recognition unavailable: use your password' },
  noProfile: { tone: 'neutral', sentence: 'No face enrolled: use your password' },
  unlocked: { tone: 'good', sentence: 'Unlocked' },
} as const satisfies Record<string, FeedbackRow>);

/** Why a frame did not (yet) unlock; the renderer turns each into a sentence. */
export type FeedbackCode = keyof typeof FEEDBACK;

/** Why a challenge prompt is shown: the passive check suspected a photo, or every unlock asks (Strict, or no passive model). */
export const CHALLENGE_CAUSE_PREFIX = Object.freeze({
  photoSuspected: 'This might be a photo or a screen: ',
  routine: '',
} as const satisfies Record<string, string>);

export type ChallengeCause = keyof typeof CHALLENGE_CAUSE_PREFIX;

/** The sentence for a feedback code (an unknown one asks for the face); a challenge prompt says why it is asked. */
export function feedbackSentence(code: FeedbackCode, cause?: ChallengeCause): string {
  const sentence = rowOf(code).sentence;
  const prefix = cause && Object.hasOwn(CHALLENGE_CAUSE_PREFIX, cause) ? CHALLENGE_CAUSE_PREFIX[cause] : '';
  return prefix ? prefix + sentence.charAt(0).toLowerCase() + sentence.slice(1) : sentence;
}

/** The tone of a feedback code (an unknown one is neutral, like asking for the face). */
export function feedbackTone(code: FeedbackCode): FeedbackTone {
  return rowOf(code).tone;
}

function rowOf(code: FeedbackCode): FeedbackRow {
  return Object.hasOwn(FEEDBACK, code) ? FEEDBACK[code] : FEEDBACK.noFace;
}

/**
 * Why a liveness attempt was refused (main/face/outcomes.ts LivenessFailure) → what the overlay
 * says; `nod`: what it says instead when the move asked was a nod (the sentences of `says`
 * speak of turns). Every refusal says why.
 */
export const LIVENESS_REFUSALS = Object.freeze({
  passiveSpoof: { says: 'lookingLikePhoto' },
  flat: { says: 'lookingLikePhoto' },
  wrongDirection: { says: 'challengeWrongWay', nod: 'challengeNodTurned' },
  timeout: { says: 'challengeTooSlow', nod: 'challengeNodTooSlow' },
  faceChanged: { says: 'challengeFaceChanged' },
  secondFace: { says: 'challengeSecondFace' },
  lostFace: { says: 'challengeLostFace' },
} as const satisfies Record<string, { says: FeedbackCode; nod?: FeedbackCode }>);

export type LivenessRefusal = keyof typeof LIVENESS_REFUSALS;

/** The feedback for a refused liveness attempt and the move asked (if any); throws on an unknown reason. */
export function livenessRefusalFeedback(reason: LivenessRefusal, step?: string): FeedbackCode {
  const row: { says: FeedbackCode; nod?: FeedbackCode } | undefined = Object.hasOwn(LIVENESS_REFUSALS, reason) ? LIVENESS_REFUSALS[reason] : undefined;
  if (!row) throw new TypeError(`unknown liveness failure ${String(reason)}`);
  return (step === 'nod' ? row.nod : undefined) ?? row.says;
}

/**
 * Why the page cannot look for a face: the camera, or 'model' when the detector's file fails
 * its sha256 check. `cause` is said on its own (Settings' test), and with "use your password"
 * on the lock screen; `fix`, when the user can act on it, goes into main's longer notice (the
 * problem board: lock screen, Settings, tray); `enrol` is the wizard's own sentence, which
 * offers photos instead.
 */
export const CAMERA_PROBLEMS = Object.freeze({
  missing: { cause: 'No camera found', enrol: 'No camera found. You can enrol from photos instead.' },
  denied: {
    cause: 'Camera access is blocked',
    fix: 'allow it in your system settings',
    enrol: 'Camera access is blocked. Allow it in your system settings, or enrol from photos.',
  },
  unplugged: { cause: 'The camera was disconnected', enrol: 'The camera was disconnected. Plug it back in, or enrol from photos.' },
  other: { cause: 'The camera is not working', enrol: 'The camera is not working. You can enrol from photos instead.' },
  // Photos go through the same detector, so they are no way round it.
  model: { cause: 'The face detector file is damaged', enrol: 'The face detector file is damaged: reinstall Face Unlock.' },
} as const satisfies Record<string, { cause: string; fix?: string; enrol: string }>);

export type CameraProblem = keyof typeof CAMERA_PROBLEMS;

/** A camera problem is always something to notice. */
export const CAMERA_PROBLEM_TONE: FeedbackTone = 'attention';

/** The lock screen's status line: "No camera found: use your password". */
export function cameraProblemSentence(problem: CameraProblem): string {
  return `${CAMERA_PROBLEMS[problem].cause}: use your password`;
}

/** Main's notice on the problem board, a full sentence with the fix when there is one. */
export function cameraProblemNotice(problem: CameraProblem): string {
  const row: { cause: string; fix?: string } = CAMERA_PROBLEMS[problem];
  return `${row.cause}: ${row.fix ? `${row.fix}, or ` : ''}use your password.`;
}

/**
 * Enrolment from photo files: why a photo was not taken, said of the photo (the camera's
 * sentences ask the user to move, and a photo cannot). The keys are the codes main's
 * enrolment refuses a face with (main/profile/enrolment.ts, the quality gate's order: light,
 * size, turn, blur), and 'unreadable' for a file the page cannot decode.
 */
export const PHOTO_REFUSALS = Object.freeze({
  unreadable: 'Not a picture this app can read',
  noFace: 'No face found in this photo',
  severalFaces: 'Several faces: choose photos of you alone',
  tooDark: 'Too dark: the face is not well lit',
  tooFar: 'The face is too small: choose a closer or larger photo',
  turnToCamera: 'The face is turned too far: choose one facing the camera',
  blurry: 'Too blurry',
  moveSlightly: 'The same as a photo already taken',
  enoughFaces: 'Not needed: enough photos are taken',
} as const satisfies Partial<Record<FeedbackCode | 'unreadable', string>>);

export type PhotoRefusal = keyof typeof PHOTO_REFUSALS;

/** Why a photo was refused; a code with no photo sentence of its own says its usual one. */
export function photoRefusalSentence(code: FeedbackCode | 'unreadable'): string {
  return Object.hasOwn(PHOTO_REFUSALS, code) ? PHOTO_REFUSALS[code as PhotoRefusal] : feedbackSentence(code as FeedbackCode);
}
