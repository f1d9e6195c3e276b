// The capture step: progress ring and live guidance while main accepts faces. Main asks
// for a few captures looking straight and a few turned a little to each side, so the
// profile holds the face as the camera will see it from day to day.
import type { EnrolPose, EnrolProgress, FeedbackCode } from '../../preload/api.ts';
import { setText } from '../shared/dom.ts';
import { feedbackSentence } from '../shared/messages.ts';

const POSE_PROMPTS: Readonly<Record<EnrolPose, string>> = Object.freeze({
  straight: 'Look straight at the camera',
  left: 'Slowly turn a little to your left',
  right: 'Slowly turn a little to your right',
});
/** Every pose has its captures: any small, slow movement adds variety. */
const ANY_POSE_PROMPT = 'Move your head a little, slowly';

// What is wrong with the picture itself: say so instead of the next head turn.
const PICTURE_PROBLEMS: ReadonlySet<FeedbackCode> = new Set([
  'noFace', 'severalFaces', 'tooDark', 'tooFar', 'turnToCamera', 'blurry', 'lookingLikePhoto', 'modelUnavailable', 'moveSlightly', 'enoughFaces',
]);

export function captureGuidance(progress: EnrolProgress): string {
  if (!progress.accepted && PICTURE_PROBLEMS.has(progress.feedback)) return feedbackSentence(progress.feedback);
  return progress.nextPose ? POSE_PROMPTS[progress.nextPose] : ANY_POSE_PROMPT;
}

export function isCaptureComplete(progress: EnrolProgress): boolean {
  return progress.requiredCount > 0 && progress.capturedCount >= progress.requiredCount;
}

/** Where the photo path stands: how many faces main accepted and how many more it needs. */
export function photoSummary(progress: EnrolProgress | null, photoCount: number, minimumCount = 0): string {
  if (!progress) return photoCount === 0 ? 'Choose one or more photos.' : 'Reading photos…';
  const { capturedCount } = progress;
  const wanted = Math.max(progress.requiredCount, minimumCount);
  if (capturedCount >= wanted) return `${capturedCount} faces accepted: enough to continue.`;
  const missing = wanted - capturedCount;
  return `${capturedCount} of ${wanted} faces accepted: add ${missing} more ${missing === 1 ? 'photo' : 'photos'}.`;
}

export class CaptureView {
  private readonly circumference: number;

  constructor(
    private readonly ring: SVGCircleElement,
    private readonly guidance: HTMLElement,
    private readonly count: HTMLElement,
  ) {
    this.circumference = 2 * Math.PI * ring.r.baseVal.value;
    ring.setAttribute('stroke-dasharray', this.circumference.toFixed(2));
    this.reset();
  }

  reset(): void {
    this.setFraction(0);
    setText(this.guidance, POSE_PROMPTS.straight);
    setText(this.count, '');
  }

  show(progress: EnrolProgress): void {
    const { capturedCount, requiredCount } = progress;
    this.setFraction(requiredCount > 0 ? capturedCount / requiredCount : 0);
    setText(this.guidance, captureGuidance(progress));
    setText(this.count, `${Math.min(capturedCount, requiredCount)} of ${requiredCount} captured`);
  }

  private setFraction(fraction: number): void {
    const clamped = Math.min(1, Math.max(0, fraction));
    this.ring.setAttribute('stroke-dashoffset', (this.circumference * (1 - clamped)).toFixed(2));
  }
}
