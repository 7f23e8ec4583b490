import { setTimeout as delay } from 'node:timers/promises';
import type PQueue from 'p-queue';

/** A finished exchange with the API; `status` 0 when no answer came (connection refused, time-out). */
export interface ApiAnswer<T = unknown> {
  status: number;
  body: T | undefined;
}

export interface RequestOptions {
  body?: unknown;
  /** `X-Order-Token` (shopper actions and tracking) or the operator's bearer token. */
  orderToken?: string;
  operator?: boolean;
  idempotencyKey?: string;
  /** Placements have their own share of the concurrency cap, so tracking cannot starve the rate. */
  lane?: 'place' | 'follow';
}

/** A rate-limit policy the API announced (`RateLimit-Policy: "orders"; q=30; w=60`, IETF draft 8). */
export interface AnnouncedLimit {
  name: string;
  limit: number;
  windowSeconds: number;
}

const RETRIED = new Set([429, 503]);
const MAX_ATTEMPTS = 6;
const REQUEST_TIMEOUT_MS = 15_000;

/**
 * The simulator's only door to the system: HTTP to the one API URL it was given. Every request passes
 * a concurrency cap (one for placements, one for everything else); 429 and 503 are retried with the server's Retry-After when it sends
 * one, else exponential backoff with full jitter, as many clients hitting one API must.
 */
export class SimulatorApi {
  /** Retries by cause: "429", "503", "timeout" (no answer in 15 s), "network" (connection failed). */
  readonly retries: Record<string, number> = {};
  readonly limits = new Map<string, AnnouncedLimit>();

  constructor(
    readonly baseUrl: string,
    private readonly lanes: { place: PQueue; follow: PQueue },
    private readonly signal: AbortSignal,
    private readonly operatorToken: string | undefined,
  ) {}

  get hasOperator(): boolean {
    return this.operatorToken !== undefined;
  }

  async request<T = unknown>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<ApiAnswer<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.orderToken) headers['x-order-token'] = options.orderToken;
    if (options.operator && this.operatorToken) headers.authorization = `Bearer ${this.operatorToken}`;
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    const init: RequestInit = {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    };
    for (let attempt = 1; ; attempt++) {
      const lane = this.lanes[options.lane ?? 'follow'];
      const answer = await lane.add(() => this.once<T>(path, init));
      const retriable = answer.status === 0 || RETRIED.has(answer.status);
      if (!retriable || attempt >= MAX_ATTEMPTS || this.signal.aborted) return answer;
      const cause = answer.cause ?? String(answer.status);
      this.retries[cause] = (this.retries[cause] ?? 0) + 1;
      const waitMs = answer.retryAfterMs ?? backoffMs(attempt);
      try {
        await delay(waitMs, undefined, { signal: this.signal });
      } catch {
        return answer;
      }
    }
  }

  private async once<T>(
    path: string,
    init: RequestInit,
  ): Promise<ApiAnswer<T> & { retryAfterMs?: number; cause?: string }> {
    try {
      const res = await fetch(new URL(path, this.baseUrl), {
        ...init,
        signal: AbortSignal.any([this.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
      });
      this.notePolicy(res.headers.get('ratelimit-policy'));
      const text = await res.text();
      let body: T | undefined;
      try {
        body = text ? (JSON.parse(text) as T) : undefined;
      } catch {
        body = undefined;
      }
      const retryAfter = Number(res.headers.get('retry-after'));
      return {
        status: res.status,
        body,
        // Seconds per RFC 9110; bounded so one odd header cannot stall a journey.
        ...(Number.isFinite(retryAfter) && retryAfter > 0
          ? { retryAfterMs: Math.min(retryAfter, 30) * 1000 }
          : {}),
      };
    } catch (err) {
      return {
        status: 0,
        body: undefined,
        cause: (err as Error).name === 'TimeoutError' ? 'timeout' : 'network',
      };
    }
  }

  private notePolicy(header: string | null): void {
    for (const policy of header?.split(',') ?? []) {
      const name = /^\s*"([^"]+)"/.exec(policy)?.[1];
      const q = /;\s*q=(\d+)/.exec(policy)?.[1];
      const w = /;\s*w=(\d+)/.exec(policy)?.[1];
      if (!name || !q || !w || this.limits.has(name)) continue;
      this.limits.set(name, { name, limit: Number(q), windowSeconds: Number(w) });
    }
  }
}

/** 250 ms doubling per attempt up to 8 s, with full jitter (AWS architecture blog, "Exponential Backoff And Jitter"). */
export function backoffMs(attempt: number): number {
  return Math.random() * Math.min(8000, 250 * 2 ** attempt);
}
