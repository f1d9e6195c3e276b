// Who may call main, and how often: the calling frame must be one of our pages, and
// frames are rate limited per sender.

export interface RateClock {
  nowMs(): number;
}

const RATE_WINDOW_MS = 1000;

/** Sliding one-second window per sender; refused calls do not count. */
export class RateLimiter {
  readonly #maxPerSecond: number;
  readonly #clock: RateClock;
  readonly #acceptedMsBySender = new Map<number, number[]>();

  constructor(options: { maxPerSecond: number; clock: RateClock }) {
    if (!Number.isInteger(options.maxPerSecond) || options.maxPerSecond < 1) {
      throw new RangeError('maxPerSecond must be a positive integer');
    }
    this.#maxPerSecond = options.maxPerSecond;
    this.#clock = options.clock;
  }

  allow(senderId: number): boolean {
    const nowMs = this.#clock.nowMs();
    // Stamps from the future mean the clock went back; forgetting them is the safe reset.
    const recent = (this.#acceptedMsBySender.get(senderId) ?? []).filter(
      (stampMs) => stampMs > nowMs - RATE_WINDOW_MS && stampMs <= nowMs,
    );
    const allowed = recent.length < this.#maxPerSecond;
    if (allowed) recent.push(nowMs);
    this.#acceptedMsBySender.set(senderId, recent);
    return allowed;
  }

  /** Call when a sender goes away (its webContents is destroyed). */
  forget(senderId: number): void {
    this.#acceptedMsBySender.delete(senderId);
  }

  dispose(): void {
    this.#acceptedMsBySender.clear();
  }
}

/**
 * True when the calling frame is one of our pages. Each expected entry is either an
 * http(s) origin (the dev server; origins must match exactly) or a file:// URL of the
 * app's page directory (the frame must be that page or beneath it, after `..` is resolved).
 */
export function isTrustedSender(frameUrl: string, expectedOrigins: readonly string[]): boolean {
  if (typeof frameUrl !== 'string' || frameUrl === '') return false;
  const actual = parseUrl(frameUrl);
  return actual !== null && expectedOrigins.some((expected) => matchesExpected(actual, expected));
}

function matchesExpected(actual: URL, expectedText: string): boolean {
  const expected = parseUrl(expectedText);
  if (expected === null) return false;
  if (expected.protocol === 'file:') {
    if (actual.protocol !== 'file:' || actual.host !== expected.host) return false;
    // Encoded separators would be decoded by the file loader after our prefix check.
    if (/%2f|%5c/i.test(actual.pathname)) return false;
    const root = expected.pathname.endsWith('/') ? expected.pathname : `${expected.pathname}/`;
    return actual.pathname === expected.pathname || actual.pathname.startsWith(root);
  }
  if (expected.protocol !== 'http:' && expected.protocol !== 'https:') return false;
  return actual.origin === expected.origin && actual.username === '' && actual.password === '';
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}
