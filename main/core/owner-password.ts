// The owner's password asked for at the unlocked desktop (starting over, a weakening
// setting, a new appearance, deleting the profile): always through the lock's one password
// gate (LockController.checkPassword), so that a wrong guess here counts like one on the
// lock screen and nothing is checked during a lockout: no way to brute-force it.
import type { LockController } from '../lock/lock-controller.ts';
import type { LockoutPolicy } from '../lock/lockout-policy.ts';
import type { ProfileKeeper } from './profile-keeper.ts';
import { REFUSALS } from './refusals.ts';

export interface OwnerPasswordOptions {
  keeper: ProfileKeeper;
  lock: LockController;
  policy: LockoutPolicy;
}

export class OwnerPassword {
  constructor(private readonly options: OwnerPasswordOptions) {}

  /** True when the password is the owner's, or when there is no password to prove. */
  async check(password: string | undefined): Promise<boolean> {
    // With no hash at all (nothing enrolled, or none survived damage) there is nothing to prove.
    if (this.options.keeper.password === null) return true;
    // No password typed is no guess: refused, not counted (toggling a setting must not lock the owner out).
    if (!password) return false;
    return this.options.lock.checkPassword(password);
  }

  /** Why the password is refused (wrong, or not checked during a lockout), or null when it is the owner's. */
  async refusal(password: string): Promise<string | null> {
    if (await this.check(password)) return null;
    return this.options.policy.status().passwordAllowed ? REFUSALS.wrongPassword : REFUSALS.passwordsPaused;
  }
}
