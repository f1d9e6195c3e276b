// The lock's state machine: unlocked → locked → (lockedOut) → unlocked. It turns what the
// face pipeline saw into a LockView, and fails closed: an error while deciding keeps the
// lock shut, a password check that throws is a wrong password, and nothing unlocks
// unless the lockout policy agrees at that very moment.

import { clearTimeout, setTimeout } from 'node:timers';
import type { ChallengeCause, FeedbackCode, LockView } from '../../preload/api.ts';
import { Emitter, type Disposable } from '../base/emitter.ts';
import { FailedAttempts, type FailedAttempt } from './attempt.ts';
import type { Clock } from './clock.ts';
import { livenessFailureFeedback, lockViewOf } from './lock-view.ts';
import type { LockoutPolicy } from './lockout-policy.ts';
import type { MatchWindow, WindowDecision } from './match-window.ts';
import type { FrameOutcome } from '../face/outcomes.ts';
import { SerialQueue } from '../base/serial-queue.ts';

export type LockReason = 'user' | 'start' | 'idle' | 'resume' | 'sleep' | 'osLock' | 'shortcut' | 'walkAway';

/** The face opened the lock (never the password): the attempt's frames whose fused mean matched. */
export interface FaceUnlock {
  embeddings: readonly Float32Array[];
}

/**
 * A face attempt that failed and counted toward the lockout (attempt.ts: a rejected window, at
 * most one per MIN_FACE_ATTEMPT_SPACING_MS, or a liveness refusal), with what the overlay said.
 */
export interface FaceAttemptFailure {
  failure: FailedAttempt;
  feedback: FeedbackCode;
}

/** The feedback codes a quality-gate refusal may carry; any other is a caller's bug and fails closed. */
const QUALITY_FEEDBACK: ReadonlySet<FeedbackCode> = new Set<FeedbackCode>(['tooDark', 'tooFar', 'turnToCamera', 'blurry']);

export interface LockControllerOptions {
  policy: LockoutPolicy;
  matchWindow: MatchWindow;
  hasProfile: () => boolean;
  /** The face models are loaded. */
  faceAvailable: () => boolean;
  /** The camera the overlay should open; '' for the system default. */
  cameraDeviceId?: () => string;
  /** Constant-time comparison is the verifier's job. */
  verifyPassword: (password: string) => Promise<boolean>;
  /** For the attempt spacing; the policy keeps its own clock for lockouts. */
  clock?: Clock;
}

/** setTimeout's ceiling; a later deadline is simply re-armed when this one fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class LockController {
  readonly #options: LockControllerOptions;
  readonly #changes = new Emitter<LockView>();
  readonly #faceUnlocks = new Emitter<FaceUnlock>();
  readonly #faceFailures = new Emitter<FaceAttemptFailure>();
  readonly #failedAttempts: FailedAttempts;
  #locked = false;
  #lockReason: LockReason | null = null;
  #feedback: FeedbackCode = 'noFace';
  #challengeCause: ChallengeCause | undefined;
  #problem: string | undefined;
  #lastViewKey = '';
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #passwordChecks = new SerialQueue('password checks');
  #disposed = false;

  constructor(options: LockControllerOptions) {
    this.#options = options;
    this.#failedAttempts = new FailedAttempts({ clock: options.clock });
    this.#lastViewKey = viewKey(this.#computeView());
  }

  isLocked(): boolean {
    return this.#locked;
  }

  lockReason(): LockReason | null {
    return this.#locked ? this.#lockReason : null;
  }

  lock(reason: LockReason): LockView {
    if (!this.#disposed && !this.#locked) {
      this.#locked = true;
      this.#lockReason = reason;
      this.#feedback = 'noFace';
      this.#options.matchWindow.reset();
    }
    return this.#refresh();
  }

  reportFace(outcome: FrameOutcome): LockView {
    if (this.#disposed || !this.#locked) return this.view();
    try {
      this.#handleFace(outcome);
    } catch {
      // Fail closed: the lock only opens as the very last step of a clean decision, so
      // whatever broke, it is still shut; the attempt starts over.
      this.#safely(() => this.#options.matchWindow.reset());
    }
    return this.#refresh();
  }

  submitPassword(password: string): Promise<{ ok: boolean; view: LockView }> {
    return this.#queued(() => this.#tryPassword(password));
  }

  /**
   * The owner's password asked for outside the overlay (a weakening setting, a new appearance,
   * deleting the profile): the same rules as on the lock screen. Checks run one at a time with
   * the overlay's, nothing is checked during a password lockout, and every wrong one counts
   * towards it. It opens nothing, so a right one is not a password unlock.
   */
  checkPassword(password: string): Promise<boolean> {
    return this.#queued(async () => {
      if (this.#disposed || !this.#options.policy.status().passwordAllowed) return false;
      let ok = false;
      try {
        ok = (await this.#options.verifyPassword(password)) === true;
      } catch {
        ok = false; // a verifier that breaks must not become a way in
      }
      if (!ok) this.#options.policy.recordPasswordFailure();
      this.#refresh();
      return ok;
    });
  }

  /** A problem the user must know about (camera, models, store); shown until cleared. */
  reportProblem(message: string): LockView {
    this.#problem = message;
    return this.#refresh();
  }

  clearProblem(): LockView {
    this.#problem = undefined;
    return this.#refresh();
  }

  view(): LockView {
    return this.#refresh();
  }

  /**
   * Fires whenever the view changes. The running countdown alone is not a change (the
   * overlay counts down itself from the lockoutRemainingMs it got); its end is.
   */
  onChange(listener: (view: LockView) => void): Disposable {
    return this.#changes.event(listener);
  }

  /**
   * Fires after the face (never the password) opened the lock, with the attempt's frames: the
   * adaptive template learns from them. The lock is already open; a listener's error changes nothing.
   */
  onFaceUnlock(listener: (unlock: FaceUnlock) => void): Disposable {
    return this.#faceUnlocks.event(listener);
  }

  /**
   * Fires when a failed face attempt counted toward the lockout, exactly then (a spaced-out
   * rejected window fires nothing), never for an unlock. A listener's error changes nothing.
   */
  onFaceAttemptFailed(listener: (failure: FaceAttemptFailure) => void): Disposable {
    return this.#faceFailures.event(listener);
  }

  dispose(): void {
    this.#disposed = true;
    this.#changes.dispose();
    this.#faceUnlocks.dispose();
    this.#faceFailures.dispose();
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #handleFace(outcome: FrameOutcome): void {
    if (!this.#faceUsable()) return; // the view already says why; the frame decides nothing
    const window = this.#options.matchWindow;
    this.#challengeCause = undefined;
    switch (outcome.kind) {
      case 'noFace':
      case 'severalFaces':
        // No decidable face: not an attempt, but a long run of these still ends one.
        window.push('noFace');
        this.#feedback = outcome.kind;
        return;
      case 'quality':
        if (!QUALITY_FEEDBACK.has(outcome.feedback)) throw new TypeError(`not a quality feedback: ${outcome.feedback}`);
        window.push('noFace');
        this.#feedback = outcome.feedback;
        return;
      case 'scored':
        this.#handleScored(outcome.matched, outcome.embedding);
        return;
      case 'checking':
        window.observe(outcome.embedding);
        this.#feedback = 'recognising';
        return;
      case 'challenge':
        this.#feedback = outcome.prompt;
        this.#challengeCause = outcome.cause;
        return;
      case 'livenessFailed':
        // A failed attempt of its own, always counted (attempt.ts): the window starts afresh.
        window.reset();
        this.#faceAttemptFailed('livenessRefused', () => livenessFailureFeedback(outcome.reason, outcome.step));
        return;
      case 'livenessRetryWait':
        // The failure was counted when it happened; its reason stays on screen.
        this.#feedback = livenessFailureFeedback(outcome.reason, outcome.step);
        return;
      default:
        throw new TypeError(`unknown face outcome ${String((outcome as { kind: unknown }).kind)}`);
    }
  }

  #handleScored(matched: boolean, embedding: Float32Array): void {
    const window = this.#options.matchWindow;
    const isMatch = matched === true;
    this.#decide(window.push(isMatch ? 'match' : 'nonMatch', embedding), isMatch ? 'recognising' : 'notRecognised');
  }

  #decide(decision: WindowDecision, pendingFeedback: FeedbackCode): void {
    if (decision === 'unlock') {
      const embeddings = this.#options.matchWindow.takeUnlockFrames();
      if (!this.#options.policy.recordFaceSuccess()) return;
      this.#unlock();
      this.#safely(() => this.#faceUnlocks.fire({ embeddings }));
      return;
    }
    if (decision === 'reject') {
      this.#faceAttemptFailed('windowRejected', () => (pendingFeedback === 'recognising' ? 'notRecognised' : pendingFeedback));
      return;
    }
    this.#feedback = pendingFeedback;
  }

  /**
   * A failed attempt: to the lockout policy when it counts (attempt.ts), then what the overlay
   * says, then onFaceAttemptFailed if it counted. Counted before the feedback is worked out, so
   * that a feedback that throws (an unknown reason) still counts.
   */
  #faceAttemptFailed(failure: FailedAttempt, feedbackOf: () => FeedbackCode): void {
    const counted = this.#failedAttempts.counts(failure);
    if (counted) this.#options.policy.recordFaceFailure();
    const feedback = feedbackOf();
    this.#feedback = feedback;
    if (counted) this.#safely(() => this.#faceFailures.fire({ failure, feedback }));
  }

  /** Runs password checks one at a time, so parallel guesses cannot all slip in before the lockout. */
  #queued<T>(check: () => Promise<T>): Promise<T> {
    return this.#passwordChecks.run(check);
  }

  async #tryPassword(password: string): Promise<{ ok: boolean; view: LockView }> {
    const policy = this.#options.policy;
    if (this.#disposed || !this.#locked || !policy.status().passwordAllowed) {
      return { ok: false, view: this.#refresh() };
    }
    let ok = false;
    try {
      ok = (await this.#options.verifyPassword(password)) === true;
    } catch {
      ok = false; // a verifier that breaks must not become a way in
    }
    if (!ok) {
      policy.recordPasswordFailure();
      return { ok: false, view: this.#refresh() };
    }
    if (!policy.recordPasswordSuccess()) return { ok: false, view: this.#refresh() };
    if (!this.#disposed) this.#unlock();
    return { ok: true, view: this.#refresh() };
  }

  /** The window is reset first so that nothing can throw after the lock has opened. */
  #unlock(): void {
    this.#options.matchWindow.reset();
    this.#locked = false;
    this.#lockReason = null;
    this.#feedback = 'unlocked';
  }

  #faceUsable(): boolean {
    return (
      this.#safely(() => this.#options.hasProfile() === true) === true &&
      this.#safely(() => this.#options.faceAvailable() === true) === true &&
      this.#options.policy.status().faceAllowed
    );
  }

  #computeView(): LockView {
    return lockViewOf({
      locked: this.#locked,
      feedback: this.#feedback,
      challengeCause: this.#challengeCause,
      problem: this.#problem,
      status: this.#options.policy.status(),
      hasProfile: this.#safely(() => this.#options.hasProfile() === true) === true,
      faceAvailable: this.#safely(() => this.#options.faceAvailable() === true) === true,
      cameraDeviceId: this.#safely(() => this.#options.cameraDeviceId?.()) ?? '',
    });
  }

  /** Recomputes the view, tells listeners if it changed, and arms a timer for the next change that time alone brings. */
  #refresh(): LockView {
    const view = this.#computeView();
    if (this.#disposed) return view;
    this.#armTimer();
    const key = viewKey(view);
    if (key !== this.#lastViewKey) {
      this.#lastViewKey = key;
      this.#changes.fire(view);
    }
    return view;
  }

  #armTimer(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    const delayMs = this.#locked ? this.#options.policy.nextChangeInMs() : null;
    if (delayMs === null) return;
    this.#timer = setTimeout(() => this.#refresh(), Math.min(delayMs, MAX_TIMER_MS));
    this.#timer.unref(); // a pending countdown must not keep the process alive
  }

  /** Runs a check that must not throw its way past the lock; a throw reads as "no". */
  #safely<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch {
      return undefined;
    }
  }
}

function viewKey(view: LockView): string {
  return JSON.stringify({ ...view, lockoutRemainingMs: view.lockoutRemainingMs > 0 });
}
