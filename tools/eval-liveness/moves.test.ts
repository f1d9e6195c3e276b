import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findMoveStretches, type PoseSample } from './moves.ts';

const INTERVAL_MS = 125;
const rest = (n: number, yaw = 1, pitch = -10): PoseSample[] => Array.from({ length: n }, () => ({ yawDegrees: yaw, pitchDegrees: pitch }));
const ramp = (from: PoseSample, to: PoseSample, n: number): PoseSample[] =>
  Array.from({ length: n }, (_, i) => ({
    yawDegrees: from.yawDegrees + ((to.yawDegrees - from.yawDegrees) * (i + 1)) / n,
    pitchDegrees: from.pitchDegrees + ((to.pitchDegrees - from.pitchDegrees) * (i + 1)) / n,
  }));

const REST = { yawDegrees: 1, pitchDegrees: -10 };
const LEFT = { yawDegrees: 35, pitchDegrees: -8 };
const RIGHT = { yawDegrees: -25, pitchDegrees: -9 };
const DOWN = { yawDegrees: 2, pitchDegrees: -34 };
// Rest, turn to the subject's left (yaw up) and hold, back; rest, turn right and back; rest, nod down and back.
const TRACK: (PoseSample | null)[] = [
  ...rest(10), ...ramp(REST, LEFT, 4), ...rest(12, 35, -8), ...ramp(LEFT, REST, 4),
  ...rest(8), ...ramp(REST, RIGHT, 3), ...rest(6, -25, -9), ...ramp(RIGHT, REST, 3),
  ...rest(8), ...ramp(REST, DOWN, 4), ...rest(6, 2, -34), ...ramp(DOWN, REST, 4), ...rest(10),
];

describe('move stretches in a pose track', () => {
  it('finds each move once, starting at the last frame at rest before it', () => {
    const left = findMoveStretches(TRACK, 'turnLeft', { intervalMs: INTERVAL_MS });
    assert.deepEqual(left, [{ move: 'turnLeft', startIndex: 9, reachIndex: 11 }]);
    const right = findMoveStretches(TRACK, 'turnRight', { intervalMs: INTERVAL_MS });
    assert.equal(right.length, 1, 'coming back from the held left turn is not a turn right: it does not start at rest');
    assert.equal(right[0].startIndex, 37);
    assert.equal(TRACK[right[0].reachIndex]!.yawDegrees <= REST.yawDegrees - 15, true);
    const nod = findMoveStretches(TRACK, 'nod', { intervalMs: INTERVAL_MS });
    assert.deepEqual(nod.map((s) => s.startIndex), [57]);
  });

  it('ignores moves that are too small, too slow or interrupted by a lost face', () => {
    const small = [...rest(10), ...ramp(REST, { yawDegrees: 14, pitchDegrees: -10 }, 3), ...rest(10, 14, -10)];
    assert.deepEqual(findMoveStretches(small, 'turnLeft', { intervalMs: INTERVAL_MS }), []);
    const slow = [...rest(10), ...ramp(REST, LEFT, 40)];
    assert.deepEqual(findMoveStretches(slow, 'turnLeft', { intervalMs: INTERVAL_MS, maxMoveMs: 1000 }), []);
    const lost = [...rest(10), null, ...ramp(REST, LEFT, 3)];
    assert.equal(findMoveStretches(lost, 'turnLeft', { intervalMs: INTERVAL_MS }).length, 0);
    assert.deepEqual(findMoveStretches([null, null], 'nod', { intervalMs: INTERVAL_MS }), []);
  });

  it('does not take a nod with a turn for a nod', () => {
    const track = [...rest(10), ...ramp(REST, { yawDegrees: 25, pitchDegrees: -30 }, 3)];
    assert.deepEqual(findMoveStretches(track, 'nod', { intervalMs: INTERVAL_MS }), []);
    assert.equal(findMoveStretches(track, 'turnLeft', { intervalMs: INTERVAL_MS }).length, 1);
  });
});
