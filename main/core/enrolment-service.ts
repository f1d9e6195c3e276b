// The wizard's enrolment, from begin to save: the one session in progress (nothing is
// stored before save), Test recognition against the face being enrolled, and the save as
// the profile (starting over) or as one more appearance.
import type { EnrolBegin, EnrolProgress, EnrolReview, FrameReport, RecognitionTest } from '../../preload/api.ts';
import type { FaceEngine } from '../face/pipeline/face-engine.ts';
import type { Appearance, FaceProfile } from '../face/recognition/face-profile.ts';
import type { CalibratedProfile } from '../face/recognition/profile-calibration.ts';
import type { LockoutPolicy } from '../lock/lockout-policy.ts';
import { CAMERA_ENROLMENT, EnrolmentSession, PHOTO_ENROLMENT } from '../profile/enrolment.ts';
import { hashPassword } from '../profile/password.ts';
import { MAX_APPEARANCES, type FaceProfileRecord } from '../profile/profile-types.ts';
import { securityOf, type Settings } from '../profile/settings-rules.ts';
import type { OwnerPassword } from './owner-password.ts';
import type { ProblemBoard } from './problem-board.ts';
import { toStored, type ProfileKeeper } from './profile-keeper.ts';
import type { RecognitionTester } from './recognition-tester.ts';
import { OutOfTurn, REFUSALS } from './refusals.ts';

export interface EnrolmentServiceOptions {
  /** The face models; null when they could not be loaded (nothing can be enrolled then). */
  engine: FaceEngine | null;
  keeper: ProfileKeeper;
  policy: LockoutPolicy;
  password: OwnerPassword;
  problems: ProblemBoard;
  tester: RecognitionTester;
  /** A profile calibrated as the lock would calibrate it. */
  calibrate(profile: FaceProfile): CalibratedProfile;
  /** The settings in force. */
  settings(): Settings;
  /** Puts in force settings the profile's seal already holds (the camera enrolled with). */
  adoptSealedSettings(settings: Settings): Promise<void>;
}

/** The enrolment in progress: its session and how it was begun. */
export interface Enrolment {
  readonly session: EnrolmentSession;
  readonly options: EnrolBegin;
}

export class EnrolmentService {
  #current: Enrolment | null = null;

  constructor(private readonly options: EnrolmentServiceOptions) {}

  /** The enrolment in progress, if any (read only: the service's calls change it). */
  get current(): Enrolment | null {
    return this.#current;
  }

  async begin(begin: EnrolBegin): Promise<void> {
    const { keeper, engine } = this.options;
    if (begin.mode === 'addAppearance' && !keeper.profile) throw new OutOfTurn('enrol a face first');
    // A damaged profile too: whoever enrols next must know the password whose copy survived.
    if (begin.mode === 'replace' && keeper.state !== 'none' && !(await this.options.password.check(begin.currentPassword))) {
      throw new Error(REFUSALS.replaceNeedsPassword);
    }
    if (!engine) throw new OutOfTurn('face recognition is unavailable');
    // Photos have their own minimum and face size (main/profile/enrolment.ts PHOTO_ENROLMENT).
    this.#current = { session: new EnrolmentSession(engine, begin.source === 'camera' ? CAMERA_ENROLMENT : PHOTO_ENROLMENT), options: begin };
    this.options.tester.reset();
  }

  addFrame(frame: FrameReport): Promise<EnrolProgress> {
    return this.#session().addFrame(frame);
  }

  review(): EnrolReview {
    return this.#session().review();
  }

  /** Test recognition against the faces captured so far, calibrated as the lock would calibrate them. */
  test(frame: FrameReport): Promise<RecognitionTest> {
    const profile = this.#session().provisionalProfile();
    return this.options.tester.test(frame, profile && this.options.calibrate(profile), 'enrolment');
  }

  cancel(): void {
    this.#current = null;
  }

  /** Saves the enrolment as the profile (replace) or as one more appearance. */
  async save(password: string): Promise<{ ok: boolean; message?: string }> {
    const enrolment = this.#current;
    if (!enrolment || !enrolment.session.isComplete()) return { ok: false, message: REFUSALS.captureMore };
    const { keeper, policy } = this.options;
    const { mode, source, cameraDeviceId, label } = enrolment.options;
    const appearance: Appearance = {
      id: mode === 'replace' ? 'default' : `appearance-${Date.now().toString(36)}`,
      label: label ?? (mode === 'replace' ? 'default' : 'another look'),
      centre: enrolment.session.centre(),
      embeddings: enrolment.session.keptEmbeddings(),
    };
    // The lock screen should see the face through the camera it was enrolled with (the
    // enrolment itself proved the password, so this change needs no other).
    const camera = source === 'camera' && cameraDeviceId !== undefined ? { cameraDeviceId } : {};
    const settings = { ...this.options.settings(), ...camera };
    const now = new Date().toISOString();
    if (mode === 'addAppearance') {
      if (!keeper.record) return { ok: false, message: REFUSALS.enrolFirst };
      const refused = await this.options.password.refusal(password);
      if (refused) return { ok: false, message: refused };
      if (keeper.record.appearances.length >= MAX_APPEARANCES) return { ok: false, message: REFUSALS.appearancesFull };
      await keeper.update((record) => record && {
        ...record,
        updatedIso: now,
        appearances: [...record.appearances, toStored(appearance)],
        security: securityOf(settings),
        lockState: policy.toJSON(),
      });
      if (!keeper.record) return { ok: false, message: REFUSALS.deletedMeanwhile };
    } else {
      const record: FaceProfileRecord = {
        version: 1,
        createdIso: now,
        updatedIso: now,
        appearances: [toStored(appearance)],
        password: await hashPassword(password),
        security: securityOf(settings),
        lockState: policy.toJSON(),
      };
      await keeper.update(() => record);
    }
    this.options.problems.clear('store');
    if (settings.cameraDeviceId !== this.options.settings().cameraDeviceId) await this.options.adoptSealedSettings(settings);
    // The password was just typed: it counts as a password unlock for the 72-hour rule.
    policy.recordPasswordSuccess();
    this.#current = null;
    return { ok: true };
  }

  dispose(): void {
    this.#current = null;
  }

  #session(): EnrolmentSession {
    if (!this.#current) throw new OutOfTurn('no enrolment in progress');
    return this.#current.session;
  }
}
