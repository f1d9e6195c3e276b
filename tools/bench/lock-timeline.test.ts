import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judgedRate, pageAloneOf, summarise, timelineOf, type FrameStamp, type RunStamps } from './lock-timeline.ts';

const frame = (receivedMs: number, feedback: FrameStamp['feedback'], judged = true): FrameStamp => ({ receivedMs, answeredMs: receivedMs + 30, judged, feedback });

const run: RunStamps = {
  startMs: 1000,
  cameraReadyMs: 1050,
  frames: [frame(990, 'noFace'), frame(1100, 'noFace'), frame(1150, 'recognising'), frame(1200, 'recognising'), frame(1250, 'recognising', false), frame(1300, 'unlocked')],
  unlockedInMainMs: 1330,
  overlayUnlockedMs: 1340,
  challenged: false,
};

test('a run is cut into the issue’s stages, from the lock to the overlay saying "Unlocked"', () => {
  const timeline = timelineOf(run);
  assert.deepEqual(timeline.stagesMs, { cameraReady: 50, firstFrame: 50, firstMatch: 80, decision: 150, overlay: 10 });
  assert.equal(timeline.totalMs, 340);
  assert.equal(timeline.unlocked, true);
  assert.equal(timeline.judgedFrames, 4, 'frames before the lock and frames main dropped do not count');
});

test('the judged rate counts the intervals between judged frames', () => {
  assert.equal(judgedRate([frame(0, 'noFace'), frame(50, 'noFace'), frame(100, 'noFace')]), 20);
  assert.equal(judgedRate([frame(0, 'noFace')]), null);
});

test('a run that never unlocked has no total and stays out of the medians', () => {
  const stuck = timelineOf({ ...run, unlockedInMainMs: null, overlayUnlockedMs: null, challenged: true });
  assert.deepEqual([stuck.unlocked, stuck.totalMs, stuck.stagesMs.decision], [false, null, null]);
  const summary = summarise([timelineOf(run), stuck, timelineOf({ ...run, overlayUnlockedMs: 1360 })]);
  assert.deepEqual([summary.unlocked, summary.challenged, summary.totalMedianMs, summary.stagesMedianMs.overlay], [2, 1, 350, 20]);
});

test('a cold open gets its milestones, each timed from opening the page', () => {
  const cold = timelineOf({
    ...run,
    pageMarks: { navigationStartMs: 1002, domReadyMs: 1010, cameraAskedMs: 1020, wasmFetchedMs: 1030, detectorLoadedMs: 1040, detectorReadyMs: 1060, firstFrameSentMs: 1090 },
  });
  assert.deepEqual(cold.milestonesMs, {
    domReady: 10, cameraAsked: 20, cameraReady: 50, wasmFetched: 30, detectorLoaded: 40, detectorReady: 60,
    firstFrameSent: 90, firstFrame: 100, firstMatch: 180, unlockedInMain: 330, unlocked: 340,
  });
  assert.equal(timelineOf(run).milestonesMs, undefined, 'a prepared run has none');
  assert.deepEqual(summarise([cold, timelineOf(run)]).milestonesMedianMs?.firstFrame, 100);
  const alone = pageAloneOf({ navigationStartMs: 1002, domReadyMs: 1010, cameraAskedMs: null, wasmFetchedMs: null, detectorLoadedMs: 1040, detectorReadyMs: 1060, firstFrameSentMs: null });
  assert.deepEqual(alone, { domReady: 8, wasmFetched: null, detectorLoaded: 38, detectorReady: 58 }, 'a page alone: from its own navigation');
});
