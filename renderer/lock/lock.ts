// The lock overlay. It shows what main says (LockView) and reports what the camera
// sees; it decides nothing. The camera runs only while face unlock is possible and
// is released the moment main says the screen is unlocked; the detector is warmed as
// soon as the page loads, camera or not.
import type { CameraProblem, FaceUnlockApi, FeedbackCode, LockView } from '../../preload/api.ts';
import { FaceSession } from '../face/face-session.ts';
import type { FrameAnalysis } from '../face/frame-analyser.ts';
import { applyFieldLimits, bridgeOrNotice, byId, setText, show } from '../shared/dom.ts';
import { CAMERA_PROBLEM_TONE, cameraProblemSentence, feedbackSentence, feedbackTone } from '../../preload/feedback.ts';
import { faceResumeSentence, lockoutSentence, passwordReasonSentence, LOCKED_OUT_SENTENCE } from '../shared/messages.ts';
import { FacePreview } from '../shared/preview.ts';
import { startClock } from './lock-clock.ts';

class LockScreen {
  private view: LockView | null = null;
  private lockoutEndsAtMs = 0;
  private cameraWanted = false;
  private cameraProblem: CameraProblem | null = null;
  private passwordBusy = false;
  private readonly session: FaceSession;
  private readonly preview: FacePreview;
  private readonly elements = {
    status: byId('status', HTMLParagraphElement),
    countdown: byId('countdown', HTMLParagraphElement),
    problem: byId('problem', HTMLParagraphElement),
    preview: byId('preview', HTMLDivElement),
    form: byId('password-form', HTMLFormElement),
    password: byId('password', HTMLInputElement),
    submit: byId('password-submit', HTMLButtonElement),
    passwordReason: byId('password-reason', HTMLParagraphElement),
    passwordError: byId('password-error', HTMLParagraphElement),
  };

  constructor(private readonly api: FaceUnlockApi) {
    const video = byId('camera-video', HTMLVideoElement);
    this.preview = new FacePreview(byId('face-overlay', HTMLCanvasElement));
    this.session = new FaceSession({
      video,
      onFrame: (analysis) => this.handleFrame(analysis),
      onProblem: (problem) => this.handleCameraProblem(problem),
    });
    this.elements.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submitPassword();
    });
    this.elements.password.addEventListener('input', () => show(this.elements.passwordError, false));
    // A camera plugged back in gets another chance.
    navigator.mediaDevices?.addEventListener('devicechange', () => {
      if (this.cameraProblem === 'missing' || this.cameraProblem === 'unplugged') {
        this.cameraProblem = null;
        this.updateCamera();
      }
    });
    window.addEventListener('pagehide', () => this.session.dispose());
  }

  async start(): Promise<void> {
    // The overlay is loaded before it is needed (main prepares it while unlocked): the
    // detector loads and warms now, so that once locked only the camera is left to start.
    void this.session.prepare();
    this.api.lock.onView((view) => this.applyView(view));
    try {
      this.applyView(await this.api.lock.getView());
    } catch (error) {
      // Without a view the face stays off; the password still goes to main.
      console.error('could not get the lock view', error);
      setText(this.elements.status, feedbackSentence('passwordRequired'));
    }
    this.elements.password.focus();
  }

  /** Called every second by the clock. */
  tick(): void {
    if (this.isPaused) this.renderCountdown();
  }

  /** Face unlock (or, when locked out, everything) is paused for a while. */
  private get isPaused(): boolean {
    const view = this.view;
    return view !== null && view.phase !== 'unlocked' && (view.phase === 'lockedOut' || view.lockoutRemainingMs > 0);
  }

  private applyView(view: LockView): void {
    // A new phase makes an old "Wrong password" stale; while locked out the countdown says it all.
    if (view.phase !== this.view?.phase || view.phase === 'lockedOut') show(this.elements.passwordError, false);
    this.view = view;
    if (view.phase === 'unlocked') this.cameraProblem = null;
    this.lockoutEndsAtMs = performance.now() + Math.max(0, view.lockoutRemainingMs);
    this.updateCamera();
    this.render();
  }

  private get faceWanted(): boolean {
    const view = this.view;
    return view !== null && view.phase === 'locked' && view.faceEnabled;
  }

  private updateCamera(): void {
    const want = this.faceWanted && this.cameraProblem === null;
    if (want && !this.cameraWanted) {
      this.cameraWanted = true;
      // The camera enrolled with (or chosen in settings); the default when it is gone.
      void this.session.start(this.view?.cameraDeviceId, { fallbackToDefault: true });
    } else if (!want && this.cameraWanted) {
      this.cameraWanted = false;
      this.session.stop();
      this.preview.clear();
    }
    this.renderPreviewBox();
  }

  /** The live preview while the camera runs, otherwise a round badge saying why not. */
  private renderPreviewBox(): void {
    const box = this.elements.preview;
    const live = this.cameraWanted;
    box.classList.toggle('off', !live);
    const icon = this.isPaused ? 'paused' : this.cameraProblem ? 'camera-off' : 'person';
    box.dataset.icon = live ? '' : icon;
  }

  private render(): void {
    const view = this.view;
    if (!view) return;
    const { status, countdown, problem, password, submit, passwordReason } = this.elements;
    const feedback: FeedbackCode = view.phase === 'lockedOut' ? 'lockedOut' : view.feedback;
    // Main's feedback assumes a camera; when the camera failed here, say that instead.
    const cameraSentence =
      this.cameraProblem !== null && this.faceWanted ? cameraProblemSentence(this.cameraProblem) : null;
    const sentence = view.phase === 'lockedOut' ? LOCKED_OUT_SENTENCE : feedbackSentence(feedback, view.challengeCause);
    setText(status, cameraSentence ?? sentence);
    status.className = `status tone-${cameraSentence ? CAMERA_PROBLEM_TONE : feedbackTone(feedback)}`;
    show(countdown, this.isPaused);
    this.renderCountdown();
    setText(problem, view.problem ?? '');
    show(problem, Boolean(view.problem));
    const reason = view.phase === 'lockedOut' ? '' : passwordReasonSentence(view.passwordReason);
    setText(passwordReason, reason);
    show(passwordReason, reason !== '');
    const hadFocus = document.activeElement === password;
    password.disabled = view.phase === 'lockedOut' || view.phase === 'unlocked';
    submit.disabled = password.disabled;
    if (!password.disabled && (hadFocus || document.activeElement === document.body)) password.focus();
  }

  private renderCountdown(): void {
    const remainingMs = this.lockoutEndsAtMs - performance.now();
    const lockedOut = this.view?.phase === 'lockedOut';
    // Locked out, nothing is accepted; otherwise only the face waits and the password works.
    setText(this.elements.countdown, lockedOut ? lockoutSentence(remainingMs) : faceResumeSentence(remainingMs));
    this.elements.password.placeholder = lockedOut ? lockoutSentence(remainingMs) : 'Password';
  }

  private async handleFrame(analysis: FrameAnalysis): Promise<void> {
    const { report, faces } = analysis;
    const view = this.view;
    this.preview.drawFaces(faces, report.frameWidthPx, report.frameHeightPx, feedbackTone(view?.feedback ?? 'noFace'));
    if (!this.faceWanted) return;
    try {
      this.applyView(await this.api.lock.submitFrame(report));
    } catch (error) {
      // A refused frame (rate, shape) is main's business; the next frame tries again.
      console.warn('frame refused', error);
    }
  }

  private handleCameraProblem(problem: CameraProblem): void {
    this.cameraWanted = false;
    this.cameraProblem = problem;
    this.preview.clear();
    this.renderPreviewBox();
    this.render();
    this.api.lock.reportCameraProblem(problem).then(
      (view) => this.applyView(view),
      (error) => console.warn('could not report the camera problem', error),
    );
  }

  private async submitPassword(): Promise<void> {
    const { password, passwordError } = this.elements;
    const value = password.value;
    if (value === '' || this.passwordBusy || password.disabled) return;
    this.passwordBusy = true;
    password.readOnly = true;
    show(passwordError, false);
    try {
      const result = await this.api.lock.submitPassword(value);
      // The lockout's own view may have arrived first: then the countdown, not this, explains.
      if (!result.ok && result.view.phase === 'locked') {
        setText(passwordError, 'Wrong password');
        show(passwordError, true);
      }
      this.applyView(result.view);
    } catch (error) {
      console.warn('password check failed', error);
      setText(passwordError, 'The password could not be checked: try again');
      show(passwordError, true);
    } finally {
      password.value = '';
      password.readOnly = false;
      this.passwordBusy = false;
    }
  }
}

function main(): void {
  const role = new URLSearchParams(location.search).get('role');
  let lockScreen: LockScreen | null = null;
  const stopClock = startClock(byId('clock-time', HTMLElement), byId('clock-date', HTMLParagraphElement), () =>
    lockScreen?.tick(),
  );
  if (role === 'cover') {
    // Secondary displays: a dark cover with the clock, no camera and no password.
    document.body.classList.add('role-cover');
    byId('face-area', HTMLElement).remove();
    byId('password-form', HTMLFormElement).remove();
    return;
  }
  applyFieldLimits();
  const api = bridgeOrNotice();
  if (!api) {
    stopClock();
    return;
  }
  lockScreen = new LockScreen(api);
  void lockScreen.start();
}

main();
