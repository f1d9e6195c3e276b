/**
 * Milliseconds since the Unix epoch. Wall-clock time on purpose: lockout deadlines and
 * the last password unlock are persisted and must mean the same after a restart; the
 * lockout policy bounds what a clock set backwards can do.
 */
export interface Clock {
  nowMs(): number;
}

export const systemClock: Clock = { nowMs: () => Date.now() };

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
