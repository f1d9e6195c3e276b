// The enrolment wizard: camera check → capture (or photos) → review → password →
// test → save. Main keeps the captures and decides what is accepted; this page shows
// the camera, sends frames and walks the user through. Cancel works at every step.
import { MAX_APPEARANCE_LABEL_LENGTH, type CameraProblem, type EnrolBegin, type EnrolProgress, type FaceUnlockApi } from '../../preload/api.ts';
import { listCameras } from '../face/camera.ts';
import { FaceSession } from '../face/face-session.ts';
import type { FrameAnalysis } from '../face/frame-analyser.ts';
import { applyFieldLimits, bridgeOrNotice, byId, errorMessage, setText, show } from '../shared/dom.ts';
import { CAMERA_PROBLEMS } from '../../preload/feedback.ts';
import { feedbackSentence } from '../shared/messages.ts';
import { FacePreview } from '../shared/preview.ts';
import { RecognitionMeter } from '../shared/recognition-meter.ts';
import { CaptureView, isCaptureComplete } from './capture-step.ts';
import { PasswordStep } from './password-step.ts';
import { PhotoEnroller } from './photo-step.ts';
import { renderReview } from './review-step.ts';
import { saveAndReport } from './save-step.ts';

type Step = 'camera' | 'capture' | 'photos' | 'review' | 'password' | 'test' | 'save' | 'cancelled';
const CAMERA_STEPS: ReadonlySet<Step> = new Set(['camera', 'capture', 'test']);

class Wizard {
  private step: Step = 'camera';
  private mode: EnrolBegin['mode'] = 'replace';
  private deviceId: string | undefined;
  private cameraProblem: CameraProblem | null = null;
  private captureTarget = 0;
  private source: 'camera' | 'photos' = 'camera';
  private lastProgress: EnrolProgress | null = null;
  private password = '';
  private readonly session: FaceSession;
  private readonly preview: FacePreview;
  private readonly capture: CaptureView;
  private readonly photos: PhotoEnroller;
  private readonly passwordStep: PasswordStep;
  private readonly meter = new RecognitionMeter(byId('test-meter', HTMLDivElement));
  private readonly cameraSelect = byId('camera-select', HTMLSelectElement);
  private readonly cameraStatus = byId('camera-status', HTMLParagraphElement);
  private readonly captureButton = byId('capture-button', HTMLButtonElement);

  constructor(private readonly api: FaceUnlockApi) {
    const video = byId('camera-video', HTMLVideoElement);
    this.preview = new FacePreview(byId('face-overlay', HTMLCanvasElement));
    this.session = new FaceSession({
      video,
      onFrame: (analysis) => this.handleFrame(analysis),
      onProblem: (problem) => this.handleCameraProblem(problem),
    });
    const ring = document.getElementById('ring-progress');
    if (!(ring instanceof SVGCircleElement)) throw new Error('#ring-progress is missing');
    this.capture = new CaptureView(ring, byId('capture-guidance', HTMLElement), byId('capture-count', HTMLElement));
    this.photos = new PhotoEnroller(api, {
      list: byId('photo-list', HTMLUListElement),
      summary: byId('photo-summary', HTMLParagraphElement),
      continueButton: byId('photos-continue-button', HTMLButtonElement),
    });
    this.passwordStep = new PasswordStep(
      {
        form: byId('password-form', HTMLFormElement),
        title: byId('password-title', HTMLElement),
        intro: byId('password-intro', HTMLParagraphElement),
        first: byId('password-1', HTMLInputElement),
        secondLabel: byId('password-2-label', HTMLLabelElement),
        second: byId('password-2', HTMLInputElement),
        message: byId('password-message', HTMLParagraphElement),
      },
      (password) => {
        this.password = password;
        this.passwordStep.clear();
        this.goTo('test');
      },
    );
    // The limit main's payload check applies, from the one constant (not spelt in the HTML).
    byId('appearance-label', HTMLInputElement).maxLength = MAX_APPEARANCE_LABEL_LENGTH;
    this.wireButtons();
    window.addEventListener('pagehide', () => {
      this.session.dispose();
      this.photos.dispose();
    });
  }

  async start(): Promise<void> {
    try {
      const settings = await this.api.settings.get();
      show(byId('mode-choice', HTMLFieldSetElement), settings.profileState !== 'none');
      if (settings.profileState === 'damaged') this.offerStartOverOnly();
      // Start with the lock screen's camera; saving makes the camera used the lock screen's.
      this.deviceId = settings.cameraDeviceId || undefined;
    } catch {
      // Without settings the wizard offers a plain (re-)enrolment; main still decides.
    }
    this.goTo('camera');
  }

  /** A damaged profile cannot take another appearance: starting over (with the password whose copy survived) is what is left. */
  private offerStartOverOnly(): void {
    const choice = byId('mode-choice', HTMLFieldSetElement);
    setText(choice.querySelector('legend') ?? choice, 'Your face profile is damaged: start over');
    for (const radio of choice.querySelectorAll<HTMLInputElement>('input[name="mode"]')) {
      radio.checked = radio.value === 'replace';
      radio.disabled = radio.value !== 'replace';
    }
    show(byId('appearance-label', HTMLInputElement), false);
  }

  private wireButtons(): void {
    const on = (id: string, action: () => unknown) =>
      byId(id, HTMLButtonElement).addEventListener('click', () => void action());
    for (const button of document.querySelectorAll<HTMLButtonElement>('.cancel-button')) {
      button.addEventListener('click', () => void this.cancel());
    }
    for (const button of document.querySelectorAll<HTMLButtonElement>('.close-window-button')) {
      button.addEventListener('click', () => window.close());
    }
    on('capture-button', () => this.beginCapture());
    const photoInput = byId('photo-input', HTMLInputElement);
    on('photos-button', () => photoInput.click());
    on('more-photos-button', () => photoInput.click());
    photoInput.addEventListener('change', () => {
      const files = [...(photoInput.files ?? [])];
      photoInput.value = '';
      if (files.length > 0) void this.addPhotos(files);
    });
    on('photos-continue-button', () => this.showReview());
    on('recapture-button', () => this.goTo('camera'));
    on('review-continue-button', () => this.continueFromReview());
    on('save-button', () => this.save());
    on('save-retry-button', () => this.save());
    this.cameraSelect.addEventListener('change', () => {
      this.deviceId = this.cameraSelect.value;
      this.cameraProblem = null;
      void this.session.start(this.deviceId);
    });
  }

  private goTo(step: Step): void {
    this.step = step;
    for (const section of document.querySelectorAll<HTMLElement>('section.step')) {
      show(section, section.dataset.step === step);
    }
    const listed = step === 'photos' ? 'capture' : step;
    let reached = false;
    for (const item of document.querySelectorAll<HTMLLIElement>('#step-list li')) {
      const current = item.dataset.step === listed;
      item.classList.toggle('current', current);
      item.classList.toggle('done', !reached && !current && step !== 'cancelled');
      if (current) reached = true;
    }
    const cameraStep = CAMERA_STEPS.has(step);
    show(byId('stage', HTMLDivElement), cameraStep);
    document.getElementById('ring')?.classList.toggle('active', step === 'capture');
    if (!cameraStep) {
      this.session.stop();
      this.preview.clear();
    } else if (this.cameraProblem !== null) {
      if (step === 'test') this.meter.reset(CAMERA_PROBLEMS[this.cameraProblem].enrol);
    } else if (!this.session.isActive) {
      void this.openCamera();
    }
  }

  private async openCamera(): Promise<void> {
    if (!(await this.session.start(this.deviceId, { fallbackToDefault: true }))) return;
    this.deviceId = this.session.deviceId || this.deviceId;
    const cameras = await listCameras().catch(() => []);
    this.cameraSelect.replaceChildren(
      ...cameras.map((camera, index) => new Option(camera.label || `Camera ${index + 1}`, camera.deviceId)),
    );
    this.cameraSelect.value = this.deviceId ?? '';
    show(byId('camera-choice', HTMLParagraphElement), cameras.length > 1);
  }

  private async handleFrame({ report, faces }: FrameAnalysis): Promise<void> {
    const step = this.step;
    const tone = report.faceCount === 1 ? 'good' : report.faceCount > 1 ? 'attention' : 'neutral';
    this.preview.drawFaces(faces, report.frameWidthPx, report.frameHeightPx, tone);
    if (step === 'camera') {
      const sentence = report.faceCount === 1 ? 'Your face is in view' : feedbackSentence(report.faceCount > 1 ? 'severalFaces' : 'noFace');
      setText(this.cameraStatus, sentence);
      this.captureButton.disabled = false;
    } else if (step === 'capture') {
      const progress = await this.api.enrol.addFrame(report).catch((error) => this.reportError(error));
      if (!progress || this.step !== 'capture') return;
      this.lastProgress = progress;
      this.capture.show(progress);
      if (isCaptureComplete(progress) && progress.capturedCount >= this.captureTarget) void this.showReview();
    } else if (step === 'test') {
      const result = await this.api.enrol.test(report).catch((error) => this.reportError(error));
      if (result && this.step === 'test') this.meter.show(result);
    }
  }

  private handleCameraProblem(problem: CameraProblem): void {
    this.cameraProblem = problem;
    this.preview.clear();
    setText(this.cameraStatus, CAMERA_PROBLEMS[problem].enrol);
    this.captureButton.disabled = true;
    if (this.step === 'capture') this.goTo('camera');
    if (this.step === 'test') this.meter.reset(CAMERA_PROBLEMS[problem].enrol);
  }

  private chosenMode(source: EnrolBegin['source']): EnrolBegin {
    const cameraDeviceId = this.session.deviceId;
    const common = { source, ...(source === 'camera' && cameraDeviceId ? { cameraDeviceId } : {}) };
    const choice = byId('mode-choice', HTMLFieldSetElement);
    if (choice.hidden) return { mode: 'replace', ...common };
    const checked = choice.querySelector<HTMLInputElement>('input[name="mode"]:checked');
    if (checked?.value !== 'addAppearance') {
      const currentPassword = byId('current-password', HTMLInputElement).value;
      return { mode: 'replace', ...common, ...(currentPassword ? { currentPassword } : {}) };
    }
    const label = byId('appearance-label', HTMLInputElement).value.trim();
    return { mode: 'addAppearance', ...common, ...(label ? { label } : {}) };
  }

  private async begin(source: EnrolBegin['source']): Promise<boolean> {
    const options = this.chosenMode(source);
    try {
      await this.api.enrol.begin(options);
      this.mode = options.mode;
      this.source = source;
      this.lastProgress = null;
      this.captureTarget = 0;
      return true;
    } catch (error) {
      setText(this.cameraStatus, errorMessage(error));
      return false;
    }
  }

  private async beginCapture(): Promise<void> {
    if (!(await this.begin('camera'))) return;
    this.capture.reset();
    this.goTo('capture');
  }

  private async addPhotos(files: File[]): Promise<void> {
    if (this.step !== 'photos') {
      if (!(await this.begin('photos'))) return;
      this.photos.reset();
      this.goTo('photos');
    }
    await this.photos.addFiles(files);
  }

  private async showReview(): Promise<void> {
    this.goTo('review');
    try {
      const review = await this.api.enrol.review();
      renderReview(review, {
        grid: byId('thumb-grid', HTMLUListElement),
        heatmap: byId('heatmap', HTMLCanvasElement),
        caption: byId('heatmap-caption', HTMLElement),
      });
      const kept = review.count - new Set(review.outlierIndices).size;
      // Each path has its own minimum (photos fewer than the camera): main's last answer says which.
      const required = (this.source === 'photos' ? this.photos.requiredCount : this.lastProgress?.requiredCount) ?? 0;
      // Dropped outliers may leave too few faces: capture as many again as were dropped.
      this.captureTarget = kept < required ? review.count + (required - kept) : 0;
      const more = this.source === 'photos' ? 'Add more photos' : 'Capture more';
      setText(byId('review-continue-button', HTMLButtonElement), this.captureTarget > 0 ? more : 'Continue');
      setText(byId('recapture-button', HTMLButtonElement), this.source === 'photos' ? 'Start again' : 'Capture again');
    } catch (error) {
      setText(byId('heatmap-caption', HTMLElement), errorMessage(error));
    }
  }

  private continueFromReview(): void {
    if (this.captureTarget > 0 && this.source === 'photos') {
      this.photos.requireAtLeast(this.captureTarget);
      this.goTo('photos');
      return;
    }
    if (this.captureTarget > 0) {
      this.goTo('capture');
      return;
    }
    this.goTo('password');
    this.passwordStep.prepare(this.mode);
  }

  private async save(): Promise<void> {
    this.goTo('save');
    if (await saveAndReport(this.api, this.password)) this.password = '';
  }

  private async cancel(): Promise<void> {
    this.password = '';
    this.passwordStep.clear();
    this.goTo('cancelled');
    await this.api.enrol.cancel().catch((error) => console.warn('cancel failed', error));
  }

  private reportError(error: unknown): null {
    console.warn('enrolment call failed', error);
    return null;
  }
}

function main(): void {
  applyFieldLimits();
  const api = bridgeOrNotice();
  if (!api) return;
  void new Wizard(api).start();
}

main();
