import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_FRAMES_PER_SECOND } from '../../preload/api.ts';
import type { FrameAnalyser, FrameAnalysis } from './frame-analyser.ts';
import { DEFAULT_FRAMES_PER_SECOND, FrameLoop, IDLE_AFTER_MS, IDLE_FRAMES_PER_SECOND, frameIntervalMs } from './frame-loop.ts';

// Node has no media elements: the one constant the loop reads.
(globalThis as { HTMLMediaElement?: unknown }).HTMLMediaElement ??= { HAVE_CURRENT_DATA: 2 };

test('the default rate is a webcam’s: the pipeline, not a timer, sets the pace', () => {
  assert.equal(DEFAULT_FRAMES_PER_SECOND, MAX_FRAMES_PER_SECOND);
  assert.equal(frameIntervalMs(), 1000 / 30);
});

test('the rate never exceeds what main accepts, nor drops below one a second', () => {
  assert.equal(frameIntervalMs(60), 1000 / MAX_FRAMES_PER_SECOND);
  assert.equal(frameIntervalMs(Number.POSITIVE_INFINITY), 1000 / MAX_FRAMES_PER_SECOND);
  assert.equal(frameIntervalMs(0), 1000);
  assert.equal(frameIntervalMs(Number.NaN), 1000 / MAX_FRAMES_PER_SECOND);
  assert.equal(frameIntervalMs(4), 250);
});

/**
 * A camera whose frames the test presents, an analyser that numbers them, and a main that answers
 * when told. `playing`: the camera plays already when the loop starts (else its first frame comes later).
 */
function stand({ face = true, playing = true } = {}) {
  let nowMs = 1000;
  let nextId = 1;
  const callbacks = new Map<number, () => void>();
  const video = {
    readyState: playing ? 4 : 0,
    videoWidth: 640,
    videoHeight: 480,
    requestVideoFrameCallback: (callback: () => void) => (callbacks.set(nextId, callback), nextId++),
    cancelVideoFrameCallback: (id: number) => void callbacks.delete(id),
  };
  let analysed = 0;
  const state = { face };
  const analyser = {
    analyse: () => {
      analysed++;
      return { report: { frameWidthPx: 640, frameHeightPx: 480, faceCount: state.face ? 1 : 0 }, faces: state.face ? [{}] : [], timingsMs: { detect: 0, crop: 0 }, frame: analysed };
    },
  } as unknown as FrameAnalyser;
  const handed: number[] = [];
  const answers: (() => void)[] = [];
  const loop = new FrameLoop({
    video: video as unknown as HTMLVideoElement,
    analyser,
    nowMs: () => nowMs,
    onFrame: (analysis: FrameAnalysis) => {
      handed.push((analysis as FrameAnalysis & { frame: number }).frame);
      return new Promise<void>((resolve) => answers.push(resolve));
    },
  });
  return {
    loop,
    start: () => {
      loop.start();
      video.readyState = 4;
    },
    state,
    handed,
    video,
    analysed: () => analysed,
    /** The camera presents its next frame 1000/30 ms later. */
    present: () => {
      nowMs += 1000 / 30;
      const pending = [...callbacks.values()];
      callbacks.clear();
      for (const callback of pending) callback();
    },
    /** Main answers the frame it holds. */
    answer: async () => {
      answers.shift()?.();
      for (let i = 0; i < 3; i++) await Promise.resolve();
    },
    advance: (ms: number) => (nowMs += ms),
  };
}

test('the next frame is analysed while main judges one, and handed over the moment main answers', async () => {
  const s = stand({ playing: false });
  s.start();
  s.present();
  assert.deepEqual([s.analysed(), s.handed], [1, [1]], 'the first frame goes to main');
  s.present();
  assert.deepEqual([s.analysed(), s.handed], [2, [1]], 'the second is analysed meanwhile, and waits');
  s.present();
  s.present();
  assert.equal(s.analysed(), 2, 'camera frames that come while one waits are dropped, not queued');
  await s.answer();
  assert.deepEqual(s.handed, [1, 2], 'the waiting frame goes as soon as main answers, before any new camera frame');
  s.present();
  assert.deepEqual([s.analysed(), s.handed], [3, [1, 2]], 'and the next is analysed while main judges it');
  s.loop.stop();
  await s.answer();
  s.present();
  assert.deepEqual([s.analysed(), s.handed], [3, [1, 2]], 'after stop nothing is analysed or handed');
});

test('a camera already playing has its current frame judged at once', async () => {
  const s = stand();
  s.start();
  await new Promise((resolve) => setTimeout(resolve, 5));
  assert.deepEqual(s.handed, [1]);
});

test('with nobody in view the loop slows to the idle rate, and a face brings the full rate back', async () => {
  const s = stand({ face: false, playing: false });
  s.start();
  const analysedOver = async (ms: number) => {
    const before = s.analysed();
    for (let elapsed = 0; elapsed < ms; elapsed += 1000 / 30) {
      s.present();
      await s.answer();
    }
    return s.analysed() - before;
  };
  assert.ok((await analysedOver(IDLE_AFTER_MS - 100)) >= 50, 'full rate at first');
  const idle = await analysedOver(1000);
  assert.ok(idle <= IDLE_FRAMES_PER_SECOND + 1 && idle >= IDLE_FRAMES_PER_SECOND - 1, `${idle} frames in the idle second`);
  s.state.face = true;
  await analysedOver(1000 / IDLE_FRAMES_PER_SECOND);
  assert.ok((await analysedOver(1000)) >= 25, 'a face: every camera frame again');
});
