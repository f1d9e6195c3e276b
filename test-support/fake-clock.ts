// The lock's Clock for tests: time moves only when the test moves it.
import type { Clock } from '../main/lock/clock.ts';

/** A clock that only moves when a test moves it. */
export class FakeClock implements Clock {
  #nowMs: number;

  constructor(startMs = 0) {
    this.#nowMs = startMs;
  }

  nowMs(): number {
    return this.#nowMs;
  }

  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`advance needs a non-negative duration, got ${ms}`);
    this.#nowMs += ms;
  }

  /** Jump to any time, backwards included (the user or NTP resetting the system clock). */
  set(nowMs: number): void {
    this.#nowMs = nowMs;
  }
}
