// The real main process behind the test bridge: a fresh FaceUnlockCore and its IPC
// handlers (the very functions ipcMain registers), lock views pushed to the open lock
// pages as webContents.send would, a profile seeded through the enrol handlers from the
// renderer's own FrameReports of photos, and a record of what the lock page sent and
// what main decided.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { FaceUnlockCore } from '../main/core/face-unlock-core.ts';
import { PassiveLiveness } from '../main/face/models/passive-liveness.ts';
import { createIpcHandlers, type IpcHandlers } from '../main/ipc/handlers.ts';
import { modelPath, modelsDir, shippedCohortPath } from '../models/prepare.ts';
import { CHANNELS, type FrameReport, type LockView } from '../preload/api.ts';
import { BrowserFaceDetector, frameReportOf } from '../tools/browser/browser-face-detector.ts';
import { pushView, type BridgeHandlers } from './bridge.ts';
import { after, afterEach, before } from 'node:test';
import { celebrityPhoto, OWNER, OWNER_SEED_PHOTOS } from './fake-camera.ts';
import { UiStand, until, type OpenPageOptions } from './ui-stand.ts';
import type { FakeClock } from '../test-support/fake-clock.ts';
import { createAesGcmCipher } from '../test-support/ciphers.ts';
import type { Disposable } from '../main/base/emitter.ts';

export const OWNER_PASSWORD = 'correct horse battery';

/** What the renderer would send for each photo, letterboxed into a 640×480 webcam frame; photos without a face are left out. */
export async function frameReportsOf(paths: readonly string[]): Promise<FrameReport[]> {
  const detector = await BrowserFaceDetector.createFromOptions();
  try {
    const reports: FrameReport[] = [];
    for (const path of paths) {
      const report = frameReportOf(await detector.analyseFile(path, { width: 640, height: 480 }));
      if (report?.face) reports.push(report);
    }
    return reports;
  } finally {
    await detector.dispose();
  }
}

export async function untilText(page: Page, selector: string, text: string, timeoutMs?: number): Promise<void> {
  await until(async () => (await page.textContent(selector)) === text, `${selector} to read “${text}”`, timeoutMs);
}

/** Types the owner's password on the lock page as a user would, and waits for main and the page to say unlocked. */
export async function unlockWithPassword(page: Page, main: RealMain): Promise<void> {
  await page.fill('#password', OWNER_PASSWORD);
  await page.press('#password', 'Enter');
  await untilText(page, '#status', 'Unlocked');
  assert.equal(main.core.lock.isLocked(), false);
}

export interface RealMainOptions {
  stand: UiStand;
  clock?: FakeClock;
  /** Opens the real passive anti-spoofing model (otherwise the challenge alone guards). */
  passiveLiveness?: boolean;
  /** Randomness of the challenge prompts. */
  random?: () => number;
}

interface Pause {
  when: (view: LockView) => boolean;
  paused: (release: () => void) => void;
}

export class RealMain {
  /** Every change of the lock view, in order, as main pushed it. */
  readonly views: LockView[] = [];
  /** Every frame the lock pages sent. */
  readonly lockFrames: FrameReport[] = [];
  /** Every passive liveness score main computed. */
  readonly passiveScores: number[];
  readonly handlers: BridgeHandlers;
  private pause: Pause | null = null;
  private readonly subscriptions: Disposable[] = [];

  private constructor(
    readonly core: FaceUnlockCore,
    private readonly ipc: IpcHandlers,
    private readonly stand: UiStand,
    private readonly dataDir: string,
    passiveScores: number[],
  ) {
    this.passiveScores = passiveScores;
    this.subscriptions.push(core.onLockView((view) => this.views.push(view)));
    const submitFrame = ipc.handlers[CHANNELS.lockSubmitFrame];
    this.handlers = {
      ...ipc.handlers,
      [CHANNELS.lockSubmitFrame]: async (payload, context) => {
        this.lockFrames.push(payload as FrameReport);
        const view = (await submitFrame(payload, context)) as LockView;
        const pause = this.pause;
        if (pause?.when(view)) {
          this.pause = null;
          // The page's frame loop waits for this answer, so the page holds still meanwhile.
          await new Promise<void>((release) => pause.paused(release));
        }
        return view;
      },
    };
  }

  static async start(options: RealMainOptions): Promise<RealMain> {
    const dataDir = mkdtempSync(join(tmpdir(), 'face-unlock-main-'));
    const passiveScores: number[] = [];
    const core = await FaceUnlockCore.createFromOptions({
      dataDir,
      cipher: createAesGcmCipher(randomBytes(32)),
      modelsDir: modelsDir(),
      cohortPath: shippedCohortPath(),
      clock: options.clock,
      random: options.random,
      createLivenessScorer: options.passiveLiveness
        ? async () => {
            const model = await PassiveLiveness.createFromOptions({ modelPath: modelPath('liveness') });
            return {
              score: async (contextCrop: Uint8Array) => {
                const score = await model.score(contextCrop);
                passiveScores.push(score);
                return score;
              },
              dispose: () => model.dispose(),
            };
          }
        : undefined,
    });
    const ipc = createIpcHandlers({ core, trustedOrigins: [options.stand.pageUrl('')] });
    return new RealMain(core, ipc, options.stand, dataDir, passiveScores);
  }

  /** Enrols `reports` as a new profile with `password`, through the enrol handlers as the wizard's page would. */
  async seedProfile(reports: readonly FrameReport[], password = OWNER_PASSWORD): Promise<void> {
    // Handlers of their own with a paced clock: these frames come all at once, not at ≤ 10/s.
    let rateMs = 0;
    const seeding = createIpcHandlers({ core: this.core, trustedOrigins: [this.stand.pageUrl('')], rateClock: { nowMs: () => (rateMs += 150) } });
    const context = { senderId: 2, frameUrl: this.stand.pageUrl('enrol/index.html') };
    try {
      await seeding.handlers[CHANNELS.enrolBegin]({ mode: 'replace', source: 'photos' }, context);
      for (const report of reports) await seeding.handlers[CHANNELS.enrolAddFrame](report, context);
      assert.deepEqual(await seeding.handlers[CHANNELS.enrolSave](password, context), { ok: true });
    } finally {
      seeding.dispose();
    }
  }

  /** Opens one of our pages behind this main; lock pages get every view change pushed. */
  async openPage(path: string, options: OpenPageOptions = {}): Promise<{ page: Page; errors: string[] }> {
    const opened = await this.stand.openPage(path, this.handlers, options);
    if (path.startsWith('lock/')) {
      this.subscriptions.push(this.core.onLockView((view) => void pushView(opened.page, view).catch(() => undefined)));
    }
    return opened;
  }

  /** Resolves once a lock frame's answer matches `when`, holding that answer back until the returned release is called. */
  pauseAt(when: (view: LockView) => boolean, what: string, timeoutMs = 20_000): Promise<() => void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pause = null;
        reject(new Error(`timed out waiting for ${what} (views so far: ${this.views.map((view) => `${view.phase}/${view.feedback}`).join(' → ') || 'none'})`));
      }, timeoutMs);
      this.pause = {
        when,
        paused: (release) => {
          clearTimeout(timer);
          resolve(release);
        },
      };
    });
  }

  /** Lock frames that carried a face. */
  get faceFrameCount(): number {
    return this.lockFrames.filter((frame) => frame.face !== undefined).length;
  }

  async close(): Promise<void> {
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
    this.ipc.dispose();
    await this.core.dispose();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

/**
 * The hooks every real-main suite needs, registered in the calling describe: one stand and
 * the owner's seed frames for the suite, a fresh main per test (closed after it).
 */
export function realMainSuite() {
  let running: RealMain | null = null;
  const suite = {
    stand: undefined as unknown as UiStand,
    /** FrameReports of the owner's seed photos, which no video shows. */
    seed: [] as FrameReport[],
    async start(options: Omit<RealMainOptions, 'stand'> = {}): Promise<RealMain> {
      running = await RealMain.start({ stand: suite.stand, ...options });
      return running;
    },
  };
  before(async () => {
    const stand = UiStand.start({ realCore: true });
    // The stand is kept even when the seeding fails, so that `after` closes its browsers
    // and the test process can exit (it used to hang on a failed seed).
    void stand.then((started) => (suite.stand = started), () => undefined);
    [suite.stand, suite.seed] = await Promise.all([stand, frameReportsOf(OWNER_SEED_PHOTOS.map((name) => celebrityPhoto(OWNER, name)))]);
  });
  afterEach(async () => {
    await running?.close();
    running = null;
  });
  after(() => suite.stand?.close());
  return suite;
}
