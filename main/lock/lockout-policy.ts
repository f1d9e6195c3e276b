// Attempt counting, lockouts and the password-required rules, modelled on Android's
// class-3 biometric rules: a few failed attempts pause face unlock, wrong passwords pause
// everything, and the password is needed again after a restart, after a long time
// without it, or after face unlock kept failing.

import { Emitter, type Disposable } from '../base/emitter.ts';
import { systemClock, type Clock } from './clock.ts';

export type PasswordReason = 'restart' | 'timeout' | 'attempts';

export interface LockoutPolicyOptions {
  /** Failed face attempts (k-of-n windows) before face unlock pauses. */
  maxFaceFailures?: number;
  /** The first lockout; each further one (without a successful unlock in between) grows. */
  baseLockoutMs?: number;
  lockoutGrowthFactor?: number;
  maxLockoutMs?: number;
  /** Wrong passwords before password and face both pause. */
  maxPasswordFailures?: number;
  /** Face unlock stops after this long without a password unlock (Infinity: never). */
  passwordEveryMs?: number;
  /**
   * Face lockouts in a row after which face unlock stays off until the password is
   * entered: the third lockout means 15 failed attempts, beyond chance, so someone is
   * probably trying; a timed pause would only give them more tries.
   */
  maxFaceLockouts?: number;
  /** Face stays off until the password is entered once (app start). Defaults to true: fail closed. */
  requirePasswordAtStart?: boolean;
  clock?: Clock;
}

/** What main persists so that killing the app is not a free retry. */
export interface LockoutStateJson {
  version: 1;
  faceFailures: number;
  passwordFailures: number;
  /** Lockouts of either kind since the last successful unlock; drives the growth. */
  lockoutsInRow: number;
  faceLockoutsInRow: number;
  faceLockedUntilMs: number;
  passwordLockedUntilMs: number;
  lastPasswordUnlockMs: number | null;
}

export interface LockoutStatus {
  faceAllowed: boolean;
  passwordAllowed: boolean;
  faceLockoutRemainingMs: number;
  passwordLockoutRemainingMs: number;
  /** Why face is off until the password is entered, or null. */
  passwordReason: PasswordReason | null;
}

const DEFAULTS = {
  maxFaceFailures: 5,
  baseLockoutMs: 30_000,
  lockoutGrowthFactor: 2,
  maxLockoutMs: 30 * 60_000,
  maxPasswordFailures: 5,
  passwordEveryMs: 72 * 3600_000,
  maxFaceLockouts: 3,
};

function freshState(): LockoutStateJson {
  return {
    version: 1,
    faceFailures: 0,
    passwordFailures: 0,
    lockoutsInRow: 0,
    faceLockoutsInRow: 0,
    faceLockedUntilMs: 0,
    passwordLockedUntilMs: 0,
    lastPasswordUnlockMs: null,
  };
}

export class LockoutPolicy {
  #settings: Required<Omit<LockoutPolicyOptions, 'clock' | 'requirePasswordAtStart'>>;
  readonly #clock: Clock;
  #state: LockoutStateJson;
  #restartPending: boolean;
  readonly #changes = new Emitter<void>();

  constructor(options: LockoutPolicyOptions = {}, state: LockoutStateJson = freshState()) {
    const { clock, requirePasswordAtStart, ...rest } = options;
    this.#settings = { ...DEFAULTS, ...stripUndefined(rest) };
    this.#clock = clock ?? systemClock;
    this.#restartPending = requirePasswordAtStart ?? true;
    this.#state = { ...state };
  }

  /** Restores persisted state; throws on anything malformed (the caller decides how to fail closed). */
  static fromJSON(json: unknown, options: LockoutPolicyOptions = {}): LockoutPolicy {
    return new LockoutPolicy(options, parseState(json));
  }

  /** The user changed how often the password is asked for (Settings). */
  setPasswordEveryMs(passwordEveryMs: number): void {
    if (!(passwordEveryMs > 0)) throw new RangeError('passwordEveryMs must be positive');
    this.#settings = { ...this.#settings, passwordEveryMs };
  }

  toJSON(): LockoutStateJson {
    return { ...this.#state };
  }

  /** Fires after every state change, so main can persist at once (before the renderer hears the result). */
  onChange(listener: () => void): Disposable {
    return this.#changes.event(listener);
  }

  status(): LockoutStatus {
    const faceLockoutRemainingMs = this.#remainingMs(this.#state.faceLockedUntilMs);
    const passwordLockoutRemainingMs = this.#remainingMs(this.#state.passwordLockedUntilMs);
    const passwordReason = this.#passwordReason();
    return {
      faceAllowed: faceLockoutRemainingMs === 0 && passwordLockoutRemainingMs === 0 && passwordReason === null,
      passwordAllowed: passwordLockoutRemainingMs === 0,
      faceLockoutRemainingMs,
      passwordLockoutRemainingMs,
      passwordReason,
    };
  }

  /** Milliseconds until status() next changes by itself (a lockout ends, the password falls due), or null. */
  nextChangeInMs(): number | null {
    const nowMs = this.#clock.nowMs();
    const candidates = [
      this.#remainingMs(this.#state.faceLockedUntilMs),
      this.#remainingMs(this.#state.passwordLockedUntilMs),
    ];
    const last = this.#state.lastPasswordUnlockMs;
    if (last !== null && Number.isFinite(this.#settings.passwordEveryMs)) {
      candidates.push(last + this.#settings.passwordEveryMs + 1 - nowMs);
    }
    const positive = candidates.filter((ms) => ms > 0);
    return positive.length > 0 ? Math.min(...positive) : null;
  }

  /** One failed k-of-n window. Ignored while face is not allowed (nothing was attempted). */
  recordFaceFailure(): void {
    if (!this.status().faceAllowed) return;
    this.#state.faceFailures += 1;
    if (this.#state.faceFailures >= this.#settings.maxFaceFailures) {
      this.#state.faceFailures = 0;
      this.#state.faceLockoutsInRow += 1;
      // The last allowed lockout turns into "password required" instead of a pause.
      if (this.#state.faceLockoutsInRow < this.#settings.maxFaceLockouts) this.#startLockout('face');
    }
    this.#changed();
  }

  /** A wrong (or failed-to-verify) password. Ignored during a password lockout. */
  recordPasswordFailure(): void {
    if (!this.status().passwordAllowed) return;
    this.#state.passwordFailures += 1;
    if (this.#state.passwordFailures >= this.#settings.maxPasswordFailures) {
      this.#state.passwordFailures = 0;
      this.#startLockout('all');
    }
    this.#changed();
  }

  /** Returns false (and changes nothing) when face unlock is not allowed right now: the caller must not unlock. */
  recordFaceSuccess(): boolean {
    if (!this.status().faceAllowed) return false;
    this.#resetCounters();
    this.#changed();
    return true;
  }

  /** Returns false (and changes nothing) during a password lockout: the caller must not unlock. */
  recordPasswordSuccess(): boolean {
    if (!this.status().passwordAllowed) return false;
    this.#resetCounters();
    this.#state.lastPasswordUnlockMs = this.#clock.nowMs();
    this.#restartPending = false;
    this.#changed();
    return true;
  }

  #passwordReason(): PasswordReason | null {
    if (this.#state.faceLockoutsInRow >= this.#settings.maxFaceLockouts) return 'attempts';
    if (this.#restartPending) return 'restart';
    const last = this.#state.lastPasswordUnlockMs;
    if (last === null) return 'timeout';
    const elapsedMs = this.#clock.nowMs() - last;
    // A clock set back to before the last password unlock is not trusted either way: ask.
    if (elapsedMs < 0 || elapsedMs > this.#settings.passwordEveryMs) return 'timeout';
    return null;
  }

  #startLockout(scope: 'face' | 'all'): void {
    const { baseLockoutMs, lockoutGrowthFactor, maxLockoutMs } = this.#settings;
    const lockoutMs = Math.min(baseLockoutMs * lockoutGrowthFactor ** this.#state.lockoutsInRow, maxLockoutMs);
    this.#state.lockoutsInRow += 1;
    // Lockouts only grow while they are in a row, so the new deadline is never earlier than a running one.
    const untilMs = this.#clock.nowMs() + lockoutMs;
    this.#state.faceLockedUntilMs = untilMs;
    if (scope === 'all') this.#state.passwordLockedUntilMs = untilMs;
  }

  /** Clamped to maxLockoutMs so that setting the clock back cannot stretch a lockout without bound. */
  #remainingMs(untilMs: number): number {
    return Math.max(0, Math.min(untilMs - this.#clock.nowMs(), this.#settings.maxLockoutMs));
  }

  #resetCounters(): void {
    this.#state = { ...freshState(), lastPasswordUnlockMs: this.#state.lastPasswordUnlockMs };
  }

  #changed(): void {
    this.#changes.fire();
  }
}

function stripUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function parseState(json: unknown): LockoutStateJson {
  if (typeof json !== 'object' || json === null) throw new TypeError('lockout state is not an object');
  const record = json as Record<string, unknown>;
  if (record.version !== 1) throw new TypeError(`lockout state has unknown version ${String(record.version)}`);
  const count = (key: string): number => {
    const value = record[key];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      throw new TypeError(`lockout state field ${key} is not a non-negative integer`);
    }
    return value;
  };
  const last = record.lastPasswordUnlockMs;
  if (last !== null && (typeof last !== 'number' || !Number.isFinite(last))) {
    throw new TypeError('lockout state field lastPasswordUnlockMs is not a time');
  }
  return {
    version: 1,
    faceFailures: count('faceFailures'),
    passwordFailures: count('passwordFailures'),
    lockoutsInRow: count('lockoutsInRow'),
    faceLockoutsInRow: count('faceLockoutsInRow'),
    faceLockedUntilMs: count('faceLockedUntilMs'),
    passwordLockedUntilMs: count('passwordLockedUntilMs'),
    lastPasswordUnlockMs: last,
  };
}
