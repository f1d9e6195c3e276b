/**
 * Milliseconds since the Unix epoch. Wall-clock time on purpose: lockout deadlines and
 * the last password unlock are persisted and must mean the same after a restart; the
 * lockout policy bounds what a clock set backwards can do.
 */
export interface Clock {
  nowMs(): number;
}

export const systemClock: Clock = { nowMs: () => Date.now() };
