// The walk-away lock's hidden presence page in headless Chromium, through the real IPC
// handlers and the real core (models, an owner enrolled from photos no video shows): the fake
// camera plays the owner's clip (present) or an empty room (absent), one frame a second, and
// a camera refused stops the check without locking anything.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PresenceJudged } from '../main/core/presence-watch.ts';
import { walkAwayDue } from '../main/core/presence-watch.ts';
import { CHANNELS, type PresenceReport } from '../preload/api.ts';
import { realMainSuite, type RealMain } from './real-main.ts';
import { trackStates, uiStandMissing, until } from './ui-stand.ts';

describe('the presence page with the real main services', { skip: uiStandMissing({ seedPhotos: false }) }, () => {
  const suite = realMainSuite();

  /** An unlocked main with the owner enrolled and the walk-away lock on and watching, as the shell starts it. */
  async function watchingMain(): Promise<{ main: RealMain; judged: PresenceJudged[]; reports: PresenceReport[] }> {
    const main = await suite.start();
    await main.seedProfile(suite.seed);
    await main.core.updateSettings({ walkAwayLock: true, walkAwaySeconds: 10 });
    const judged: PresenceJudged[] = [];
    main.core.presence.onJudged((value) => judged.push(value));
    const reports: PresenceReport[] = [];
    const submit = main.handlers[CHANNELS.presenceSubmitFrame];
    main.handlers[CHANNELS.presenceSubmitFrame] = async (payload, context) => {
      reports.push(payload as PresenceReport);
      return submit(payload, context);
    };
    main.core.presence.start();
    return { main, judged, reports };
  }

  test('the owner’s clip is present: the owner is seen and nothing comes due, at about one frame a second', async () => {
    const { main, judged, reports } = await watchingMain();
    const { page, errors } = await main.openPage('presence/index.html', { camera: 'owner' });
    await until(() => judged.length >= 6, 'six judged presence frames', 30_000);
    assert.ok(judged.some((j) => j.ownerSeen), `the owner was seen (${judged.map((j) => j.ownerSeen).join(' ')})`);
    assert.ok(reports.every((r) => r.faces.length === Math.min(r.faceCount, 3)), 'each frame carries its largest faces');
    assert.ok(reports.some((r) => r.faceCount === 1), 'the clip shows one face');
    // Paced at one a second: 6 frames took ≥ 5 s (none refused by the 2-a-second door).
    assert.equal(main.core.presence.watching, true);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('an empty room is absent: the absence grows frame by frame and comes due once idle', async () => {
    const { main, judged } = await watchingMain();
    const { page, errors } = await main.openPage('presence/index.html', { camera: 'emptyScene' });
    await until(() => judged.length >= 4, 'four judged presence frames', 30_000);
    assert.ok(judged.every((j) => !j.ownerSeen), 'nobody is the owner');
    const absences = judged.map((j) => j.ownerAbsentMs ?? -1);
    assert.ok(absences.every((ms, i) => i === 0 || ms > absences[i - 1]), `the absence grows (${absences.join(', ')})`);
    const absentMs = main.core.presence.ownerAbsentMs();
    assert.ok(absentMs !== null && absentMs >= 3_000, `absent for ${absentMs} ms`);
    // The shell's decision on this evidence, with the 10 s setting: typing never locks.
    assert.equal(walkAwayDue({ ownerAbsentMs: 10_000, idleSeconds: 0, settings: main.core.settings }), false);
    assert.equal(walkAwayDue({ ownerAbsentMs: 10_000, idleSeconds: 10, settings: main.core.settings }), true);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('turned off, main stops watching and the page releases the camera', async () => {
    const { main, judged } = await watchingMain();
    const { page } = await main.openPage('presence/index.html', { camera: 'emptyScene' });
    await until(() => judged.length >= 1, 'a judged presence frame', 30_000);
    main.core.presence.stop();
    await until(async () => (await trackStates(page)).every((state) => state === 'ended'), 'the camera to be released', 10_000);
    await page.close();
  });

  test('a camera refused stops the check, says so in Settings, and locks nothing', async () => {
    const { main, judged } = await watchingMain();
    const { page } = await main.openPage('presence/index.html', { camera: 'owner', denyCamera: true });
    await until(() => main.core.presence.stoppedBy !== null, 'the camera problem to reach main', 20_000);
    assert.equal(main.core.presence.stoppedBy, 'denied');
    assert.equal(main.core.settingsView().walkAwayStopped, 'denied');
    assert.equal(main.core.presence.ownerAbsentMs(), null, 'no evidence: nothing can come due');
    assert.equal(main.core.lock.isLocked(), false);
    assert.equal(judged.length, 0);
    await page.close();
  });
});
