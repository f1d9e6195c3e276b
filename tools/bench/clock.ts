// One clock for the bench's three processes (Chromium's page, the bench, the main host):
// milliseconds since the epoch with performance.now()'s resolution. Each process's time
// origin is read from the same system clock, so stamps compare across them to ~1 ms.

export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}
