import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ActiveChallenge, randomSteps, type ChallengeState } from './challenge.ts';
import { headTrack, photoTrack, seededRandom, slideshowTrack, type TrackFrame } from '../../../../test-support/synthetic-tracks.ts';
import type { ChallengeStep } from '../../outcomes.ts';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

/** Feeds the track, then holds its last frame until past the 6 s limit, and gives the verdict. */
function run(steps: readonly ChallengeStep[], frames: TrackFrame[]): ChallengeState {
  const challenge = new ActiveChallenge({ steps });
  let state = challenge.state;
  for (const frame of frames) state = challenge.update(frame);
  const last = frames[frames.length - 1];
  for (let timeMs = last.timeMs + 100; timeMs <= 6500; timeMs += 100) state = challenge.update({ ...last, timeMs });
  return state;
}

/** The same track with frames from `fromMs` on changed by `edit`. */
function editedFrom(frames: TrackFrame[], fromMs: number, edit: (frame: TrackFrame) => TrackFrame): TrackFrame[] {
  return frames.map((frame) => (frame.timeMs >= fromMs ? edit(frame) : frame));
}

describe('ActiveChallenge with a real head (synthetic 3-D face, noise 1 % of the eye distance)', () => {
  for (const steps of [['turnLeft'], ['turnRight'], ['nod'], ['turnLeft', 'nod'], ['nod', 'turnRight'], ['turnRight', 'turnLeft']] as ChallengeStep[][]) {
    it(`passes ${steps.join(' + ')} for every seed`, () => {
      for (const seed of SEEDS) {
        const state = run(steps, headTrack({ moves: steps, random: seededRandom(seed) }));
        assert.equal(state.status, 'passed', `seed ${seed}: ${state.reason}`);
      }
    });
  }

  it('passes a modest move (17° turn, 14° nod) at 80 cm', () => {
    for (const seed of SEEDS) {
      for (const step of ['turnLeft', 'nod'] as const) {
        const frames = headTrack({ moves: [step], random: seededRandom(seed), peakDegrees: step === 'nod' ? 14 : 17, distanceMm: 800 });
        assert.equal(run([step], frames).status, 'passed', `${step}, seed ${seed}`);
      }
    }
  });

  it('prompts each step in turn', () => {
    const challenge = new ActiveChallenge({ steps: ['turnRight', 'nod'] });
    assert.deepEqual(challenge.state, { status: 'inProgress', prompt: 'turnRight' });
    const prompts = new Set<string | null>();
    for (const frame of headTrack({ moves: ['turnRight', 'nod'], random: seededRandom(9) })) prompts.add(challenge.update(frame).prompt);
    assert.deepEqual([...prompts], ['turnRight', 'nod', null]);
  });
});

describe('ActiveChallenge refuses', () => {
  it("a flat or slightly bent photo tilted to fake a turn: 'flat'", () => {
    for (const seed of SEEDS) {
      for (const bendPerMm of [0, 1 / 600, 1 / 300]) {
        for (const step of ['turnLeft', 'turnRight'] as const) {
          const frames = photoTrack({ moves: [step], random: seededRandom(seed), distanceMm: 200, bendPerMm, peakDegrees: 72, slowness: 2 });
          const state = run([step], frames);
          assert.equal(state.reason, 'flat', `${step}, bend ${bendPerMm}, seed ${seed}`);
        }
      }
    }
  });

  it("a photo tilted back and forth to fake a nod: 'flat' when the pose estimate follows, else 'timeout'", () => {
    const reasons = new Set<string | undefined>();
    for (const seed of SEEDS) {
      for (const bendPerMm of [0, 1 / 300]) {
        const state = run(['nod'], photoTrack({ moves: ['nod'], random: seededRandom(seed), distanceMm: 200, bendPerMm, peakDegrees: 72, slowness: 2 }));
        assert.equal(state.status, 'failed', `bend ${bendPerMm}, seed ${seed}`);
        reasons.add(state.reason);
      }
    }
    // A flat photo never fakes 12° of pitch; the bent one does, and its squashed face gives it away.
    assert.deepEqual([...reasons].sort(), ['flat', 'timeout']);
  });

  it("a turn the wrong way, or a turn when asked to nod: 'wrongDirection'", () => {
    for (const [asked, done] of [['turnLeft', 'turnRight'], ['turnRight', 'turnLeft'], ['nod', 'turnLeft']] as const) {
      const state = run([asked], headTrack({ moves: [done], random: seededRandom(3) }));
      assert.equal(state.reason, 'wrongDirection', `${asked} answered by ${done}`);
    }
  });

  it('gives each move its own time: two moves at a leisurely pace pass', () => {
    assert.equal(run(['turnLeft', 'nod'], headTrack({ moves: ['turnLeft', 'nod'], random: seededRandom(4), slowness: 2.5 })).status, 'passed');
  });

  it("a move too slow for the time limit: 'timeout'", () => {
    const state = run(['turnLeft', 'nod'], headTrack({ moves: ['turnLeft', 'nod'], random: seededRandom(4), slowness: 4.5 }));
    // The failure names the move that was asked when time ran out (the overlay speaks of it).
    assert.equal(state.status, 'failed');
    assert.equal(state.reason, 'timeout');
    assert.equal(state.prompt, 'turnLeft');
  });

  it("a face that stops matching the owner: 'faceChanged'", () => {
    const frames = headTrack({ moves: ['turnLeft'], random: seededRandom(5) });
    assert.equal(run(['turnLeft'], editedFrom(frames, 900, (f) => ({ ...f, matched: false }))).reason, 'faceChanged');
  });

  it('a slideshow of real turned faces (frontal → turned → frontal, held 1.5 s each) never counts: time runs out', () => {
    for (const step of ['turnLeft', 'turnRight', 'nod'] as const) {
      for (const seed of SEEDS) {
        const state = run([step], slideshowTrack({ move: step, random: seededRandom(seed), holdMs: 1500 }));
        assert.deepEqual([state.status, state.reason, state.prompt], ['failed', 'timeout', step], `${step}, seed ${seed}`);
      }
    }
  });

  it('a slideshow with a picture half-way, each held 0.4 s, never passes through the pose in between', () => {
    for (const seed of SEEDS) {
      const state = run(['turnLeft'], slideshowTrack({ move: 'turnLeft', random: seededRandom(seed), holdMs: 400, between: true }));
      assert.equal(state.reason, 'timeout', `seed ${seed}`);
    }
  });

  it('a real head passes through the poses in between: out in 500 ms at 8 frames/s, in 300 ms at 12 frames/s', () => {
    for (const seed of SEEDS) {
      for (const [slowness, fps] of [[1, 8], [0.6, 12]]) {
        for (const step of ['turnRight', 'nod'] as const) {
          const frames = headTrack({ moves: [step], random: seededRandom(seed), slowness, fps });
          assert.equal(run([step], frames).status, 'passed', `${step} at ${fps}/s, seed ${seed}`);
        }
      }
    }
  });

  it("a second face appearing: 'secondFace'; one frame of it is detector noise", () => {
    const frames = headTrack({ moves: ['nod'], random: seededRandom(6) });
    assert.equal(run(['nod'], editedFrom(frames, 700, (f) => ({ ...f, faceCount: 2 }))).reason, 'secondFace');
    // The top of a nodding head read as a face for one frame (turn_live.mp4 at 30/s).
    const flicker = frames.map((f, k) => (k === Math.floor(frames.length / 2) ? { ...f, faceCount: 2 } : f));
    assert.equal(run(['nod'], flicker).status, 'passed');
  });

  it("a face gone for longer than 500 ms: 'lostFace'; a single dropped frame is fine", () => {
    const frames = headTrack({ moves: ['turnRight'], random: seededRandom(7) });
    const gone = (f: TrackFrame): TrackFrame => (f.timeMs >= 600 && f.timeMs < 1300 ? { ...f, faceCount: 0, points68: null as unknown as Float32Array } : f);
    assert.equal(run(['turnRight'], frames.map(gone)).reason, 'lostFace');
    const dropped = frames.map((f) => (Math.round(f.timeMs) === 600 ? { ...f, faceCount: 0, points68: null as unknown as Float32Array } : f));
    assert.equal(run(['turnRight'], dropped).status, 'passed');
  });

  it('a face seen but not measurable keeps the challenge going, not lost', () => {
    const challenge = new ActiveChallenge({ steps: ['turnLeft'] });
    const [first] = headTrack({ moves: ['turnLeft'], random: seededRandom(8) });
    challenge.update(first);
    for (let timeMs = 100; timeMs <= 1500; timeMs += 100) assert.equal(challenge.seen(timeMs).status, 'inProgress');
    assert.equal(challenge.update({ ...first, timeMs: 1600 }).status, 'inProgress');
    assert.equal(challenge.seen(6100).reason, 'timeout');
  });

  it('keeps its verdict once failed', () => {
    const challenge = new ActiveChallenge({ steps: ['nod'] });
    const [first] = headTrack({ moves: ['nod'], random: seededRandom(8) });
    challenge.update({ ...first, faceCount: 2 });
    challenge.update({ ...first, timeMs: first.timeMs + 33, faceCount: 2 });
    assert.equal(challenge.update(first).reason, 'secondFace');
  });
});

describe('randomSteps', () => {
  it('draws distinct steps from the injected generator', () => {
    assert.deepEqual(randomSteps(2, () => 0), ['turnLeft', 'turnRight']);
    assert.deepEqual(randomSteps(2, () => 0.99), ['nod', 'turnRight']);
    assert.deepEqual(randomSteps(1, () => 0.5), ['turnRight']);
    const random = seededRandom(12);
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const steps = randomSteps(2, random);
      assert.notEqual(steps[0], steps[1]);
      seen.add(steps.join());
    }
    assert.equal(seen.size, 6, 'all ordered pairs occur');
  });

  it('createRandom uses the requested count', () => {
    assert.equal(ActiveChallenge.createRandom({ stepCount: 2, random: () => 0.4 }).steps.length, 2);
    assert.equal(ActiveChallenge.createRandom().steps.length, 1);
  });
});
