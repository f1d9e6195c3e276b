// The lock-screen scenario of `npm run bench`: the real lock page in Chromium (fake camera
// playing the owner's live clip), the real main services in a process of their own behind
// the IPC handlers, the owner enrolled from the clip's first seconds. Timed from the lock
// trigger on a page loaded and warmed beforehand, as the app prepares its overlay; and from
// opening the page cold. Then the same page judges frames, lock after lock, until 1,000 have
// been judged, for the judged rate and the memory of both processes. Each figure comes with
// its floor measured in the same run: camera start alone, one frame's pipeline.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { ensureRendererBuilt, RENDERER_DIR } from '../../e2e/renderer-build.ts';
import { median } from '../../main/face/math/median.ts';
import type { FeedbackCode, FrameReport, LivenessMode } from '../../preload/api.ts';
import { launchChromium } from '../browser/chromium.ts';
import { startStaticServer } from '../browser/static-server.ts';
import { epochMs } from './clock.ts';
import { floorOf, mainFrameFloorMs, type LockScreenFloor } from './floors.ts';
import { cameraStartAloneMs, LockPage } from './lock-page.ts';
import { PAGE_ALONE_MILESTONES, pageAloneOf, timelineOf, type PageAloneMilestone, type RunTimeline } from './lock-timeline.ts';
import { MainClient, type HostForm } from './main-client.ts';
import { prepareOwnerClip } from './owner-clip.ts';
import { FACE_SESSION_MARKS } from '../../renderer/face/session-marks.ts';

export interface LockScreenBenchOptions {
  clipPath: string;
  enrolMs: number;
  livenessMode: LivenessMode;
  /** Runs on a prepared page (and as many cold opens). */
  runs: number;
  /** Frames judged, lock after lock on one page, before memory is read. */
  sustainedFrames: number;
  /**
   * Another build of the renderer pages (an `out/renderer` of an earlier state): each cold open
   * is paired with one of that build, same origin, same main, order alternating, so that a change
   * to the cold path is measured against what it replaces in the same run.
   */
  coldBaselineDir?: string;
  log: (line: string) => void;
}

export interface LockScreenResult {
  livenessMode: LivenessMode;
  enrolmentFrames: number;
  cameraFramesPerSecond: number;
  prepared: RunTimeline[];
  cold: RunTimeline[];
  /** The cold opens of the baseline build (coldBaselineDir), paired with `cold`. */
  coldBaseline: { dir: string; runs: RunTimeline[] } | null;
  sustained: { cycles: number; judgedFrames: number; unlocked: number; challenged: number; judgedFramesPerSecondPerCycle: number[] };
  floor: LockScreenFloor;
  /**
   * The prepared pages' own opening, ms after navigation (no camera: loaded while unlocked), medians
   * over the runs: the floor of the cold open's page and detector milestones.
   */
  pageAlone: Record<PageAloneMilestone, number | null>;
  /** mainHost: how main's figures were measured, as bundled for the app or under tsx (main-client.ts). */
  memory: { mainHost: HostForm; mainRssReadyMb: number; mainRssMb: number; mainMaxRssMb: number; rendererHeapReadyMb: number; rendererHeapMb: number };
  pageErrors: string[];
}

const UNLOCK_TIMEOUT_MS = 15_000;
/** Main has unlocked: the page says so within a frame or two, or something is wrong. */
const OVERLAY_TIMEOUT_MS = 2_000;
const CHALLENGE_PROMPTS: ReadonlySet<FeedbackCode> = new Set(['turnLeft', 'turnRight', 'nod']);
/** A prepared page sits idle this long before the lock, as an overlay prepared at app start would. */
const PREPARED_IDLE_MS = 500;
const FLOOR_RUNS = 10;

export async function runLockScreenBench(options: LockScreenBenchOptions): Promise<LockScreenResult> {
  const { log } = options;
  log(`lock screen: preparing the owner from ${options.clipPath}`);
  const owner = await prepareOwnerClip({ clipPath: options.clipPath, enrolMs: options.enrolMs });
  await ensureRendererBuilt();
  // A copy of the build for this run: tests started meanwhile rebuild out/renderer in place.
  const snapshot = mkdtempSync(join(tmpdir(), 'face-unlock-bench-renderer-'));
  cpSync(RENDERER_DIR, snapshot, { recursive: true });
  const rendererDir = snapshot;
  // Switched to the baseline build for its cold opens (the server looks the folder up per request).
  const mounts = { renderer: rendererDir };
  const server = await startStaticServer(mounts);
  const origin = `${server.url}renderer/`;
  let main: MainClient | null = null;
  let browser: Browser | null = null;
  try {
    main = await MainClient.start(origin);
    const enrolmentFrames = await main.enrol(owner.enrolment);
    await main.updateSettings({ livenessMode: options.livenessMode });
    log(`lock screen: owner enrolled from ${enrolmentFrames} frames; measuring main's frame floor`);
    const mainFrameMs = median(await mainFrameFloorMs(main, owner.enrolment, `${origin}lock/index.html`));
    browser = await launchChromium({ fakeVideoPath: owner.cameraY4mPath });
    const cameraStartMs = median(await cameraStartAloneMs(browser, origin, FLOOR_RUNS));
    const bench = new LockBench(main, browser, origin);
    const bridgeRoundTripMs = median(await bench.bridgeRoundTripsMs(owner.enrolment[0], FLOOR_RUNS));
    const prepared: RunTimeline[] = [];
    const cold: RunTimeline[] = [];
    const baselineDir = options.coldBaselineDir;
    const coldBaseline = baselineDir ? { dir: baselineDir, runs: [] as RunTimeline[] } : null;
    const coldOf = async (dir: string) => {
      mounts.renderer = dir;
      try {
        return await bench.coldRun();
      } finally {
        mounts.renderer = rendererDir;
      }
    };
    for (let run = 0; run < options.runs; run++) {
      prepared.push(await bench.preparedRun());
      // Paired with the baseline's, which goes first every other run.
      if (coldBaseline && run % 2 === 1) coldBaseline.runs.push(await coldOf(coldBaseline.dir));
      cold.push(await coldOf(rendererDir));
      if (coldBaseline && run % 2 === 0) coldBaseline.runs.push(await coldOf(coldBaseline.dir));
      const baselineNote = coldBaseline ? `, cold baseline ${describe(coldBaseline.runs.at(-1)!)}` : '';
      log(`lock screen: run ${run + 1}/${options.runs}: prepared ${describe(prepared.at(-1)!)}, cold ${describe(cold.at(-1)!)}${baselineNote}`);
    }
    const sustained = await bench.sustained(options.sustainedFrames, log);
    const rendererFrameMs = median(owner.analyseMs);
    const floor = floorOf({ cameraStartMs, rendererFrameMs, bridgeRoundTripMs, mainFrameMs }, { cameraFramesPerSecond: owner.cameraFramesPerSecond, livenessMode: options.livenessMode });
    return {
      livenessMode: options.livenessMode,
      enrolmentFrames,
      cameraFramesPerSecond: owner.cameraFramesPerSecond,
      prepared,
      cold,
      coldBaseline,
      sustained: sustained.figures,
      floor,
      pageAlone: bench.pageAloneMedians(),
      memory: sustained.memory,
      pageErrors: bench.errors,
    };
  } finally {
    await browser?.close();
    await main?.dispose();
    await server.close();
    rmSync(snapshot, { recursive: true, force: true });
    owner.dispose();
  }
}

function describe(run: RunTimeline): string {
  return run.unlocked ? `${run.totalMs!.toFixed(0)} ms, ${run.judgedFrames} frames` : `not unlocked (${run.judgedFrames} frames)`;
}

class LockBench {
  readonly errors: string[] = [];
  private readonly pageAlone: Record<PageAloneMilestone, number | null>[] = [];
  private page: LockPage | null = null;
  private unlockedInMainMs: number[] = [];
  /** Main asked for a head movement since the lock: the clip cannot obey, the run stops there. */
  private challenged = false;
  /** Ends the wait of the run in progress: main unlocked or asked for a head movement. */
  private settled: (() => void) | null = null;
  private readonly url: string;

  constructor(
    private readonly main: MainClient,
    private readonly browser: Browser,
    origin: string,
  ) {
    this.url = `${origin}lock/index.html`;
    main.onView(({ view, atMs }) => {
      this.page?.push(view);
      if (view.phase === 'unlocked') this.unlockedInMainMs.push(atMs);
      if (CHALLENGE_PROMPTS.has(view.feedback)) this.challenged = true;
      if (view.phase === 'unlocked' || this.challenged) this.settled?.();
    });
  }

  pageAloneMedians(): Record<PageAloneMilestone, number | null> {
    return Object.fromEntries(
      PAGE_ALONE_MILESTONES.map((milestone) => {
        const values = this.pageAlone.map((marks) => marks[milestone]).filter((ms): ms is number => ms !== null);
        return [milestone, values.length > 0 ? median(values) : null];
      }),
    ) as Record<PageAloneMilestone, number | null>;
  }

  /** The bridge's round trip on a prepared page, main unlocked; each ms. */
  async bridgeRoundTripsMs(report: FrameReport, runs: number): Promise<number[]> {
    const page = await this.openPage();
    try {
      await page.detectorReady(UNLOCK_TIMEOUT_MS);
      return await page.bridgeRoundTripsMs(report, runs);
    } finally {
      await this.closePage(page);
    }
  }

  /** A page loaded and warmed while unlocked, then the lock. */
  async preparedRun(): Promise<RunTimeline> {
    const page = await this.openPage();
    try {
      await page.detectorReady(UNLOCK_TIMEOUT_MS);
      this.pageAlone.push(pageAloneOf(await page.pageMarks(0)));
      await sleep(PREPARED_IDLE_MS);
      if ((await page.probe()).cameraRequestedMs.length > 0) this.errors.push('the prepared page opened the camera before the lock');
      return await this.lockAndTime(page);
    } finally {
      await this.closePage(page);
    }
  }

  /** Locked first, then the page opened: page load, camera and detector all count. */
  async coldRun(): Promise<RunTimeline> {
    await this.main.lock();
    await this.main.takeFrames();
    const page = await LockPage.open(this.browser, this.url, this.main.bridgeHandlers(), { goto: false });
    this.page = page;
    try {
      const startMs = epochMs();
      this.unlockedInMainMs = [];
      this.challenged = false;
      await page.navigate(this.url);
      return await this.timeUntilUnlocked(page, startMs, { cold: true });
    } finally {
      await this.closePage(page);
    }
  }

  /** Lock after lock on one prepared page until `frames` frames were judged; then both processes' memory. */
  async sustained(frames: number, log: (line: string) => void) {
    const page = await this.openPage();
    try {
      await page.detectorReady(UNLOCK_TIMEOUT_MS);
      const mainRssReadyMb = (await this.main.memory()).rssMb;
      const rendererHeapReadyMb = await page.jsHeapUsedMb();
      const perCycle: number[] = [];
      let judgedFrames = 0;
      let cycles = 0;
      let unlocked = 0;
      let challenged = 0;
      while (judgedFrames < frames) {
        const run = await this.lockAndTime(page);
        cycles++;
        if (run.unlocked) unlocked++;
        if (run.challenged) challenged++;
        judgedFrames += run.judgedFrames;
        if (run.judgedFramesPerSecond !== null) perCycle.push(run.judgedFramesPerSecond);
        if (cycles % 20 === 0) log(`lock screen: ${judgedFrames} of ${frames} frames judged`);
      }
      const memory = await this.main.memory();
      return {
        figures: { cycles, judgedFrames, unlocked, challenged, judgedFramesPerSecondPerCycle: perCycle },
        memory: { mainHost: this.main.hostForm, mainRssReadyMb, mainRssMb: memory.rssMb, mainMaxRssMb: memory.maxRssMb, rendererHeapReadyMb, rendererHeapMb: await page.jsHeapUsedMb() },
      };
    } finally {
      await this.closePage(page);
    }
  }

  private async openPage(): Promise<LockPage> {
    const page = await LockPage.open(this.browser, this.url, this.main.bridgeHandlers());
    this.page = page;
    return page;
  }

  private async closePage(page: LockPage): Promise<void> {
    this.errors.push(...page.errors);
    if (this.page === page) this.page = null;
    await page.close();
  }

  private async lockAndTime(page: LockPage): Promise<RunTimeline> {
    await this.main.takeFrames();
    this.unlockedInMainMs = [];
    this.challenged = false;
    const startMs = await this.main.lock();
    return this.timeUntilUnlocked(page, startMs);
  }

  /**
   * Waits on main's view events (the page is not polled while it works: that would load the very
   * pipeline being timed), then reads the page's own stamp of the overlay saying "Unlocked".
   */
  private async timeUntilUnlocked(page: LockPage, startMs: number, { cold = false } = {}): Promise<RunTimeline> {
    const unlockedInMainMs = () => this.unlockedInMainMs.find((ms) => ms >= startMs) ?? null;
    if (unlockedInMainMs() === null && !this.challenged) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, UNLOCK_TIMEOUT_MS);
        this.settled = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.settled = null;
    }
    let overlayUnlockedMs: number | null = null;
    if (unlockedInMainMs() !== null) {
      const deadline = performance.now() + OVERLAY_TIMEOUT_MS;
      while (overlayUnlockedMs === null && performance.now() < deadline) {
        overlayUnlockedMs = (await page.probe()).unlockedShownMs.find((ms) => ms >= startMs) ?? null;
        if (overlayUnlockedMs === null) await sleep(20);
      }
    } else {
      await this.main.unlockWithPassword();
    }
    // The camera is released on the unlocked view: let it go before the next lock.
    await sleep(100);
    const cameraReadyMs = (await page.marks(FACE_SESSION_MARKS.cameraReady)).find((ms) => ms >= startMs) ?? null;
    const pageMarks = cold ? await page.pageMarks(startMs) : undefined;
    return timelineOf({
      pageMarks,
      startMs,
      cameraReadyMs,
      frames: await this.main.takeFrames(),
      unlockedInMainMs: unlockedInMainMs(),
      overlayUnlockedMs,
      challenged: this.challenged,
    });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
