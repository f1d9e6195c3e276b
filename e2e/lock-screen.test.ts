// The lock overlay and the wizard in headless Chromium with the real main services
// behind the bridge: the fake camera plays videos made from real photos (the owner, a
// stranger, an empty room), and each test checks what the user sees in the page and
// what main decided. FACE_UNLOCK_UPDATE_SCREENSHOTS=1 rewrites the README pictures.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { CHANNELS, MAX_PASSWORD_LENGTH } from '../preload/api.ts';
import { CAMERA_PROBLEM_SENTENCES } from '../renderer/shared/messages.ts';
import { celebrityPhoto, OWNER } from './fake-camera.ts';
import { OWNER_PASSWORD, realMainSuite, unlockWithPassword, untilText, type RealMain, type RealMainOptions } from './real-main.ts';
import { trackStates, uiStandMissing, until } from './ui-stand.ts';
import { FakeClock } from '../test-support/fake-clock.ts';

const allEnded = async (page: Page) => (await trackStates(page)).every((state) => state === 'ended');
const anyLive = async (page: Page) => (await trackStates(page)).includes('live');
const visibleStep = (page: Page) => page.getAttribute('section.step:not([hidden])', 'data-step');

describe('lock screen with the real main services', { skip: uiStandMissing({ seedPhotos: false }) }, () => {
  const suite = realMainSuite();

  /** A fresh main with the owner enrolled from photos the videos never show, locked as the tray locks. */
  async function lockedMain(options: Omit<RealMainOptions, 'stand'> = {}): Promise<RealMain> {
    const main = await suite.start(options);
    await main.seedProfile(suite.seed);
    // Recognition alone: a video of photos cannot turn its head for the liveness
    // challenge (liveness.test.ts shows it failing).
    await main.core.updateSettings({ livenessMode: 'off' });
    main.core.lock.lock('user');
    return main;
  }

  test('the owner’s video unlocks the overlay, and the camera is released', async () => {
    const main = await lockedMain();
    const recognising = main.pauseAt((view) => view.phase === 'locked' && view.feedback === 'recognising', 'main to recognise the owner');
    const { page, errors } = await main.openPage('lock/index.html', { camera: 'owner' });
    const release = await recognising;
    await untilText(page, '#status', 'Recognising…');
    assert.equal(main.core.lock.isLocked(), true, 'still locked while recognising');
    await suite.stand.screenshot(page, 'lock-face');
    release();
    await until(() => !main.core.lock.isLocked(), 'main to unlock');
    await untilText(page, '#status', 'Unlocked');
    assert.equal(await page.isDisabled('#password'), true);
    await until(() => allEnded(page), 'every camera track to end');
    assert.ok((await trackStates(page)).length >= 1, 'the camera was opened');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('another person’s video stays locked and says “Not recognised”', async () => {
    const main = await lockedMain();
    const { page, errors } = await main.openPage('lock/index.html', { camera: 'stranger' });
    await untilText(page, '#status', 'Not recognised');
    // Two whole attempts (5 face frames each), short of the 5 failed attempts that pause face unlock.
    await until(() => main.faceFrameCount >= 10, 'ten face frames judged');
    assert.equal(await page.textContent('#status'), 'Not recognised');
    assert.equal(main.core.lock.isLocked(), true);
    assert.ok(main.views.every((view) => view.phase === 'locked'), 'never unlocked');
    assert.equal(await anyLive(page), true, 'the camera keeps looking');
    await suite.stand.screenshot(page, 'lock-not-recognised');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('an empty scene asks the user to look at the camera', async () => {
    const main = await lockedMain();
    const { page, errors } = await main.openPage('lock/index.html', { camera: 'emptyScene' });
    await until(() => main.lockFrames.length >= 12, 'a dozen frames of the empty scene');
    assert.ok(main.lockFrames.every((frame) => frame.faceCount === 0 && frame.face === undefined), 'no face in a plain wall');
    assert.equal(main.core.lock.view().feedback, 'noFace');
    assert.equal(await page.textContent('#status'), 'Look at the camera');
    assert.equal(await anyLive(page), true);
    assert.equal(main.core.lock.isLocked(), true);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the overlay opens the camera the settings name, and the system default once that camera is gone', async () => {
    const main = await lockedMain();
    const { page, errors } = await main.openPage('lock/index.html', { camera: 'twoCameras' });
    const openedCamera = () => page.evaluate('window.__testStreams.at(-1)?.getVideoTracks()[0]?.getSettings().deviceId ?? null') as Promise<string | null>;
    await until(async () => (await openedCamera()) !== null, 'the first camera');
    // Device ids are salted per browser profile: read them in this page (a reload keeps the profile).
    const ids = (await page.evaluate(
      "navigator.mediaDevices.enumerateDevices().then((all) => all.filter((d) => d.kind === 'videoinput').map((d) => d.deviceId))",
    )) as string[];
    assert.equal(ids.length, 2, 'two fake cameras');
    assert.equal(await openedCamera(), ids[0], 'no choice yet: the system default');

    await main.core.updateSettings({ cameraDeviceId: ids[1] });
    await page.reload();
    await until(async () => (await openedCamera()) === ids[1], 'the chosen camera');

    await main.core.updateSettings({ cameraDeviceId: 'f'.repeat(64) }); // unplugged since
    await page.reload();
    await until(async () => (await openedCamera()) === ids[0], 'the default again');
    await until(() => main.lockFrames.length >= 3, 'frames from it');
    // Chromium's test pattern is no face, though the detector sometimes takes it for one: only say no camera problem.
    const status = (await page.textContent('#status')) ?? '';
    assert.ok(!Object.values(CAMERA_PROBLEM_SENTENCES).includes(status), status);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('five wrong passwords lock out; once the lockout has passed the right one unlocks', async () => {
    const clock = new FakeClock(Date.parse('2026-11-28T09:00:00Z'));
    const main = await lockedMain({ clock });
    const { page, errors } = await main.openPage('lock/index.html', { camera: 'emptyScene' });
    await page.waitForSelector('#password:not([disabled])');
    assert.equal(await page.$eval('#password', (field) => (field as HTMLInputElement).maxLength), MAX_PASSWORD_LENGTH, 'the field takes what main accepts');
    for (let attempt = 1; attempt <= 5; attempt++) {
      await page.fill('#password', `not my password ${attempt}`);
      await page.press('#password', 'Enter');
      await page.waitForSelector(attempt < 5 ? '#password-error:not([hidden])' : '#password[disabled]');
    }
    assert.equal(main.core.lock.view().phase, 'lockedOut');
    assert.match((await page.textContent('#countdown')) ?? '', /^Try again in 0:(30|2\d)$/);
    assert.equal(await page.isVisible('#countdown'), true);
    assert.equal(await page.textContent('#status'), 'Too many attempts: wait before trying again');
    assert.equal(await page.isVisible('#password-error'), false, 'the countdown, not "Wrong password", explains');
    await until(() => allEnded(page), 'the camera to stop while locked out');
    const lockContext = { senderId: 1, frameUrl: suite.stand.pageUrl('lock/index.html') };
    const early = (await main.handlers[CHANNELS.lockSubmitPassword](OWNER_PASSWORD, lockContext)) as { ok: boolean };
    assert.equal(early.ok, false, 'main refuses even the right password during the lockout');
    await suite.stand.screenshot(page, 'lock-locked-out');

    clock.advance(31_000);
    // Main's own timer for the end of the lockout runs on real time (30 s); a refresh is what it does when it fires.
    main.core.lock.view();
    await page.waitForSelector('#password:not([disabled])');
    assert.equal(await page.isVisible('#countdown'), false);
    await unlockWithPassword(page, main);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the wizard enrols from the camera end to end, and the saved profile unlocks a new lock page', async () => {
    const main = await suite.start();
    const { core } = main;
    // Test recognition decides as the lock does, and a video of photos cannot turn its head for
    // Standard's challenge (no passive model here): recognition alone, as for the lock below.
    await core.updateSettings({ livenessMode: 'off' });
    const wizard = await main.openPage('enrol/index.html', { camera: 'ownerForEnrolment', viewport: { width: 900, height: 760 } });
    const page = wizard.page;
    await page.waitForSelector('#capture-button:not([disabled])', { timeout: 20_000 });
    await untilText(page, '#camera-status', 'Your face is in view');
    await suite.stand.screenshot(page, 'enrol-1-camera');

    await page.click('#capture-button');
    await until(async () => /^[2-5] of 10 captured$/.test((await page.textContent('#capture-count')) ?? ''), 'the first captures');
    await suite.stand.screenshot(page, 'enrol-2-capture');
    await until(async () => (await visibleStep(page)) === 'review', 'the review step', 40_000);
    await until(async () => (await page.textContent('#heatmap-caption')) !== '', 'the review caption');
    if ((await page.textContent('#review-continue-button')) === 'Capture more') {
      await page.click('#review-continue-button');
      await until(async () => (await page.textContent('#review-continue-button')) === 'Continue', 'enough kept faces', 40_000);
    }
    // Main asked for turns as well as straight looks, and the profile keeps them.
    assert.match((await page.textContent('#heatmap-caption')) ?? '', /^1\d faces, (none dropped|\d dropped as (an outlier|outliers)) · kept \d+ straight, \d+ turned left, \d+ turned right$/);
    await suite.stand.screenshot(page, 'enrol-3-review');

    await page.click('#review-continue-button');
    await page.fill('#password-1', OWNER_PASSWORD);
    await page.fill('#password-2', OWNER_PASSWORD);
    await suite.stand.screenshot(page, 'enrol-4-password');
    await page.press('#password-2', 'Enter');

    await until(async () => (await visibleStep(page)) === 'test', 'the test step');
    await untilText(page, '.meter-verdict', 'Would unlock');
    const figures = (await page.textContent('.meter-figures')) ?? '';
    const [, similarity, threshold] = /^Similarity (\d\.\d\d) · threshold (\d\.\d\d) · liveness –$/.exec(figures) ?? [];
    assert.ok(Number(similarity) >= Number(threshold) && Number(threshold) > 0, figures);
    await suite.stand.screenshot(page, 'enrol-5-test');
    assert.equal(core.hasProfile, false, 'nothing is stored before Save');

    await page.click('#save-button');
    await untilText(page, '#save-title', 'Face Unlock is ready');
    assert.equal(core.hasProfile, true);
    assert.match(core.settings.cameraDeviceId, /^[0-9a-f]{16,}$/, 'the camera enrolled with is now the lock screen\'s');
    await until(() => allEnded(page), 'the wizard to release the camera');
    await suite.stand.screenshot(page, 'enrol-6-saved');
    assert.deepEqual(wizard.errors, []);
    await page.close();

    await core.updateSettings({ livenessMode: 'off' }); // as in the first test: photos cannot pass the challenge
    core.lock.lock('user');
    const lock = await main.openPage('lock/index.html', { camera: 'owner' });
    await until(() => !core.lock.isLocked(), 'the new profile to unlock');
    await untilText(lock.page, '#status', 'Unlocked');
    assert.deepEqual(lock.errors, []);
    await lock.page.close();
  });
});
