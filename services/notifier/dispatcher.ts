import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { Registry } from 'prom-client';
import type { Db } from '../shared/db/connection.ts';
import type { Logger } from '../shared/logger.ts';
import type { WebhookTarget } from '../shared/notifications/webhook-targets.ts';
import { retryDelayMs } from './backoff.ts';
import { claimDue, markFailed, markSent } from './claim.ts';
import { notifierMetrics } from './metrics.ts';
import type { NotificationRow } from './notification-row.ts';
import { createDeliver, PermanentDeliveryError } from './transports.ts';

export interface DispatcherSettings {
  smtpUrl?: string | undefined;
  mailFrom: string;
  webhooks: readonly WebhookTarget[];
  webhookSecret?: string | undefined;
  /** Attempts in all, the first included, before a row is marked `failed`. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs?: number;
  /** Per attempt: a receiver that hangs costs one slot this long, never the whole dispatcher. */
  timeoutMs: number;
  /** Rows in flight at once. */
  concurrency: number;
  /** How often to look for due rows when idle. */
  pollMs: number;
}

export interface DispatcherOptions extends DispatcherSettings {
  db: Db;
  logger: Logger;
  registry?: Registry;
  /** Names this instance in `claimed_by`; host, pid and a random suffix by default. */
  instance?: string;
}

export interface Dispatcher {
  readonly instance: string;
  /** Sends every row due now (and those that fall due while it works) and resolves when none is left. */
  drain(): Promise<number>;
  /** Runs until close(): claims as slots free up, polls every `pollMs` when idle. */
  start(): void;
  close(): Promise<void>;
}

/**
 * The outbox dispatcher. A pump keeps up to `concurrency` rows in flight: whenever a slot frees it
 * claims that many more (claim.ts), so one slow or dead receiver holds one slot for one timeout while
 * the others keep flowing. Each outcome is recorded only under this instance's lease; the lease outlasts
 * an attempt's timeout by a wide margin, so a row cannot be claimed by a second instance while the first
 * is still sending it. A crash between sending and recording means one repeat after the lease: receivers
 * deduplicate by the `OMS-Notification-Id` header / the `id` field.
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const instance =
    options.instance ?? `${os.hostname().slice(0, 40)}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const leaseMs = options.timeoutMs * 3 + 30_000;
  const metrics = notifierMetrics(options.registry ?? new Registry());
  const log = options.logger;
  const transport = createDeliver({ ...options, logger: log });
  const inFlight = new Set<Promise<void>>();
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;

  async function attempt(row: NotificationRow): Promise<void> {
    const context = { notification: row.id, template: row.template, channel: row.channel };
    try {
      const via = await transport.deliver(row);
      await markSent(options.db, row, instance, new Date());
      metrics.notifications.inc({ channel: row.channel, outcome: 'sent' });
      log.debug({ ...context, via, attempt: row.attempts + 1 }, 'notification sent');
    } catch (err) {
      const error = describe(err);
      const attempts = row.attempts + 1;
      const retry = !(err instanceof PermanentDeliveryError) && attempts < options.maxAttempts;
      const retryAt = retry
        ? new Date(Date.now() + retryDelayMs(attempts, options.baseDelayMs, options.maxDelayMs))
        : undefined;
      try {
        await markFailed(options.db, row, instance, error, retryAt);
      } catch (dbErr) {
        // The lease runs out and another attempt follows: nothing is lost.
        log.warn({ ...context, err: describe(dbErr) }, 'could not record a failed attempt');
      }
      metrics.notifications.inc({ channel: row.channel, outcome: retry ? 'retried' : 'failed' });
      log.warn(
        { ...context, attempt: attempts, error, retryAt },
        retry ? 'notification will be retried' : 'notification failed',
      );
    }
  }

  /** Fills the free slots once; the number of rows claimed. */
  async function fill(): Promise<number> {
    const rows = await claimDue(options.db, {
      instance,
      limit: options.concurrency - inFlight.size,
      leaseMs,
      now: new Date(),
    });
    for (const row of rows) {
      const p: Promise<void> = attempt(row).finally(() => {
        inFlight.delete(p);
        wake?.();
      });
      inFlight.add(p);
    }
    return rows.length;
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });
  }

  return {
    instance,
    async drain() {
      let claimed = 0;
      for (;;) {
        const n = await fill();
        claimed += n;
        if (n === 0 && inFlight.size === 0) return claimed;
        if (n === 0 || inFlight.size >= options.concurrency) await Promise.race(inFlight);
      }
    },
    start() {
      if (running) return;
      running = true;
      loop = (async () => {
        while (running) {
          let n = 0;
          try {
            n = await fill();
          } catch (err) {
            log.warn({ err: describe(err) }, 'could not claim notifications; retrying');
          }
          if (!running) break;
          if (n === 0 || inFlight.size >= options.concurrency) await sleep(options.pollMs);
        }
      })();
    },
    async close() {
      running = false;
      wake?.();
      await loop;
      // Let the attempts in hand finish and be recorded (each is bounded by the timeout).
      await Promise.allSettled([...inFlight]);
      transport.close();
    },
  };
}

/** An error as one line for `last_error` and the log, without addresses or URLs (personal data, tokens). */
function describe(err: unknown): string {
  const text =
    err instanceof Error ? `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}` : String(err);
  const cause = err instanceof Error && err.cause instanceof Error ? ` (${err.cause.message})` : '';
  return `${text}${cause}`
    .replace(/[^\s<>"'@]+@[^\s<>"']+\.[a-z]{2,}/gi, '<address>')
    .replace(/https?:\/\/\S+/gi, '<url>')
    .slice(0, 2000);
}
