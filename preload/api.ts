// The bridge contract between renderer and main: call names, payload and result
// shapes, size limits. Type-only for the renderer and main (plus a few constants);
// `preload/index.ts` exposes exactly this, and `main/ipc` validates every payload
// against it because the renderer is trusted with nothing.

import type { CameraProblem, ChallengeCause, FeedbackCode } from './feedback.ts';

/** Side of the square RGB face crop the renderer sends (box plus margin). */
export const FACE_CROP_SIZE = 224;
/** The face box spans this fraction of the face crop's side (the rest is margin for alignment). */
export const FACE_CROP_BOX_FRACTION = 1 / 1.6;
/** Side of the square RGB context crop (face box × ~2.7, for anti-spoofing). */
export const CONTEXT_CROP_SIZE = 128;
/** The context crop covers the face box enlarged by this factor (clamped to the frame). */
export const CONTEXT_CROP_SCALE = 2.7;
export const FACE_CROP_BYTES = FACE_CROP_SIZE * FACE_CROP_SIZE * 3;
export const CONTEXT_CROP_BYTES = CONTEXT_CROP_SIZE * CONTEXT_CROP_SIZE * 3;
/**
 * Main refuses frames faster than this per sender: a webcam's 30 frames a second, so that the
 * overlay can judge every camera frame the pipeline keeps up with (main still drops a frame
 * that arrives while it judges another).
 */
export const MAX_FRAMES_PER_SECOND = 30;
export const MAX_PASSWORD_LENGTH = 256;
/** Longest Electron accelerator accepted for the lock shortcut. */
export const MAX_SHORTCUT_LENGTH = 64;
export const MIN_PASSWORD_LENGTH = 6;
/** Up to this many faces (in pixels of the frame) are reported besides the chosen one. */
export const MAX_FACES_REPORTED = 16;

// ---- Walk-away lock (renderer/presence, main/core/presence-watch.ts) ----
/** The presence page looks once a second: enough to notice a walk-away within seconds, little CPU. */
export const PRESENCE_FRAMES_PER_SECOND = 1;
/** Main refuses presence frames faster than this per sender (one a second, with room for jitter). */
export const MAX_PRESENCE_FRAMES_PER_SECOND = 2;
/** The largest faces of a presence frame that are cropped and judged: the owner beside others still counts. */
export const MAX_PRESENCE_FACES = 3;
/** Seconds without the owner in view (and without a key or mouse touched) before the walk-away lock locks. */
export const WALK_AWAY_SECONDS = Object.freeze({ min: 10, max: 600, default: 30 });

/** One presence check: the frame's largest faces (up to MAX_PRESENCE_FACES, largest first) and how many it had. */
export interface PresenceReport {
  frameWidthPx: number;
  frameHeightPx: number;
  faceCount: number;
  faces: FaceFrame[];
}

/** Main's answer: whether it is watching (false: the walk-away lock is off or stopped, and the page closes the camera). */
export interface PresenceAnswer {
  watching: boolean;
}

/** Axis-aligned rectangle in pixels. */
export interface BoxPx {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * Quality figures the renderer measures on the chosen face (the wizard and lock screen gate on
 * them in main). The head pose is not among them: main finds it from the 68 landmarks.
 */
export interface FaceQuality {
  /** Width of the detector box in frame pixels. */
  faceWidthPx: number;
  /** Mean luma of the face box, 0–255. */
  brightness: number;
  /** Fraction of face pixels darker than the dark threshold, 0–1. */
  darkRatio: number;
  /** Variance of the Laplacian of the face's luma at crop scale. */
  sharpnessLaplacianVar: number;
}

/** One camera frame as the renderer reports it: the largest face (if any) and what else it saw. */
export interface FrameReport {
  frameWidthPx: number;
  frameHeightPx: number;
  /** Number of faces the detector found in the frame. */
  faceCount: number;
  /** The largest face, absent when faceCount is 0. */
  face?: FaceFrame;
}

export interface FaceFrame {
  /** FACE_CROP_SIZE² × 3 bytes, RGB, row-major. */
  faceCrop: Uint8Array;
  /** The detector box inside faceCrop, in crop pixels. */
  boxInCrop: BoxPx;
  /** CONTEXT_CROP_SIZE² × 3 bytes, RGB, row-major. */
  contextCrop: Uint8Array;
  /** The detector box in frame pixels (tracking, challenge mapping). */
  boxInFrame: BoxPx;
  /** Detector confidence, 0–1. */
  detectorScore: number;
  quality: FaceQuality;
}

// ---- What main says back ----

// The feedback codes, challenge causes and camera problems are the keys of their tables of
// sentences and tones (feedback.ts), so that a new one is one row there.
export type { CameraProblem, ChallengeCause, FeedbackCode } from './feedback.ts';

export type LockPhase = 'unlocked' | 'locked' | 'lockedOut';

/** Everything the overlay shows; main pushes it on every change. */
export interface LockView {
  phase: LockPhase;
  /** Face unlock possible right now (profile present, models loaded, not locked out, password not required). */
  faceEnabled: boolean;
  feedback: FeedbackCode;
  /** With a challenge prompt as feedback: why it is asked. */
  challengeCause?: ChallengeCause;
  /** The camera to open (the one enrolled with, or chosen in settings); absent for the system default. */
  cameraDeviceId?: string;
  /** Milliseconds until what is paused (face unlock, or everything when lockedOut) is accepted again. */
  lockoutRemainingMs: number;
  /** Why the password is required, if it is (restart, timeout, too many attempts). */
  passwordReason?: 'restart' | 'timeout' | 'attempts' | 'noFace';
  /** A plain sentence for problems the user must know (corrupt store, missing models). */
  problem?: string;
}

export interface PasswordResult {
  ok: boolean;
  view: LockView;
}

/** Live figures for "Test recognition…" and the wizard's test step; never unlocks anything. */
export interface RecognitionTest {
  feedback: FeedbackCode;
  similarityCosine: number | null;
  thresholdCosine: number;
  wouldUnlock: boolean;
  livenessScore: number | null;
  livenessThreshold: number;
}

/** A head pose the camera enrolment asks for, in the user's terms (their own left). */
export type EnrolPose = 'straight' | 'left' | 'right';
/** The poses in the order the wizard asks for them. */
export const ENROL_POSES: readonly EnrolPose[] = ['straight', 'left', 'right'];

export interface EnrolProgress {
  accepted: boolean;
  feedback: FeedbackCode;
  capturedCount: number;
  requiredCount: number;
  /** The pose the camera enrolment still needs; absent when any pose will do. */
  nextPose?: EnrolPose;
  /** Small RGB thumbnail of the aligned face (112×112×3) when accepted, for the review step. */
  alignedThumb112?: Uint8Array;
}

/** `replace`: a new profile (re-enrol); `addAppearance`: another centre (glasses, beard) for the same person. */
export interface EnrolBegin {
  mode: 'replace' | 'addAppearance';
  /** The camera enrolment asks for a range of head poses; photos are taken as they come. */
  source: 'camera' | 'photos';
  /** With the camera: which one; saving the enrolment makes it the lock screen's camera. */
  cameraDeviceId?: string;
  /** Short name of the appearance ("glasses"), shown in settings. */
  label?: string;
  /** Starting over while a face is enrolled needs the current password. */
  currentPassword?: string;
}

export const MAX_APPEARANCE_LABEL_LENGTH = 40;
/** Chromium's device ids are 64 hex characters; anything far longer is not one. */
export const MAX_CAMERA_DEVICE_ID_LENGTH = 256;

export interface EnrolReview {
  /** Similarity of every captured face to every other, row-major, count × count. */
  similarityMatrix: number[];
  count: number;
  /** Indices dropped as outliers (far from the others). */
  outlierIndices: number[];
  thumbs112: Uint8Array[];
  /** The head pose of every capture, in capture order. */
  poses: EnrolPose[];
}

/** Standard checks for photos and asks to move when unsure; Strict always asks; Off only matches the face. */
export type LivenessMode = 'standard' | 'strict' | 'off';
export const LIVENESS_MODES: readonly LivenessMode[] = ['standard', 'strict', 'off'];

export interface SettingsView {
  lockOnStart: boolean;
  idleLockMinutes: number;
  startAtLogin: boolean;
  shortcut: string;
  passwordEveryHours: number;
  livenessMode: LivenessMode;
  /** The camera the lock screen opens (a MediaDeviceInfo.deviceId); '' for the system default. */
  cameraDeviceId: string;
  /** The OS keyring is missing and secrets are only obfuscated (Linux basic_text). */
  weakKeyring: boolean;
  /** none: nothing enrolled; enrolled; damaged: a profile exists but cannot be read. */
  profileState: 'none' | 'enrolled' | 'damaged';
  /** The profile's match threshold in force (read-only here; the lowest of its appearances'). */
  thresholdCosine: number;
  /**
   * Strangers let in per unlock attempt with this profile and threshold, estimated against the
   * shipped cohort of strangers' faces: 'about' a measured rate, or 'below' a bound when none of
   * the measured strangers came that close. Null: nothing enrolled, or no cohort to measure with.
   */
  falseAccepts: { far: number; kind: 'about' | 'below' } | null;
  /**
   * Unlocks the face profile learned from (confident face unlocks with liveness passed adapt
   * its centres slowly); absent when nothing is enrolled. "Forget what it learned" sets it to 0.
   */
  learnedUnlocks?: number;
  /** What is wrong right now (a damaged profile or settings file, a model missing…), in one paragraph. */
  problem?: string;
  /** Walk-away lock: lock when the owner has been out of view and the machine idle this long (absent: off, WALK_AWAY_SECONDS.default). */
  walkAwayLock?: boolean;
  walkAwaySeconds?: number;
  /** The walk-away check stopped on this camera problem (it tries again after the next unlock); absent while it works. */
  walkAwayStopped?: CameraProblem;
}

/** Read-only in the view: the settings page can show them but never send them. */
type ReadOnlySettings = 'weakKeyring' | 'profileState' | 'thresholdCosine' | 'falseAccepts' | 'learnedUnlocks' | 'problem' | 'walkAwayStopped';

/**
 * A change of settings. One that weakens the lock (the check down, the password less often,
 * a lock trigger off or slower, another camera) needs the current password.
 */
export type SettingsPatch = Partial<Omit<SettingsView, ReadOnlySettings>> & { currentPassword?: string };

// ---- Who tried while I was away (opt-in; main/core/attempt-snapshots.ts) ----
/** Snapshots of refused face attempts kept at most: the oldest is dropped for a new one. */
export const MAX_REFUSED_ATTEMPTS = 20;

/** One refused face attempt on the lock, as Settings shows it. */
export interface RefusedAttempt {
  /** 32 hex digits: what `delete` takes. */
  id: string;
  /** When the lock refused it, ms since the epoch. */
  atMs: number;
  /** What the lock said (a key of feedback.ts FEEDBACK: notRecognised, lookingLikePhoto, a failed challenge…). */
  reason: FeedbackCode;
  /** The judged frame's context crop: CONTEXT_CROP_SIZE² × 3 bytes, RGB, row-major. */
  contextCrop: Uint8Array;
}

export interface RefusedAttemptsView {
  /** A snapshot is kept of each refused face attempt (off by default). */
  keeping: boolean;
  maxKept: number;
  /** Newest first. */
  attempts: RefusedAttempt[];
  /** Snapshot files that could not be read (damaged, or sealed under another keyring), to delete. */
  unreadableIds: string[];
  /** The on/off switch could not be read (it is off). */
  problem?: string;
}

/** What the preload exposes as `window.faceUnlock`. */
export interface FaceUnlockApi {
  lock: {
    getView(): Promise<LockView>;
    submitFrame(frame: FrameReport): Promise<LockView>;
    submitPassword(password: string): Promise<PasswordResult>;
    reportCameraProblem(problem: CameraProblem): Promise<LockView>;
    onView(listener: (view: LockView) => void): () => void;
  };
  enrol: {
    begin(options: EnrolBegin): Promise<void>;
    addFrame(frame: FrameReport): Promise<EnrolProgress>;
    review(): Promise<EnrolReview>;
    test(frame: FrameReport): Promise<RecognitionTest>;
    /** Saves the enrolment. `replace` sets this password; `addAppearance` requires the current one. */
    save(password: string): Promise<{ ok: boolean; message?: string }>;
    /** Deletes the whole profile; requires the current password. */
    deleteProfile(password: string): Promise<{ ok: boolean; message?: string }>;
    cancel(): Promise<void>;
  };
  recognition: {
    test(frame: FrameReport): Promise<RecognitionTest>;
  };
  settings: {
    get(): Promise<SettingsView>;
    update(patch: SettingsPatch): Promise<SettingsView>;
    /** Returns the face's centres to the enrolment (no password: the lock only gets back to what was enrolled). Takes no payload. */
    forgetLearned(): Promise<SettingsView>;
  };
  /** The hidden presence page of the walk-away lock (open only while unlocked and it is on). */
  presence: {
    submitFrame(report: PresenceReport): Promise<PresenceAnswer>;
    reportCameraProblem(problem: CameraProblem): Promise<PresenceAnswer>;
  };
  /** Settings only, and only while unlocked: snapshots of refused face attempts. Deleting needs no password. */
  refusedAttempts: {
    get(): Promise<RefusedAttemptsView>;
    setKeeping(keep: boolean): Promise<RefusedAttemptsView>;
    delete(id: string): Promise<RefusedAttemptsView>;
    deleteAll(): Promise<RefusedAttemptsView>;
  };
}


/** IPC channel names, one per bridge call. */
export const CHANNELS = {
  lockGetView: 'lock:getView',
  lockSubmitFrame: 'lock:submitFrame',
  lockSubmitPassword: 'lock:submitPassword',
  lockReportCameraProblem: 'lock:reportCameraProblem',
  lockViewChanged: 'lock:viewChanged',
  enrolBegin: 'enrol:begin',
  enrolAddFrame: 'enrol:addFrame',
  enrolReview: 'enrol:review',
  enrolTest: 'enrol:test',
  enrolSave: 'enrol:save',
  enrolCancel: 'enrol:cancel',
  enrolDeleteProfile: 'enrol:deleteProfile',
  recognitionTest: 'recognition:test',
  settingsGet: 'settings:get',
  settingsUpdate: 'settings:update',
  settingsForgetLearned: 'settings:forgetLearned',
  presenceSubmitFrame: 'presence:submitFrame',
  presenceReportCameraProblem: 'presence:reportCameraProblem',
  refusedAttemptsGet: 'refusedAttempts:get',
  refusedAttemptsSetKeeping: 'refusedAttempts:setKeeping',
  refusedAttemptsDelete: 'refusedAttempts:delete',
  refusedAttemptsDeleteAll: 'refusedAttempts:deleteAll',
} as const;
