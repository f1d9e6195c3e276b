import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judgedRate, summarise, timelineOf, type FrameStamp, type RunStamps } from './lock-timeline.ts';

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
