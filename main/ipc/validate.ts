// The guard at the IPC door: the renderer is trusted with nothing, so every payload is
// checked against preload/api.ts (exact keys, types, sizes, ranges) and rebuilt from
// the checked fields before any service sees it.
import {
  CONTEXT_CROP_BYTES,
  FACE_CROP_BYTES,
  FACE_CROP_BOX_FRACTION,
  FACE_CROP_SIZE,
  MAX_APPEARANCE_LABEL_LENGTH,
  MAX_CAMERA_DEVICE_ID_LENGTH,
  MAX_FACES_REPORTED,
  type BoxPx,
  type CameraProblem,
  type EnrolBegin,
  type FaceFrame,
  type FaceQuality,
  type FrameReport,
  type LivenessMode,
  type SettingsPatch,
  LIVENESS_MODES,
} from '../../preload/api.ts';
import { passwordLengthProblem } from '../profile/password.ts';
import { CAMERA_PROBLEMS } from '../../preload/feedback.ts';
import { SETTINGS_LIMITS, isValidCameraDeviceId, isValidShortcut } from '../profile/settings-rules.ts';
import { isSnapshotId } from '../profile/snapshot-store.ts';

export const MAX_FRAME_SIDE_PX = 8192;
/** Detector boxes may spill over the frame edge by this fraction of the frame's side. */
export const FRAME_BOX_TOLERANCE = 0.05;
// Floating-point slack for boxes the renderer computed in crop pixels.
const CROP_BOX_TOLERANCE_PX = 1e-3;
/**
 * The face box's longer side spans FACE_CROP_BOX_FRACTION of the crop; a side under a quarter
 * of that is no face (4:1), and a sub-pixel one made the head pose throw (found by the IPC fuzz).
 */
export const MIN_BOX_IN_CROP_PX = (FACE_CROP_SIZE * FACE_CROP_BOX_FRACTION) / 4;

export type PayloadErrorCode =
  | 'notPlainObject'
  | 'unexpectedKey'
  | 'missingKey'
  | 'wrongType'
  | 'notFinite'
  | 'outOfRange'
  | 'wrongLength'
  | 'inconsistent';

/** A payload that does not follow the bridge contract; the message names the field, never echoes its value. */
export class PayloadError extends Error {
  readonly code: PayloadErrorCode;

  constructor(code: PayloadErrorCode, message: string) {
    super(message);
    this.name = 'PayloadError';
    this.code = code;
  }
}

export function validateFrameReport(value: unknown): FrameReport {
  const record = expectRecord(value, 'frame', ['frameWidthPx', 'frameHeightPx', 'faceCount'], ['face']);
  const frameWidthPx = integerIn(record.frameWidthPx, 'frame.frameWidthPx', 1, MAX_FRAME_SIDE_PX);
  const frameHeightPx = integerIn(record.frameHeightPx, 'frame.frameHeightPx', 1, MAX_FRAME_SIDE_PX);
  const faceCount = integerIn(record.faceCount, 'frame.faceCount', 0, MAX_FACES_REPORTED);
  const report: FrameReport = { frameWidthPx, frameHeightPx, faceCount };
  if (faceCount === 0) {
    if (record.face !== undefined) throw new PayloadError('inconsistent', 'frame.face is present but faceCount is 0');
    return report;
  }
  if (record.face === undefined) throw new PayloadError('inconsistent', 'frame.face is missing but faceCount ≥ 1');
  report.face = validateFaceFrame(record.face, frameWidthPx, frameHeightPx);
  return report;
}

function validateFaceFrame(value: unknown, frameWidthPx: number, frameHeightPx: number): FaceFrame {
  const keys = ['faceCrop', 'boxInCrop', 'contextCrop', 'boxInFrame', 'detectorScore', 'quality'];
  const record = expectRecord(value, 'face', keys);
  const crop = { min: -CROP_BOX_TOLERANCE_PX, max: FACE_CROP_SIZE + CROP_BOX_TOLERANCE_PX };
  const slackX = frameWidthPx * FRAME_BOX_TOLERANCE;
  const slackY = frameHeightPx * FRAME_BOX_TOLERANCE;
  return {
    faceCrop: bytesOfLength(record.faceCrop, 'face.faceCrop', FACE_CROP_BYTES),
    boxInCrop: boxWithin(record.boxInCrop, 'face.boxInCrop', {
      minX: crop.min,
      minY: crop.min,
      maxX: crop.max,
      maxY: crop.max,
      minSidePx: MIN_BOX_IN_CROP_PX,
    }),
    contextCrop: bytesOfLength(record.contextCrop, 'face.contextCrop', CONTEXT_CROP_BYTES),
    boxInFrame: boxWithin(record.boxInFrame, 'face.boxInFrame', {
      minX: -slackX,
      minY: -slackY,
      maxX: frameWidthPx + slackX,
      maxY: frameHeightPx + slackY,
    }),
    detectorScore: numberIn(record.detectorScore, 'face.detectorScore', 0, 1),
    quality: validateQuality(record.quality, frameWidthPx + 2 * slackX),
  };
}

function validateQuality(value: unknown, maxFaceWidthPx: number): FaceQuality {
  const keys = ['faceWidthPx', 'brightness', 'darkRatio', 'sharpnessLaplacianVar'];
  const record = expectRecord(value, 'face.quality', keys);
  const faceWidthPx = numberIn(record.faceWidthPx, 'face.quality.faceWidthPx', 0, maxFaceWidthPx);
  if (faceWidthPx === 0) throw new PayloadError('outOfRange', 'face.quality.faceWidthPx must be positive');
  const sharpness = record.sharpnessLaplacianVar;
  return {
    faceWidthPx,
    brightness: numberIn(record.brightness, 'face.quality.brightness', 0, 255),
    darkRatio: numberIn(record.darkRatio, 'face.quality.darkRatio', 0, 1),
    sharpnessLaplacianVar: numberIn(sharpness, 'face.quality.sharpnessLaplacianVar', 0, Number.MAX_VALUE),
  };
}

export function validatePassword(value: unknown): string {
  if (typeof value !== 'string') throw new PayloadError('wrongType', 'password must be a string');
  if (passwordLengthProblem(value) !== null) {
    throw new PayloadError('outOfRange', 'password length is outside the allowed range');
  }
  return value;
}

const CAMERA_PROBLEM_NAMES = Object.keys(CAMERA_PROBLEMS) as CameraProblem[];

export function validateCameraProblem(value: unknown): CameraProblem {
  if (typeof value !== 'string' || !CAMERA_PROBLEM_NAMES.includes(value as CameraProblem)) {
    throw new PayloadError('wrongType', `camera problem must be one of ${CAMERA_PROBLEM_NAMES.join(', ')}`);
  }
  return value as CameraProblem;
}

export function validateEnrolBegin(value: unknown): EnrolBegin {
  const record = expectRecord(value, 'enrol options', ['mode', 'source'], ['label', 'currentPassword', 'cameraDeviceId']);
  if (record.mode !== 'replace' && record.mode !== 'addAppearance') {
    throw new PayloadError('wrongType', 'enrol options.mode must be replace or addAppearance');
  }
  if (record.source !== 'camera' && record.source !== 'photos') {
    throw new PayloadError('wrongType', 'enrol options.source must be camera or photos');
  }
  const label = record.label;
  if (label !== undefined && (typeof label !== 'string' || label.trim() === '' || label.length > MAX_APPEARANCE_LABEL_LENGTH)) {
    throw new PayloadError('outOfRange', `enrol options.label must be 1 to ${MAX_APPEARANCE_LABEL_LENGTH} characters`);
  }
  const options: EnrolBegin = { mode: record.mode, source: record.source };
  if (label !== undefined) options.label = label.trim();
  if (record.currentPassword !== undefined) options.currentPassword = validatePassword(record.currentPassword);
  if (record.cameraDeviceId !== undefined) {
    if (record.source !== 'camera') throw new PayloadError('inconsistent', 'enrol options.cameraDeviceId goes with the camera source');
    options.cameraDeviceId = cameraDeviceId(record.cameraDeviceId, 'enrol options.cameraDeviceId');
  }
  return options;
}

export type { SettingsPatch };

/** A call that takes nothing and changes something: a payload means a page not ours, or a forged call. */
export function validateNoPayload(value: unknown): void {
  if (value !== undefined) throw new PayloadError('unexpectedKey', 'this call takes no payload');
}

// ---- Refused attempts' snapshots (main/core/attempt-snapshots.ts) ----

/** Keep snapshots of refused attempts or not: true or false, nothing else. */
export function validateKeepSnapshots(value: unknown): boolean {
  if (typeof value !== 'boolean') throw new PayloadError('wrongType', 'keep must be true or false');
  return value;
}

/** A snapshot's id: 32 hex digits, also its file's name, so nothing else may reach the store. */
export function validateSnapshotId(value: unknown): string {
  if (typeof value !== 'string') throw new PayloadError('wrongType', 'snapshot id must be a string');
  if (!isSnapshotId(value)) throw new PayloadError('outOfRange', 'snapshot id must be 32 hex digits');
  return value;
}

/** Only the keys the settings page may change; out-of-range values are refused, not clamped. */
export function validateSettingsPatch(value: unknown): SettingsPatch {
  const keys = ['lockOnStart', 'idleLockMinutes', 'startAtLogin', 'shortcut', 'passwordEveryHours', 'livenessMode', 'cameraDeviceId', 'currentPassword'];
  keys.push('walkAwayLock', 'walkAwaySeconds');
  const record = expectRecord(value, 'settings', [], keys);
  const patch: SettingsPatch = {};
  const has = (key: string): boolean => Object.hasOwn(record, key);
  if (has('lockOnStart')) patch.lockOnStart = booleanValue(record.lockOnStart, 'settings.lockOnStart');
  if (has('startAtLogin')) patch.startAtLogin = booleanValue(record.startAtLogin, 'settings.startAtLogin');
  if (has('idleLockMinutes')) {
    const { min, max } = SETTINGS_LIMITS.idleLockMinutes;
    patch.idleLockMinutes = integerIn(record.idleLockMinutes, 'settings.idleLockMinutes', min, max);
  }
  if (has('passwordEveryHours')) {
    const { min, max } = SETTINGS_LIMITS.passwordEveryHours;
    patch.passwordEveryHours = integerIn(record.passwordEveryHours, 'settings.passwordEveryHours', min, max);
  }
  if (has('shortcut')) {
    if (!isValidShortcut(record.shortcut)) {
      throw new PayloadError('wrongType', 'settings.shortcut must be an accelerator such as "CommandOrControl+Alt+L"');
    }
    patch.shortcut = record.shortcut;
  }
  if (has('livenessMode')) {
    if (!LIVENESS_MODES.includes(record.livenessMode as LivenessMode)) {
      throw new PayloadError('wrongType', `settings.livenessMode must be one of ${LIVENESS_MODES.join(', ')}`);
    }
    patch.livenessMode = record.livenessMode as LivenessMode;
  }
  if (has('cameraDeviceId')) patch.cameraDeviceId = cameraDeviceId(record.cameraDeviceId, 'settings.cameraDeviceId');
  if (has('currentPassword')) patch.currentPassword = validatePassword(record.currentPassword);
  // Walk-away lock (main/core/presence-watch.ts).
  if (has('walkAwayLock')) patch.walkAwayLock = booleanValue(record.walkAwayLock, 'settings.walkAwayLock');
  if (has('walkAwaySeconds')) {
    const { min, max } = SETTINGS_LIMITS.walkAwaySeconds;
    patch.walkAwaySeconds = integerIn(record.walkAwaySeconds, 'settings.walkAwaySeconds', min, max);
  }
  return patch;
}

// ---- Field checks ----

function cameraDeviceId(value: unknown, path: string): string {
  if (!isValidCameraDeviceId(value)) {
    throw new PayloadError('wrongType', `${path} must be a camera id of at most ${MAX_CAMERA_DEVICE_ID_LENGTH} printable characters`);
  }
  return value;
}

function expectRecord(
  value: unknown,
  path: string,
  required: readonly string[],
  optional: readonly string[] = [],
): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PayloadError('notPlainObject', `${path} must be an object`);
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw new PayloadError('notPlainObject', `${path} must be a plain object`);
  }
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key !== 'string' || (!required.includes(key) && !optional.includes(key))) {
      throw new PayloadError('unexpectedKey', `${path} has an unexpected key`);
    }
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (descriptor === undefined || !('value' in descriptor)) {
      throw new PayloadError('wrongType', `${path}.${key} must be a plain value`);
    }
  }
  for (const key of required) {
    if (!Object.hasOwn(value, key)) throw new PayloadError('missingKey', `${path}.${key} is missing`);
  }
  return value as Record<string, unknown>;
}

function numberIn(value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== 'number') throw new PayloadError('wrongType', `${path} must be a number`);
  if (!Number.isFinite(value)) throw new PayloadError('notFinite', `${path} must be finite`);
  if (value < min || value > max) throw new PayloadError('outOfRange', `${path} must be within ${min}..${max}`);
  return value;
}

function integerIn(value: unknown, path: string, min: number, max: number): number {
  const number = numberIn(value, path, min, max);
  if (!Number.isInteger(number)) throw new PayloadError('wrongType', `${path} must be a whole number`);
  return number;
}

function booleanValue(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') throw new PayloadError('wrongType', `${path} must be true or false`);
  return value;
}

// The TypedArray name from the internal slot: cannot be faked by Symbol.toStringTag and works across realms.
const typedArrayName = Object.getOwnPropertyDescriptor(
  Object.getPrototypeOf(Uint8Array.prototype),
  Symbol.toStringTag,
)?.get as (this: unknown) => string | undefined;

function bytesOfLength(value: unknown, path: string, length: number): Uint8Array {
  if (typedArrayName.call(value) !== 'Uint8Array') throw new PayloadError('wrongType', `${path} must be a Uint8Array`);
  const bytes = value as Uint8Array;
  if (bytes.byteLength !== length) {
    throw new PayloadError('wrongLength', `${path} must be exactly ${length} bytes, got ${bytes.byteLength}`);
  }
  return bytes;
}

function boxWithin(
  value: unknown,
  path: string,
  bounds: { minX: number; minY: number; maxX: number; maxY: number; minSidePx?: number },
): BoxPx {
  const record = expectRecord(value, path, ['x', 'y', 'width', 'height']);
  const x = numberIn(record.x, `${path}.x`, -MAX_FRAME_SIDE_PX, MAX_FRAME_SIDE_PX);
  const y = numberIn(record.y, `${path}.y`, -MAX_FRAME_SIDE_PX, MAX_FRAME_SIDE_PX);
  const width = numberIn(record.width, `${path}.width`, 0, MAX_FRAME_SIDE_PX);
  const height = numberIn(record.height, `${path}.height`, 0, MAX_FRAME_SIDE_PX);
  if (width === 0 || height === 0) throw new PayloadError('outOfRange', `${path} must have a positive size`);
  const minSide = bounds.minSidePx ?? 0;
  if (width < minSide || height < minSide) throw new PayloadError('outOfRange', `${path} sides must be at least ${minSide} px`);
  if (x < bounds.minX || y < bounds.minY || x + width > bounds.maxX || y + height > bounds.maxY) {
    throw new PayloadError('outOfRange', `${path} lies outside its image`);
  }
  return { x, y, width, height };
}
