// What happened in one presentation run, read off the lock views main answered with: the
// prompts it showed (and why), the refusals, whether and when it unlocked.
import type { ChallengeCause, FeedbackCode, LockView, LivenessMode } from '../../preload/api.ts';
import { CHALLENGE_STEPS } from '../../main/face/liveness/challenge/challenge.ts';
import { median } from '../../main/face/math/median.ts';
import { extent } from '../report/extent.ts';
import type { PresentationName } from './presentations.ts';
import type { ChallengeStep } from '../../main/face/outcomes.ts';

export interface PromptShown {
  prompt: ChallengeStep;
  cause: ChallengeCause | null;
  /** Presentation time when main first showed it, ms. */
  atMs: number;
  /** A bona fide clip was jumped to a stretch where the person makes this move. */
  redirected: boolean;
}

export interface ScoreSummary {
  count: number;
  median: number | null;
  min: number | null;
  max: number | null;
}

export interface PresentationOutcome extends PresentationName {
  name: string;
  mode: LivenessMode;
  run: number;
  unlocked: boolean;
  /** Presentation time of the unlock, ms; null when it stayed locked. */
  unlockMs: number | null;
  /** passive | challenge | recognitionOnly when unlocked, else the last refusal (or the last feedback). */
  decidedBy: string;
  passive: ScoreSummary;
  prompts: PromptShown[];
  /** How often each refusal was shown (counted when it appears). */
  refusals: Partial<Record<FeedbackCode, number>>;
  framesJudged: number;
  /** Playback was redirected to obey a prompt at least once. */
  redirected: boolean;
  /** Where in the clip an attack started, ms (bona fide presentations start at the beginning). */
  startOffsetMs: number;
}

/** The feedback codes that say no. */
export const REFUSAL_FEEDBACK: ReadonlySet<FeedbackCode> = new Set<FeedbackCode>([
  'notRecognised',
  'lookingLikePhoto',
  'challengeWrongWay',
  'challengeTooSlow',
  'challengeNodTurned',
  'challengeNodTooSlow',
  'challengeFaceChanged',
  'challengeSecondFace',
  'challengeLostFace',
  'lockedOut',
  'passwordRequired',
]);

function isPrompt(feedback: FeedbackCode): feedback is ChallengeStep {
  return (CHALLENGE_STEPS as readonly string[]).includes(feedback);
}

export function summariseScores(scores: readonly number[]): ScoreSummary {
  if (scores.length === 0) return { count: 0, median: null, min: null, max: null };
  const { min, max } = extent(scores);
  return { count: scores.length, median: median(scores), min, max };
}

/** Follows the views main answers a presentation's frames with. */
export class OutcomeRecorder {
  private readonly prompts: PromptShown[] = [];
  private readonly refusals: Partial<Record<FeedbackCode, number>> = {};
  private lastFeedback: FeedbackCode | null = null;
  private lastRefusal: FeedbackCode | null = null;
  private unlockMs: number | null = null;
  private frames = 0;

  /** Records one answer; returns the prompt when this view starts showing one. */
  observe(view: LockView, timeMs: number): ChallengeStep | null {
    this.frames++;
    const feedback = view.feedback;
    const changed = feedback !== this.lastFeedback;
    this.lastFeedback = feedback;
    if (view.phase === 'unlocked') {
      this.unlockMs ??= timeMs;
      return null;
    }
    if (!changed) return null;
    if (REFUSAL_FEEDBACK.has(feedback)) {
      this.lastRefusal = feedback;
      this.refusals[feedback] = (this.refusals[feedback] ?? 0) + 1;
    }
    if (!isPrompt(feedback)) return null;
    this.prompts.push({ prompt: feedback, cause: view.challengeCause ?? null, atMs: timeMs, redirected: false });
    return feedback;
  }

  /** The latest prompt was obeyed by jumping the clip. */
  markRedirected(): void {
    const last = this.prompts.at(-1);
    if (last) last.redirected = true;
  }

  outcome(base: Omit<PresentationOutcome, 'unlocked' | 'unlockMs' | 'decidedBy' | 'passive' | 'prompts' | 'refusals' | 'framesJudged' | 'redirected'>, passiveScores: readonly number[]): PresentationOutcome {
    const unlocked = this.unlockMs !== null;
    const decidedBy = unlocked
      ? base.mode === 'off' ? 'recognitionOnly' : this.prompts.length > 0 ? 'challenge' : 'passive'
      : (this.lastRefusal ?? this.lastFeedback ?? 'noFrames');
    return {
      ...base,
      unlocked,
      unlockMs: this.unlockMs,
      decidedBy,
      passive: summariseScores(passiveScores),
      prompts: this.prompts.map((p) => ({ ...p })),
      refusals: { ...this.refusals },
      framesJudged: this.frames,
      redirected: this.prompts.some((p) => p.redirected),
    };
  }
}
