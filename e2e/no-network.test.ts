// Nothing leaves the machine: every renderer page, opened in headless Chromium from the
// test server with the detector running on a fake camera, may load only the app's own
// files (the server's origin, data:, blob:), every load must succeed, and the page's CSP
// must never have to refuse anything.
//
// What each page does is recorded three ways, because each misses something (measured):
// - the DevTools Network domain: every load, with its status. Playwright's own
//   request/response events leave out favicon requests, so the /favicon.ico 404 every
//   page used to cause never showed up there;
// - 'securitypolicyviolation' in the page: a fetch the CSP refuses (MediaPipe's usage
//   log to https://odml.pa.googleapis.com/v1/log) never reaches the network layer, so no
//   Network event shows it;
// - console messages about the Content Security Policy, which Chromium also logs.
// MediaPipe sends its log every 60 s and when the task is closed, so each page is also
// fast-forwarded 65 s (Playwright's clock) and then sent 'pagehide', on which the pages
// close their detector: the attempt, if any, happens while the test still listens.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DEFAULT_THRESHOLD_COSINE } from '../main/face/recognition/face-profile.ts';
import { CHANNELS, type FrameReport, type SettingsView } from '../preload/api.ts';
import { launchChromium } from '../tools/browser/chromium.ts';
import { startStaticServer, type StaticServer } from '../tools/browser/static-server.ts';
import { installBridge, type BridgeHandlers } from './bridge.ts';
import { FakeCamera } from './fake-camera.ts';
import { ensureRendererBuilt, RENDERER_DIR } from './renderer-build.ts';
import { fakeEnrolment, lockedView, SETTINGS } from './ui-fakes.ts';
import { callsOn, isFaceFrame, recorded, uiStandMissing, until } from './ui-stand.ts';

/** How long the detector runs on a face before the page's timers are fast-forwarded. */
const DETECTOR_RUN_MS = 3_000;
/** Past MediaPipe's 60 s logging interval. */
const FAST_FORWARD = '01:05';
/** Time for an attempt started by a timer or by pagehide to be reported. */
const SETTLE_MS = 1_000;
const REPORT_BINDING = '__noNetworkReport';

interface Recording {
  /** Every URL the page loaded or tried to load, in order. */
  urls: string[];
  /** Everything that breaks the rule, in words. */
  problems: string[];
}

/** Records `page`'s traffic from its very first request; call before page.goto. */
async function recordTraffic(page: Page, origin: string): Promise<Recording> {
  const recording: Recording = { urls: [], problems: [] };
  const isLocal = (url: string) => url.startsWith('data:') || url.startsWith('blob:') || new URL(url).origin === origin;
  const urlOf = new Map<string, string>();
  const cdp = await page.context().newCDPSession(page);
  cdp.on('Network.requestWillBeSent', ({ requestId, request }) => {
    urlOf.set(requestId, request.url);
    recording.urls.push(request.url);
    if (!isLocal(request.url)) recording.problems.push(`request to ${request.url}`);
  });
  cdp.on('Network.responseReceived', ({ response }) => {
    if (response.status >= 400) recording.problems.push(`HTTP ${response.status} for ${response.url}`);
  });
  cdp.on('Network.loadingFailed', ({ requestId, errorText, blockedReason }) => {
    recording.problems.push(`failed load of ${urlOf.get(requestId) ?? requestId}: ${[errorText, blockedReason].filter(Boolean).join(' ')}`);
  });
  await cdp.send('Network.enable');
  await page.exposeBinding(REPORT_BINDING, (_source, message: string) => void recording.problems.push(message));
  await page.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (event) =>
      window.${REPORT_BINDING}('CSP refused ' + event.blockedURI + ' (' + event.effectiveDirective + ')'));`,
  });
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) recording.problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => recording.problems.push(`page error: ${error.message}`));
  return recording;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('nothing leaves the machine', { skip: uiStandMissing() }, () => {
  let server: StaticServer;
  let camera: FakeCamera;
  let origin: string;
  let browser: Browser | null = null;

  before(async () => {
    await ensureRendererBuilt();
    server = await startStaticServer({ renderer: RENDERER_DIR });
    origin = server.url.replace(/\/$/, '');
    camera = new FakeCamera();
  });
  afterEach(async () => {
    await browser?.close();
    browser = null;
  });
  after(async () => {
    await server?.close();
    camera?.dispose();
  });

  /**
   * Opens `path` behind `handlers` (null: no bridge), recording from the first request, with a
   * fake clock that runs on. A browser of its own: Chromium asks an origin for /favicon.ico
   * once per browser, so a shared one would hide that request from all pages but the first.
   */
  async function open(path: string, handlers: BridgeHandlers | null): Promise<{ page: Page; recording: Recording }> {
    browser = await launchChromium({ fakeVideoPath: camera.videoPath('ownerStill') });
    const page = await browser.newPage({ viewport: { width: 900, height: 760 } });
    const recording = await recordTraffic(page, origin);
    await page.clock.install();
    if (handlers) await installBridge(page, handlers);
    await page.goto(`${server.url}renderer/${path}`);
    return { page, recording };
  }

  /** Lets the page's timers run a minute on, closes its detector as leaving the page does, then checks the record. */
  async function finish(page: Page, recording: Recording, { detector }: { detector: boolean }): Promise<void> {
    await page.clock.fastForward(FAST_FORWARD);
    await sleep(SETTLE_MS);
    await page.evaluate(() => window.dispatchEvent(new PageTransitionEvent('pagehide')));
    await sleep(SETTLE_MS);
    assert.ok(recording.urls.length > 0, 'the recorder saw the page load');
    if (detector) assert.ok(recording.urls.some((url) => url.endsWith('.wasm')), 'the detector was loaded');
    assert.deepEqual(recording.problems, [], `every request:\n${recording.urls.join('\n')}`);
  }

  test('lock page, with the detector on a face', async () => {
    const view = lockedView();
    const { handlers, calls } = recorded({
      [CHANNELS.lockGetView]: () => view,
      [CHANNELS.lockSubmitFrame]: () => view,
      [CHANNELS.lockReportCameraProblem]: () => view,
    });
    const faceFrames = () => callsOn(calls, CHANNELS.lockSubmitFrame).filter((call) => isFaceFrame(call.payload as FrameReport)).length;
    const { page, recording } = await open('lock/index.html', handlers);
    await until(() => faceFrames() > 0, 'a frame with a face');
    const before = faceFrames();
    await sleep(DETECTOR_RUN_MS);
    assert.ok(faceFrames() > before, 'the detector kept finding the face');
    await finish(page, recording, { detector: true });
  });

  test('cover page', async () => {
    const { page, recording } = await open('lock/index.html?role=cover', null);
    await page.waitForFunction('document.getElementById("clock-time").textContent.length > 0');
    await finish(page, recording, { detector: false });
  });

  test('wizard, at its camera step', async () => {
    const { handlers } = fakeEnrolment(5);
    const { page, recording } = await open('enrol/index.html', handlers);
    await page.waitForSelector('#capture-button:not([disabled])', { timeout: 20_000 });
    assert.equal(await page.textContent('#camera-status'), 'Your face is in view');
    await sleep(DETECTOR_RUN_MS);
    await finish(page, recording, { detector: true });
  });

  test('settings, with a recognition test running', async () => {
    const current: SettingsView = { ...SETTINGS, profileState: 'enrolled' };
    const { handlers, calls } = recorded({
      [CHANNELS.settingsGet]: () => current,
      [CHANNELS.recognitionTest]: () => ({
        feedback: 'recognising', similarityCosine: 0.7, thresholdCosine: DEFAULT_THRESHOLD_COSINE, wouldUnlock: true, livenessScore: 0.97, livenessThreshold: 0.5,
      }),
    });
    const { page, recording } = await open('settings/index.html', handlers);
    await page.click('#test-button');
    await until(() => callsOn(calls, CHANNELS.recognitionTest).some((call) => isFaceFrame(call.payload as FrameReport)), 'a test frame with a face');
    await sleep(DETECTOR_RUN_MS);
    await finish(page, recording, { detector: true });
  });
});
