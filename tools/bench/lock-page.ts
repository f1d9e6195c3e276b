// The real lock page in Chromium for the bench: opened behind the test bridge (e2e/bridge.ts)
// with a probe that stamps, on the bench's clock, when the camera was asked for and when the
// status first read "Unlocked"; plus what the page itself marks (face-session.ts) and its JS
// heap, and the floor of camera start alone.
import type { Browser, Page } from 'playwright-core';
import { installBridge, pushView, type BridgeHandlers } from '../../e2e/bridge.ts';
import { MAX_FRAMES_PER_SECOND, type FaceUnlockApi, type FrameReport, type LockView } from '../../preload/api.ts';
import { FACE_SESSION_MARKS } from '../../renderer/face/session-marks.ts';
import { feedbackSentence } from '../../renderer/shared/messages.ts';
import type { PageMarks } from './lock-timeline.ts';

/** What the probe recorded in the page, epoch ms. */
export interface ProbeStamps {
  cameraRequestedMs: number[];
  unlockedShownMs: number[];
}

// Plain page script, run before the page's own: stamps getUserMedia calls and every change of
// #status to the unlocked sentence (a MutationObserver: the moment the DOM says it).
const probeScript = (unlockedSentence: string) => `(() => {
  const clock = () => performance.timeOrigin + performance.now();
  const probe = (window.__benchProbe = { cameraRequestedMs: [], unlockedShownMs: [] });
  const devices = navigator.mediaDevices;
  const getUserMedia = devices.getUserMedia.bind(devices);
  devices.getUserMedia = (constraints) => {
    probe.cameraRequestedMs.push(clock());
    return getUserMedia(constraints);
  };
  let shown = '';
  const watch = () => {
    const status = document.getElementById('status');
    if (!status) return;
    new MutationObserver(() => {
      const text = status.textContent;
      if (text === ${JSON.stringify(unlockedSentence)} && shown !== text) probe.unlockedShownMs.push(clock());
      shown = text;
    }).observe(status, { childList: true, characterData: true, subtree: true });
  };
  document.addEventListener('DOMContentLoaded', watch);
})();`;

export class LockPage {
  private constructor(
    readonly page: Page,
    readonly errors: string[],
  ) {}

  /** Opens the lock page; `goto: false` leaves it blank (call navigate) so that a cold open can be timed from its very start. */
  static async open(browser: Browser, url: string, handlers: BridgeHandlers, { goto = true } = {}): Promise<LockPage> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.addInitScript({ content: probeScript(feedbackSentence('unlocked')) });
    await installBridge(page, handlers);
    const lockPage = new LockPage(page, errors);
    if (goto) await page.goto(url);
    return lockPage;
  }

  async navigate(url: string): Promise<void> {
    await this.page.goto(url);
  }

  push(view: LockView): void {
    void pushView(this.page, view).catch(() => undefined);
  }

  probe(): Promise<ProbeStamps> {
    return this.page.evaluate('window.__benchProbe') as Promise<ProbeStamps>;
  }

  /** Epoch ms of every User Timing mark of that name. */
  marks(name: string): Promise<number[]> {
    return this.page.evaluate((mark) => performance.getEntriesByName(mark).map((entry) => performance.timeOrigin + entry.startTime), name);
  }

  /**
   * What the page stamped on opening (epoch ms, the first of each at or after `sinceMs`): DOM
   * ready, the camera asked for, the detector's wasm fetched, the session's marks.
   */
  async pageMarks(sinceMs: number): Promise<PageMarks> {
    // A plain script: tsx would wrap a function's named helpers in one the page lacks.
    const stamps = (await this.page.evaluate(`(() => {
      const names = ${JSON.stringify(FACE_SESSION_MARKS)};
      const origin = performance.timeOrigin;
      const marks = (name) => performance.getEntriesByName(name).map((entry) => origin + entry.startTime);
      const navigation = performance.getEntriesByType('navigation')[0];
      const wasm = performance.getEntriesByType('resource').filter((entry) => entry.name.endsWith('.wasm'));
      return {
        navigationStart: origin,
        domReady: navigation && navigation.domContentLoadedEventEnd > 0 ? [origin + navigation.domContentLoadedEventEnd] : [],
        cameraAsked: window.__benchProbe.cameraRequestedMs,
        wasmFetched: wasm.map((entry) => origin + entry.responseEnd),
        detectorLoaded: marks(names.detectorLoaded),
        detectorReady: marks(names.detectorReady),
        firstFrameSent: marks(names.firstFrame),
      };
    })()`)) as { navigationStart: number } & Record<'domReady' | 'cameraAsked' | 'wasmFetched' | 'detectorLoaded' | 'detectorReady' | 'firstFrameSent', number[]>;
    const first = (values: number[]) => values.find((ms) => ms >= sinceMs) ?? null;
    return {
      navigationStartMs: stamps.navigationStart,
      domReadyMs: first(stamps.domReady),
      cameraAskedMs: first(stamps.cameraAsked),
      wasmFetchedMs: first(stamps.wasmFetched),
      detectorLoadedMs: first(stamps.detectorLoaded),
      detectorReadyMs: first(stamps.detectorReady),
      firstFrameSentMs: first(stamps.firstFrameSent),
    };
  }

  /** Resolves once the detector is loaded and warm (face-session.ts marks it). */
  async detectorReady(timeoutMs: number): Promise<void> {
    await this.page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, FACE_SESSION_MARKS.detectorReady, { timeout: timeoutMs });
  }

  /**
   * Round trips of one frame through the page's bridge to main and back, `runs` times, each ms:
   * with main unlocked, the handler checks the frame and answers without judging it. Paced
   * under main's rate limit.
   */
  async bridgeRoundTripsMs(report: FrameReport, runs: number): Promise<number[]> {
    const { face, ...rest } = report;
    if (!face) throw new Error('a frame with a face is needed');
    const { faceCrop, contextCrop, ...faceRest } = face;
    const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
    const frame = { rest, faceRest, faceCrop: base64(faceCrop), contextCrop: base64(contextCrop) };
    return this.page.evaluate(
      async ({ frame, runs, gapMs }) => {
        // No named functions in here: tsx would wrap them in a helper the page lacks.
        const faceCrop = Uint8Array.from(atob(frame.faceCrop), (c) => c.charCodeAt(0));
        const contextCrop = Uint8Array.from(atob(frame.contextCrop), (c) => c.charCodeAt(0));
        const report = { ...frame.rest, face: { ...frame.faceRest, faceCrop, contextCrop } };
        const api = (window as unknown as { faceUnlock: FaceUnlockApi }).faceUnlock;
        const times: number[] = [];
        for (let run = 0; run < runs; run++) {
          const start = performance.now();
          await api.lock.submitFrame(report as FrameReport);
          times.push(performance.now() - start);
          await new Promise((resolve) => setTimeout(resolve, gapMs));
        }
        return times;
      },
      { frame, runs, gapMs: 1000 / MAX_FRAMES_PER_SECOND + 5 },
    );
  }

  /** The page's JS heap in use after a full garbage collection, MiB (DevTools protocol). */
  async jsHeapUsedMb(): Promise<number> {
    const session = await this.page.context().newCDPSession(this.page);
    try {
      await session.send('HeapProfiler.collectGarbage');
      const { usedSize } = await session.send('Runtime.getHeapUsage');
      return usedSize / 2 ** 20;
    } finally {
      await session.detach();
    }
  }

  async close(): Promise<void> {
    await this.page.close();
  }
}

/**
 * The floor of the camera stage: getUserMedia at the size the overlay asks for, shown in a
 * <video> until play() resolves (where FaceSession marks the camera ready), in a page of the
 * same origin with nothing else to do; `runs` times, each ms.
 */
export async function cameraStartAloneMs(browser: Browser, originUrl: string, runs: number): Promise<number[]> {
  const page = await browser.newPage();
  try {
    await page.goto(originUrl); // a 404 of our server: a secure context of the pages' origin
    const times: number[] = [];
    for (let run = 0; run < runs; run++) {
      times.push(
        await page.evaluate(async () => {
          const start = performance.now();
          const stream = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 } }, audio: false });
          const video = document.createElement('video');
          video.muted = true;
          video.srcObject = stream;
          await new Promise((resolve) => video.addEventListener('loadedmetadata', resolve, { once: true }));
          await video.play();
          const elapsed = performance.now() - start;
          stream.getTracks().forEach((track) => track.stop());
          video.srcObject = null;
          return elapsed;
        }),
      );
    }
    return times;
  } finally {
    await page.close();
  }
}
