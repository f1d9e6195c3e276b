import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONTEXT_CROP_BYTES, type FrameReport, type LivenessMode } from '../../../preload/api.ts';
import { frameReport } from '../../../test-support/frame-report.ts';
import { headTrack, photoTrack, seededRandom, slideshowTrack, type Move, type TrackFrame } from '../../../test-support/synthetic-tracks.ts';
import { estimateHeadPose } from '../pipeline/head-pose.ts';
import { LivenessGate, PASSIVE_EARLY_MIN_MS, PASSIVE_EARLY_TRAVEL, PASSIVE_STEADY_TRAVEL, PASSIVE_WINDOW_FRAMES, PASSIVE_WINDOW_MIN_MS, RETRY_WAIT_MS } from './liveness-gate.ts';
import { PassiveLivenessCheck, type LivenessCheck } from '../models/passive-liveness.ts';
import { l2Normalize } from '../math/vectors.ts';
import type { LivenessVerdict } from '../outcomes.ts';

/** The product's passive judge (its thresholds, its window) on scores the test chooses. */
function passive(score: number | (() => number)): LivenessCheck {
  return new PassiveLivenessCheck({ score: async () => (typeof score === 'number' ? score : score()) });
}
const LIVE = 0.99;
const UNSURE = 0.3;
const SCREEN = 0.0005;

/** A scene: face and background colours, with camera noise that changes every frame unless frozen. */
function sceneCrop(frameIndex: number, { frozen = false, tint = 0 } = {}): Uint8Array {
  const random = seededRandom(frozen ? 1 : frameIndex + 2);
  const crop = new Uint8Array(CONTEXT_CROP_BYTES);
  for (let i = 0; i < crop.length; i += 3) {
    const base = i < crop.length / 2 ? [170 + tint, 130, 110] : [70, 80 + tint, 90];
    for (let c = 0; c < 3; c++) crop[i + c] = base[c] + Math.floor(random() * 5);
  }
  return crop;
}

const OWNER_EMBEDDING = l2Normalize([1, 0.2, 0, 0]);

interface Presented {
  frozen?: boolean;
  tint?: number;
  embedding?: Float32Array;
}

/** The track frame as the renderer would report it; crop coordinates = frame coordinates here. */
function reportOf(frame: TrackFrame, presented: Presented = {}): FrameReport {
  const box = frame.boxInFrame;
  return frameReport({
    faceCount: frame.faceCount,
    face: { faceCrop: new Uint8Array(0), contextCrop: sceneCrop(Math.round(frame.timeMs), presented), boxInCrop: box, boxInFrame: box, detectorScore: 0.9 },
    quality: { faceWidthPx: box.width, sharpnessLaplacianVar: 100 },
  });
}

function gate(mode: LivenessMode, check: LivenessCheck | null, random = seededRandom(3)) {
  let nowMs = 0;
  const instance = new LivenessGate({ mode: () => mode, passive: check, nowMs: () => nowMs, random });
  const feed = async (frame: TrackFrame, matched = true, presented: Presented = {}): Promise<LivenessVerdict> => {
    nowMs = frame.timeMs;
    const evidence = { points68Crop: frame.points68, pose: estimateHeadPose(frame.points68), embedding: presented.embedding ?? OWNER_EMBEDDING };
    return instance.judge(reportOf(frame, presented), evidence, { matched, stillOwner: matched });
  };
  return { instance, feed, setNow: (ms: number) => (nowMs = ms) };
}

const still = headTrack({ moves: [], random: seededRandom(1) })[0];
const at = (timeMs: number): TrackFrame => ({ ...still, timeMs });
const FRAME_MS = 125;

/** Feeds `count` frames of the still face from `fromMs`, every FRAME_MS; the verdicts. */
async function feedStill(feed: ReturnType<typeof gate>['feed'], count: number, fromMs = 0, presented: Presented = {}): Promise<LivenessVerdict[]> {
  const verdicts: LivenessVerdict[] = [];
  for (let i = 0; i < count; i++) verdicts.push(await feed(at(fromMs + i * FRAME_MS), true, presented));
  return verdicts;
}

/** Performs the prompted moves with a real head, as the user would, from `fromMs`; the last verdict and the prompts. */
async function obey(feed: ReturnType<typeof gate>['feed'], first: LivenessVerdict, fromMs: number): Promise<{ verdict: LivenessVerdict; prompts: Move[] }> {
  const prompts: Move[] = [];
  let verdict = first;
  let nextMs = fromMs;
  while (verdict.live === 'pending' && prompts.length < 3) {
    const move = verdict.prompt;
    prompts.push(move);
    const offsetMs = nextMs;
    for (const frame of headTrack({ moves: [move], random: seededRandom(prompts.length + 10), fps: 8 })) {
      nextMs = frame.timeMs + offsetMs + FRAME_MS;
      verdict = await feed({ ...frame, timeMs: frame.timeMs + offsetMs });
      if (verdict.live !== 'pending' || verdict.prompt !== move) break;
    }
  }
  return { verdict, prompts };
}

test('off: every matched face is live', async () => {
  assert.deepEqual(await gate('off', passive(SCREEN)).feed(still), { live: true });
});

test('standard: a steady, living face whose window of passive scores is confidently live unlocks without a challenge', async () => {
  const { feed } = gate('standard', passive(LIVE));
  const verdicts = (await feedStill(feed, PASSIVE_WINDOW_FRAMES)).map((v) => v.live);
  assert.deepEqual(verdicts, [...Array(PASSIVE_WINDOW_FRAMES - 1).fill('checking'), true]);
  assert.deepEqual(await feed(at(PASSIVE_WINDOW_FRAMES * FRAME_MS)), { live: true }, 'the proven track stays live');
});

const WEBCAM_FRAME_MS = 1000 / 30;

/** Frames (from 0) until one spans `spanMs` since the first, at least PASSIVE_WINDOW_FRAMES. */
function framesSpanning(spanMs: number, frameMs = WEBCAM_FRAME_MS): number {
  let frames = PASSIVE_WINDOW_FRAMES;
  while ((frames - 1) * frameMs < spanMs) frames++;
  return frames;
}

/** Feeds webcam-paced frames of the still face (box shifted by `shiftPx(i)`) until a verdict other than 'checking', or `max`; the verdicts. */
async function feedWebcam(feed: ReturnType<typeof gate>['feed'], { fromMs = 0, max = 40, shiftPx = (_i: number): number => 0 } = {}): Promise<LivenessVerdict['live'][]> {
  const verdicts: LivenessVerdict['live'][] = [];
  for (let i = 0; i < max && (verdicts.length === 0 || verdicts.at(-1) === 'checking'); i++) {
    const frame = at(fromMs + i * WEBCAM_FRAME_MS);
    verdicts.push((await feed({ ...frame, boxInFrame: { ...frame.boxInFrame, x: frame.boxInFrame.x + shiftPx(i) } })).live);
  }
  return verdicts;
}

test('standard: frames that come fast fill the window in time, not in count; every one confidently live decides on the early look', async () => {
  const { feed } = gate('standard', passive(LIVE));
  const frames = framesSpanning(PASSIVE_EARLY_MIN_MS);
  assert.ok(frames > PASSIVE_WINDOW_FRAMES);
  assert.deepEqual(await feedWebcam(feed), [...Array(frames - 1).fill('checking'), true]);
});

test('standard: one frame under the live threshold in the early look, and the full window decides on its median', async () => {
  let i = 0;
  const { feed } = gate('standard', passive(() => (i++ === 2 ? 0.6 : LIVE)));
  assert.deepEqual(await feedWebcam(feed), [...Array(framesSpanning(PASSIVE_WINDOW_MIN_MS) - 1).fill('checking'), true]);
});

test('standard: a face drifting faster than the early look allows (yet steady enough for the full window) waits for the full window', async () => {
  const { feed } = gate('standard', passive(LIVE));
  const width = still.boxInFrame.width;
  // Over the early look's span it drifts 1.5× its limit, over the full window 0.9× the full limit.
  const fullFrames = framesSpanning(PASSIVE_WINDOW_MIN_MS);
  const driftPx = (i: number) => Math.min(1.5 * PASSIVE_EARLY_TRAVEL * width * (i * WEBCAM_FRAME_MS) / PASSIVE_EARLY_MIN_MS, 0.9 * PASSIVE_STEADY_TRAVEL * width);
  assert.ok(driftPx(framesSpanning(PASSIVE_EARLY_MIN_MS) - 1) > PASSIVE_EARLY_TRAVEL * width, 'the early look sees more drift than it allows');
  assert.deepEqual(await feedWebcam(feed, { shiftPx: driftPx }), [...Array(fullFrames - 1).fill('checking'), true]);
});

test('standard: one early look per lock: after one that failed, a new track waits for the full window, until the lock opens', async () => {
  const { instance, feed } = gate('standard', passive(LIVE));
  let i = 0;
  const dipped = gate('standard', passive(() => (i++ === 1 ? UNSURE : LIVE)));
  // The early look sees a dip; the face leaves before the full window (the track ends), then comes back.
  const early = framesSpanning(PASSIVE_EARLY_MIN_MS);
  for (let f = 0; f < early; f++) assert.equal((await dipped.feed(at(f * WEBCAM_FRAME_MS))).live, 'checking');
  await dipped.feed(at(early * WEBCAM_FRAME_MS), false);
  const back = await feedWebcam(dipped.feed, { fromMs: 1000 });
  assert.deepEqual(back, [...Array(framesSpanning(PASSIVE_WINDOW_MIN_MS) - 1).fill('checking'), true], 'no second early look');
  // A gate that took no look yet decides early; reset() gives the next lock its look again.
  assert.equal((await feedWebcam(feed)).length, early);
  instance.reset();
  assert.equal((await feedWebcam(feed, { fromMs: 5000 })).length, early);
});

test('standard: the median decides, so single dips do not call the challenge', async () => {
  const scores = [0.82, 0.63, 0.92, 0.95, 0.53, 0.95]; // short_live's first frames, roughly
  let i = 0;
  const { feed } = gate('standard', passive(() => scores[i++ % scores.length]));
  assert.equal((await feedStill(feed, PASSIVE_WINDOW_FRAMES)).at(-1)!.live, true);
});

test('standard: a still picture fed in as the camera (the same pixels every frame) gets the challenge, however live it scores', async () => {
  const { feed } = gate('standard', passive(LIVE));
  const last = (await feedStill(feed, PASSIVE_WINDOW_FRAMES, 0, { frozen: true })).at(-1)!;
  assert.deepEqual(last.live === 'pending' && last.cause, 'photoSuspected');
});

test('standard: a face moving a lot during the window gets the challenge, which can measure its depth', async () => {
  const { feed } = gate('standard', passive(LIVE));
  const verdicts: LivenessVerdict[] = [];
  for (const frame of headTrack({ moves: ['turnLeft'], random: seededRandom(4), fps: 8 }).slice(0, PASSIVE_WINDOW_FRAMES)) verdicts.push(await feed(frame));
  assert.equal(verdicts.at(-1)!.live, 'pending');
});

test('standard and unsure, or strict: a real head doing the asked moves passes, then stays live', async () => {
  for (const [mode, check] of [['standard', passive(UNSURE)], ['strict', passive(LIVE)], ['standard', null]] as const) {
    const { feed } = gate(mode, check);
    const windowFrames = mode === 'standard' && check ? PASSIVE_WINDOW_FRAMES : 1;
    const first = (await feedStill(feed, windowFrames)).at(-1)!;
    assert.equal(first.live, 'pending', `${mode}: a challenge is asked`);
    const { verdict, prompts } = await obey(feed, first, windowFrames * FRAME_MS);
    assert.deepEqual(verdict, { live: true }, `${mode} after ${prompts.join(', ')}`);
    assert.equal(prompts.length, mode === 'strict' ? 2 : 1);
  }
});

test('a replayed video that happens to do the asked move is still refused when its frames score as a screen', async () => {
  const { feed } = gate('strict', passive(SCREEN));
  const first = await feed(still);
  const { verdict } = await obey(feed, first, FRAME_MS);
  assert.deepEqual(verdict, { live: false, reason: 'passiveSpoof' });
});

test('standard: a window whose median scores as a screen is refused at once, then the retry wait', async () => {
  const { feed } = gate('standard', passive(SCREEN));
  const verdicts = await feedStill(feed, PASSIVE_WINDOW_FRAMES);
  assert.deepEqual(verdicts.at(-1), { live: false, reason: 'passiveSpoof' });
  const failedMs = (PASSIVE_WINDOW_FRAMES - 1) * FRAME_MS;
  assert.deepEqual(await feed(at(failedMs + RETRY_WAIT_MS - 1)), { live: 'retryWait', reason: 'passiveSpoof' });
  // Distrusted since: the next attempt is the challenge at once.
  assert.equal((await feed(at(failedMs + RETRY_WAIT_MS))).live, 'pending');
});

test('strict: a photo tilted to fake the moves never passes', async () => {
  const { feed } = gate('strict', passive(LIVE));
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

test('standard: a slideshow of the owner faking the asked turn never passes: each photo change breaks the track', async () => {
  // random 0 asks "turn left"; the slideshow shows the owner frontal, turned left, frontal: other photos, other scenes.
  const { feed } = gate('standard', passive(LIVE), () => 0);
  const frames = slideshowTrack({ move: 'turnLeft', random: seededRandom(5), holdMs: 1500 });
  const verdicts: LivenessVerdict[] = [];
  for (const frame of frames) {
    const photo = Math.floor(frame.timeMs / 1500);
    verdicts.push(await feed(frame, true, { frozen: true, tint: 40 * photo, embedding: l2Normalize([1, 0.2 + 0.6 * photo, 0.3 * photo, 0]) }));
  }
  assert.ok(verdicts.every((v) => v.live !== true), 'never live');
  assert.ok(verdicts.some((v) => v.live === 'pending' && v.prompt === 'turnLeft'), 'asked to turn left');
  assert.ok(verdicts.some((v) => v.live === false && v.reason === 'faceChanged' && v.step === 'turnLeft'), 'the change of photo fails it');
});

test('a cut to another scene mid-challenge fails it, naming the move asked', async () => {
  const { feed } = gate('strict', passive(LIVE), () => 0.9);
  assert.deepEqual(await feed(still), { live: 'pending', prompt: 'nod', cause: 'routine' });
  assert.deepEqual(await feed(at(FRAME_MS), true, { tint: 60 }), { live: false, reason: 'faceChanged', step: 'nod' });
});

test('standard: after a challenge the passive score is not trusted again until the lock opens', async () => {
  let score = UNSURE;
  const { instance, feed } = gate('standard', passive(() => score));
  assert.equal((await feedStill(feed, PASSIVE_WINDOW_FRAMES)).at(-1)!.live, 'pending');
  // The challenge fails (the face stops matching), then the passive score looks perfect.
  await feed(at(PASSIVE_WINDOW_FRAMES * FRAME_MS), false);
  score = LIVE;
  const after = await feedStill(feed, 2 * PASSIVE_WINDOW_FRAMES, PASSIVE_WINDOW_FRAMES * FRAME_MS + RETRY_WAIT_MS);
  assert.ok(after.every((verdict) => verdict.live === 'pending'), `still challenged: ${after.map((v) => v.live)}`);
  instance.reset();
  assert.equal((await feed(at(10_000))).live, 'checking', 'a new lock trusts the passive window again');
});

test('mid-challenge a turned owner may score a little under the threshold, a stranger may not', async () => {
  let nowMs = 0;
  const instance = new LivenessGate({ mode: () => 'strict', passive: passive(LIVE), nowMs: () => nowMs, random: seededRandom(3) });
  const judge = (timeMs: number, match: { matched: boolean; stillOwner: boolean }) => {
    nowMs = timeMs;
    return instance.judge(reportOf(at(timeMs)), { points68Crop: still.points68, pose: estimateHeadPose(still.points68), embedding: OWNER_EMBEDDING }, match);
  };
  assert.equal((await judge(0, { matched: true, stillOwner: true })).live, 'pending');
  assert.equal((await judge(100, { matched: false, stillOwner: true })).live, 'pending', 'slightly under: still the owner');
  const failed = await judge(200, { matched: false, stillOwner: false });
  assert.deepEqual(failed.live === false && failed.reason, 'faceChanged');
  // Without a challenge running, "still the owner" is not enough to start one.
  assert.deepEqual(await judge(300, { matched: false, stillOwner: true }), { live: false, reason: 'faceChanged' });
});

test('a face turned too far to measure keeps the prompt; a second face or a lost face mid-challenge fails it', async () => {
  const { instance, feed, setNow } = gate('strict', passive(LIVE));
  assert.equal(instance.judgeUnmeasurable(), null, 'no challenge, nothing to keep');
  assert.equal(instance.judgeWithoutFace({ ...reportOf(still), faceCount: 2 }), null, 'no challenge, nothing to judge');
  const first = await feed(still);
  assert.equal(first.live, 'pending');
  setNow(100);
  assert.deepEqual(instance.judgeUnmeasurable(), first);
  setNow(167);
  assert.equal(instance.judgeWithoutFace({ ...reportOf(still), faceCount: 2 })?.live, 'pending', 'one frame of two faces is noise');
  setNow(200);
  const second = instance.judgeWithoutFace({ ...reportOf(still), faceCount: 2 });
  assert.deepEqual(second?.live === false && second.reason, 'secondFace');
  assert.equal(instance.challengeInProgress, false);
  assert.deepEqual((await feed(at(300))).live, 'retryWait');

  assert.equal((await feed(at(200 + RETRY_WAIT_MS))).live, 'pending');
  const empty = { frameWidthPx: 640, frameHeightPx: 480, faceCount: 0 };
  setNow(400 + RETRY_WAIT_MS);
  assert.equal(instance.judgeWithoutFace(empty)?.live, 'pending', 'a moment without the face is tolerated');
  setNow(900 + RETRY_WAIT_MS);
  const lost = instance.judgeWithoutFace(empty);
  assert.deepEqual(lost?.live === false && lost.reason, 'lostFace');
});
