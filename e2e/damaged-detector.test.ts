// The lock page with a damaged detector model, in headless Chromium behind the real main:
// the bytes it fetches fail the manifest's sha256, so the page says so, main shows the
// problem, no frame is ever sent, and the password still unlocks.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { modelPath } from '../models/prepare.ts';
import { CAMERA_PROBLEM_SENTENCES } from '../renderer/shared/messages.ts';
import { realMainSuite, unlockWithPassword, untilText } from './real-main.ts';
import { uiStandMissing, until } from './ui-stand.ts';

describe('lock screen with a damaged detector model', { skip: uiStandMissing({ seedPhotos: false }) }, () => {
  const suite = realMainSuite();

  test('one flipped byte: the page and main name the problem, the lock stays shut, the password unlocks', async () => {
    const main = await suite.start();
    await main.seedProfile(suite.seed);
    main.core.lock.lock('user');
    const { page, errors } = await main.openPage('lock/index.html', { camera: 'owner' });
    const damaged = readFileSync(modelPath('detector'));
    damaged[damaged.length >> 1] ^= 0xff;
    await page.route('**/*.tflite', (route) => route.fulfill({ body: damaged, contentType: 'application/octet-stream' }));
    // The page may have loaded the intact model before the route was in place: load it again.
    await page.reload();

    await untilText(page, '#status', CAMERA_PROBLEM_SENTENCES.model);
    await until(() => main.core.lock.view().problem === 'The face detector file is damaged: use your password.', 'main to show the problem');
    assert.equal(await page.textContent('#problem'), 'The face detector file is damaged: use your password.');
    assert.equal(main.faceFrameCount, 0, 'no face frame reached main');
    assert.equal(main.core.lock.isLocked(), true);

    await unlockWithPassword(page, main);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
