import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { systemClock } from '../main/lock/clock.ts';
import { FakeClock } from './fake-clock.ts';

describe('clock', () => {
  it('systemClock reads wall-clock time', () => {
    const beforeMs = Date.now();
    const nowMs = systemClock.nowMs();
    assert.ok(nowMs >= beforeMs && nowMs <= Date.now());
  });

  it('FakeClock moves only when told', () => {
    const clock = new FakeClock(1_000);
    assert.equal(clock.nowMs(), 1_000);
    clock.advance(250);
    clock.advance(0);
    assert.equal(clock.nowMs(), 1_250);
    clock.set(10);
    assert.equal(clock.nowMs(), 10);
  });

  it('FakeClock refuses to advance backwards or by NaN', () => {
    const clock = new FakeClock();
    assert.throws(() => clock.advance(-1), RangeError);
    assert.throws(() => clock.advance(Number.NaN), RangeError);
    assert.equal(clock.nowMs(), 0);
  });
});
