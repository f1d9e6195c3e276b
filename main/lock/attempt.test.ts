import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock } from '../../test-support/fake-clock.ts';
import { RETRY_WAIT_MS } from '../face/liveness/liveness-gate.ts';
import { FailedAttempts, LIVENESS_RETRY_WAIT_MS, MIN_FACE_ATTEMPT_SPACING_MS } from './attempt.ts';

describe('FailedAttempts', () => {
  it('counts a rejected window at most once per spacing', () => {
    const clock = new FakeClock(1_000_000);
    const attempts = new FailedAttempts({ clock });
    assert.equal(attempts.counts('windowRejected'), true, 'the first one counts');
    clock.advance(MIN_FACE_ATTEMPT_SPACING_MS - 1);
    assert.equal(attempts.counts('windowRejected'), false);
    clock.advance(1);
    assert.equal(attempts.counts('windowRejected'), true);
  });

  it('counts every liveness refusal, and a refusal restarts the spacing of windows', () => {
    const clock = new FakeClock(1_000_000);
    const attempts = new FailedAttempts({ clock });
    assert.equal(attempts.counts('livenessRefused'), true);
    assert.equal(attempts.counts('livenessRefused'), true);
    clock.advance(MIN_FACE_ATTEMPT_SPACING_MS - 1);
    assert.equal(attempts.counts('windowRejected'), false);
  });

  it('a clock set back spaces nothing', () => {
    const clock = new FakeClock(1_000_000);
    const attempts = new FailedAttempts({ clock });
    attempts.counts('windowRejected');
    clock.set(1_000_000 - 1);
    assert.equal(attempts.counts('windowRejected'), true);
  });

  it('the liveness retry wait is the gate’s own number', () => {
    assert.equal(LIVENESS_RETRY_WAIT_MS, RETRY_WAIT_MS);
  });
});
