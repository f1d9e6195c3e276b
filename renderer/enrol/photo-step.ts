// "Enrol from photos": each chosen file is decoded with its EXIF orientation applied,
// analysed by a detector in IMAGE mode (photos are unrelated stills, not a video), and
// sent to main like a camera frame. Main accepts or refuses each one, and each photo says
// why it was refused in a photo's terms (preload/feedback.ts PHOTO_REFUSALS).
import { FACE_CROP_SIZE, MAX_FRAMES_PER_SECOND, type EnrolProgress, type FaceUnlockApi } from '../../preload/api.ts';
import { FACE_ASSETS } from '../face/face-assets.ts';
import { FaceFinder } from '../face/face-detector.ts';
import { FrameAnalyser } from '../face/frame-analyser.ts';
import { errorMessage, setText } from '../shared/dom.ts';
import { photoRefusalSentence } from '../../preload/feedback.ts';
import { rgbToCanvas } from '../shared/rgb-canvas.ts';
import { isCaptureComplete, photoSummary } from './capture-step.ts';

export interface PhotoStepElements {
  list: HTMLUListElement;
  summary: HTMLElement;
  continueButton: HTMLButtonElement;
}

export class PhotoEnroller {
  private analyser: Promise<{ finder: FaceFinder; analyser: FrameAnalyser }> | null = null;
  private progress: EnrolProgress | null = null;
  private photoCount = 0;
  /** Raised after the review dropped outliers, so that enough faces remain. */
  private minimumCount = 0;

  constructor(
    private readonly api: FaceUnlockApi,
    private readonly elements: PhotoStepElements,
  ) {}

  /** How many kept faces main asks for (0 before its first answer). */
  get requiredCount(): number {
    return this.progress?.requiredCount ?? 0;
  }

  get isComplete(): boolean {
    return this.progress !== null && isCaptureComplete(this.progress) && this.progress.capturedCount >= this.minimumCount;
  }

  /** Asks for faces up to `count` in all before Continue is offered again. */
  requireAtLeast(count: number): void {
    this.minimumCount = count;
    this.renderSummary();
  }

  reset(): void {
    this.progress = null;
    this.photoCount = 0;
    this.minimumCount = 0;
    this.elements.list.replaceChildren();
    this.renderSummary();
  }

  private lastSentMs = -Infinity;

  private async pace(): Promise<void> {
    const waitMs = this.lastSentMs + 1000 / MAX_FRAMES_PER_SECOND + 20 - performance.now();
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
    this.lastSentMs = performance.now();
  }

  /** Analyses and sends the files one after another; resolves when all are done. */
  async addFiles(files: readonly File[]): Promise<void> {
    this.elements.continueButton.disabled = true;
    for (const file of files) {
      this.photoCount++;
      const item = this.addItem(file.name);
      this.renderSummary();
      try {
        const { analyser } = await this.loadAnalyser();
        const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' }).catch(() => null);
        if (!bitmap) {
          this.setResult(item, photoRefusalSentence('unreadable'), false);
          continue;
        }
        const { report } = analyser.analyse(bitmap, bitmap.width, bitmap.height);
        bitmap.close();
        if (report.face) item.prepend(rgbToCanvas(report.face.faceCrop, FACE_CROP_SIZE, FACE_CROP_SIZE));
        // Main takes at most MAX_FRAMES_PER_SECOND frames: pace the photos like camera frames.
        await this.pace();
        this.progress = await this.api.enrol.addFrame(report);
        this.setResult(item, this.progress.accepted ? 'Accepted' : photoRefusalSentence(this.progress.feedback), this.progress.accepted);
      } catch (error) {
        this.setResult(item, errorMessage(error), false);
      }
    }
    this.renderSummary();
  }

  dispose(): void {
    void this.analyser?.then(({ finder }) => finder.dispose(), () => undefined);
    this.analyser = null;
  }

  private loadAnalyser(): Promise<{ finder: FaceFinder; analyser: FrameAnalyser }> {
    this.analyser ??= FaceFinder.createFromOptions({ ...FACE_ASSETS, runningMode: 'IMAGE' }).then((finder) => ({
      finder,
      analyser: new FrameAnalyser(finder),
    }));
    return this.analyser;
  }

  private addItem(fileName: string): HTMLLIElement {
    const item = document.createElement('li');
    item.className = 'photo-item';
    const name = document.createElement('span');
    name.className = 'photo-name';
    name.textContent = fileName;
    const result = document.createElement('span');
    result.className = 'photo-result muted';
    result.textContent = 'Reading…';
    item.append(name, result);
    this.elements.list.append(item);
    return item;
  }

  private setResult(item: HTMLLIElement, text: string, accepted: boolean): void {
    const result = item.querySelector<HTMLElement>('.photo-result');
    if (!result) return;
    setText(result, text);
    result.className = `photo-result ${accepted ? 'good-text' : 'error-text'}`;
  }

  private renderSummary(): void {
    setText(this.elements.summary, photoSummary(this.progress, this.photoCount, this.minimumCount));
    this.elements.continueButton.disabled = !this.isComplete;
  }
}
