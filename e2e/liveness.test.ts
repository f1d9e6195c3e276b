// Issue: a fake-camera video of a still photo of the enrolled person, moved and tilted,
// never unlocks in Strict mode and asks for the challenge in Standard mode; nor does a
// slideshow of the owner's photos that fakes the very turn the challenge asks for. The lock
// overlay in Chromium with the real main services and the real passive anti-spoofing
// model; the photo is shown two ways: as a print held up before a wall (its white border
// and the wall in view) and filling the whole frame (no edge in view).
//
// Standard is asserted on the print only. On the full-frame video the passive model scores
// every frame 0.99–1.0 live (a digitally re-rendered photo is no recapture of a print or a
// screen), so Standard skips the challenge and unlocks: Strict is the answer there. On the
// print the scores follow the synthetic sensor noise as much as the print (noise-free: 98 %
// of frames ≥ 0.9; the fixture's light noise: 57 %; heavy noise: median 0.001); Standard
// trusts a window of them only for a steady face whose pixels change from frame to frame,
// and the print is waved and tilted, so the challenge decides. The slideshow's photos score
// ≥ 0.99, but each is held still (the same pixels frame after frame) and the change of photo
// breaks the face's track. The diagnostics print the scores.
import assert from 'node:assert/strict';
import { describe, test, type TestContext } from 'node:test';
import type { ChallengeCause, FeedbackCode } from '../preload/api.ts';
import { FEEDBACK_SENTENCES, feedbackSentence } from '../renderer/shared/messages.ts';
import type { CameraScene } from './fake-camera.ts';
import { realMainSuite } from './real-main.ts';
import { uiStandMissing, until } from './ui-stand.ts';

const CHALLENGE_PROMPTS: readonly FeedbackCode[] = ['turnLeft', 'turnRight', 'nod'];
/** Every way a liveness attempt can end in refusal, each with its own sentence. */
const REFUSALS: readonly FeedbackCode[] = [
  'lookingLikePhoto', 'challengeWrongWay', 'challengeTooSlow', 'challengeNodTurned', 'challengeNodTooSlow',
  'challengeFaceChanged', 'challengeSecondFace', 'challengeLostFace',
];
/** 8 s of the fixtures' 10 frames a second, every one of which the overlay judges: longer than one loop (6 s) and than one challenge (6 s). */
const WATCH_FACE_FRAMES = 80;

describe('liveness: a moved and tilted photo of the owner', { skip: uiStandMissing({ seedPhotos: false }) }, () => {
  const suite = realMainSuite();

  /**
   * Locks in `mode` with the owner enrolled and plays `scene` for WATCH_FACE_FRAMES
   * judged frames (or until face unlock pauses after failed attempts): the overlay must
   * show a challenge prompt (held there for `screenshot`) and never unlock.
   */
  async function assertHolds(t: TestContext, mode: 'strict' | 'standard', scene: CameraScene, screenshot?: 'lock-challenge', random?: () => number): Promise<void> {
    const main = await suite.start({ passiveLiveness: true, random });
    await main.seedProfile(suite.seed);
    await main.core.updateSettings({ livenessMode: mode });
    main.core.lock.lock('user');
    const prompted = main.pauseAt((view) => CHALLENGE_PROMPTS.includes(view.feedback), 'a challenge prompt');
    const { page, errors } = await main.openPage('lock/index.html', { camera: scene });
    const release = await prompted;
    // Strict asks every time; Standard asks because the passive score suspected a photo, and says so.
    const cause: ChallengeCause = mode === 'strict' ? 'routine' : 'photoSuspected';
    const promptSentences = CHALLENGE_PROMPTS.map((code) => feedbackSentence(code, cause));
    await until(async () => promptSentences.includes((await page.textContent('#status')) ?? ''), 'the prompt on the overlay, with its cause');
    if (screenshot) await suite.stand.screenshot(page, screenshot);
    release();
    const watched = () => main.faceFrameCount >= WATCH_FACE_FRAMES || !main.core.lock.view().faceEnabled;
    await until(watched, `${WATCH_FACE_FRAMES} frames judged`, 60_000);
    t.diagnostic(`${main.faceFrameCount} frames; feedback: ${main.views.map((view) => view.feedback).join(' → ')}`);
    t.diagnostic(`passive scores main computed: ${main.passiveScores.map((score) => score.toFixed(3)).join(' ')}`);

    assert.ok(main.views.every((view) => view.phase !== 'unlocked'), 'the overlay never unlocked');
    // The refused attempt said why (the reason stays up while the next challenge waits).
    assert.ok(main.views.some((view) => REFUSALS.includes(view.feedback)), 'a refusal with its reason');
    assert.equal(main.core.lock.isLocked(), true);
    assert.notEqual(await page.textContent('#status'), FEEDBACK_SENTENCES.unlocked);
    assert.deepEqual(errors, []);
  }

  test('Strict: the print held up never unlocks, and the overlay asks for a head movement', (t) =>
    assertHolds(t, 'strict', 'ownerPrintMoved'));

  test('Strict: the photo filling the frame (no edge in view) never unlocks, and the overlay asks for a head movement', (t) =>
    assertHolds(t, 'strict', 'ownerPhotoMoved'));

  test('Standard: the print held up never unlocks, and the overlay asks for a head movement', (t) =>
    assertHolds(t, 'standard', 'ownerPrintMoved', 'lock-challenge'));

  test('Standard: a slideshow of the owner faking the very turn asked (left) never unlocks', (t) =>
    // random 0 draws "turn left": the slideshow's next picture is the owner turned left.
    assertHolds(t, 'standard', 'ownerSlideshowLeft', undefined, () => 0));
});
