// The live camera preview with the detected faces outlined. Video and overlay share
// one box and one object-fit (CSS), so drawing in frame pixels lines up, and the
// mirroring for the user is a CSS transform of that box.
import type { DetectedFace } from '../face/face-detector.ts';

import type { FeedbackTone } from '../../preload/feedback.ts';

const TONE_COLOURS: Record<FeedbackTone, string> = {
  neutral: 'rgba(232, 234, 237, 0.9)',
  good: 'rgba(129, 201, 149, 0.95)',
  attention: 'rgba(253, 214, 99, 0.95)',
};

export class FacePreview {
  private readonly context: CanvasRenderingContext2D | null;

  constructor(private readonly overlay: HTMLCanvasElement) {
    this.context = overlay.getContext('2d');
  }

  /** Outlines the chosen face (the first) boldly and any others thinly. */
  drawFaces(faces: readonly DetectedFace[], frameWidthPx: number, frameHeightPx: number, tone: FeedbackTone): void {
    const context = this.context;
    if (!context) return;
    if (this.overlay.width !== frameWidthPx || this.overlay.height !== frameHeightPx) {
      this.overlay.width = frameWidthPx;
      this.overlay.height = frameHeightPx;
    }
    context.clearRect(0, 0, frameWidthPx, frameHeightPx);
    const unit = Math.max(1, frameWidthPx / 240);
    faces.forEach((face, index) => {
      const { x, y, width, height } = face.box;
      context.strokeStyle = index === 0 ? TONE_COLOURS[tone] : 'rgba(232, 234, 237, 0.45)';
      context.lineWidth = index === 0 ? unit * 1.5 : unit * 0.75;
      context.beginPath();
      context.roundRect(x, y, width, height, Math.min(width, height) * 0.12);
      context.stroke();
    });
  }

  clear(): void {
    this.context?.clearRect(0, 0, this.overlay.width, this.overlay.height);
  }
}
