// Shows a RecognitionTest: similarity on a bar with the threshold marked, the liveness
// score, and what the decision would be. Used by the wizard's test step and by
// Settings' "Test recognition"; it never unlocks anything.
import type { RecognitionTest } from '../../preload/api.ts';
import { setText } from './dom.ts';
import { feedbackSentence, formatScore } from './messages.ts';

/** Position of a cosine similarity on a 0…1 bar (negative values sit at the left end). */
export function barFraction(similarityCosine: number | null): number {
  if (similarityCosine === null || !Number.isFinite(similarityCosine)) return 0;
  return Math.min(1, Math.max(0, similarityCosine));
}

export function verdictSentence(test: RecognitionTest): string {
  return test.wouldUnlock ? 'Would unlock' : `Would not unlock: ${feedbackSentence(test.feedback)}`;
}

export class RecognitionMeter {
  private readonly fill: HTMLDivElement;
  private readonly mark: HTMLDivElement;
  private readonly figures: HTMLParagraphElement;
  private readonly verdict: HTMLParagraphElement;

  /** Builds the meter inside `container` (its previous content is replaced). */
  constructor(container: HTMLElement) {
    const bar = document.createElement('div');
    bar.className = 'meter-bar';
    this.fill = document.createElement('div');
    this.fill.className = 'meter-fill';
    this.mark = document.createElement('div');
    this.mark.className = 'meter-mark';
    this.mark.title = 'Threshold';
    bar.append(this.fill, this.mark);
    this.verdict = document.createElement('p');
    this.verdict.className = 'meter-verdict';
    this.verdict.setAttribute('role', 'status');
    this.figures = document.createElement('p');
    this.figures.className = 'meter-figures';
    container.classList.add('meter');
    container.replaceChildren(this.verdict, bar, this.figures);
    this.reset();
  }

  show(test: RecognitionTest): void {
    // Geometry through the CSSOM: allowed under the pages' style-src 'self'.
    this.fill.style.width = `${(barFraction(test.similarityCosine) * 100).toFixed(1)}%`;
    this.mark.style.left = `${(barFraction(test.thresholdCosine) * 100).toFixed(1)}%`;
    this.mark.hidden = false;
    this.fill.classList.toggle('meter-fill-good', test.wouldUnlock);
    setText(this.verdict, verdictSentence(test));
    this.verdict.classList.toggle('good-text', test.wouldUnlock);
    const liveness =
      test.livenessScore === null
        ? 'liveness –'
        : `liveness ${formatScore(test.livenessScore)} (needs ${formatScore(test.livenessThreshold)})`;
    setText(
      this.figures,
      `Similarity ${formatScore(test.similarityCosine)} · threshold ${formatScore(test.thresholdCosine)} · ${liveness}`,
    );
  }

  reset(text = 'Look at the camera'): void {
    this.fill.style.width = '0%';
    this.mark.hidden = true;
    this.fill.classList.remove('meter-fill-good');
    setText(this.verdict, text);
    this.verdict.classList.remove('good-text');
    setText(this.figures, 'Similarity – · threshold – · liveness –');
  }
}
