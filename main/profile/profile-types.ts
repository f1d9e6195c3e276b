// What is kept on disk: the face profile (secret, sealed by ProfileStore) and the
// settings (not secret). Everything read back is checked here, because a file can be
// truncated, hand-edited or written by another version.
import { MAX_CAMERA_DEVICE_ID_LENGTH } from '../../preload/api.ts';
import { isWellFormedPasswordHash, type PasswordHash } from './password.ts';

/** Length of every embedding and centre (the embedder's output size). */
export const PROFILE_EMBEDDING_LENGTH = 512;
export const MAX_APPEARANCES = 8;
export const MAX_EMBEDDINGS_PER_APPEARANCE = 64;
const MAX_ID_LENGTH = 64;
const MAX_LABEL_LENGTH = 100;

export interface FaceAppearance {
  id: string;
  label: string;
  /** Mean of the embeddings, PROFILE_EMBEDDING_LENGTH numbers. */
  centre: number[];
  /** The enrolled embeddings, PROFILE_EMBEDDING_LENGTH numbers each. */
  embeddings: number[][];
}

export interface FaceProfileRecord {
  version: 1;
  createdIso: string;
  updatedIso: string;
  appearances: FaceAppearance[];
  password: PasswordHash;
  /** The lock policy's persisted state, opaque here (it must survive a JSON round trip). */
  lockState?: unknown;
}

export type ProfileParse = { ok: true; profile: FaceProfileRecord } | { ok: false; problem: string };

/** Checks every shape and number of a decrypted profile; returns a fresh object of known fields only. */
export function parseProfileRecord(value: unknown): ProfileParse {
  const fail = (problem: string): ProfileParse => ({ ok: false, problem });
  if (!isPlainRecord(value)) return fail('the profile is not an object');
  if (value.version !== 1) return fail(`the profile version is ${String(value.version)}, expected 1`);
  for (const key of ['createdIso', 'updatedIso'] as const) {
    const iso = value[key];
    if (typeof iso !== 'string' || iso.length > 40 || Number.isNaN(Date.parse(iso))) {
      return fail(`the profile's ${key} is not a date`);
    }
  }
  if (!isWellFormedPasswordHash(value.password)) return fail('the password hash is malformed');
  const appearances = value.appearances;
  if (!Array.isArray(appearances) || appearances.length < 1 || appearances.length > MAX_APPEARANCES) {
    return fail(`the profile must hold 1 to ${MAX_APPEARANCES} appearances`);
  }
  const parsed: FaceAppearance[] = [];
  for (const [index, appearance] of appearances.entries()) {
    const result = parseAppearance(appearance);
    if (typeof result === 'string') return fail(`appearance ${index}: ${result}`);
    if (parsed.some((other) => other.id === result.id)) return fail(`appearance ${index}: duplicate id`);
    parsed.push(result);
  }
  const profile: FaceProfileRecord = {
    version: 1,
    createdIso: value.createdIso as string,
    updatedIso: value.updatedIso as string,
    appearances: parsed,
    password: { ...value.password },
  };
  if (value.lockState !== undefined) profile.lockState = value.lockState;
  return { ok: true, profile };
}

function parseAppearance(value: unknown): FaceAppearance | string {
  if (!isPlainRecord(value)) return 'not an object';
  const { id, label, centre, embeddings } = value;
  if (typeof id !== 'string' || id.length < 1 || id.length > MAX_ID_LENGTH) return 'bad id';
  if (typeof label !== 'string' || label.length > MAX_LABEL_LENGTH) return 'bad label';
  const centreProblem = vectorProblem(centre);
  if (centreProblem !== null) return `centre ${centreProblem}`;
  if (!Array.isArray(embeddings) || embeddings.length > MAX_EMBEDDINGS_PER_APPEARANCE) {
    return `embeddings must be a list of at most ${MAX_EMBEDDINGS_PER_APPEARANCE}`;
  }
  for (const [index, embedding] of embeddings.entries()) {
    const problem = vectorProblem(embedding);
    if (problem !== null) return `embedding ${index} ${problem}`;
  }
  return {
    id,
    label,
    centre: [...(centre as number[])],
    embeddings: (embeddings as number[][]).map((embedding) => [...embedding]),
  };
}

function vectorProblem(value: unknown): string | null {
  if (!Array.isArray(value)) return 'is not a list of numbers';
  if (value.length !== PROFILE_EMBEDDING_LENGTH) {
    return `has ${value.length} numbers instead of ${PROFILE_EMBEDDING_LENGTH}`;
  }
  const bad = value.findIndex((x) => typeof x !== 'number' || !Number.isFinite(x));
  return bad === -1 ? null : `has a value that is not a finite number at ${bad}`;
}

// ---- Settings ----

export type LivenessMode = 'standard' | 'strict' | 'off';
export const LIVENESS_MODES: readonly LivenessMode[] = ['standard', 'strict', 'off'];

export interface Settings {
  lockOnStart: boolean;
  /** Lock after this many idle minutes; 0 means never lock on idle. */
  idleLockMinutes: number;
  startAtLogin: boolean;
  /** Electron accelerator for "lock now"; '' means no global shortcut. */
  shortcut: string;
  /** Ask for the password when it has not been typed for this many hours. */
  passwordEveryHours: number;
  livenessMode: LivenessMode;
  /** The camera the lock screen opens; '' for the system default. */
  cameraDeviceId: string;
  /** Overrides the matcher's default threshold; never settable from the renderer. */
  thresholdCosine?: number;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  lockOnStart: true,
  idleLockMinutes: 5,
  startAtLogin: false,
  shortcut: 'CommandOrControl+Alt+L',
  passwordEveryHours: 72, // Android class-3: the primary credential at least every 72 h
  livenessMode: 'standard',
  cameraDeviceId: '',
});

/** Inclusive ranges; minutes and hours are whole numbers. */
export const SETTINGS_LIMITS = Object.freeze({
  idleLockMinutes: { min: 0, max: 24 * 60 },
  passwordEveryHours: { min: 1, max: 30 * 24 },
  // Below ~0.2 strangers match; above ~0.95 even the owner rarely does.
  thresholdCosine: { min: 0.2, max: 0.95 },
  shortcutMaxLength: 64,
});

/** Printable ASCII without spaces, '+'-separated parts (e.g. "CommandOrControl+Alt+L"), or '' for none. */
export function isValidShortcut(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  if (value === '') return true;
  if (value.length > SETTINGS_LIMITS.shortcutMaxLength) return false;
  return /^[\x21-\x7E]+$/.test(value) && value.split('+').every((part) => part.length > 0);
}

/** A device id as the renderer's MediaDevices reports it: printable ASCII, bounded; '' for the default. */
export function isValidCameraDeviceId(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_CAMERA_DEVICE_ID_LENGTH && /^[\x20-\x7E]*$/.test(value);
}

/** Never throws: unknown keys are dropped, wrong types fall back to defaults, numbers are clamped. */
export function sanitizeSettings(value: unknown): Settings {
  const source = isPlainRecord(value) ? value : {};
  const settings: Settings = {
    lockOnStart: booleanOr(source.lockOnStart, DEFAULT_SETTINGS.lockOnStart),
    idleLockMinutes: integerIn(
      source.idleLockMinutes,
      SETTINGS_LIMITS.idleLockMinutes,
      DEFAULT_SETTINGS.idleLockMinutes,
    ),
    startAtLogin: booleanOr(source.startAtLogin, DEFAULT_SETTINGS.startAtLogin),
    shortcut: isValidShortcut(source.shortcut) ? source.shortcut : DEFAULT_SETTINGS.shortcut,
    passwordEveryHours: integerIn(
      source.passwordEveryHours,
      SETTINGS_LIMITS.passwordEveryHours,
      DEFAULT_SETTINGS.passwordEveryHours,
    ),
    livenessMode: LIVENESS_MODES.includes(source.livenessMode as LivenessMode)
      ? (source.livenessMode as LivenessMode)
      : DEFAULT_SETTINGS.livenessMode,
    cameraDeviceId: isValidCameraDeviceId(source.cameraDeviceId) ? source.cameraDeviceId : DEFAULT_SETTINGS.cameraDeviceId,
  };
  const threshold = source.thresholdCosine;
  if (typeof threshold === 'number' && Number.isFinite(threshold)) {
    const { min, max } = SETTINGS_LIMITS.thresholdCosine;
    settings.thresholdCosine = Math.min(max, Math.max(min, threshold));
  }
  return settings;
}

function booleanOr(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

function integerIn(value: unknown, range: { min: number; max: number }, fallback: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.min(range.max, Math.max(range.min, Math.round(value)));
}

export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const LIVENESS_STRENGTH: Record<LivenessMode, number> = { off: 0, standard: 1, strict: 2 };

/**
 * Would this change make the lock easier to get past? (Liveness down, the password asked
 * less often.) Such changes need the current password, as Android asks for the PIN.
 */
export function weakensSecurity(current: Settings, patch: Partial<Settings>): boolean {
  if (patch.livenessMode !== undefined && LIVENESS_STRENGTH[patch.livenessMode] < LIVENESS_STRENGTH[current.livenessMode]) return true;
  return patch.passwordEveryHours !== undefined && patch.passwordEveryHours > current.passwordEveryHours;
}
