// One handler per bridge call: check the sender, validate the payload, call a
// service. Plain functions (payload, context) → result: ipcMain.handle registers
// them in the app, and the Chromium end-to-end tests call the very same functions.
import { CHANNELS, MAX_FRAMES_PER_SECOND, type LockView, type RecognitionTest } from '../../preload/api.ts';
import type { FaceUnlockCore } from '../core/face-unlock-core.ts';
import { FaceProfile, appearanceFrom } from '../face/recognition/face-profile.ts';
import { CAMERA_POSE_QUOTA, EnrolmentSession } from '../profile/enrolment.ts';
import { weakensSecurity } from '../profile/settings-rules.ts';
import { RateLimiter, isTrustedSender, type RateClock } from './sender.ts';
import { PayloadError, validateCameraProblem, validateEnrolBegin, validateFrameReport, validatePassword, validateSettingsPatch } from './validate.ts';

export interface IpcContext {
  /** The calling webContents' id. */
  senderId: number;
  /** URL of the calling frame. */
  frameUrl: string;
}

export type Handler = (payload: unknown, context: IpcContext) => Promise<unknown>;
export type Channel = (typeof CHANNELS)[keyof typeof CHANNELS];
type Page = 'lock' | 'enrol' | 'settings';

/** Which of our pages may call which channel: the cover and lock pages cannot enrol, and so on. */
const PAGES_BY_CHANNEL: Record<Exclude<Channel, typeof CHANNELS.lockViewChanged>, readonly Page[]> = {
  [CHANNELS.lockGetView]: ['lock'],
  [CHANNELS.lockSubmitFrame]: ['lock'],
  [CHANNELS.lockSubmitPassword]: ['lock'],
  [CHANNELS.lockReportCameraProblem]: ['lock'],
  [CHANNELS.enrolBegin]: ['enrol'],
  [CHANNELS.enrolAddFrame]: ['enrol'],
  [CHANNELS.enrolReview]: ['enrol'],
  [CHANNELS.enrolTest]: ['enrol'],
  [CHANNELS.enrolSave]: ['enrol'],
  [CHANNELS.enrolCancel]: ['enrol'],
  [CHANNELS.enrolDeleteProfile]: ['settings'],
  [CHANNELS.recognitionTest]: ['settings'],
  [CHANNELS.settingsGet]: ['settings', 'enrol'],
  [CHANNELS.settingsUpdate]: ['settings'],
};

export interface HandlerOptions {
  core: FaceUnlockCore;
  /** Where our pages come from: the app's renderer folder as a file:// URL, or the dev/test server origin. */
  trustedOrigins: readonly string[];
  /** Monotonic clock for the frame rate limit. */
  rateClock?: RateClock;
}

export interface IpcHandlers {
  handlers: Record<string, Handler>;
  /** Payloads refused as malformed, untrusted or too fast: counted, never scored. */
  readonly rejectedCount: number;
  dispose(): void;
}

export function createIpcHandlers(options: HandlerOptions): IpcHandlers {
  const { core } = options;
  const limiter = new RateLimiter({ maxPerSecond: MAX_FRAMES_PER_SECOND, clock: options.rateClock ?? { nowMs: () => performance.now() } });
  let rejectedCount = 0;
  let lockFrameBusy = false;

  const whileUnlocked = () => {
    if (core.lock.isLocked()) throw new PayloadError('inconsistent', 'not available while locked');
  };
  const frameOf = (payload: unknown, context: IpcContext) => {
    if (!limiter.allow(context.senderId)) throw new PayloadError('outOfRange', 'frames arrive faster than allowed');
    return validateFrameReport(payload);
  };
  const session = () => {
    if (!core.enrolment) throw new PayloadError('inconsistent', 'no enrolment in progress');
    return core.enrolment.session;
  };
  const testFrame = async (payload: unknown, context: IpcContext, profile = core.calibratedProfile()): Promise<RecognitionTest> => {
    whileUnlocked();
    const frame = frameOf(payload, context);
    const verifier = core.verifier();
    const liveness = core.livenessCheck();
    const empty = { similarityCosine: null, thresholdCosine: profile?.thresholdCosine ?? 0, wouldUnlock: false, livenessScore: null, livenessThreshold: liveness?.liveThreshold ?? 0 };
    if (!verifier) return { ...empty, feedback: 'modelUnavailable' };
    if (!profile) return { ...empty, feedback: 'noProfile' };
    const scored = await verifier.similarity(frame, profile);
    const { feedback, similarityCosine } = scored;
    const thresholdCosine = scored.thresholdCosine ?? empty.thresholdCosine;
    const livenessScore = frame.face && liveness ? (await liveness.judge(frame.face.contextCrop)).score : null;
    const matched = similarityCosine !== null && similarityCosine >= thresholdCosine;
    const live = livenessScore === null || livenessScore >= (liveness?.liveThreshold ?? 0);
    return {
      ...empty,
      feedback: feedback ?? (matched ? (live ? 'unlocked' : 'lookingLikePhoto') : 'notRecognised'),
      similarityCosine,
      thresholdCosine,
      wouldUnlock: matched && live,
      livenessScore,
    };
  };

  const byChannel: Record<keyof typeof PAGES_BY_CHANNEL, Handler> = {
    [CHANNELS.lockGetView]: async () => core.lock.view(),
    [CHANNELS.lockSubmitFrame]: async (payload, context): Promise<LockView> => {
      const frame = frameOf(payload, context);
      core.problems.clear('camera');
      const profile = core.calibratedProfile();
      const verifier = core.verifier();
      if (!core.lock.isLocked() || !profile || !verifier || lockFrameBusy) return core.lock.view();
      lockFrameBusy = true;
      try {
        return core.lock.reportFace(await verifier.judge(frame, profile));
      } catch {
        // Fail closed: a frame that could not be judged is no match, and says nothing.
        return core.lock.view();
      } finally {
        lockFrameBusy = false;
      }
    },
    [CHANNELS.lockSubmitPassword]: async (payload) => core.lock.submitPassword(validatePassword(payload)),
    [CHANNELS.lockReportCameraProblem]: async (payload) => {
      const problem = validateCameraProblem(payload);
      core.problems.set('camera', CAMERA_MESSAGES[problem]);
      return core.lock.view();
    },
    [CHANNELS.enrolBegin]: async (payload) => {
      whileUnlocked();
      const options = validateEnrolBegin(payload);
      if (options.mode === 'addAppearance' && !core.hasProfile) throw new PayloadError('inconsistent', 'enrol a face first');
      // A damaged profile too: whoever enrols next must know the password whose copy survived.
      if (options.mode === 'replace' && core.profileState !== 'none' && !(await core.checkCurrentPassword(options.currentPassword))) {
        throw new Error('Starting over needs your current password.');
      }
      const engine = core.faceEngine;
      if (!engine) throw new PayloadError('inconsistent', 'face recognition is unavailable');
      core.enrolment = { session: new EnrolmentSession(engine, { poseQuota: options.source === 'camera' ? CAMERA_POSE_QUOTA : null }), options };
    },
    [CHANNELS.enrolAddFrame]: async (payload, context) => {
      whileUnlocked();
      const current = session();
      return current.addFrame(frameOf(payload, context));
    },
    [CHANNELS.enrolReview]: async () => {
      whileUnlocked();
      return session().review();
    },
    [CHANNELS.enrolTest]: async (payload, context) => {
      whileUnlocked();
      const current = session();
      return testFrame(payload, context, current.capturedCount > 0 ? core.calibrate(newCentreProfile(current)) : null);
    },
    [CHANNELS.enrolSave]: async (payload) => {
      whileUnlocked();
      return core.saveEnrolment(validatePassword(payload));
    },
    [CHANNELS.enrolCancel]: async () => {
      whileUnlocked();
      core.enrolment = null;
    },
    [CHANNELS.enrolDeleteProfile]: async (payload) => {
      whileUnlocked();
      return core.deleteProfile(validatePassword(payload));
    },
    [CHANNELS.recognitionTest]: async (payload, context) => testFrame(payload, context),
    [CHANNELS.settingsGet]: async () => core.settingsView(),
    [CHANNELS.settingsUpdate]: async (payload) => {
      whileUnlocked();
      const { currentPassword, ...patch } = validateSettingsPatch(payload);
      if (weakensSecurity(core.settings, patch) && !(await core.checkCurrentPassword(currentPassword))) {
        throw new Error('This change makes the lock weaker: enter your current password.');
      }
      return core.updateSettings(patch);
    },
  };

  const handlers: Record<string, Handler> = {};
  for (const [channel, handler] of Object.entries(byChannel) as [keyof typeof PAGES_BY_CHANNEL, Handler][]) {
    handlers[channel] = async (payload, context) => {
      try {
        const page = pageOf(context.frameUrl);
        if (!isTrustedSender(context.frameUrl, options.trustedOrigins) || !page || !PAGES_BY_CHANNEL[channel].includes(page)) {
          throw new PayloadError('inconsistent', `sender may not call ${channel}`);
        }
        return await handler(payload, context);
      } catch (error) {
        if (error instanceof PayloadError) rejectedCount++;
        throw error;
      }
    };
  }
  return {
    handlers,
    get rejectedCount() {
      return rejectedCount;
    },
    dispose: () => limiter.dispose(),
  };
}

const CAMERA_MESSAGES = {
  missing: 'No camera found: use your password.',
  denied: 'The camera is blocked: allow it in your system settings, or use your password.',
  unplugged: 'The camera was disconnected: use your password.',
  other: 'The camera is not working: use your password.',
  model: 'The face detector file is damaged: use your password.',
} as const;

/** `…/lock/index.html` → 'lock'. */
export function pageOf(frameUrl: string): Page | null {
  const match = /\/(lock|enrol|settings)\/index\.html$/.exec(safePathname(frameUrl));
  return match ? (match[1] as Page) : null;
}

function safePathname(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}

function newCentreProfile(session: EnrolmentSession): FaceProfile {
  return new FaceProfile([appearanceFrom(session.keptEmbeddings(), 'enrolling', 'enrolling')]);
}
