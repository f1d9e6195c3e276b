// The renderer pages in headless Chromium behind the test bridge, with a fake camera
// playing a real face and a scripted stand-in for main: checks the UI mechanics only
// (frames go out, views come in, the camera stops) and takes the README screenshots
// (FACE_UNLOCK_UPDATE_SCREENSHOTS=1 writes them to e2e/screenshots).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEFAULT_THRESHOLD_COSINE } from '../main/face/recognition/face-profile.ts';
import { PASSIVE_THRESHOLDS } from '../main/face/models/passive-liveness.ts';
import { CHANNELS, CONTEXT_CROP_BYTES, FACE_CROP_BYTES, MAX_PASSWORD_LENGTH, MAX_SHORTCUT_LENGTH, type FrameReport, type SettingsView } from '../preload/api.ts';
import { pushView } from './bridge.ts';
import { fakeEnrolment, lockedView, SETTINGS } from './ui-fakes.ts';
import { fakeRefusedAttempts, solidCrop } from './ui-fakes.ts';
import { callsOn, isFaceFrame, recorded, SEED_FACES, trackStates, UiStand, uiStandMissing, until } from './ui-stand.ts';

describe('renderer pages in Chromium', { skip: uiStandMissing() }, () => {
  let stand: UiStand;
  before(async () => {
    stand = await UiStand.start();
  });
  after(() => stand?.close());
  const openPage: UiStand['openPage'] = (...args) => stand.openPage(...args);

  test('lock page: frames with real crops go out, main’s views show, the password submits, unlocking stops the camera', async () => {
    let current = lockedView();
    const { handlers, calls } = recorded({
      [CHANNELS.lockGetView]: () => current,
      [CHANNELS.lockSubmitFrame]: () => current,
      [CHANNELS.lockSubmitPassword]: () => ({ ok: false, view: current }),
      [CHANNELS.lockReportCameraProblem]: () => current,
    });
    const { page, errors } = await openPage('lock/index.html', handlers);
    await until(() => callsOn(calls, CHANNELS.lockSubmitFrame).some((call) => isFaceFrame(call.payload as FrameReport)), 'a frame with a face');
    const frame = callsOn(calls, CHANNELS.lockSubmitFrame)
      .map((call) => call.payload as FrameReport)
      .find(isFaceFrame)!;
    assert.ok(frame.face.faceCrop instanceof Uint8Array);
    assert.equal(frame.face.faceCrop.length, FACE_CROP_BYTES);
    assert.equal(frame.face.contextCrop.length, CONTEXT_CROP_BYTES);
    assert.equal(frame.faceCount, 1);
    assert.equal(frame.frameWidthPx, 640);
    const call = callsOn(calls, CHANNELS.lockSubmitFrame)[0];
    assert.equal(call.context.frameUrl, stand.pageUrl('lock/index.html'));
    assert.equal(await page.textContent('#status'), 'Recognising…');
    await stand.screenshot(page, 'lock-face');

    current = lockedView({ feedback: 'tooDark' });
    await pushView(page, current);
    await until(async () => (await page.textContent('#status')) === 'Too dark: turn on a light', 'the pushed status');

    await page.fill('#password', 'not my password');
    await page.press('#password', 'Enter');
    await until(() => callsOn(calls, CHANNELS.lockSubmitPassword).length === 1, 'the password call');
    assert.equal(callsOn(calls, CHANNELS.lockSubmitPassword)[0].payload, 'not my password');
    await page.waitForSelector('#password-error:not([hidden])');
    assert.equal(await page.textContent('#password-error'), 'Wrong password');
    assert.equal(await page.inputValue('#password'), '');

    current = lockedView({ phase: 'lockedOut', faceEnabled: false, feedback: 'lockedOut', lockoutRemainingMs: 95_000, passwordReason: 'attempts' });
    await pushView(page, current);
    await until(async () => (await trackStates(page)).every((state) => state === 'ended'), 'the camera to stop when locked out');
    assert.equal(await page.isDisabled('#password'), true);
    assert.match((await page.textContent('#countdown')) ?? '', /^Try again in 1:3\d$/);
    await stand.screenshot(page, 'lock-locked-out');

    // Face unlock paused but not locked out: the password works meanwhile.
    current = lockedView({ faceEnabled: false, feedback: 'lockedOut', lockoutRemainingMs: 30_000 });
    await pushView(page, current);
    await until(async () => (await page.isDisabled('#password')) === false, 'the password to be accepted again');
    assert.match((await page.textContent('#countdown')) ?? '', /^Face unlock resumes in 0:[23]\d$/);

    current = lockedView();
    await pushView(page, current);
    await until(async () => (await trackStates(page)).some((state) => state === 'live'), 'the camera to open again');
    assert.equal(await page.isHidden('#countdown'), true);
    const framesBefore = callsOn(calls, CHANNELS.lockSubmitFrame).length;
    current = lockedView({ phase: 'unlocked', faceEnabled: false, feedback: 'unlocked' });
    await pushView(page, current);
    await until(async () => (await trackStates(page)).every((state) => state === 'ended'), 'the camera to stop when unlocked');
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.ok(callsOn(calls, CHANNELS.lockSubmitFrame).length <= framesBefore + 1, 'no frames after unlocking');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('lock page: a refused camera is reported, said plainly, and the password still works', async () => {
    let current = lockedView();
    const { handlers, calls } = recorded({
      [CHANNELS.lockGetView]: () => current,
      [CHANNELS.lockSubmitFrame]: () => current,
      [CHANNELS.lockSubmitPassword]: () => ({ ok: true, view: lockedView({ phase: 'unlocked', feedback: 'unlocked' }) }),
      [CHANNELS.lockReportCameraProblem]: () => (current = lockedView({ feedback: 'noFace' })),
    });
    const { page } = await openPage('lock/index.html', handlers, { denyCamera: true });
    await until(() => callsOn(calls, CHANNELS.lockReportCameraProblem).length === 1, 'the camera problem report');
    assert.equal(callsOn(calls, CHANNELS.lockReportCameraProblem)[0].payload, 'denied');
    await until(async () => (await page.textContent('#status')) === 'Camera access is blocked: use your password', 'the camera sentence');
    await stand.screenshot(page, 'lock-camera-problem');
    await page.fill('#password', 'the right one');
    await page.press('#password', 'Enter');
    await until(() => callsOn(calls, CHANNELS.lockSubmitPassword).length === 1, 'the password call');
    await until(async () => (await page.textContent('#status')) === 'Unlocked', 'the unlocked status');
    await page.close();
  });

  test('lock page: no camera at all while main requires the password', async () => {
    const view = lockedView({ faceEnabled: false, feedback: 'passwordRequired', passwordReason: 'restart' });
    const { handlers, calls } = recorded({
      [CHANNELS.lockGetView]: () => view,
      [CHANNELS.lockSubmitFrame]: () => view,
    });
    const { page, errors } = await openPage('lock/index.html', handlers);
    await until(async () => (await page.textContent('#status')) === 'Enter your password', 'the status');
    assert.equal(await page.textContent('#password-reason'), 'Your password is required after a restart');
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.deepEqual(await trackStates(page), []);
    assert.equal(callsOn(calls, CHANNELS.lockSubmitFrame).length, 0);
    assert.equal(await page.evaluate('document.activeElement.id'), 'password');
    await stand.screenshot(page, 'lock-password-required');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('cover page: the clock only, no camera, no bridge needed', async () => {
    const { page, errors } = await openPage('lock/index.html?role=cover', null);
    await page.waitForFunction('document.getElementById("clock-time").textContent.length > 0');
    assert.equal(await page.$('video'), null);
    assert.equal(await page.$('#password'), null);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(await trackStates(page), []);
    assert.deepEqual(errors, []);
    await stand.screenshot(page, 'lock-cover');
    await page.close();
  });

  test('every page fails closed without the bridge', async () => {
    for (const path of ['lock/index.html', 'enrol/index.html', 'settings/index.html']) {
      const { page } = await openPage(path, null);
      await page.waitForSelector('.missing-bridge');
      assert.equal(await page.textContent('.missing-bridge'), 'This page runs inside Face Unlock');
      assert.deepEqual(await trackStates(page), []);
      await page.close();
    }
  });

  const visibleStep = (page: Page) => page.getAttribute('section.step:not([hidden])', 'data-step');

  test('wizard: camera check, capture, review (with an outlier), password, test, save', async () => {
    const { handlers, calls } = fakeEnrolment(5);
    const { page, errors } = await openPage('enrol/index.html', handlers, { viewport: { width: 900, height: 760 } });
    await page.waitForSelector('#capture-button:not([disabled])', { timeout: 20_000 });
    assert.equal(await page.textContent('#camera-status'), 'Your face is in view');
    assert.equal(await page.isHidden('#mode-choice'), true);
    await stand.screenshot(page, 'enrol-1-camera');

    await page.click('#capture-button');
    // The camera used goes with the enrolment, to become the lock screen's.
    const begin = callsOn(calls, CHANNELS.enrolBegin)[0].payload as { cameraDeviceId?: string };
    assert.match(begin.cameraDeviceId ?? '', /^[0-9a-f]{16,}$/, 'the fake camera\'s device id');
    assert.deepEqual(begin, { mode: 'replace', source: 'camera', cameraDeviceId: begin.cameraDeviceId });
    await until(() => callsOn(calls, CHANNELS.enrolAddFrame).length >= 2, 'two captures');
    await stand.screenshot(page, 'enrol-2-capture');

    await until(async () => (await visibleStep(page)) === 'review', 'the review step');
    await page.waitForSelector('#thumb-grid .thumb.dropped');
    assert.equal(await page.textContent('#heatmap-caption'), '5 faces, 1 dropped as an outlier');
    // One face dropped leaves 4 of the 5 needed: the wizard asks for more.
    assert.equal(await page.textContent('#review-continue-button'), 'Capture more');
    await page.click('#review-continue-button');
    await until(async () => (await page.textContent('#heatmap-caption')) === '6 faces, 1 dropped as an outlier', 'the second review', 30_000);
    assert.equal(await page.textContent('#review-continue-button'), 'Continue');
    await stand.screenshot(page, 'enrol-3-review');
    const frames = callsOn(calls, CHANNELS.enrolAddFrame).map((call) => call.payload as FrameReport);
    assert.ok(frames.filter(isFaceFrame).every((frame) => frame.face.faceCrop.length === FACE_CROP_BYTES));

    await page.click('#review-continue-button');
    await page.fill('#password-1', 'correct horse');
    await page.fill('#password-2', 'correct hose');
    await page.press('#password-2', 'Enter');
    assert.equal(await page.textContent('#password-message'), 'The two passwords differ');
    await page.fill('#password-1', 'short');
    await page.fill('#password-2', 'short');
    await page.press('#password-2', 'Enter');
    assert.equal(await page.textContent('#password-message'), 'Use at least 6 characters');
    await page.fill('#password-1', 'correct horse');
    await page.fill('#password-2', 'correct horse');
    await stand.screenshot(page, 'enrol-4-password');
    await page.press('#password-2', 'Enter');

    await until(async () => (await visibleStep(page)) === 'test', 'the test step');
    await until(() => callsOn(calls, CHANNELS.enrolTest).length >= 1, 'a test frame');
    await until(async () => (await page.textContent('.meter-verdict')) === 'Would unlock', 'the verdict');
    await stand.screenshot(page, 'enrol-5-test');

    await page.click('#save-button');
    await until(async () => (await page.textContent('#save-title')) === 'Face Unlock is ready', 'the saved message');
    assert.equal(callsOn(calls, CHANNELS.enrolSave)[0].payload, 'correct horse');
    assert.deepEqual(await trackStates(page).then((states) => states.filter((s) => s !== 'ended')), []);
    await stand.screenshot(page, 'enrol-6-saved');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('wizard: photos are analysed one by one and sent like camera frames; cancel reaches main', async () => {
    const { handlers, calls } = fakeEnrolment(3, { profileState: 'enrolled' });
    const { page } = await openPage('enrol/index.html', handlers, { viewport: { width: 900, height: 760 } });
    await page.waitForSelector('#mode-choice:not([hidden])');
    await page.fill('#appearance-label', 'glasses');
    const photos = ['me_1.jpg', 'me_2.jpg', 'me_3.jpg'].map((name) => join(SEED_FACES, 'faces/me', name));
    await page.setInputFiles('#photo-input', [...photos, join(SEED_FACES, 'faces_test/me_test.jpg')]);
    await until(() => callsOn(calls, CHANNELS.enrolAddFrame).length === 4, 'four photos sent', 30_000);
    assert.deepEqual(callsOn(calls, CHANNELS.enrolBegin)[0].payload, { mode: 'addAppearance', source: 'photos', label: 'glasses' });
    for (const call of callsOn(calls, CHANNELS.enrolAddFrame)) {
      const frame = call.payload as FrameReport;
      assert.ok(isFaceFrame(frame), 'every photo has a face');
      assert.equal(frame.face.faceCrop.length, FACE_CROP_BYTES);
      assert.ok(frame.frameHeightPx > frame.frameWidthPx, 'portrait photos stay portrait');
    }
    await page.waitForSelector('#photos-continue-button:not([disabled])');
    await stand.screenshot(page, 'enrol-photos');
    await page.click('#photos-continue-button');
    await until(async () => (await page.textContent('#heatmap-caption')) === '4 faces, 1 dropped as an outlier', 'the review');
    await page.click('#step-review .cancel-button');
    await until(() => callsOn(calls, CHANNELS.enrolCancel).length === 1, 'the cancel call');
    assert.equal(await visibleStep(page), 'cancelled');
    await page.close();
  });

  test('settings: main’s values, the weak keyring warning, changes go to main, test recognition never unlocks', async () => {
    let current: SettingsView = { ...SETTINGS, weakKeyring: true, profileState: 'enrolled', learnedUnlocks: 3 };
    const { handlers, calls } = recorded({
      ...fakeRefusedAttempts({ keeping: false, maxKept: 20, attempts: [], unreadableIds: [] }),
      [CHANNELS.settingsGet]: () => current,
      [CHANNELS.settingsUpdate]: (patch) => {
        if ((patch as Partial<SettingsView>).shortcut === 'Bad Key') throw new Error('settings.shortcut is not a valid shortcut');
        return (current = { ...current, ...(patch as Partial<SettingsView>) });
      },
      [CHANNELS.recognitionTest]: () => ({
        feedback: 'notRecognised', similarityCosine: 0.32, thresholdCosine: DEFAULT_THRESHOLD_COSINE, wouldUnlock: false, livenessScore: 0.98, livenessThreshold: PASSIVE_THRESHOLDS.standard.liveThreshold,
      }),
      [CHANNELS.enrolDeleteProfile]: () => ({ ok: false, message: 'Wrong password' }),
    });
    const { page, errors } = await openPage('settings/index.html', handlers, { viewport: { width: 900, height: 800 } });
    await page.waitForSelector('#keyring-warning:not([hidden])');
    assert.equal(
      (await page.textContent('#keyring-warning'))?.trim(),
      'Your system offers no keyring: the face profile is stored obfuscated, not encrypted.',
    );
    assert.equal(await page.inputValue('#idle-minutes'), '5');
    const limits = await page.$$eval('#shortcut, #current-password, #delete-password', (fields) => fields.map((field) => (field as HTMLInputElement).maxLength));
    assert.deepEqual(limits, [MAX_SHORTCUT_LENGTH, MAX_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH], 'the fields take what main accepts');
    // The profile's threshold is shown, read-only, with the rate of strangers it lets in.
    assert.equal(await page.textContent('#threshold'), DEFAULT_THRESHOLD_COSINE.toFixed(2));
    assert.match((await page.textContent('#threshold-note')) ?? '', /about 1 stranger in 83,000 would be let in per attempt/);
    assert.equal(await page.isHidden('#problem'), true);
    await page.check('input[name="liveness"][value="off"]');
    await page.waitForSelector('#liveness-off-warning:not([hidden])');
    await page.fill('#idle-minutes', '15');
    await page.press('#idle-minutes', 'Tab');
    await until(() => callsOn(calls, CHANNELS.settingsUpdate).length === 2, 'two updates');
    assert.deepEqual(
      callsOn(calls, CHANNELS.settingsUpdate).map((call) => call.payload),
      [{ livenessMode: 'off' }, { idleLockMinutes: 15 }],
    );

    await page.click('#test-button');
    await until(async () => (await page.textContent('.meter-verdict')) === 'Would not unlock: Not recognised', 'the test verdict');
    const test = callsOn(calls, CHANNELS.recognitionTest)[0].payload as FrameReport;
    assert.ok(isFaceFrame(test));
    await until(async () => (await page.textContent('#save-status')) === '', 'the “Saved” note to fade');
    await stand.screenshot(page, 'settings', true);
    await page.click('#test-button');
    await until(async () => (await trackStates(page)).every((state) => state === 'ended'), 'the camera to stop with the test');
    // Once the camera has been used its name is listed; choosing it goes to main.
    const cameras = await page.$$eval('#camera option', (options) => options.map((o) => [(o as HTMLOptionElement).value, o.textContent]));
    assert.equal(cameras[0][1], 'System default');
    assert.equal(cameras.length, 2, JSON.stringify(cameras));
    await page.selectOption('#camera', cameras[1][0]!);
    await until(() => callsOn(calls, CHANNELS.settingsUpdate).length === 3, 'the camera choice');
    assert.deepEqual(callsOn(calls, CHANNELS.settingsUpdate)[2].payload, { cameraDeviceId: cameras[1][0] });
    await page.fill('#idle-minutes', '-3');
    await page.press('#idle-minutes', 'Tab');
    await until(async () => (await page.inputValue('#idle-minutes')) === '15', 'the refused value to be put back');
    assert.equal(await page.textContent('#save-status'), 'Idle minutes: a whole number from 0 to 1440');
    assert.equal(callsOn(calls, CHANNELS.settingsUpdate).length, 3, 'the refused value never reached main');
    // A handler's rejection reaches the page as a rejected promise.
    await page.fill('#shortcut', 'Bad Key');
    await page.press('#shortcut', 'Tab');
    await until(async () => (await page.textContent('#save-status'))?.startsWith('Not saved: ') ?? false, 'the refusal');
    assert.equal(await page.textContent('#save-status'), 'Not saved: settings.shortcut is not a valid shortcut');
    assert.equal(await page.inputValue('#shortcut'), 'CommandOrControl+Alt+L');
    // A damaged profile is said at the top, and deleting it stays possible.
    current = { ...current, profileState: 'damaged', problem: 'The face profile file is not readable.' };
    await page.reload();
    await page.waitForSelector('#problem:not([hidden])');
    assert.equal(await page.textContent('#problem'), 'The face profile file is not readable.');
    assert.match((await page.textContent('#profile-status')) ?? '', /damaged: enrol again/);
    assert.equal(await page.isVisible('#profile-card'), true);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('settings: how many unlocks the face learned from, and “Forget what it learned” without a password', async () => {
    let current: SettingsView = { ...SETTINGS, profileState: 'enrolled', learnedUnlocks: 12 };
    const { handlers, calls } = recorded({
      [CHANNELS.settingsGet]: () => current,
      [CHANNELS.settingsForgetLearned]: () => (current = { ...current, learnedUnlocks: 0 }),
    });
    const { page, errors } = await openPage('settings/index.html', handlers, { viewport: { width: 900, height: 800 } });
    await page.waitForSelector('#learned-row:not([hidden])');
    assert.equal(await page.textContent('#learned-status'), 'Learned from 12 unlocks since it was enrolled.');
    await page.click('#forget-learned');
    await until(async () => (await page.textContent('#learned-status')) === 'Your face is as it was enrolled.', 'the count back to none');
    assert.equal(await page.isDisabled('#forget-learned'), true, 'nothing left to forget');
    assert.deepEqual(callsOn(calls, CHANNELS.settingsForgetLearned).map((call) => call.payload), [undefined], 'no password, no payload');
    assert.equal(await page.textContent('#save-status'), 'Your face is back to how it was enrolled');
    // Nothing enrolled: no line, no button.
    current = { ...SETTINGS, profileState: 'none' };
    await page.reload();
    await page.waitForSelector('#profile-status:not(:empty)');
    assert.equal(await page.isHidden('#learned-row'), true);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('settings: who tried while you were away — pictures, times and reasons; the switch; delete one and all, no password', async () => {
    const newestAtMs = Date.UTC(2024, 4, 2, 8, 15);
    const { handlers, calls } = recorded({
      [CHANNELS.settingsGet]: () => ({ ...SETTINGS, profileState: 'enrolled' }),
      ...fakeRefusedAttempts({
        keeping: false,
        maxKept: 20,
        attempts: [
          { id: 'a'.repeat(32), atMs: newestAtMs, reason: 'lookingLikePhoto', contextCrop: solidCrop([200, 30, 40]) },
          { id: 'b'.repeat(32), atMs: newestAtMs - 3_600_000, reason: 'notRecognised', contextCrop: solidCrop([20, 160, 90]) },
        ],
        unreadableIds: ['c'.repeat(32)],
      }),
    });
    const { page, errors } = await openPage('settings/index.html', handlers, { viewport: { width: 900, height: 800 } });
    await page.waitForSelector('#refused-list .refused-item');
    const rows = () => page.$$eval('#refused-list .refused-item', (items) => items.map((item) => ({ id: (item as HTMLElement).dataset.id, text: item.textContent })));
    const listed = await rows();
    assert.deepEqual(listed.map((row) => row.id), ['a'.repeat(32), 'b'.repeat(32), 'c'.repeat(32)], 'newest first, the unreadable one last');
    assert.match(listed[0].text ?? '', /The lock said: “This looks like a photo or a screen”/);
    assert.match(listed[1].text ?? '', /The lock said: “Not recognised”/);
    assert.match(listed[2].text ?? '', /could not be read/);
    const times = await page.$$eval('#refused-list time', (items) => items.map((item) => (item as HTMLTimeElement).dateTime));
    assert.deepEqual(times, [new Date(newestAtMs).toISOString(), new Date(newestAtMs - 3_600_000).toISOString()]);
    // The bytes became pictures, drawn into canvases: the centre pixel of each is the crop's colour.
    const centres = await page.$$eval('#refused-list canvas', (canvases) =>
      canvases.map((canvas) => [...(canvas as HTMLCanvasElement).getContext('2d')!.getImageData(64, 64, 1, 1).data]),
    );
    assert.deepEqual(centres, [[200, 30, 40, 255], [20, 160, 90, 255]]);
    assert.equal(await page.isChecked('#refused-keep'), false, 'off unless turned on');
    assert.match((await page.textContent('#refused-note')) ?? '', /the latest 20 are kept/);
    await stand.screenshot(page, 'settings-refused-attempts', true);

    await page.check('#refused-keep');
    await until(() => callsOn(calls, CHANNELS.refusedAttemptsSetKeeping).length === 1, 'the switch');
    assert.deepEqual(callsOn(calls, CHANNELS.refusedAttemptsSetKeeping).map((call) => call.payload), [true]);
    await page.click(`#refused-list [data-id="${'b'.repeat(32)}"] button`);
    await until(async () => (await rows()).length === 2, 'one deleted');
    assert.deepEqual(callsOn(calls, CHANNELS.refusedAttemptsDelete).map((call) => call.payload), ['b'.repeat(32)], 'the id alone: no password');
    await page.click('#refused-delete-all');
    await until(async () => (await rows()).length === 0, 'all deleted');
    assert.deepEqual(callsOn(calls, CHANNELS.refusedAttemptsDeleteAll).map((call) => call.payload), [undefined]);
    assert.equal(await page.isVisible('#refused-empty'), true);
    assert.equal(await page.isDisabled('#refused-delete-all'), true);
    assert.equal(await page.textContent('#refused-status'), 'All snapshots were deleted');
    for (const call of calls) assert.equal(call.context.frameUrl, stand.pageUrl('settings/index.html'));
    assert.deepEqual(errors, [], 'no CSP refusal, no page error');
    await page.close();
  });
});
