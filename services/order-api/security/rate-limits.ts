import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { sendProblem } from '../problem.ts';
import type { Principal } from './operator-auth.ts';

export interface RateLimitOptions {
  /** Order placement, cancellation and return requests per client IP. */
  ordersPerMinute: number;
  /** Order look-ups (tracking) per client IP. */
  trackingPerMinute: number;
  /** Agent questions per caller (operator subject, else IP). */
  agentPerMinute: number;
}

export interface RateLimits {
  orders: RequestHandler;
  tracking: RequestHandler;
  agent: RequestHandler;
}

/** The client address; behind the trusted proxy `req.ip` is the X-Forwarded-For client. IPv6 by /56. */
const clientKey = (req: Request) => ipKeyGenerator(req.ip ?? 'unknown', 56);

function perMinute(
  name: string,
  limit: number,
  key: (req: Request, res: Response) => string,
): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit,
    identifier: name,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: key,
    // express-rate-limit has set Retry-After (seconds until the window resets) before this runs.
    handler: (_req, res) =>
      sendProblem(
        res,
        429,
        'Too many requests',
        `At most ${limit} ${name} requests per minute; retry after the time in Retry-After.`,
      ),
  });
}

/**
 * Per-process, in-memory counters (each instance counts for itself; behind N instances the effective
 * limit is up to N times higher, which is acceptable for abuse damping and needs no shared store).
 */
export function createRateLimits(options: RateLimitOptions): RateLimits {
  return {
    orders: perMinute('orders', options.ordersPerMinute, clientKey),
    tracking: perMinute('tracking', options.trackingPerMinute, clientKey),
    agent: perMinute('agent', options.agentPerMinute, (req, res) => {
      const principal = res.locals.principal as Principal | undefined;
      return principal ? `principal:${principal.subject}` : clientKey(req);
    }),
  };
}
