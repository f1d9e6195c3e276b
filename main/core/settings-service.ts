// The settings in force and the one way to change them: the plain file first, then the seal
// in the face profile (the sealed copy is the one that counts, so a failure between the two
// leaves the old settings in force), and a change that weakens the lock only with the
// owner's password.
import { Emitter, type Event } from '../base/emitter.ts';
import type { LockoutPolicy } from '../lock/lockout-policy.ts';
import { securityOf, weakensSecurity, type Settings } from '../profile/settings-rules.ts';
import type { SettingsStore } from '../profile/settings-store.ts';
import type { ProblemBoard } from './problem-board.ts';
import type { ProfileKeeper } from './profile-keeper.ts';
import { REFUSALS } from './refusals.ts';

/** Settings that came into force, and the ones they replaced. */
export interface SettingsChange {
  settings: Settings;
  previous: Settings;
}

export interface SettingsServiceOptions {
  /** The settings in force at start (starting-settings.ts). */
  initial: Settings;
  store: SettingsStore;
  keeper: ProfileKeeper;
  policy: LockoutPolicy;
  problems: ProblemBoard;
  /** The owner's password check (owner-password.ts). */
  checkPassword(password: string | undefined): Promise<boolean>;
}

export class SettingsService {
  readonly #changed = new Emitter<SettingsChange>();
  /** Fires after settings change, from any window (the shell applies the shortcut and login item). */
  readonly onChanged: Event<SettingsChange> = this.#changed.event;
  #settings: Settings;

  constructor(private readonly options: SettingsServiceOptions) {
    this.#settings = options.initial;
  }

  get current(): Settings {
    return this.#settings;
  }

  /**
   * A change asked for at the unlocked desktop (the Settings page): one that makes the lock
   * weaker needs the owner's current password.
   */
  async change(patch: Partial<Settings>, currentPassword: string | undefined): Promise<void> {
    if (weakensSecurity(this.#settings, patch) && !(await this.options.checkPassword(currentPassword))) {
      throw new Error(REFUSALS.weakerNeedsPassword);
    }
    await this.update(patch);
  }

  /** Applies a change without asking: the owner's own actions in main (the tray), tests and tools. */
  async update(patch: Partial<Settings>): Promise<void> {
    const previous = this.#settings;
    const next = await this.options.store.save({ ...previous, ...patch });
    await this.options.keeper.update((record) => record && { ...record, security: securityOf(next) });
    this.#settings = next;
    this.options.problems.clear('settings');
    this.options.policy.setPasswordEveryMs(next.passwordEveryHours * 3_600_000);
    this.#changed.fire({ settings: next, previous });
  }

  /** Puts in force settings the profile's seal holds already (the enrolment's camera): the plain copy failing to follow changes nothing. */
  async adoptSealed(settings: Settings): Promise<void> {
    const previous = this.#settings;
    this.#settings = settings;
    await this.options.store.save(settings).catch((error: unknown) => console.warn('settings.json did not follow the enrolment camera', error));
    this.#changed.fire({ settings, previous });
  }

  /** Seals the settings in force into the profile (one from before settings were sealed). */
  async seal(): Promise<void> {
    await this.options.keeper.update((record) => record && { ...record, security: securityOf(this.#settings) });
  }

  dispose(): void {
    this.#changed.dispose();
    this.options.store.dispose();
  }
}
