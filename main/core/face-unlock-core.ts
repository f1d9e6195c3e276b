// Everything main owns, wired together without Electron: the stores, the face
// engine, the lock controller, enrolment. The Electron shell (main/app) and the
// Chromium end-to-end tests both build this and register its handlers.
import type { EnrolBegin, LockView, SettingsView } from '../../preload/api.ts';
import { FaceEngine } from '../face/face-engine.ts';
import { DEFAULT_THRESHOLD_COSINE, FaceProfile, type Appearance } from '../face/face-profile.ts';
import { FaceVerifier, type LivenessCheck } from '../face/face-verifier.ts';
import { LivenessGate } from '../face/liveness-gate.ts';
import { PassiveLivenessCheck, type LivenessScorer } from '../face/liveness.ts';
import type { Clock } from '../lock/clock.ts';
import { LockController } from '../lock/lock-controller.ts';
import { LockoutPolicy } from '../lock/lockout-policy.ts';
import { MatchWindow } from '../lock/match-window.ts';
import type { Cipher } from '../profile/cipher.ts';
import { EnrolmentSession } from '../profile/enrolment.ts';
import { hashPassword, verifyPassword } from '../profile/password.ts';
import { ProfileStore } from '../profile/profile-store.ts';
import type { FaceProfileRecord, Settings } from '../profile/profile-types.ts';
import { SettingsStore } from '../profile/settings-store.ts';
import { ProblemBoard } from './problem-board.ts';

export interface FaceUnlockCoreOptions {
  /** Where profile.json and settings.json live (the app's userData). */
  dataDir: string;
  cipher: Cipher;
  modelsDir: string;
  clock?: Clock;
  threads?: number;
  /** Opens the passive anti-spoofing model; absent or failing leaves the challenge alone on guard. */
  createLivenessScorer?: () => Promise<LivenessScorer & { dispose?(): Promise<void> }>;
  /** Randomness of the challenge prompts (tests fix it). */
  random?: () => number;
}

export class FaceUnlockCore {
  readonly problems = new ProblemBoard();
  enrolment: { session: EnrolmentSession; options: EnrolBegin } | null = null;
  readonly lock: LockController;
  private readonly livenessGate: LivenessGate;
  private record: FaceProfileRecord | null = null;
  private profile: FaceProfile | null = null;
  private readonly profileListeners = new Set<() => void>();
  private readonly settingsListeners = new Set<(settings: Settings, previous: Settings) => void>();
  /** The last lock-state write: dispose waits for it, so a quit right after a failure still records it. */
  private persisting: Promise<void> = Promise.resolve();

  private constructor(
    readonly options: FaceUnlockCoreOptions,
    private readonly profileStore: ProfileStore,
    private readonly settingsStore: SettingsStore,
    public settings: Settings,
    private readonly engine: FaceEngine | null,
    private readonly liveness: LivenessCheck | null,
    private readonly policy: LockoutPolicy,
    private readonly disposeScorer: () => Promise<void>,
  ) {
    this.lock = new LockController({
      policy,
      matchWindow: new MatchWindow(),
      hasProfile: () => this.profile !== null,
      faceAvailable: () => this.engine !== null,
      cameraDeviceId: () => this.settings.cameraDeviceId,
      verifyPassword: async (password) => this.record !== null && verifyPassword(password, this.record.password),
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
    const profileStore = await ProfileStore.open({ dir: options.dataDir, cipher: options.cipher });
    const settingsStore = await SettingsStore.open({ dir: options.dataDir });
    const { settings, problem: settingsProblem } = await settingsStore.load();
    if (settingsProblem) problems.push(['settings', settingsProblem]);
    const loaded = await profileStore.load();
    const record = loaded.status === 'ok' || loaded.status === 'recoveredFromBackup' ? loaded.profile : null;
    if (loaded.status === 'corrupt' || loaded.status === 'recoveredFromBackup') problems.push(['store', loaded.problem]);

    const engine = await FaceEngine.createFromOptions({ modelsDir: options.modelsDir, threads: options.threads }).catch((error: Error) => {
      problems.push(['models', `Face recognition is unavailable (${error.message}). Use your password.`]);
      return null;
    });
    const scorer = options.createLivenessScorer ? await options.createLivenessScorer().catch(() => null) : null;
    const liveness = scorer ? new PassiveLivenessCheck(scorer) : null;
    const disposeScorer = async () => scorer?.dispose?.();

    const policyOptions = { clock: options.clock, passwordEveryMs: settings.passwordEveryHours * 3_600_000 };
    let policy: LockoutPolicy;
    try {
      policy = record?.lockState ? LockoutPolicy.fromJSON(record.lockState, policyOptions) : new LockoutPolicy(policyOptions);
    } catch {
      policy = new LockoutPolicy(policyOptions);
    }
    const core = new FaceUnlockCore(options, profileStore, settingsStore, settings, engine, liveness, policy, disposeScorer);
    core.adoptRecord(record);
    for (const [source, message] of problems) core.problems.set(source, message);
    policy.onChange(() => {
      core.persisting = core.persisting.then(() => core.persistLockState());
    });
    return core;
  }

  get hasProfile(): boolean {
    return this.profile !== null;
  }

  get faceEngine(): FaceEngine | null {
    return this.engine;
  }

  verifier(): FaceVerifier | null {
    if (!this.engine) return null;
    return new FaceVerifier({
      engine: this.engine,
      thresholdCosine: this.settings.thresholdCosine ?? DEFAULT_THRESHOLD_COSINE,
      liveness: this.livenessGate,
    });
  }

  currentProfile(): FaceProfile | null {
    return this.profile;
  }

  livenessCheck(): LivenessCheck | null {
    return this.liveness;
  }

  settingsView(): SettingsView {
    const { thresholdCosine: _threshold, ...visible } = this.settings;
    return { ...visible, weakKeyring: !this.options.cipher.isStrong, hasProfile: this.hasProfile };
  }

  async updateSettings(patch: Partial<Settings>): Promise<SettingsView> {
    const previous = this.settings;
    this.settings = await this.settingsStore.save({ ...this.settings, ...patch });
    this.policy.setPasswordEveryMs(this.settings.passwordEveryHours * 3_600_000);
    for (const listener of this.settingsListeners) listener(this.settings, previous);
    return this.settingsView();
  }

  /**
   * For changes that need proof it is the owner at the unlocked desktop, through the lock's
   * one password gate (LockController.checkPassword): refused during a lockout, a wrong guess
   * counts like a wrong password on the lock screen, so this is no way to brute-force it.
   */
  async checkCurrentPassword(password: string | undefined): Promise<boolean> {
    if (!this.record) return true;
    return this.lock.checkPassword(password ?? '');
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
    const appearance: Appearance = {
      id: enrolment.options.mode === 'replace' ? 'default' : `appearance-${Date.now().toString(36)}`,
      label: enrolment.options.label ?? (enrolment.options.mode === 'replace' ? 'default' : 'another look'),
      centre: enrolment.session.centre(),
      embeddings: enrolment.session.keptEmbeddings(),
    };
    const now = new Date().toISOString();
    let record: FaceProfileRecord;
    if (enrolment.options.mode === 'addAppearance') {
      if (!this.record || !this.profile) return { ok: false, message: 'Enrol a face first.' };
      const refused = await this.passwordRefusal(password);
      if (refused) return { ok: false, message: refused };
      if (this.record.appearances.length >= 8) return { ok: false, message: 'This profile already has 8 appearances.' };
      record = { ...this.record, updatedIso: now, appearances: [...this.record.appearances, toStored(appearance)] };
    } else {
      record = { version: 1, createdIso: now, updatedIso: now, appearances: [toStored(appearance)], password: await hashPassword(password) };
    }
    await this.profileStore.save({ ...record, lockState: this.policy.toJSON() });
    this.adoptRecord(record);
    // The lock screen should see the face through the camera it was enrolled with. The profile
    // is saved already: a settings write that fails only leaves the camera as it was.
    const { source, cameraDeviceId } = enrolment.options;
    if (source === 'camera' && cameraDeviceId !== undefined && cameraDeviceId !== this.settings.cameraDeviceId) {
      await this.updateSettings({ cameraDeviceId }).catch((error: unknown) => console.warn('the enrolment camera was not remembered', error));
    }
    this.problems.clear('store');
    // The password was just typed: it counts as a password unlock for the 72-hour rule.
    this.policy.recordPasswordSuccess();
    this.enrolment = null;
    return { ok: true };
  }

  async deleteProfile(password: string): Promise<{ ok: boolean; message?: string }> {
    if (!this.record) return { ok: false, message: 'No face is enrolled.' };
    const refused = await this.passwordRefusal(password);
    if (refused) return { ok: false, message: refused };
    await this.profileStore.delete();
    this.adoptRecord(null);
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
    this.profileListeners.add(listener);
    return () => this.profileListeners.delete(listener);
  }

  async dispose(): Promise<void> {
    this.lock.dispose();
    await this.persisting;
    await Promise.all([this.engine?.dispose(), this.disposeScorer(), this.profileStore.dispose(), this.settingsStore.dispose()]);
  }

  private adoptRecord(record: FaceProfileRecord | null): void {
    this.record = record;
    this.profile = record ? new FaceProfile(record.appearances.map(fromStored)) : null;
    for (const listener of this.profileListeners) listener();
  }

  private async persistLockState(): Promise<void> {
    if (!this.record) return;
    this.record = { ...this.record, lockState: this.policy.toJSON() };
    await this.profileStore.save(this.record).catch(() => this.problems.set('store', 'The lock state could not be saved.'));
  }
}

function toStored(appearance: Appearance): FaceProfileRecord['appearances'][number] {
  return {
    id: appearance.id,
    label: appearance.label,
    centre: [...appearance.centre],
    embeddings: appearance.embeddings.map((e) => [...e]),
  };
}

function fromStored(stored: FaceProfileRecord['appearances'][number]): Appearance {
  return {
    id: stored.id,
    label: stored.label,
    centre: Float32Array.from(stored.centre),
    embeddings: stored.embeddings.map((e) => Float32Array.from(e)),
  };
}
