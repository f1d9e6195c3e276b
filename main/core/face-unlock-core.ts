// Everything main owns, wired together without Electron: the stores, the face engine, the
// lock controller, enrolment, Test recognition. The Electron shell (main/app) and the
// Chromium end-to-end tests both build this; the IPC handlers validate what a page sent and
// make one call here.
import type { CameraProblem, EnrolBegin, EnrolProgress, EnrolReview, FrameReport, LockView, PasswordResult, RecognitionTest, SettingsView } from '../../preload/api.ts';
import type { Disposable, Event } from '../base/emitter.ts';
import { LivenessGate } from '../face/liveness/liveness-gate.ts';
import { centroidNormalized } from '../face/math/vectors.ts';
import type { FaceEngine } from '../face/pipeline/face-engine.ts';
import { DEFAULT_THRESHOLD_COSINE } from '../face/recognition/face-profile.ts';
import { FaceVerifier } from '../face/recognition/face-verifier.ts';
import type { CalibratedProfile } from '../face/recognition/profile-calibration.ts';
import { ProfileCalibrator } from './profile-calibrator.ts';
import { LockController } from '../lock/lock-controller.ts';
import { MatchWindow } from '../lock/match-window.ts';
import { verifyPassword } from '../profile/password.ts';
import type { Settings } from '../profile/settings-rules.ts';
import { openCoreParts, type CoreParts, type FaceUnlockCoreOptions } from './core-parts.ts';
import { EnrolmentService, type Enrolment } from './enrolment-service.ts';
import { OwnerPassword } from './owner-password.ts';
import { ProblemBoard } from './problem-board.ts';
import type { ProfileState } from './profile-keeper.ts';
import { RecognitionTester } from './recognition-tester.ts';
import { OutOfTurn, REFUSALS } from './refusals.ts';
import { cameraProblemNotice } from '../../preload/feedback.ts';
import { SettingsService, type SettingsChange } from './settings-service.ts';
import { TemplateLearner } from './template-learner.ts';
import { AttemptSnapshots } from './attempt-snapshots.ts';
import { PresenceWatch } from './presence-watch.ts';
import type { LivenessCheck } from '../face/models/passive-liveness.ts';

export type { FaceUnlockCoreOptions } from './core-parts.ts';
export type { SettingsChange } from './settings-service.ts';

export class FaceUnlockCore {
  readonly problems = new ProblemBoard();
  /** The walk-away lock's judge (presence-watch.ts): the shell starts and stops it, the presence page's frames go to it. */
  readonly presence = new PresenceWatch({ verifier: () => this.#lockVerifier, profile: () => this.calibratedProfile(), nowMs: () => this.options.clock?.nowMs() ?? performance.now() });
  readonly lock: LockController;
  /** Snapshots of refused face attempts, opt-in (attempt-snapshots.ts): Settings' list, the notice after an unlock. */
  readonly attemptSnapshots: AttemptSnapshots;
  /** Fires after settings change, from any window (the shell applies the shortcut and login item). */
  readonly onSettingsChanged: Event<SettingsChange>;
  /** The stores, models, cohort and policy the core was opened with (core-parts.ts). */
  readonly #parts: CoreParts;
  readonly #settings: SettingsService;
  readonly #livenessGate: LivenessGate;
  readonly #lockVerifier: FaceVerifier | null;
  readonly #password: OwnerPassword;
  readonly #tester: RecognitionTester;
  readonly #enrolment: EnrolmentService;
  readonly #learner: TemplateLearner;
  /** A lock frame is being judged: frames arriving meanwhile are dropped, not queued (the camera sends fresher ones). */
  #lockFrameBusy = false;
  /** The current profile calibrated at the current floor, kept until either changes. */
  readonly #calibrator: ProfileCalibrator;

  private constructor(
    readonly options: FaceUnlockCoreOptions,
    parts: CoreParts,
  ) {
    this.#parts = parts;
    this.#calibrator = new ProfileCalibrator({ cohort: parts.cohort, floorThresholdCosine: () => this.settings.thresholdCosine });
    this.#settings = new SettingsService({
      initial: parts.start.settings,
      store: parts.settingsStore,
      keeper: parts.keeper,
      policy: parts.policy,
      problems: this.problems,
      checkPassword: (password) => this.#password.check(password),
    });
    this.onSettingsChanged = this.#settings.onChanged;
    this.lock = new LockController({
      policy: parts.policy,
      matchWindow: new MatchWindow({
        fusedMatch: (embeddings) => this.calibratedProfile()?.match(centroidNormalized(embeddings)).matched === true,
      }),
      hasProfile: () => this.#parts.keeper.profile !== null,
      faceAvailable: () => this.#parts.engine !== null,
      cameraDeviceId: () => this.settings.cameraDeviceId,
      verifyPassword: async (password) => {
        const hash = this.#parts.keeper.password;
        return hash !== null && verifyPassword(password, hash);
      },
      clock: options.clock,
    });
    this.problems.onChange((message) => (message ? this.lock.reportProblem(message) : this.lock.clearProblem()));
    this.attemptSnapshots = AttemptSnapshots.inDataDir({ dataDir: options.dataDir, cipher: options.cipher, lock: this.lock, problems: this.problems, clock: options.clock });
    this.#learner = new TemplateLearner({
      keeper: parts.keeper,
      onFaceUnlock: (listener) => this.lock.onFaceUnlock(listener),
      calibrated: () => this.calibratedProfile(),
      livenessMode: () => this.settings.livenessMode,
      problems: this.problems,
    });
    this.#livenessGate = this.#createLivenessGate(parts.liveness);
    this.#lockVerifier = parts.engine ? new FaceVerifier({ engine: parts.engine, liveness: this.#livenessGate }) : null;
    this.#password = new OwnerPassword({ keeper: parts.keeper, lock: this.lock, policy: parts.policy });
    this.#tester = new RecognitionTester({ engine: parts.engine, passive: parts.liveness, createGate: (passive) => this.#createLivenessGate(passive) });
    this.#enrolment = new EnrolmentService({
      engine: parts.engine,
      keeper: parts.keeper,
      policy: parts.policy,
      password: this.#password,
      problems: this.problems,
      tester: this.#tester,
      calibrate: (profile) => this.#calibrator.calibrate(profile),
      settings: () => this.settings,
      adoptSealedSettings: (settings) => this.#settings.adoptSealed(settings),
    });
    // Every attempt proves liveness afresh (and so does every test run after an unlock).
    this.lock.onChange((view) => view.phase === 'unlocked' && (this.#livenessGate.reset(), this.#tester.reset()));
    // A test run judges with the mode and the profile in force: either changing starts a new one.
    this.onSettingsChanged(() => this.#tester.reset());
    this.#parts.keeper.onChange(() => this.#tester.reset());
  }

  static async createFromOptions(options: FaceUnlockCoreOptions): Promise<FaceUnlockCore> {
    const parts = await openCoreParts(options);
    const core = new FaceUnlockCore(options, parts);
    for (const [source, message] of parts.problems) core.problems.set(source, message);
    await core.attemptSnapshots.load();
    parts.policy.onChange(() => void core.#persistLockState());
    // Seal what is not sealed yet (a profile from before settings were sealed), and mend the plain copy.
    if (parts.start.sealNeeded) void core.#settings.seal().catch(() => core.problems.set('store', 'The settings could not be sealed with the face profile.'));
    if (parts.start.problem) await parts.settingsStore.save(parts.start.settings).catch(() => undefined);
    return core;
  }

  /** The settings in force. */
  get settings(): Settings {
    return this.#settings.current;
  }

  get hasProfile(): boolean {
    return this.#parts.keeper.profile !== null;
  }

  get profileState(): ProfileState {
    return this.#parts.keeper.state;
  }

  /** Locking needs a password that can open it again: the profile's, or a damaged profile's surviving copy. */
  get canLock(): boolean {
    return this.#parts.keeper.password !== null;
  }

  get faceEngine(): FaceEngine | null {
    return this.#parts.engine;
  }

  /** The enrolment in progress, if any: read only, the enrolment calls below change it. */
  get enrolment(): Enrolment | null {
    return this.#enrolment.current;
  }

  /** The lock's verifier (its liveness gate included); null without face models. */
  verifier(): FaceVerifier | null {
    return this.#lockVerifier;
  }

  /** The profile with its own threshold per appearance (profile-calibration.ts); null when none is enrolled. */
  calibratedProfile(): CalibratedProfile | null {
    const profile = this.#parts.keeper.profile;
    return profile ? this.#calibrator.current(profile) : null;
  }

  livenessCheck(): LivenessCheck | null {
    return this.#parts.liveness;
  }

  /** One frame from the lock page, judged by the lock (when locked, enrolled and not busy with the previous one). */
  async submitLockFrame(frame: FrameReport): Promise<LockView> {
    this.problems.clear('camera');
    const profile = this.calibratedProfile();
    const verifier = this.#lockVerifier;
    if (!this.lock.isLocked() || !profile || !verifier || this.#lockFrameBusy) return this.lock.view();
    this.#lockFrameBusy = true;
    try {
      const outcome = await verifier.judge(frame, profile);
      this.attemptSnapshots.noteFrame(frame); // what a refused attempt this frame ends keeps (when on)
      return this.lock.reportFace(outcome);
    } catch {
      // Fail closed: a frame that could not be judged is no match, and says nothing.
      return this.lock.view();
    } finally {
      this.#lockFrameBusy = false;
    }
  }

  submitPassword(password: string): Promise<PasswordResult> {
    return this.lock.submitPassword(password);
  }

  /** The lock page cannot look for a face: the lock says why until a frame arrives again. */
  reportCameraProblem(problem: CameraProblem): LockView {
    this.problems.set('camera', cameraProblemNotice(problem));
    return this.lock.view();
  }

  /** Settings' Test recognition: what the lock would decide on this frame, in the liveness mode in force. */
  recognitionTest(frame: FrameReport): Promise<RecognitionTest> {
    return this.#tester.test(frame, this.calibratedProfile(), 'profile');
  }

  beginEnrolment(begin: EnrolBegin): Promise<void> {
    return this.#enrolment.begin(begin);
  }

  addEnrolmentFrame(frame: FrameReport): Promise<EnrolProgress> {
    return this.#enrolment.addFrame(frame);
  }

  reviewEnrolment(): EnrolReview {
    return this.#enrolment.review();
  }

  /** The wizard's Test recognition, against the faces captured so far. */
  testEnrolment(frame: FrameReport): Promise<RecognitionTest> {
    return this.#enrolment.test(frame);
  }

  /** Saves the enrolment as the profile (replace) or as one more appearance. */
  saveEnrolment(password: string): Promise<{ ok: boolean; message?: string }> {
    return this.#enrolment.save(password);
  }

  cancelEnrolment(): void {
    this.#enrolment.cancel();
  }

  async deleteProfile(password: string): Promise<{ ok: boolean; message?: string }> {
    if (this.profileState === 'none') return { ok: false, message: REFUSALS.nothingEnrolled };
    const refused = await this.#password.refusal(password);
    if (refused) return { ok: false, message: refused };
    await this.#parts.keeper.delete();
    this.problems.clear('store');
    return { ok: true };
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
      ...(calibrated ? { learnedUnlocks: this.#learner.learnedUnlocks } : {}),
      ...(problem ? { problem } : {}),
      ...(this.presence.stoppedBy ? { walkAwayStopped: this.presence.stoppedBy } : {}),
    };
  }

  /**
   * Settings' "Forget what it learned": the centres return to the enrolment. No password: it
   * only takes the lock back to what the password-proven enrolment set up.
   */
  async forgetLearned(): Promise<SettingsView> {
    if (this.profileState !== 'enrolled') throw new OutOfTurn(REFUSALS.nothingEnrolled);
    await this.#learner.forget();
    return this.settingsView();
  }

  /** Resolves once what the last face unlocks taught is written (tests, tools). */
  settleLearning(): Promise<void> {
    return this.#learner.settle();
  }

  /** A change asked for on the Settings page: one that weakens the lock needs the current password (settings-service.ts). */
  async changeSettings(patch: Partial<Settings>, currentPassword: string | undefined): Promise<SettingsView> {
    await this.#settings.change(patch, currentPassword);
    return this.settingsView();
  }

  /** Applies a change without asking: the owner's own actions in main (the tray's "Start at login"), tests and tools. */
  async updateSettings(patch: Partial<Settings>): Promise<SettingsView> {
    await this.#settings.update(patch);
    return this.settingsView();
  }

  /** True when the password is the owner's (or there is none to prove), through the lock's one password gate (owner-password.ts). */
  checkCurrentPassword(password: string | undefined): Promise<boolean> {
    return this.#password.check(password);
  }

  onLockView(listener: (view: LockView) => void): Disposable {
    return this.lock.onChange(listener);
  }

  /** Fires when a profile is saved or deleted (the tray menu follows it). */
  onProfileChanged(listener: () => void) {
    return this.#parts.keeper.onChange(listener);
  }

  async dispose(): Promise<void> {
    this.#learner.dispose();
    this.attemptSnapshots.dispose();
    this.presence.dispose();
    this.lock.dispose();
    this.#enrolment.dispose();
    this.#tester.dispose();
    // The last lock-state write: a quit right after a wrong password still records it.
    await this.#parts.keeper.settle();
    this.#parts.keeper.dispose();
    this.#settings.dispose();
    this.problems.dispose();
    await Promise.all([this.#parts.engine?.dispose(), this.#parts.disposeScorer()]);
  }

  /** The lock's gate, and Test recognition's built the same way: the mode in force, the core's clock and randomness. */
  #createLivenessGate(passive: LivenessCheck | null): LivenessGate {
    // A given clock (tests, eval-liveness's simulated time) times the challenge and the retry
    // waits too; otherwise the gate keeps its monotonic clock, which a wall-clock change cannot move.
    const clock = this.options.clock;
    return new LivenessGate({
      mode: () => this.settings.livenessMode,
      passive,
      random: this.options.random,
      ...(clock ? { nowMs: () => clock.nowMs() } : {}),
    });
  }


  /** Queued behind every other write, with the policy's state as it is when its turn comes. */
  async #persistLockState(): Promise<void> {
    try {
      const saved = await this.#parts.keeper.update((record) => record && { ...record, lockState: this.#parts.policy.toJSON() });
      // A save mends what a store problem was about (a damaged main file or backup, a failed write).
      if (saved) this.problems.clear('store');
    } catch {
      this.problems.set('store', 'The lock state could not be saved.');
    }
  }
}
