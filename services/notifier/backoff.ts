/**
 * When to try a failed notification again: exponential (base · 2^(attempt−1), capped) with "equal
 * jitter" — half the delay fixed, half random — so a receiver that comes back is not hit by every
 * waiting row at the same instant, yet no retry comes sooner than half its nominal delay.
 */
export function retryDelayMs(
  attempt: number,
  baseDelayMs: number,
  maxDelayMs = 3_600_000,
  random: () => number = Math.random,
): number {
  const nominal = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(nominal / 2 + random() * (nominal / 2));
}
