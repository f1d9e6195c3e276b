import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FrameReport } from '../../preload/api.ts';
import { frameReport } from '../testing/frame-report.ts';
import { headTrack, photoTrack, seededRandom, type Move, type TrackFrame } from './challenge/synthetic-tracks.ts';
import type { LivenessCheck } from './face-verifier.ts';
import { LivenessGate, PASSIVE_CONFIRM_FRAMES, RETRY_WAIT_MS, type LivenessMode, type LivenessVerdict } from './liveness-gate.ts';

function passive(live: boolean | 'unsure'): LivenessCheck {
  return { liveThreshold: 0.9, judge: async () => ({ live, score: live === true ? 0.99 : live === false ? 0.001 : 0.5 }) };
}

/** The track frame as the renderer would report it; crop coordinates = frame coordinates here. */
function reportOf(frame: TrackFrame): FrameReport {
  const box = frame.boxInFrame;
  return frameReport({
    faceCount: frame.faceCount,
    face: { faceCrop: new Uint8Array(0), contextCrop: new Uint8Array(0), boxInCrop: box, boxInFrame: box, detectorScore: 0.9 },
    quality: { faceWidthPx: box.width, yawDegrees: 0, sharpnessLaplacianVar: 100 },
  });
}

function gate(mode: LivenessMode, check: LivenessCheck | null) {
  let nowMs = 0;
  const instance = new LivenessGate({ mode: () => mode, passive: check, nowMs: () => nowMs, random: seededRandom(3) });
  const feed = async (frame: TrackFrame, matched = true): Promise<LivenessVerdict> => {
    nowMs = frame.timeMs;
    return instance.judge(reportOf(frame), frame.points68, { matched, stillOwner: matched });
  };
  return { instance, feed, setNow: (ms: number) => (nowMs = ms) };
}

const still = headTrack({ moves: [], random: seededRandom(1) })[0];

test('off: every matched face is live; standard: the passive verdict decides when it is sure', async () => {
  assert.deepEqual(await gate('off', passive(false)).feed(still), { live: true });
  assert.deepEqual(await gate('standard', passive(false)).feed(still), { live: false, reason: 'passiveSpoof' });
  const confident = gate('standard', passive(true));
  const verdicts = [];
  for (let i = 0; i < PASSIVE_CONFIRM_FRAMES; i++) verdicts.push(await confident.feed({ ...still, timeMs: i * 100 }));
  assert.deepEqual(verdicts.map((v) => v.live), [...Array(PASSIVE_CONFIRM_FRAMES - 1).fill('checking'), true]);
});

test('standard: one unsure frame among confident ones calls the challenge', async () => {
  let live: boolean | 'unsure' = true;
  const flaky: LivenessCheck = { liveThreshold: 0.9, judge: async () => ({ live, score: live === true ? 0.95 : 0.5 }) };
  const { feed } = gate('standard', flaky);
  assert.equal((await feed(still)).live, 'checking');
  live = 'unsure';
  assert.equal((await feed({ ...still, timeMs: 100 })).live, 'pending');
  live = true;
  // The challenge, once asked, must be done: confident frames do not cancel it.
  assert.equal((await feed({ ...still, timeMs: 200 })).live, 'pending');
});

test('standard and unsure, or strict: a real head doing the asked moves passes, then stays live', async () => {
  for (const [mode, check] of [['standard', passive('unsure')], ['strict', passive(true)], ['standard', null]] as const) {
    const { feed } = gate(mode, check);
    const first = await feed(still);
    assert.equal(first.live, 'pending', `${mode}: a challenge is asked`);
    const prompts: Move[] = [];
    let verdict: LivenessVerdict = first;
    // Perform the prompted moves one by one, as the user would, continuing the clock.
    let offsetMs = still.timeMs + 100;
    while (verdict.live === 'pending' && prompts.length < 3) {
      const move = verdict.prompt;
      prompts.push(move);
      for (const frame of headTrack({ moves: [move], random: seededRandom(prompts.length + 10) })) {
        verdict = await feed({ ...frame, timeMs: frame.timeMs + offsetMs });
        if (verdict.live !== 'pending' || verdict.prompt !== move) break;
      }
      offsetMs += 2000;
    }
    assert.deepEqual(verdict, { live: true }, `${mode} after ${prompts.join(', ')}`);
    assert.equal(prompts.length, mode === 'strict' ? 2 : 1);
    assert.deepEqual(await feed({ ...still, timeMs: offsetMs }), { live: true }, 'the proven face stays live');
  }
});

test('strict: a photo tilted to fake the moves never passes', async () => {
  const { feed } = gate('strict', passive(true));
  let verdict = await feed(still);
  const seen: LivenessVerdict[] = [verdict];
  for (let attempt = 0; attempt < 3 && verdict.live !== false; attempt++) {
    if (verdict.live !== 'pending') break;
    for (const frame of photoTrack({ moves: [verdict.prompt], random: seededRandom(attempt + 20) })) {
      verdict = await feed({ ...frame, timeMs: frame.timeMs + 100 + attempt * 3000 });
      seen.push(verdict);
      if (verdict.live !== 'pending') break;
    }
  }
  assert.ok(seen.every((v) => v.live !== true), 'never live');
  assert.equal(verdict.live, false);
});

test('standard: after an unsure frame the passive score is not trusted again until the lock opens', async () => {
  let live: boolean | 'unsure' = 'unsure';
  const flaky: LivenessCheck = { liveThreshold: 0.9, judge: async () => ({ live, score: live === true ? 0.99 : 0.5 }) };
  const { instance, feed } = gate('standard', flaky);
  assert.equal((await feed(still)).live, 'pending');
  // The challenge fails (the face stops matching), then the passive score looks perfect.
  await feed({ ...still, timeMs: 100 }, false);
  live = true;
  const after = [];
  for (let i = 0; i < 2 * PASSIVE_CONFIRM_FRAMES; i++) after.push((await feed({ ...still, timeMs: 100 + RETRY_WAIT_MS + i * 100 })).live);
  assert.ok(after.every((verdict) => verdict === 'pending'), `still challenged: ${after}`);
  instance.reset();
  assert.equal((await feed({ ...still, timeMs: 5000 })).live, 'checking', 'a new lock trusts the passive score again');
});

test('mid-challenge a turned owner may score a little under the threshold, a stranger may not', async () => {
  let nowMs = 0;
  const instance = new LivenessGate({ mode: () => 'strict', passive: passive(true), nowMs: () => nowMs, random: seededRandom(3) });
  const judge = (timeMs: number, match: { matched: boolean; stillOwner: boolean }) => {
    nowMs = timeMs;
    return instance.judge(reportOf({ ...still, timeMs }), still.points68, match);
  };
  assert.equal((await judge(0, { matched: true, stillOwner: true })).live, 'pending');
  assert.equal((await judge(100, { matched: false, stillOwner: true })).live, 'pending', 'slightly under: still the owner');
  assert.deepEqual(await judge(200, { matched: false, stillOwner: false }), { live: false, reason: 'faceChanged' });
  // Without a challenge running, "still the owner" is not enough to start one.
  assert.deepEqual(await judge(300, { matched: false, stillOwner: true }), { live: false, reason: 'faceChanged' });
});

test('a face that stops matching mid-challenge ends it', async () => {
  const { feed } = gate('strict', passive(true));
  assert.equal((await feed(still)).live, 'pending');
  assert.deepEqual(await feed({ ...still, timeMs: 200 }, false), { live: false, reason: 'faceChanged' });
  // The owner's next frames show why, for RETRY_WAIT_MS; then a fresh challenge starts.
  assert.deepEqual(await feed({ ...still, timeMs: 300 }), { live: 'retryWait', reason: 'faceChanged' });
  assert.equal((await feed({ ...still, timeMs: 200 + RETRY_WAIT_MS })).live, 'pending');
});

test('the prompt says why it is asked: a suspected photo in Standard, routine in Strict or without a passive model', async () => {
  const cause = async (mode: LivenessMode, check: LivenessCheck | null) => {
    const verdict = await gate(mode, check).feed(still);
    return verdict.live === 'pending' ? verdict.cause : verdict.live;
  };
  assert.equal(await cause('standard', passive('unsure')), 'photoSuspected');
  assert.equal(await cause('strict', passive(true)), 'routine');
  assert.equal(await cause('standard', null), 'routine');
});

test('a passive spoof is a failure, then the retry wait; a second face or a lost face mid-challenge fails it', async () => {
  const spoof = gate('standard', passive(false));
  assert.deepEqual(await spoof.feed(still), { live: false, reason: 'passiveSpoof' });
  assert.deepEqual(await spoof.feed({ ...still, timeMs: RETRY_WAIT_MS - 1 }), { live: 'retryWait', reason: 'passiveSpoof' });
  assert.deepEqual(await spoof.feed({ ...still, timeMs: RETRY_WAIT_MS }), { live: false, reason: 'passiveSpoof' });

  const { instance, feed, setNow } = gate('strict', passive(true));
  assert.equal(instance.judgeWithoutFace({ ...reportOf(still), faceCount: 2 }), null, 'no challenge, nothing to judge');
  assert.equal((await feed(still)).live, 'pending');
  assert.equal(instance.challengeInProgress, true);
  setNow(100);
  assert.deepEqual(instance.judgeWithoutFace({ ...reportOf(still), faceCount: 2 }), { live: false, reason: 'secondFace' });
  assert.equal(instance.challengeInProgress, false);

  assert.equal((await feed({ ...still, timeMs: 100 + RETRY_WAIT_MS })).live, 'pending');
  const empty = { frameWidthPx: 640, frameHeightPx: 480, faceCount: 0 };
  setNow(300 + RETRY_WAIT_MS);
  assert.equal(instance.judgeWithoutFace(empty)?.live, 'pending', 'a moment without the face is tolerated');
  setNow(800 + RETRY_WAIT_MS);
  assert.deepEqual(instance.judgeWithoutFace(empty), { live: false, reason: 'lostFace' });
});
