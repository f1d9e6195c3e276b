import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FeedbackCode, LockView } from '../../preload/api.ts';
import { OutcomeRecorder, summariseScores } from './outcome.ts';

const locked = (feedback: FeedbackCode, challengeCause?: LockView['challengeCause']): LockView => ({
  phase: 'locked', faceEnabled: true, feedback, lockoutRemainingMs: 0, ...(challengeCause ? { challengeCause } : {}),
});
const UNLOCKED: LockView = { phase: 'unlocked', faceEnabled: false, feedback: 'unlocked', lockoutRemainingMs: 0 };
const BASE = { subject: 'turn', kind: 'bonaFide' as const, attackType: null, name: 'turn_live.mp4', run: 0, startOffsetMs: 0 };

describe('presentation outcome', () => {
  it('records each prompt when it appears, with its cause, and the refusals; unlocked after a prompt is the challenge\'s doing', () => {
    const recorder = new OutcomeRecorder();
    assert.equal(recorder.observe(locked('recognising'), 0), null);
    assert.equal(recorder.observe(locked('turnLeft', 'photoSuspected'), 125), 'turnLeft');
    recorder.markRedirected();
    assert.equal(recorder.observe(locked('turnLeft', 'photoSuspected'), 250), null, 'the same prompt still showing is not a new one');
    recorder.observe(locked('challengeTooSlow'), 375);
    recorder.observe(locked('challengeTooSlow'), 500);
    recorder.observe(locked('turnLeft', 'photoSuspected'), 625);
    recorder.observe(UNLOCKED, 750);
    const outcome = recorder.outcome({ ...BASE, mode: 'standard' }, [0.5, 0.9, 0.7]);
    assert.equal(outcome.unlocked, true);
    assert.equal(outcome.unlockMs, 750);
    assert.equal(outcome.decidedBy, 'challenge');
    assert.deepEqual(outcome.prompts, [
      { prompt: 'turnLeft', cause: 'photoSuspected', atMs: 125, redirected: true },
      { prompt: 'turnLeft', cause: 'photoSuspected', atMs: 625, redirected: false },
    ]);
    assert.deepEqual(outcome.refusals, { challengeTooSlow: 1 });
    assert.equal(outcome.framesJudged, 7);
    assert.equal(outcome.redirected, true);
    assert.deepEqual(outcome.passive, { count: 3, median: 0.7, min: 0.5, max: 0.9 });
  });

  it('says passive or recognition only for an unlock without a prompt, and the last refusal when it stays locked', () => {
    const passive = new OutcomeRecorder();
    passive.observe(locked('recognising'), 0);
    passive.observe(UNLOCKED, 125);
    assert.equal(passive.outcome({ ...BASE, mode: 'standard' }, []).decidedBy, 'passive');
    assert.equal(passive.outcome({ ...BASE, mode: 'off' }, []).decidedBy, 'recognitionOnly');

    const refused = new OutcomeRecorder();
    for (const feedback of ['lookingLikePhoto', 'recognising', 'notRecognised', 'noFace'] as const) refused.observe(locked(feedback), 0);
    const outcome = refused.outcome({ ...BASE, mode: 'strict' }, []);
    assert.equal(outcome.unlocked, false);
    assert.equal(outcome.unlockMs, null);
    assert.equal(outcome.decidedBy, 'notRecognised');
    assert.deepEqual(outcome.refusals, { lookingLikePhoto: 1, notRecognised: 1 });
    assert.deepEqual(outcome.passive, { count: 0, median: null, min: null, max: null });

    const quiet = new OutcomeRecorder();
    quiet.observe(locked('tooDark'), 0);
    assert.equal(quiet.outcome({ ...BASE, mode: 'strict' }, []).decidedBy, 'tooDark', 'without a refusal, the last feedback');
  });

  it('summarises scores with an even count by the mean of the middle two', () => {
    assert.deepEqual(summariseScores([0.2, 0.8, 0.4, 0.6]), { count: 4, median: 0.5, min: 0.2, max: 0.8 });
  });
});
