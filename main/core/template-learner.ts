// The face that keeps up, in the core: after the face opened the lock with liveness passed,
// the unlock's fused embedding may teach its appearance (adaptive-learning.ts decides; the
// ring is adaptive-centre.ts's), written through the keeper's queue after the unlock, never
// on the frame's path. "Forget what it learned" returns every appearance to its enrolment.
import type { LivenessMode } from '../../preload/api.ts';
import type { Disposable, Event } from '../base/emitter.ts';
import { withLesson } from '../face/recognition/adaptive-centre.ts';
import { lessonFromUnlock, type Lesson } from '../face/recognition/adaptive-learning.ts';
import type { CalibratedProfile } from '../face/recognition/profile-calibration.ts';
import { centroidNormalized } from '../face/math/vectors.ts';
import type { FaceUnlock } from '../lock/lock-controller.ts';
import type { FaceProfileRecord } from '../profile/profile-types.ts';
import type { ProblemBoard } from './problem-board.ts';
import type { ProfileKeeper } from './profile-keeper.ts';

export interface TemplateLearnerOptions {
  keeper: ProfileKeeper;
  /** The lock's face unlocks (lock-controller.ts), with the frames that made them. */
  onFaceUnlock: Event<FaceUnlock>;
  /** The profile the lock matches with, calibrated (null: none enrolled). */
  calibrated(): CalibratedProfile | null;
  /** The liveness mode in force at the unlock. */
  livenessMode(): LivenessMode;
  problems: ProblemBoard;
  /** Runs the learning after the unlock has returned (tests run it at once). */
  later?: (run: () => void) => void;
}

export const LEARNING_NOT_SAVED = 'What the face learned at the last unlock could not be saved; the lock uses what it had.';

export class TemplateLearner {
  readonly #options: TemplateLearnerOptions;
  readonly #subscription: Disposable;
  #pending: Promise<void> = Promise.resolve();
  #disposed = false;

  constructor(options: TemplateLearnerOptions) {
    this.#options = options;
    this.#subscription = options.onFaceUnlock((unlock) => this.#onFaceUnlock(unlock));
  }

  /** Unlocks the enrolled profile learned from since enrolment (or since it was forgotten). */
  get learnedUnlocks(): number {
    return this.#options.keeper.profile?.learnedUnlocks ?? 0;
  }

  /** Resolves once the learning asked for so far is written (or refused). */
  settle(): Promise<void> {
    return this.#pending;
  }

  /**
   * Back to the enrolment: every appearance's learned faces are dropped, so the centres and
   * their thresholds are the enrolled ones again. Resolves to whether anything was forgotten.
   */
  forget(): Promise<boolean> {
    return this.#options.keeper.update((record) => {
      if (!record || !record.appearances.some((a) => a.learned)) return record;
      const appearances = record.appearances.map(({ learned: _learned, ...enrolled }) => enrolled);
      return { ...record, updatedIso: new Date().toISOString(), appearances };
    });
  }

  dispose(): void {
    this.#disposed = true;
    this.#subscription.dispose();
  }

  #onFaceUnlock(unlock: FaceUnlock): void {
    // Off never proved the face was live: a photo may have opened the lock, so it teaches nothing.
    if (this.#options.livenessMode() === 'off' || unlock.embeddings.length === 0) return;
    // The profile that unlocked, as it was then: a profile replaced meanwhile learns nothing from it.
    const calibrated = this.#options.calibrated();
    const record = this.#options.keeper.record;
    if (!calibrated || !record) return;
    const later = this.#options.later ?? ((run) => void setImmediate(run));
    const learning = new Promise<void>((done) => later(() => void this.#learn(calibrated, record.createdIso, unlock).finally(done)));
    this.#pending = Promise.all([this.#pending, learning]).then(() => undefined);
  }

  async #learn(calibrated: CalibratedProfile, createdIso: string, unlock: FaceUnlock): Promise<void> {
    if (this.#disposed) return;
    const lesson = lessonFromUnlock(calibrated, centroidNormalized(unlock.embeddings));
    if (!lesson) return;
    try {
      await this.#options.keeper.update((record) => taught(record, createdIso, lesson));
      // Calibrated for the next lock now, not on its first frame.
      this.#options.calibrated();
    } catch {
      this.#options.problems.set('store', LEARNING_NOT_SAVED);
    }
  }
}

/** The record with the lesson in its appearance's ring; the same record (nothing saved) when the profile changed meanwhile. */
function taught(record: FaceProfileRecord | null, createdIso: string, lesson: Lesson): FaceProfileRecord | null {
  if (!record || record.createdIso !== createdIso) return record;
  const index = record.appearances.findIndex((a) => a.id === lesson.appearanceId);
  if (index === -1) return record;
  const stored = record.appearances[index];
  const before = stored.learned && { embeddings: stored.learned.embeddings.map((e) => Float32Array.from(e)), unlocks: stored.learned.unlocks };
  const after = withLesson(before, lesson.embedding);
  const appearances = record.appearances.with(index, { ...stored, learned: { embeddings: after.embeddings.map((e) => [...e]), unlocks: after.unlocks } });
  return { ...record, updatedIso: new Date().toISOString(), appearances };
}
