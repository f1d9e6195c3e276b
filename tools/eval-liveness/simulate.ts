// One presentation through the product's own decision path, on a simulated clock: a fresh
// FaceUnlockCore and its IPC handlers, the owner enrolled through the enrol handlers, the lock
// closed at t = 0, then every frame's FrameReport handed to the real lockSubmitFrame handler
// at the frame's presentation time. Nothing of the decision is copied here.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHANNELS, type EnrolProgress, type FrameReport, type LockView, type LivenessMode } from '../../preload/api.ts';
import { FaceUnlockCore } from '../../main/core/face-unlock-core.ts';
import type { LivenessScorer } from '../../main/face/models/passive-liveness.ts';
import { colourHistogram, FACE_TRACK_LIMITS, faceBoxJumped, histogramOverlap } from '../../main/face/liveness/face-track.ts';
import { seededRandom } from '../math/random.ts';
import { createIpcHandlers, type IpcHandlers } from '../../main/ipc/handlers.ts';
import { shippedCohortPath } from '../../models/prepare.ts';
import type { MoveStretch } from './moves.ts';
import { OutcomeRecorder, type PresentationOutcome } from './outcome.ts';
import { Playback } from './playback.ts';
import type { PresentationName } from './presentations.ts';
import type { ChallengeStep } from '../../main/face/outcomes.ts';
import { FakeClock } from '../../test-support/fake-clock.ts';
import { createAesGcmCipher } from '../../test-support/ciphers.ts';
import { REQUIRED_ENROL_FRAMES } from '../../main/profile/enrolment.ts';

/** Wall-clock time the simulated clock starts at (any fixed time: lockouts only compare differences). */
export const SIMULATION_EPOCH_MS = Date.parse('2026-01-05T09:00:00Z');
const ORIGIN = 'http://presentations.invalid/';
const PAGE = { lock: `${ORIGIN}lock/index.html`, enrol: `${ORIGIN}enrol/index.html` } as const;
const OWNER_PASSWORD = 'presentation owner';
/** Enrolment frames are handed over all at once: their rate limiter sees them this far apart (≤ 10/s). */
const ENROL_PACE_MS = 150;

/** A presentation's frames as the renderer reports them, `intervalMs` apart. */
export interface Clip {
  frames: readonly FrameReport[];
  intervalMs: number;
}

export interface Trial {
  presentation: PresentationName & { name: string };
  /** What the owner is enrolled from, in order (as many as enrolmentLength found it takes). */
  enrolment: readonly FrameReport[];
  clip: Clip;
  mode: LivenessMode;
  run: number;
  /** Seeds the challenge prompts' randomness. */
  seed: number;
  startIndex: number;
  /** Attacks loop until maxFrames; a bona fide clip plays once. */
  loop: boolean;
  maxFrames: number;
  /** Bona fide only: where the person makes each move, to obey prompts. */
  stretches?: Partial<Record<ChallengeStep, readonly MoveStretch[]>>;
}

export interface SimulatorOptions {
  modelsDir: string;
  /** The passive model, shared by every core (each core records its own scores). */
  scorer: LivenessScorer;
  threads?: number;
}

/**
 * How long before a move the simulated owner may land when obeying a prompt: the challenge
 * gives 6 s for the move and the return (CHALLENGE_DEFAULTS), so 1.5 s at rest first still
 * leaves it time.
 */
const LEAD_IN_MS = 1500;

/**
 * Whether showing frame `to` right after frame `from` would look to the face track like one face
 * moving on (its box and scene limits; the embedding's, a same-person rest pose, is not the
 * issue): where a jump of the clip would not show.
 */
export function seamlessCuts(frames: readonly FrameReport[]): (from: number, to: number) => boolean {
  const histograms = new Map<number, Float32Array | null>();
  const histogram = (index: number) => {
    if (!histograms.has(index)) {
      const face = frames[index]?.faceCount === 1 ? frames[index].face : undefined;
      histograms.set(index, face ? colourHistogram(face.contextCrop) : null);
    }
    return histograms.get(index)!;
  };
  return (from, to) => {
    const [a, b] = [histogram(from), histogram(to)];
    if (!a || !b) return false;
    return !faceBoxJumped(frames[from].face!.boxInFrame, frames[to].face!.boxInFrame) && histogramOverlap(a, b) >= FACE_TRACK_LIMITS.minSceneOverlap;
  };
}

export class PresentationSimulator {
  constructor(private readonly options: SimulatorOptions) {}

  /** How many of `candidates` the product's enrolment takes until it saves; null when they are not enough. */
  async enrolmentLength(candidates: readonly FrameReport[]): Promise<number | null> {
    const main = await SimulatedMain.open({ ...this.options, seed: 0 });
    try {
      return await main.enrol(candidates);
    } finally {
      await main.dispose();
    }
  }

  async run(trial: Trial): Promise<PresentationOutcome> {
    const main = await SimulatedMain.open({ ...this.options, seed: trial.seed });
    try {
      if ((await main.enrol(trial.enrolment)) === null) throw new Error(`${trial.presentation.name}: the owner's enrolment did not complete`);
      await main.core.updateSettings({ livenessMode: trial.mode });
      main.core.lock.lock('user');
      const { frames, intervalMs } = trial.clip;
      const playback = new Playback({ frameCount: frames.length, startIndex: trial.startIndex, loop: trial.loop, maxFrames: trial.maxFrames, stretches: trial.stretches, seamless: seamlessCuts(frames), leadFrames: Math.round(LEAD_IN_MS / intervalMs) });
      const recorder = new OutcomeRecorder();
      for (let k = 0; !playback.done; k++) {
        const timeMs = k * intervalMs;
        main.clock.set(SIMULATION_EPOCH_MS + timeMs);
        const view = await main.submitFrame(frames[playback.frameIndex]);
        const prompt = recorder.observe(view, timeMs);
        if (view.phase === 'unlocked') break;
        if (playback.next(trial.stretches ? prompt : null)) recorder.markRedirected();
      }
      const { subject, kind, attackType, name } = trial.presentation;
      const base = { subject, kind, attackType, name, mode: trial.mode, run: trial.run, startOffsetMs: trial.startIndex * intervalMs };
      return recorder.outcome(base, main.passiveScores);
    } finally {
      await main.dispose();
    }
  }
}

/** A fresh main process on a simulated clock: the core, its handlers, a temporary data folder. */
class SimulatedMain {
  private constructor(
    readonly core: FaceUnlockCore,
    readonly clock: FakeClock,
    readonly passiveScores: number[],
    private readonly ipc: IpcHandlers,
    private readonly dataDir: string,
  ) {}

  static async open(options: SimulatorOptions & { seed: number }): Promise<SimulatedMain> {
    const dataDir = await mkdtemp(join(tmpdir(), 'face-unlock-presentation-'));
    const clock = new FakeClock(SIMULATION_EPOCH_MS);
    const passiveScores: number[] = [];
    try {
      const core = await FaceUnlockCore.createFromOptions({
        dataDir,
        cipher: createAesGcmCipher(randomBytes(32)),
        modelsDir: options.modelsDir,
        cohortPath: shippedCohortPath(),
        threads: options.threads,
        clock,
        random: seededRandom(options.seed),
        // No dispose: the model outlives this core.
        createLivenessScorer: async () => ({
          score: async (contextCrop: Uint8Array) => {
            const score = await options.scorer.score(contextCrop);
            passiveScores.push(score);
            return score;
          },
        }),
      });
      const ipc = createIpcHandlers({ core, trustedOrigins: [ORIGIN], rateClock: clock });
      return new SimulatedMain(core, clock, passiveScores, ipc, dataDir);
    } catch (error) {
      await rm(dataDir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Enrols through the enrol handlers as the wizard's photo step does; returns how many frames it took, null if not enough. */
  async enrol(reports: readonly FrameReport[]): Promise<number | null> {
    let paceMs = 0;
    const enrolIpc = createIpcHandlers({ core: this.core, trustedOrigins: [ORIGIN], rateClock: { nowMs: () => (paceMs += ENROL_PACE_MS) } });
    const call = (channel: string, payload: unknown) => enrolIpc.handlers[channel](payload, { senderId: 2, frameUrl: PAGE.enrol });
    try {
      await call(CHANNELS.enrolBegin, { mode: 'replace', source: 'photos' });
      for (let i = 0; i < reports.length; i++) {
        const progress = (await call(CHANNELS.enrolAddFrame, reports[i])) as EnrolProgress;
        // The owner's video frames go in as photos, held to the camera enrolment's count (10), as before the photo path needed 5.
        if (!progress.accepted || progress.capturedCount < Math.max(progress.requiredCount, REQUIRED_ENROL_FRAMES)) continue;
        const saved = (await call(CHANNELS.enrolSave, OWNER_PASSWORD)) as { ok: boolean };
        if (saved.ok) return i + 1;
      }
      return null;
    } finally {
      enrolIpc.dispose();
    }
  }

  submitFrame(report: FrameReport): Promise<LockView> {
    return this.ipc.handlers[CHANNELS.lockSubmitFrame](report, { senderId: 1, frameUrl: PAGE.lock }) as Promise<LockView>;
  }

  async dispose(): Promise<void> {
    this.ipc.dispose();
    await this.core.dispose();
    await rm(this.dataDir, { recursive: true, force: true });
  }
}
