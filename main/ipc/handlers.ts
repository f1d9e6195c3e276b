// One handler per bridge call: the door checks the sender's page (and refuses what only an
// unlocked desktop may ask while locked), the handler validates the payload and makes one
// call into the core. Plain functions (payload, context) → result: ipcMain.handle registers
// them in the app, and the Chromium end-to-end tests call the very same functions.
import { CHANNELS, MAX_FRAMES_PER_SECOND, MAX_PRESENCE_FRAMES_PER_SECOND } from '../../preload/api.ts';
import type { FaceUnlockCore } from '../core/face-unlock-core.ts';
import { OutOfTurn } from '../core/refusals.ts';
import { RateLimiter, isTrustedSender, type RateClock } from './sender.ts';
import { validatePresenceReport } from './presence-payload.ts';
import { PayloadError, validateCameraProblem, validateEnrolBegin, validateFrameReport, validateNoPayload, validatePassword, validateSettingsPatch } from './validate.ts';
import { validateKeepSnapshots, validateSnapshotId } from './validate.ts';

export interface IpcContext {
  /** The calling webContents' id. */
  senderId: number;
  /** URL of the calling frame. */
  frameUrl: string;
}

export type Handler = (payload: unknown, context: IpcContext) => Promise<unknown>;
export type Channel = (typeof CHANNELS)[keyof typeof CHANNELS];
type Page = 'lock' | 'enrol' | 'settings' | 'presence';

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
  [CHANNELS.settingsForgetLearned]: ['settings'],
  // The walk-away lock's hidden page only; never answered while locked (its window is closed then).
  [CHANNELS.presenceSubmitFrame]: ['presence'],
  [CHANNELS.presenceReportCameraProblem]: ['presence'],
  // Snapshots of refused attempts: Settings only (the images go to no other page), never while locked.
  [CHANNELS.refusedAttemptsGet]: ['settings'],
  [CHANNELS.refusedAttemptsSetKeeping]: ['settings'],
  [CHANNELS.refusedAttemptsDelete]: ['settings'],
  [CHANNELS.refusedAttemptsDeleteAll]: ['settings'],
};

/** What the lock screen needs, and the settings the wizard reads: every other call waits for the desktop to be unlocked. */
const ANSWERED_WHILE_LOCKED: ReadonlySet<Channel> = new Set<Channel>([
  CHANNELS.lockGetView,
  CHANNELS.lockSubmitFrame,
  CHANNELS.lockSubmitPassword,
  CHANNELS.lockReportCameraProblem,
  CHANNELS.settingsGet,
]);

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
  /** A sender went away (its webContents was destroyed): its frame history is dropped. */
  forgetSender(senderId: number): void;
  dispose(): void;
}

export function createIpcHandlers(options: HandlerOptions): IpcHandlers {
  const { core } = options;
  const limiter = new RateLimiter({ maxPerSecond: MAX_FRAMES_PER_SECOND, clock: options.rateClock ?? { nowMs: () => performance.now() } });
  let rejectedCount = 0;
  // The presence page sends one frame a second: a sender far faster is not that page's loop.
  const presenceLimiter = new RateLimiter({ maxPerSecond: MAX_PRESENCE_FRAMES_PER_SECOND, clock: options.rateClock ?? { nowMs: () => performance.now() } });

  const frameOf = (payload: unknown, context: IpcContext) => {
    if (!limiter.allow(context.senderId)) throw new PayloadError('outOfRange', 'frames arrive faster than allowed');
    return validateFrameReport(payload);
  };

  const byChannel: Record<keyof typeof PAGES_BY_CHANNEL, Handler> = {
    [CHANNELS.lockGetView]: async () => core.lock.view(),
    [CHANNELS.lockSubmitFrame]: async (payload, context) => core.submitLockFrame(frameOf(payload, context)),
    [CHANNELS.lockSubmitPassword]: async (payload) => core.submitPassword(validatePassword(payload)),
    [CHANNELS.lockReportCameraProblem]: async (payload) => core.reportCameraProblem(validateCameraProblem(payload)),
    [CHANNELS.enrolBegin]: async (payload) => core.beginEnrolment(validateEnrolBegin(payload)),
    [CHANNELS.enrolAddFrame]: async (payload, context) => core.addEnrolmentFrame(frameOf(payload, context)),
    [CHANNELS.enrolReview]: async () => core.reviewEnrolment(),
    [CHANNELS.enrolTest]: async (payload, context) => core.testEnrolment(frameOf(payload, context)),
    [CHANNELS.enrolSave]: async (payload) => core.saveEnrolment(validatePassword(payload)),
    [CHANNELS.enrolCancel]: async () => core.cancelEnrolment(),
    [CHANNELS.enrolDeleteProfile]: async (payload) => core.deleteProfile(validatePassword(payload)),
    [CHANNELS.recognitionTest]: async (payload, context) => core.recognitionTest(frameOf(payload, context)),
    [CHANNELS.settingsGet]: async () => core.settingsView(),
    [CHANNELS.settingsUpdate]: async (payload) => {
      const { currentPassword, ...patch } = validateSettingsPatch(payload);
      return core.changeSettings(patch, currentPassword);
    },
    [CHANNELS.settingsForgetLearned]: async (payload) => (validateNoPayload(payload), core.forgetLearned()),
    [CHANNELS.presenceSubmitFrame]: async (payload, context) => {
      if (!presenceLimiter.allow(context.senderId)) throw new PayloadError('outOfRange', 'presence frames arrive faster than allowed');
      return core.presence.submit(validatePresenceReport(payload));
    },
    [CHANNELS.presenceReportCameraProblem]: async (payload) => core.presence.reportProblem(validateCameraProblem(payload)),
    [CHANNELS.refusedAttemptsGet]: async (payload) => (validateNoPayload(payload), core.attemptSnapshots.view()),
    [CHANNELS.refusedAttemptsSetKeeping]: async (payload) => core.attemptSnapshots.setKeeping(validateKeepSnapshots(payload)),
    [CHANNELS.refusedAttemptsDelete]: async (payload) => core.attemptSnapshots.delete(validateSnapshotId(payload)),
    [CHANNELS.refusedAttemptsDeleteAll]: async (payload) => (validateNoPayload(payload), core.attemptSnapshots.deleteAll()),
  };

  const handlers: Record<string, Handler> = {};
  for (const [channel, handler] of Object.entries(byChannel) as [keyof typeof PAGES_BY_CHANNEL, Handler][]) {
    handlers[channel] = async (payload, context) => {
      try {
        const page = pageOf(context.frameUrl);
        if (!isTrustedSender(context.frameUrl, options.trustedOrigins) || !page || !PAGES_BY_CHANNEL[channel].includes(page)) {
          throw new PayloadError('inconsistent', `sender may not call ${channel}`);
        }
        if (!ANSWERED_WHILE_LOCKED.has(channel) && core.lock.isLocked()) throw new PayloadError('inconsistent', 'not available while locked');
        return await handler(payload, context);
      } catch (error) {
        // A call out of turn is a page's mistake or a forged call: refused like a malformed payload.
        const refused = error instanceof OutOfTurn ? new PayloadError('inconsistent', error.message) : error;
        if (refused instanceof PayloadError) rejectedCount++;
        throw refused;
      }
    };
  }
  return {
    handlers,
    get rejectedCount() {
      return rejectedCount;
    },
    forgetSender: (senderId) => (limiter.forget(senderId), presenceLimiter.forget(senderId)),
    dispose: () => (limiter.dispose(), presenceLimiter.dispose()),
  };
}

/** `…/lock/index.html` → 'lock'. */
export function pageOf(frameUrl: string): Page | null {
  const match = /\/(lock|enrol|settings|presence)\/index\.html$/.exec(safePathname(frameUrl));
  return match ? (match[1] as Page) : null;
}

function safePathname(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}
