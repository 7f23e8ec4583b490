import { setTimeout as delay } from 'node:timers/promises';
import PQueue from 'p-queue';

/**
 * Token-bucket pacing for placements: tokens accrue at `rate` per second up to `burst`, and each
 * placement takes one. Unlike a fixed timer per order, a bucket catches up after the process was
 * briefly starved (a GC pause, a busy machine), so the average rate holds; `burst` bounds the catch-up.
 * Hand-written because it is a dozen lines; p-queue's interval limiter resets per window and cannot
 * catch up (see docs/simulator.md).
 */
export class TokenBucket {
  private tokens: number;
  private last = performance.now();

  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {
    this.tokens = Math.min(1, burst);
  }

  /** Resolves true once a token is taken; false when `deadline` (epoch ms) passes or `signal` aborts first. */
  async take(deadline: number, signal: AbortSignal): Promise<boolean> {
    for (;;) {
      const now = performance.now();
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.rate) / 1000);
      this.last = now;
      if (Date.now() >= deadline || signal.aborted) return false;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return true;
      }
      const waitMs = Math.min(((1 - this.tokens) * 1000) / this.rate, deadline - Date.now());
      try {
        await delay(Math.max(1, waitMs), undefined, { signal });
      } catch {
        return false;
      }
    }
  }
}

/** A cap on requests in flight (placements and follow-ups each have one). */
export function requestCap(concurrency: number): PQueue {
  return new PQueue({ concurrency });
}
