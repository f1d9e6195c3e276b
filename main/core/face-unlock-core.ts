// Everything main owns, wired together without Electron: the stores, the face
// engine, the lock controller, enrolment. The Electron shell (main/app) and the
// Chromium end-to-end tests both build this and register its handlers.
import type { EnrolBegin, LockView, SettingsView } from '../../preload/api.ts';
import { FaceEngine } from '../face/pipeline/face-engine.ts';
import { openShippedCohort, type ShippedCohort } from '../face/recognition/cohort-file.ts';
import { DEFAULT_THRESHOLD_COSINE, TARGET_FAR_PER_ATTEMPT, type Appearance, type FaceProfile } from '../face/recognition/face-profile.ts';
import { FaceVerifier } from '../face/recognition/face-verifier.ts';
import { LivenessGate } from '../face/liveness/liveness-gate.ts';
import { PassiveLivenessCheck, type LivenessScorer } from '../face/models/passive-liveness.ts';
import { CalibratedProfile } from '../face/recognition/profile-calibration.ts';
import { centroidNormalized } from '../face/math/vectors.ts';
import type { Clock } from '../lock/clock.ts';
import { LockController } from '../lock/lock-controller.ts';
import { LockoutPolicy } from '../lock/lockout-policy.ts';
import { MatchWindow } from '../lock/match-window.ts';
import type { Cipher } from '../profile/cipher.ts';
import { EnrolmentSession } from '../profile/enrolment.ts';
import { hashPassword, verifyPassword } from '../profile/password.ts';
import { ProfileStore, type StoreFs } from '../profile/profile-store.ts';
import type { FaceProfileRecord } from '../profile/profile-types.ts';
import { securityOf, type Settings } from '../profile/settings-rules.ts';
import { SettingsStore } from '../profile/settings-store.ts';
import { ProblemBoard } from './problem-board.ts';
import { ProfileKeeper, toStored, type ProfileState } from './profile-keeper.ts';
import { startingSettings } from './starting-settings.ts';
import type { LivenessCheck } from '../face/outcomes.ts';

export interface FaceUnlockCoreOptions {
  /** Where profile.json and settings.json live (the app's userData). */
  dataDir: string;
  cipher: Cipher;
  modelsDir: string;
  /** The shipped cohort (face-cohort.bin) each profile's threshold is calibrated against; absent: the shipped threshold alone. */
  cohortPath?: string;
  clock?: Clock;
  threads?: number;
  /** Opens the passive anti-spoofing model; absent or failing leaves the challenge alone on guard. */
  createLivenessScorer?: () => Promise<LivenessScorer & { dispose?(): Promise<void> }>;
  /** Randomness of the challenge prompts (tests fix it). */
  random?: () => number;
  /** File operations of the profile store, for tests that inject faults or hold a write open. */
  storeFs?: Partial<StoreFs>;
}

export class FaceUnlockCore {
  readonly problems = new ProblemBoard();
  enrolment: { session: EnrolmentSession; options: EnrolBegin } | null = null;
  readonly lock: LockController;
  private readonly livenessGate: LivenessGate;
  private readonly settingsListeners = new Set<(settings: Settings, previous: Settings) => void>();
  /** The current profile calibrated at the current floor, kept until either changes. */
  private calibrated: { profile: FaceProfile; floorThresholdCosine: number; value: CalibratedProfile } | null = null;

  private constructor(
    readonly options: FaceUnlockCoreOptions,
    private readonly keeper: ProfileKeeper,
    private readonly settingsStore: SettingsStore,
    public settings: Settings,
    private readonly engine: FaceEngine | null,
    private readonly liveness: LivenessCheck | null,
    private readonly policy: LockoutPolicy,
    private readonly disposeScorer: () => Promise<void>,
    private readonly cohort: ShippedCohort | null,
  ) {
    this.lock = new LockController({
      policy,
      matchWindow: new MatchWindow({
        fusedMatch: (embeddings) => this.calibratedProfile()?.match(centroidNormalized(embeddings)).matched === true,
      }),
      hasProfile: () => this.keeper.profile !== null,
      faceAvailable: () => this.engine !== null,
      cameraDeviceId: () => this.settings.cameraDeviceId,
      verifyPassword: async (password) => {
        const hash = this.keeper.password;
        return hash !== null && verifyPassword(password, hash);
      },
      clock: options.clock,
    });
    this.problems.onChange((message) => (message ? this.lock.reportProblem(message) : this.lock.clearProblem()));
    // A given clock (tests, eval-liveness's simulated time) times the challenge and the retry
    // waits too; otherwise the gate keeps its monotonic clock, which a wall-clock change cannot move.
    const clock = options.clock;
    this.livenessGate = new LivenessGate({
      mode: () => this.settings.livenessMode,
      passive: liveness,
      random: options.random,
      ...(clock ? { nowMs: () => clock.nowMs() } : {}),
    });
    // Every attempt proves liveness afresh.
    this.lock.onChange((view) => view.phase === 'unlocked' && this.livenessGate.reset());
  }

  static async createFromOptions(options: FaceUnlockCoreOptions): Promise<FaceUnlockCore> {
    const problems: [string, string][] = [];
    const profileStore = await ProfileStore.open({ dir: options.dataDir, cipher: options.cipher, fs: options.storeFs });
    const settingsStore = await SettingsStore.open({ dir: options.dataDir });
    const loaded = await profileStore.load();
    const keeper = new ProfileKeeper(profileStore, loaded);
    const start = startingSettings(await settingsStore.load(), loaded);
    if (start.problem) problems.push(['settings', start.problem]);
    if ((loaded.status === 'recoveredFromBackup' || loaded.status === 'ok') && loaded.problem) problems.push(['store', loaded.problem]);
    if (loaded.status === 'corrupt') problems.push(['store', damagedProfileProblem(loaded.problem, loaded.password !== null)]);

    const engine = await FaceEngine.createFromOptions({ modelsDir: options.modelsDir, threads: options.threads }).catch((error: Error) => {
      problems.push(['models', `Face recognition is unavailable (${error.message}). Use your password.`]);
      return null;
    });
    const scorer = options.createLivenessScorer
      ? await options.createLivenessScorer().catch((error: Error) => {
          // Not silent: without it Standard challenges every attempt, and the user should know why.
          problems.push(['liveness', `The photo and screen check is unavailable (${error.message}): every unlock asks you to turn or nod.`]);
          return null;
        })
      : null;
    const liveness = scorer ? new PassiveLivenessCheck(scorer) : null;
    const cohort = options.cohortPath
      ? await openShippedCohort(options.cohortPath).catch((error: Error) => {
          // Not silent: the lock still holds strangers to the shipped threshold, but a face close to many is not held tighter.
          problems.push(['calibration', `Your face could not be calibrated against strangers' faces (${error.message}): the lock uses the shipped threshold.`]);
          return null;
        })
      : null;
    const disposeScorer = async () => scorer?.dispose?.();

    const policyOptions = { clock: options.clock, passwordEveryMs: start.settings.passwordEveryHours * 3_600_000 };
    const lockState = keeper.record?.lockState;
    let policy: LockoutPolicy;
    try {
      policy = lockState ? LockoutPolicy.fromJSON(lockState, policyOptions) : new LockoutPolicy(policyOptions);
    } catch {
      policy = new LockoutPolicy(policyOptions);
    }
    const core = new FaceUnlockCore(options, keeper, settingsStore, start.settings, engine, liveness, policy, disposeScorer, cohort);
    for (const [source, message] of problems) core.problems.set(source, message);
    policy.onChange(() => void core.persistLockState());
    // Seal what is not sealed yet (a profile from before settings were sealed), and mend the plain copy.
    if (start.sealNeeded) void core.sealSecurity().catch(() => core.problems.set('store', 'The settings could not be sealed with the face profile.'));
    if (start.problem) await settingsStore.save(start.settings).catch(() => undefined);
    return core;
  }

  get hasProfile(): boolean {
    return this.keeper.profile !== null;
  }

  get profileState(): ProfileState {
    return this.keeper.state;
  }

  /** Locking needs a password that can open it again: the profile's, or a damaged profile's surviving copy. */
  get canLock(): boolean {
    return this.keeper.password !== null;
  }

  get faceEngine(): FaceEngine | null {
    return this.engine;
  }

  verifier(): FaceVerifier | null {
    if (!this.engine) return null;
    return new FaceVerifier({ engine: this.engine, liveness: this.livenessGate });
  }

  currentProfile(): FaceProfile | null {
    return this.keeper.profile;
  }

  /** The profile with its own threshold per appearance (profile-calibration.ts); null when none is enrolled. */
  calibratedProfile(): CalibratedProfile | null {
    const profile = this.keeper.profile;
    if (!profile) return null;
    const floorThresholdCosine = this.settings.thresholdCosine ?? DEFAULT_THRESHOLD_COSINE;
    if (this.calibrated?.profile !== profile || this.calibrated.floorThresholdCosine !== floorThresholdCosine) {
      this.calibrated = { profile, floorThresholdCosine, value: this.calibrate(profile) };
    }
    return this.calibrated.value;
  }

  /** Any profile (the one being enrolled, for Test recognition) calibrated as the lock would. */
  calibrate(profile: FaceProfile): CalibratedProfile {
    return CalibratedProfile.create(profile, {
      floorThresholdCosine: this.settings.thresholdCosine ?? DEFAULT_THRESHOLD_COSINE,
      cohort: this.cohort,
      targetFar: TARGET_FAR_PER_ATTEMPT,
    });
  }

  livenessCheck(): LivenessCheck | null {
    return this.liveness;
  }

  settingsView(): SettingsView {
    const { thresholdCosine, ...visible } = this.settings;
    const problem = this.problems.message();
    const calibrated = this.calibratedProfile();
    return {
      ...visible,
      weakKeyring: !this.options.cipher.isStrong,
      profileState: this.profileState,
      thresholdCosine: calibrated?.thresholdCosine ?? thresholdCosine ?? DEFAULT_THRESHOLD_COSINE,
      falseAccepts: calibrated?.far ?? null,
      ...(problem ? { problem } : {}),
    };
  }

  /**
   * Applies a change: the plain file first, then the seal (the sealed copy is the one that
   * counts, so a failure between the two leaves the old settings in force).
   */
  async updateSettings(patch: Partial<Settings>): Promise<SettingsView> {
    const previous = this.settings;
    const next = await this.settingsStore.save({ ...previous, ...patch });
    await this.keeper.update((record) => record && { ...record, security: securityOf(next) });
    this.settings = next;
    this.problems.clear('settings');
    this.policy.setPasswordEveryMs(next.passwordEveryHours * 3_600_000);
    for (const listener of this.settingsListeners) listener(next, previous);
    return this.settingsView();
  }

  /**
   * For changes that need proof it is the owner at the unlocked desktop, through the lock's
   * one password gate (LockController.checkPassword): refused during a lockout, a wrong guess
   * counts like a wrong password on the lock screen, so this is no way to brute-force it.
   */
  async checkCurrentPassword(password: string | undefined): Promise<boolean> {
    // With no hash at all (nothing enrolled, or none survived damage) there is nothing to prove.
    if (this.keeper.password === null) return true;
    // No password typed is no guess: refused, not counted (toggling a setting must not lock the owner out).
    if (!password) return false;
    return this.lock.checkPassword(password);
  }

  /** Why the password is refused (wrong, or not checked during a lockout), or null when it is the owner's. */
  private async passwordRefusal(password: string): Promise<string | null> {
    if (await this.checkCurrentPassword(password)) return null;
    return this.policy.status().passwordAllowed ? 'Wrong password.' : 'Too many wrong passwords: wait, then try again.';
  }

  /** Saves the enrolment as the profile (replace) or as one more appearance. */
  async saveEnrolment(password: string): Promise<{ ok: boolean; message?: string }> {
    const enrolment = this.enrolment;
    if (!enrolment || !enrolment.session.isComplete()) return { ok: false, message: 'Capture more faces first.' };
    const { mode, source, cameraDeviceId, label } = enrolment.options;
    const appearance: Appearance = {
      id: mode === 'replace' ? 'default' : `appearance-${Date.now().toString(36)}`,
      label: label ?? (mode === 'replace' ? 'default' : 'another look'),
      centre: enrolment.session.centre(),
      embeddings: enrolment.session.keptEmbeddings(),
    };
    // The lock screen should see the face through the camera it was enrolled with (the
    // enrolment itself proved the password, so this change needs no other).
    const camera = source === 'camera' && cameraDeviceId !== undefined ? { cameraDeviceId } : {};
    const settings = { ...this.settings, ...camera };
    const now = new Date().toISOString();
    if (mode === 'addAppearance') {
      if (!this.keeper.record) return { ok: false, message: 'Enrol a face first.' };
      const refused = await this.passwordRefusal(password);
      if (refused) return { ok: false, message: refused };
      if (this.keeper.record.appearances.length >= 8) return { ok: false, message: 'This profile already has 8 appearances.' };
      await this.keeper.update((record) => record && {
        ...record,
        updatedIso: now,
        appearances: [...record.appearances, toStored(appearance)],
        security: securityOf(settings),
        lockState: this.policy.toJSON(),
      });
      if (!this.keeper.record) return { ok: false, message: 'The face profile was deleted meanwhile.' };
    } else {
      const record: FaceProfileRecord = {
        version: 1,
        createdIso: now,
        updatedIso: now,
        appearances: [toStored(appearance)],
        password: await hashPassword(password),
        security: securityOf(settings),
        lockState: this.policy.toJSON(),
      };
      await this.keeper.update(() => record);
    }
    this.problems.clear('store');
    if (settings.cameraDeviceId !== this.settings.cameraDeviceId) {
      const previous = this.settings;
      this.settings = settings;
      // The seal holds the camera already: the plain copy failing to follow changes nothing.
      await this.settingsStore.save(settings).catch((error: unknown) => console.warn('settings.json did not follow the enrolment camera', error));
      for (const listener of this.settingsListeners) listener(settings, previous);
    }
    // The password was just typed: it counts as a password unlock for the 72-hour rule.
    this.policy.recordPasswordSuccess();
    this.enrolment = null;
    return { ok: true };
  }

  async deleteProfile(password: string): Promise<{ ok: boolean; message?: string }> {
    if (this.profileState === 'none') return { ok: false, message: 'No face is enrolled.' };
    const refused = await this.passwordRefusal(password);
    if (refused) return { ok: false, message: refused };
    await this.keeper.delete();
    this.problems.clear('store');
    return { ok: true };
  }

  onLockView(listener: (view: LockView) => void): () => void {
    return this.lock.onChange(listener);
  }

  /** Fires after settings change, from any window (the shell applies the shortcut and login item). */
  onSettingsChanged(listener: (settings: Settings, previous: Settings) => void): () => void {
    this.settingsListeners.add(listener);
    return () => this.settingsListeners.delete(listener);
  }

  /** Fires when a profile is saved or deleted (the tray menu follows it). */
  onProfileChanged(listener: () => void): () => void {
    return this.keeper.onChange(listener);
  }

  async dispose(): Promise<void> {
    this.lock.dispose();
    // The last lock-state write: a quit right after a wrong password still records it.
    await this.keeper.settle();
    this.keeper.dispose();
    await Promise.all([this.engine?.dispose(), this.disposeScorer(), this.settingsStore.dispose()]);
  }

  /** Queued behind every other write, with the policy's state as it is when its turn comes. */
  private async persistLockState(): Promise<void> {
    try {
      const saved = await this.keeper.update((record) => record && { ...record, lockState: this.policy.toJSON() });
      // A save mends what a store problem was about (a damaged main file or backup, a failed write).
      if (saved) this.problems.clear('store');
    } catch {
      this.problems.set('store', 'The lock state could not be saved.');
    }
  }

  private async sealSecurity(): Promise<void> {
    await this.keeper.update((record) => record && { ...record, security: securityOf(this.settings) });
  }
}

/** What the user reads when no copy of the profile can be read, and what still works. */
function damagedProfileProblem(problem: string, passwordSurvived: boolean): string {
  return passwordSurvived
    ? `${problem} Face unlock is off until you enrol again (your password is needed); the lock still opens with your password.`
    : `${problem} No copy of your password survived either, so Face Unlock cannot lock this computer until you enrol again.`;
}
