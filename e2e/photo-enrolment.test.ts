// The wizard's photo step in headless Chromium with the real main services behind the bridge:
// ordinary portraits of the owner and the photos people also have (too small, turned, in a
// group, dark, blurred, the same one twice, not a picture at all), each answered with the
// gate's reason in a photo's words (preload/feedback.ts PHOTO_REFUSALS), then the review's
// similarity matrix of the kept photos. FACE_UNLOCK_UPDATE_SCREENSHOTS=1 rewrites enrol-photos.png.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import sharp from 'sharp';
import { PHOTO_REFUSALS } from '../preload/feedback.ts';
import { REQUIRED_ENROL_PHOTOS } from '../main/profile/enrolment.ts';
import { celebrityPhoto, OWNER } from './fake-camera.ts';
import { realMainSuite } from './real-main.ts';
import { uiStandMissing, until } from './ui-stand.ts';

const visibleStep = (page: import('playwright-core').Page) => page.getAttribute('section.step:not([hidden])', 'data-step');

describe('the wizard enrols from photos with the real main services', { skip: uiStandMissing({ seedPhotos: false }) }, () => {
  const suite = realMainSuite();
  const scratch = mkdtempSync(join(tmpdir(), 'face-unlock-photo-step-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  /** Photos made from the owner's for what no shared photo shows: dark, blurred, copied, unreadable. */
  async function madePhotos(): Promise<Record<'dark' | 'blurred' | 'again' | 'notAPicture', string>> {
    const sharpOne = celebrityPhoto(OWNER, 'train_14'); // 143 px wide, frontal, sharp
    const made = {
      dark: join(scratch, 'evening.jpg'),
      blurred: join(scratch, 'shaky.jpg'),
      again: join(scratch, 'train_14 copy.jpg'),
      notAPicture: join(scratch, 'notes.jpg'),
    };
    await sharp(sharpOne).linear(0.18, 0).jpeg({ quality: 92 }).toFile(made.dark);
    await sharp(sharpOne).blur(5).jpeg({ quality: 92 }).toFile(made.blurred);
    copyFileSync(sharpOne, made.again);
    writeFileSync(made.notAPicture, 'shopping: milk, bread\n');
    return made;
  }

  test('each photo is taken or says why not; the review shows the kept photos’ similarity matrix', async () => {
    const main = await suite.start();
    const made = await madePhotos();
    const { page, errors } = await main.openPage('enrol/index.html', { viewport: { width: 900, height: 760 } });
    const photos: [string, string][] = [
      [celebrityPhoto(OWNER, 'train_14'), 'Accepted'],
      [celebrityPhoto(OWNER, 'train_12'), PHOTO_REFUSALS.tooFar], // a 56 px face
      [celebrityPhoto(OWNER, 'train_10'), 'Accepted'],
      [celebrityPhoto(OWNER, 'train_16'), PHOTO_REFUSALS.severalFaces], // he walks beside someone
      [made.dark, PHOTO_REFUSALS.tooDark],
      [celebrityPhoto(OWNER, 'train_18'), PHOTO_REFUSALS.turnToCamera], // 29° to his left
      [celebrityPhoto(OWNER, 'train_3'), 'Accepted'],
      [made.blurred, PHOTO_REFUSALS.blurry],
      [celebrityPhoto(OWNER, 'train_15'), 'Accepted'], // a 100 px face: too small for the camera's gate, not for a photo
      [celebrityPhoto('madonna', 'train_16'), PHOTO_REFUSALS.noFace], // the detector finds no face in it
      [made.again, PHOTO_REFUSALS.moveSlightly],
      [celebrityPhoto(OWNER, 'train_20'), 'Accepted'],
      [made.notAPicture, PHOTO_REFUSALS.unreadable],
    ];
    await page.setInputFiles('#photo-input', photos.map(([path]) => path));
    await until(
      async () => (await page.$$eval('.photo-result', (items) => items.filter((item) => item.textContent !== 'Reading…').length)) === photos.length,
      'every photo answered',
      60_000,
    );
    const results = await page.$$eval('.photo-result', (items) => items.map((item) => item.textContent));
    assert.deepEqual(results, photos.map(([, said]) => said));
    const accepted = photos.filter(([, said]) => said === 'Accepted').length;
    assert.equal(accepted, REQUIRED_ENROL_PHOTOS);
    assert.equal(await page.textContent('#photo-summary'), `${accepted} faces accepted: enough to continue.`);
    assert.equal(main.core.enrolment?.session.capturedCount, accepted);
    await page.waitForSelector('#photos-continue-button:not([disabled])');
    // A refused photo is marked as such; a photo with a face shows it.
    assert.equal(await page.$$eval('.photo-result.error-text', (items) => items.length), photos.length - accepted);
    assert.ok((await page.$$('.photo-item canvas')).length >= photos.length - 2, 'the face of every photo with one is shown');
    await suite.stand.screenshot(page, 'enrol-photos');

    await page.click('#photos-continue-button');
    await until(async () => (await visibleStep(page)) === 'review', 'the review');
    await until(async () => ((await page.textContent('#heatmap-caption')) ?? '').startsWith(`${accepted} faces`), 'the caption');
    const heatmap = await page.$eval('#heatmap', (canvas) => {
      const c = canvas as HTMLCanvasElement;
      const pixels = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let painted = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) painted++;
      return { width: c.width, painted };
    });
    assert.ok(heatmap.width > 0 && heatmap.painted > heatmap.width * 10, 'the similarity matrix is drawn');
    assert.equal((await page.$$('#thumb-grid .thumb')).length, accepted);
    const review = main.core.enrolment!.session.review();
    assert.equal(review.count, accepted);
    assert.match((await page.textContent('#heatmap-caption')) ?? '', review.outlierIndices.length === 0 ? /none dropped/ : /dropped as/);
    assert.equal(await page.textContent('#recapture-button'), 'Start again');
    // Five kept, none dropped: the wizard goes on to the password.
    assert.equal(await page.textContent('#review-continue-button'), 'Continue');
    await page.click('#review-continue-button');
    await until(async () => (await visibleStep(page)) === 'password', 'the password step');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('a photo dropped as an outlier at the review asks for one more photo, and the next one completes it', async () => {
    const main = await suite.start();
    const { page, errors } = await main.openPage('enrol/index.html', { viewport: { width: 900, height: 760 } });
    // Four of the owner and one of someone else: the stranger is dropped as an outlier.
    const photos = ['train_14', 'train_10', 'train_3', 'train_20'].map((name) => celebrityPhoto(OWNER, name));
    await page.setInputFiles('#photo-input', [...photos, celebrityPhoto('mindy_kaling', 'train_22')]);
    await page.waitForSelector('#photos-continue-button:not([disabled])', { timeout: 60_000 });
    await page.click('#photos-continue-button');
    await until(async () => ((await page.textContent('#heatmap-caption')) ?? '').startsWith('5 faces, 1 dropped as an outlier'), 'the outlier dropped');
    assert.equal(await page.textContent('#review-continue-button'), 'Add more photos');
    await page.click('#review-continue-button');
    assert.equal(await visibleStep(page), 'photos');
    assert.equal(await page.isDisabled('#photos-continue-button'), true, 'one kept face short');
    assert.equal(await page.textContent('#photo-summary'), '5 of 6 faces accepted: add 1 more photo.');
    await page.setInputFiles('#photo-input', [celebrityPhoto(OWNER, 'train_8')]);
    await page.waitForSelector('#photos-continue-button:not([disabled])', { timeout: 30_000 });
    assert.equal(main.core.enrolment?.session.isComplete(), true);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
