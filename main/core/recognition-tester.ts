// Test recognition (Settings' test, the wizard's last step): what the lock would decide on
// the face in view, for the liveness mode in force, without unlocking anything. It judges
// with a verifier and a liveness gate built exactly as the lock's, but its own: the lock's
// challenge, passive window and match window are never touched by a test. (It used to
// judge liveness on one frame's passive score against Standard's threshold, so in Off it
// refused faces the lock would let in, and in Strict it said "would unlock" where the lock
// asks for a head movement.)
import type { FeedbackCode, FrameReport, RecognitionTest } from '../../preload/api.ts';
import type { LivenessGate } from '../face/liveness/liveness-gate.ts';
import type { FrameOutcome, LivenessJudge } from '../face/outcomes.ts';
import type { FaceEngine } from '../face/pipeline/face-engine.ts';
import { FaceVerifier } from '../face/recognition/face-verifier.ts';
import type { CalibratedProfile } from '../face/recognition/profile-calibration.ts';
import { livenessFailureFeedback } from '../lock/lock-view.ts';
import type { LivenessCheck } from '../face/models/passive-liveness.ts';

export interface RecognitionTesterOptions {
  /** The face models; null when they could not be loaded. */
  engine: FaceEngine | null;
  /** The passive check the lock's gate uses; null when it is off or failed to load. */
  passive: LivenessCheck | null;
  /** A gate built as the lock's is (its mode, clock and randomness) over the given passive check. */
  createGate(passive: LivenessCheck | null): LivenessGate;
}

/** Which profile is tested: the enrolled one (Settings) or the one being enrolled (the wizard). */
export type TestSubject = 'profile' | 'enrolment';

/** What the verifier measured on its way to the outcome: the figures the test shows beside the verdict. */
interface Figures {
  embedding: Float32Array | null;
  passiveScore: number | null;
}

interface TestRun {
  subject: TestSubject;
  verifier: FaceVerifier;
  figures: Figures;
}

export class RecognitionTester {
  #run: TestRun | null = null;

  constructor(private readonly options: RecognitionTesterOptions) {}

  /** One frame of a test run; consecutive frames of one subject build up liveness evidence as the lock's frames do. */
  async test(frame: FrameReport, profile: CalibratedProfile | null, subject: TestSubject): Promise<RecognitionTest> {
    const { engine, passive } = this.options;
    const nothing = {
      similarityCosine: null,
      thresholdCosine: profile?.thresholdCosine ?? 0,
      wouldUnlock: false,
      livenessScore: null,
      livenessThreshold: passive?.liveThreshold ?? 0,
    };
    if (!engine) return { ...nothing, feedback: 'modelUnavailable' };
    if (!profile) return { ...nothing, feedback: 'noProfile' };
    const run = this.#runFor(subject, engine);
    run.figures.embedding = null;
    run.figures.passiveScore = null;
    const outcome = await run.verifier.judge(frame, profile);
    const measured = run.figures.embedding ? profile.match(run.figures.embedding) : null;
    return {
      ...nothing,
      feedback: feedbackOf(outcome),
      similarityCosine: measured?.similarityCosine ?? null,
      thresholdCosine: measured?.thresholdCosine ?? nothing.thresholdCosine,
      // What the lock's verifier hands the match window as a matched, live frame.
      wouldUnlock: outcome.kind === 'scored' && outcome.matched,
      livenessScore: run.figures.passiveScore,
    };
  }

  /** The next frame starts a new run (the settings, the profile or the enrolment changed). */
  reset(): void {
    this.#run = null;
  }

  dispose(): void {
    this.reset();
  }

  #runFor(subject: TestSubject, engine: FaceEngine): TestRun {
    if (this.#run?.subject === subject) return this.#run;
    const figures: Figures = { embedding: null, passiveScore: null };
    const passive = this.options.passive;
    const gate = this.options.createGate(passive && recordingCheck(passive, figures));
    this.#run = { subject, verifier: new FaceVerifier({ engine, liveness: recordingJudge(gate, figures) }), figures };
    return this.#run;
  }
}

/** What the lock screen would say for this outcome of one frame. */
function feedbackOf(outcome: FrameOutcome): FeedbackCode {
  switch (outcome.kind) {
    case 'noFace':
    case 'severalFaces':
      return outcome.kind;
    case 'quality':
      return outcome.feedback;
    case 'scored':
      return outcome.matched ? 'unlocked' : 'notRecognised';
    case 'checking':
      return 'recognising';
    case 'challenge':
      return outcome.prompt;
    case 'livenessFailed':
    case 'livenessRetryWait':
      return livenessFailureFeedback(outcome.reason, outcome.step);
  }
}

/** The gate, noting the embedding of every face it is asked about (the similarity shown). */
function recordingJudge(gate: LivenessJudge, figures: Figures): LivenessJudge {
  return {
    get challengeInProgress() {
      return gate.challengeInProgress;
    },
    judge: (frame, evidence, match) => {
      figures.embedding = evidence.embedding;
      return gate.judge(frame, evidence, match);
    },
    judgeWithoutFace: (frame) => gate.judgeWithoutFace(frame),
    judgeUnmeasurable: () => gate.judgeUnmeasurable(),
  };
}

/** The passive check, noting the score of the frame it judged (the liveness figure shown). */
function recordingCheck(check: LivenessCheck, figures: Figures): LivenessCheck {
  return {
    get liveThreshold() {
      return check.liveThreshold;
    },
    judge: async (contextCrop) => {
      const judged = await check.judge(contextCrop);
      figures.passiveScore = judged.score;
      return judged;
    },
    judgeWindow: (scores) => check.judgeWindow(scores),
  };
}
