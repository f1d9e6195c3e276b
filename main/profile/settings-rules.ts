// The settings and the rules that protect the lock through them: which settings are
// security-relevant (sealed with the profile, so editing a plain file cannot weaken the
// lock), what an unreadable value becomes (the stricter choice, never the weaker), and
// which changes weaken the lock (they need the current password).
import { LIVENESS_MODES, MAX_CAMERA_DEVICE_ID_LENGTH, MAX_SHORTCUT_LENGTH, WALK_AWAY_SECONDS, type LivenessMode } from '../../preload/api.ts';
import { DEFAULT_THRESHOLD_COSINE } from '../face/recognition/face-profile.ts';
import { isPlainRecord } from './profile-types.ts';

/** Everything that decides how hard the lock is to get past: sealed inside the face profile. */
export interface SecuritySettings {
  lockOnStart: boolean;
  /** Lock after this many idle minutes; 0 means never lock on idle. */
  idleLockMinutes: number;
  /** Electron accelerator for "lock now"; '' means no global shortcut. */
  shortcut: string;
  /** Ask for the password when it has not been typed for this many hours. */
  passwordEveryHours: number;
  livenessMode: LivenessMode;
  /** The camera the lock screen opens; '' for the system default. */
  cameraDeviceId: string;
  /** Raises the matcher's threshold; never settable from the renderer, never below the calibrated one. */
  thresholdCosine?: number;
  /**
   * The walk-away lock (opt-in; absent is off). Sealed like the other lock triggers, but turning
   * it off or lengthening it needs no password: it is a camera the owner must be able to stop at
   * once, and off is the default every lock gives (presence-watch.ts).
   */
  walkAwayLock?: boolean;
  /** Its seconds without the owner in view and without a key touched; absent: WALK_AWAY_SECONDS.default. */
  walkAwaySeconds?: number;
}

/**
 * Not sealed: whether the app starts at login is the operating system's autostart entry,
 * which anyone at an unlocked desktop can remove without asking Face Unlock.
 */
export interface Preferences {
  startAtLogin: boolean;
}

export type Settings = SecuritySettings & Preferences;

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
  // Only ever stricter than the calibrated threshold; above ~0.95 even the owner rarely matches.
  thresholdCosine: { min: DEFAULT_THRESHOLD_COSINE, max: 0.95 },
  shortcutMaxLength: MAX_SHORTCUT_LENGTH,
  walkAwaySeconds: { min: WALK_AWAY_SECONDS.min, max: WALK_AWAY_SECONDS.max },
});

/**
 * What a security setting that cannot be read becomes: the strictest choice the settings
 * page offers (a lock trigger stays on, the check is Strict, the password is asked every
 * hour), because the user's own value is unknown and a damaged file must not open the lock
 * wider. The problem shown says so, and Settings sets any of them back.
 */
export const UNREADABLE_FALLBACK: Readonly<Settings> = Object.freeze({
  lockOnStart: true,
  idleLockMinutes: 1,
  startAtLogin: DEFAULT_SETTINGS.startAtLogin,
  shortcut: DEFAULT_SETTINGS.shortcut,
  passwordEveryHours: SETTINGS_LIMITS.passwordEveryHours.min,
  livenessMode: 'strict',
  cameraDeviceId: '',
});

/** The words the settings page uses for each setting, for problems that name them. */
export const SETTING_NAMES: Readonly<Record<keyof Settings, string>> = Object.freeze({
  lockOnStart: 'lock when Face Unlock starts',
  idleLockMinutes: 'idle minutes',
  startAtLogin: 'start at login',
  shortcut: 'shortcut',
  passwordEveryHours: 'password hours',
  livenessMode: 'photo and screen check',
  cameraDeviceId: 'camera',
  thresholdCosine: 'match threshold',
  walkAwayLock: 'walk-away lock',
  walkAwaySeconds: 'walk-away seconds',
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

export interface SettingsRead {
  settings: Settings;
  /** Settings missing or of the wrong kind: they took UNREADABLE_FALLBACK's value. */
  unreadable: (keyof Settings)[];
}

/** Never throws: unknown keys are dropped, numbers are clamped, what cannot be read falls back strictly and is listed. */
export function readSettings(value: unknown): SettingsRead {
  const source = isPlainRecord(value) ? value : {};
  const unreadable: (keyof Settings)[] = [];
  const pick = <K extends keyof Settings>(key: K, read: (raw: unknown) => Settings[K] | undefined): Settings[K] => {
    const result = read(source[key]);
    if (result !== undefined) return result;
    unreadable.push(key);
    return UNREADABLE_FALLBACK[key];
  };
  const settings: Settings = {
    lockOnStart: pick('lockOnStart', booleanOrUndefined),
    idleLockMinutes: pick('idleLockMinutes', (raw) => integerIn(raw, SETTINGS_LIMITS.idleLockMinutes)),
    startAtLogin: pick('startAtLogin', booleanOrUndefined),
    shortcut: pick('shortcut', (raw) => (isValidShortcut(raw) ? raw : undefined)),
    passwordEveryHours: pick('passwordEveryHours', (raw) => integerIn(raw, SETTINGS_LIMITS.passwordEveryHours)),
    livenessMode: pick('livenessMode', (raw) => (LIVENESS_MODES.includes(raw as LivenessMode) ? (raw as LivenessMode) : undefined)),
    cameraDeviceId: pick('cameraDeviceId', (raw) => (isValidCameraDeviceId(raw) ? raw : undefined)),
  };
  // Optional: absent means the calibrated threshold.
  const threshold = source.thresholdCosine;
  if (typeof threshold === 'number' && Number.isFinite(threshold)) {
    const { min, max } = SETTINGS_LIMITS.thresholdCosine;
    settings.thresholdCosine = Math.min(max, Math.max(min, threshold));
  } else if (threshold !== undefined) {
    unreadable.push('thresholdCosine');
  }
  // Optional too (profiles sealed before it existed): unreadable is off, never a camera the owner did not turn on.
  if (typeof source.walkAwayLock === 'boolean') settings.walkAwayLock = source.walkAwayLock;
  else if (source.walkAwayLock !== undefined) unreadable.push('walkAwayLock');
  const walkAwaySeconds = integerIn(source.walkAwaySeconds, SETTINGS_LIMITS.walkAwaySeconds);
  if (walkAwaySeconds !== undefined) settings.walkAwaySeconds = walkAwaySeconds;
  else if (source.walkAwaySeconds !== undefined) unreadable.push('walkAwaySeconds');
  return { settings, unreadable };
}

export function securityOf(settings: Settings): SecuritySettings {
  const { startAtLogin: _preference, ...security } = settings;
  return security;
}

const LIVENESS_STRENGTH: Record<LivenessMode, number> = { off: 0, standard: 1, strict: 2 };
/** Idle minutes as a delay: 0 (never) is the longest. */
const idleDelay = (minutes: number) => (minutes === 0 ? Infinity : minutes);

/**
 * Would this change make the lock easier to get past? Liveness down, the password asked
 * less often, a lock trigger turned off or slowed, another camera (a virtual camera shows
 * anything). Such changes need the current password, as Android asks for the PIN.
 */
export function weakensSecurity(current: SecuritySettings, patch: Partial<SecuritySettings>): boolean {
  const next = { ...current, ...patch };
  return next.cameraDeviceId !== current.cameraDeviceId || !sameSecurity(stricterOf(current, next), next);
}

/** Field by field, the stricter of two sets of security settings; other fields come from `b`. */
export function stricterOf<T extends SecuritySettings>(a: T, b: T): T {
  const stricter: T = {
    ...b,
    lockOnStart: a.lockOnStart || b.lockOnStart,
    idleLockMinutes: idleDelay(a.idleLockMinutes) < idleDelay(b.idleLockMinutes) ? a.idleLockMinutes : b.idleLockMinutes,
    shortcut: b.shortcut === '' ? a.shortcut : b.shortcut,
    passwordEveryHours: Math.min(a.passwordEveryHours, b.passwordEveryHours),
    livenessMode: LIVENESS_STRENGTH[a.livenessMode] > LIVENESS_STRENGTH[b.livenessMode] ? a.livenessMode : b.livenessMode,
    // Two cameras disagree: neither is known to be real, the system default is.
    cameraDeviceId: a.cameraDeviceId === b.cameraDeviceId ? b.cameraDeviceId : '',
  };
  const threshold = Math.max(a.thresholdCosine ?? DEFAULT_THRESHOLD_COSINE, b.thresholdCosine ?? DEFAULT_THRESHOLD_COSINE);
  if (threshold > DEFAULT_THRESHOLD_COSINE) stricter.thresholdCosine = threshold;
  else delete stricter.thresholdCosine;
  return stricter;
}

export function sameSecurity(a: SecuritySettings, b: SecuritySettings): boolean {
  return (
    a.lockOnStart === b.lockOnStart &&
    a.idleLockMinutes === b.idleLockMinutes &&
    a.shortcut === b.shortcut &&
    a.passwordEveryHours === b.passwordEveryHours &&
    a.livenessMode === b.livenessMode &&
    a.cameraDeviceId === b.cameraDeviceId &&
    (a.thresholdCosine ?? DEFAULT_THRESHOLD_COSINE) === (b.thresholdCosine ?? DEFAULT_THRESHOLD_COSINE)
  );
}

function booleanOrUndefined(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

function integerIn(value: unknown, range: { min: number; max: number }): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  return Math.min(range.max, Math.max(range.min, Math.round(value)));
}
