import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { falseAcceptOfKofN, MatchWindow, type FrameOutcome, type WindowDecision } from './match-window.ts';

function pushAll(window: MatchWindow, outcomes: FrameOutcome[]): WindowDecision[] {
  return outcomes.map((outcome) => window.push(outcome));
}

describe('MatchWindow', () => {
  it('defaults to 3 of 5', () => {
    const window = new MatchWindow();
    assert.equal(window.requiredMatches, 3);
    assert.equal(window.windowFrames, 5);
  });

  it('unlocks on the third match among five face frames', () => {
    const window = new MatchWindow({ requiredMatches: 3, windowFrames: 5 });
    assert.deepEqual(pushAll(window, ['match', 'nonMatch', 'match', 'nonMatch', 'match']), [
      'pending',
      'pending',
      'pending',
      'pending',
      'unlock',
    ]);
  });

  it('unlocks as soon as k matches arrive, without waiting for the full window', () => {
    const window = new MatchWindow({ requiredMatches: 3, windowFrames: 5 });
    assert.deepEqual(pushAll(window, ['match', 'match', 'match']), ['pending', 'pending', 'unlock']);
  });

  it('rejects a full window with only 2 of 5 matches, then starts afresh', () => {
    const window = new MatchWindow({ requiredMatches: 3, windowFrames: 5 });
    assert.deepEqual(pushAll(window, ['match', 'nonMatch', 'nonMatch', 'match', 'nonMatch']), [
      'pending',
      'pending',
      'pending',
      'pending',
      'reject',
    ]);
    // The two earlier matches are gone: two new ones are not enough, a third is.
    assert.deepEqual(pushAll(window, ['match', 'match', 'match']), ['pending', 'pending', 'unlock']);
  });

  it('rejects when the last frame of the window is a match but the count is short', () => {
    const window = new MatchWindow({ requiredMatches: 3, windowFrames: 5 });
    assert.deepEqual(pushAll(window, ['nonMatch', 'nonMatch', 'nonMatch', 'match', 'match']).at(-1), 'reject');
  });

  it('does not count noFace frames toward the window', () => {
    const window = new MatchWindow({ requiredMatches: 3, windowFrames: 5, resetAfterNoFaceFrames: 10 });
    const decisions = pushAll(window, ['nonMatch', 'noFace', 'nonMatch', 'noFace', 'noFace', 'nonMatch', 'nonMatch']);
    assert.ok(decisions.every((decision) => decision === 'pending'), 'four face frames are not a full window');
    assert.equal(window.push('nonMatch'), 'reject');

    const matching = new MatchWindow({ requiredMatches: 3, windowFrames: 5, resetAfterNoFaceFrames: 10 });
    assert.deepEqual(pushAll(matching, ['match', 'noFace', 'noFace', 'match', 'noFace', 'match']).at(-1), 'unlock');
  });

  it('resets after a long run of noFace frames', () => {
    const window = new MatchWindow({ requiredMatches: 3, windowFrames: 5, resetAfterNoFaceFrames: 4 });
    pushAll(window, ['match', 'match', 'noFace', 'noFace', 'noFace', 'noFace']);
    assert.deepEqual(pushAll(window, ['match', 'match', 'match']), ['pending', 'pending', 'unlock']);

    const shortRun = new MatchWindow({ requiredMatches: 3, windowFrames: 5, resetAfterNoFaceFrames: 4 });
    pushAll(shortRun, ['match', 'match', 'noFace', 'noFace', 'noFace']);
    assert.equal(shortRun.push('match'), 'unlock', 'three noFace frames are below the reset run');
  });

  it('reset() forgets earlier matches', () => {
    const window = new MatchWindow();
    pushAll(window, ['match', 'match']);
    window.reset();
    assert.equal(window.push('match'), 'pending');
  });

  it('refuses impossible options', () => {
    assert.throws(() => new MatchWindow({ requiredMatches: 6, windowFrames: 5 }), RangeError);
    assert.throws(() => new MatchWindow({ requiredMatches: 0, windowFrames: 5 }), RangeError);
    assert.throws(() => new MatchWindow({ requiredMatches: 2, windowFrames: 2.5 }), RangeError);
    assert.throws(() => new MatchWindow({ resetAfterNoFaceFrames: 0 }), RangeError);
  });
});

describe('falseAcceptOfKofN', () => {
  const close = (actual: number, expected: number) =>
    assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.abs(expected), `${actual} is not ${expected}`);

  it('is p for one of one and p² for two of two', () => {
    close(falseAcceptOfKofN(0.3, 1, 1), 0.3);
    close(falseAcceptOfKofN(0.3, 2, 2), 0.09);
  });

  it('is 1 - (1-p)^n for one of n', () => {
    close(falseAcceptOfKofN(0.1, 1, 2), 1 - 0.9 ** 2);
  });

  it('is one half for 3 of 5 with a fair coin (the tail is symmetric)', () => {
    close(falseAcceptOfKofN(0.5, 3, 5), 0.5);
  });

  it('is 1 for k = 0 and 0 for p = 0', () => {
    assert.equal(falseAcceptOfKofN(0.2, 0, 4), 1);
    assert.equal(falseAcceptOfKofN(0, 3, 5), 0);
  });

  it('gives about 1e-8 for the default 3 of 5 at a per-frame FAR of 1e-3', () => {
    // 10·p³(1-p)² + 5·p⁴(1-p) + p⁵ with p = 1e-3, worked by hand.
    const expected = 10 * 1e-9 * 0.999 ** 2 + 5 * 1e-12 * 0.999 + 1e-15;
    close(falseAcceptOfKofN(1e-3, 3, 5), expected);
    assert.ok(expected > 0.99e-8 && expected < 1.0e-8);
  });

  it('refuses out-of-range input', () => {
    assert.throws(() => falseAcceptOfKofN(1.5, 1, 2), RangeError);
    assert.throws(() => falseAcceptOfKofN(0.1, 3, 2), RangeError);
    assert.throws(() => falseAcceptOfKofN(0.1, 1, -1), RangeError);
  });
});
