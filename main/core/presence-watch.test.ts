import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FaceFrame, PresenceReport } from '../../preload/api.ts';
import type { FaceVerifier, FrameSimilarity } from '../face/recognition/face-verifier.ts';
import type { CalibratedProfile } from '../face/recognition/profile-calibration.ts';
import { FakeClock } from '../../test-support/fake-clock.ts';
import { MAX_PRESENCE_GAP_MS, PresenceWatch, walkAwayDue } from './presence-watch.ts';

const ON = { walkAwayLock: true, walkAwaySeconds: 30 };
const THRESHOLD = 0.5;

test('walkAwayDue: out of view N s and idle N s locks; typing, reading in view, off or no evidence never does', () => {
  assert.equal(walkAwayDue({ ownerAbsentMs: 30_000, idleSeconds: 30, settings: ON }), true);
  assert.equal(walkAwayDue({ ownerAbsentMs: 29_999, idleSeconds: 600, settings: ON }), false, 'not away long enough');
  assert.equal(walkAwayDue({ ownerAbsentMs: 600_000, idleSeconds: 2, settings: ON }), false, 'someone is typing');
  assert.equal(walkAwayDue({ ownerAbsentMs: 0, idleSeconds: 600, settings: ON }), false, 'reading in view');
  assert.equal(walkAwayDue({ ownerAbsentMs: null, idleSeconds: 600, settings: ON }), false, 'no evidence: the check stopped');
  assert.equal(walkAwayDue({ ownerAbsentMs: 600_000, idleSeconds: 600, settings: { walkAwaySeconds: 30 } }), false, 'off by default');
  assert.equal(walkAwayDue({ ownerAbsentMs: 600_000, idleSeconds: Number.NaN, settings: ON }), false, 'an unreadable idle time is nobody idle');
  // Bounded: a forged 1 s is 10 s; absent is the default 30 s.
  assert.equal(walkAwayDue({ ownerAbsentMs: 9_000, idleSeconds: 9, settings: { walkAwayLock: true, walkAwaySeconds: 1 } }), false);
  assert.equal(walkAwayDue({ ownerAbsentMs: 10_000, idleSeconds: 10, settings: { walkAwayLock: true, walkAwaySeconds: 1 } }), true);
  assert.equal(walkAwayDue({ ownerAbsentMs: 29_000, idleSeconds: 29, settings: { walkAwayLock: true } }), false);
  assert.equal(walkAwayDue({ ownerAbsentMs: 30_000, idleSeconds: 30, settings: { walkAwayLock: true } }), true);
});

/** A face whose detector score says who it is (the fake verifier reads it): 0.9 the owner, 0.7 a stranger, 0.6 unjudgeable. */
function face(who: 'owner' | 'stranger' | 'unjudgeable'): FaceFrame {
  const score = { owner: 0.9, stranger: 0.7, unjudgeable: 0.6 }[who];
  const box = { x: 0, y: 0, width: 100, height: 100 };
  return { faceCrop: new Uint8Array(0), contextCrop: new Uint8Array(0), boxInCrop: box, boxInFrame: box, detectorScore: score, quality: { faceWidthPx: 100, brightness: 120, darkRatio: 0, sharpnessLaplacianVar: 100 } };
}

function report(...who: ('owner' | 'stranger' | 'unjudgeable')[]): PresenceReport {
  return { frameWidthPx: 640, frameHeightPx: 480, faceCount: who.length, faces: who.map(face) };
}

function watchWith(options: { throws?: boolean } = {}) {
  const clock = new FakeClock(1_000_000);
  const judgedFaces: number[] = [];
  const verifier = {
    async similarity(frame): Promise<FrameSimilarity> {
      if (options.throws) throw new Error('model failed');
      assert.equal(frame.faceCount, 1, 'the verifier judges one face at a time');
      const score = frame.face!.detectorScore;
      judgedFaces.push(score);
      const similarityCosine = score === 0.9 ? 0.8 : score === 0.7 ? 0.1 : null;
      return { feedback: similarityCosine === null ? 'blurry' : null, similarityCosine, thresholdCosine: similarityCosine === null ? null : THRESHOLD, points68: null, embedding: null, pose: null };
    },
  } as Pick<FaceVerifier, 'similarity'> as FaceVerifier;
  const watch = new PresenceWatch({ verifier: () => verifier, profile: () => ({}) as CalibratedProfile, nowMs: () => clock.nowMs() });
  return { clock, watch, judgedFaces };
}

/** Sends `frame` once a second for `seconds`. */
async function stream(watch: PresenceWatch, clock: FakeClock, frame: PresenceReport, seconds: number): Promise<void> {
  for (let i = 0; i < seconds; i++) {
    clock.advance(1000);
    await watch.submit(frame);
  }
}

test('the owner in view is present, with a stranger beside them too (larger or not); a stranger alone or nobody is absent', async () => {
  const { clock, watch, judgedFaces } = watchWith();
  assert.deepEqual(await watch.submit(report('owner')), { watching: false }, 'nothing is judged before the watch starts');
  assert.equal(judgedFaces.length, 0);
  watch.start();
  await stream(watch, clock, report('stranger', 'owner'), 40);
  assert.equal(watch.ownerAbsentMs(), 0, 'owner + a nearer stranger = present');
  await stream(watch, clock, report('owner', 'stranger'), 5);
  assert.equal(watch.ownerAbsentMs(), 0);
  await stream(watch, clock, report('stranger'), 31);
  assert.equal(watch.ownerAbsentMs(), 31_000, 'a stranger alone = absent');
  assert.equal(walkAwayDue({ ownerAbsentMs: watch.ownerAbsentMs(), idleSeconds: 31, settings: ON }), true, 'absent 31 s + idle → lock');
  assert.equal(walkAwayDue({ ownerAbsentMs: watch.ownerAbsentMs(), idleSeconds: 1, settings: ON }), false, 'absent but typing → no lock');
  await stream(watch, clock, report(), 10);
  assert.equal(watch.ownerAbsentMs(), 41_000, 'an empty scene = absent');
  await stream(watch, clock, report('unjudgeable', 'stranger', 'owner'), 1);
  assert.equal(watch.ownerAbsentMs(), 0, 'the owner third in size still counts');
});

test('absence is counted on evidence only: a gap in the frames starts it afresh, no frames is no evidence', async () => {
  const { clock, watch } = watchWith();
  watch.start();
  assert.equal(watch.ownerAbsentMs(), 0, 'counted as seen at the start (the owner has just unlocked)');
  await stream(watch, clock, report(), 20);
  assert.equal(watch.ownerAbsentMs(), 20_000);
  clock.advance(MAX_PRESENCE_GAP_MS + 1);
  assert.equal(watch.ownerAbsentMs(), null, 'frames stopped: no evidence, nothing locks');
  await watch.submit(report());
  assert.equal(watch.ownerAbsentMs(), 0, 'the absence restarts after the gap');
  await stream(watch, clock, report(), 3);
  assert.equal(watch.ownerAbsentMs(), 3_000);
  watch.stop();
  assert.equal(watch.ownerAbsentMs(), null, 'stopped (locked, off): no evidence');
  assert.deepEqual(await watch.submit(report()), { watching: false });
});

test('a camera error stops the watch, says so until the next start, and never locks; a failing judge is no evidence', async () => {
  const { clock, watch } = watchWith();
  const stops: string[] = [];
  const judged: (number | null)[] = [];
  watch.onStopped((problem) => stops.push(problem));
  watch.onJudged(({ ownerAbsentMs }) => judged.push(ownerAbsentMs));
  watch.start();
  await stream(watch, clock, report(), 25);
  assert.deepEqual(watch.reportProblem('unplugged'), { watching: false });
  assert.deepEqual(stops, ['unplugged']);
  assert.equal(watch.stoppedBy, 'unplugged');
  assert.equal(watch.ownerAbsentMs(), null);
  const before = judged.length;
  await stream(watch, clock, report(), 60);
  assert.equal(judged.length, before, 'frames after the failure are not judged: nothing can come due');
  watch.start();
  assert.equal(watch.stoppedBy, null, 'the next start clears it');

  const failing = watchWith({ throws: true });
  failing.watch.start();
  const events: unknown[] = [];
  failing.watch.onJudged((value) => events.push(value));
  await stream(failing.watch, failing.clock, report('stranger'), 60);
  assert.equal(events.length, 0, 'a frame that could not be judged says nothing');
  assert.equal(failing.watch.ownerAbsentMs(), null, 'and the absence lapses with the gap rule');
});

test('a frame arriving while another is judged is dropped, not queued', async () => {
  const { watch, judgedFaces } = watchWith();
  watch.start();
  await Promise.all([watch.submit(report('owner')), watch.submit(report('owner')), watch.submit(report('owner'))]);
  assert.equal(judgedFaces.length, 1);
});
