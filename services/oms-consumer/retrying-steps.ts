import type { PartitionContext, ReceivedEventData } from '@azure/event-hubs';
import type { Db } from '../shared/db/connection.ts';
import type { Logger } from '../shared/logger.ts';
import { applyBatch, applyOneByOne, type BatchOutcome } from './apply-batch.ts';
import type { PlacementOptions } from './place-orders.ts';
import { backoffDelay, isGatewayUnavailable, isTransientError, sleep } from './backoff.ts';
import type { ConsumerMetrics } from './metrics.ts';
import type { ReceivedMessage } from './received-message.ts';

export interface RetryContext {
  db: Db;
  logger: Logger;
  metrics: ConsumerMetrics;
  /** Aborted at shutdown: waits end at once, and an outage no longer holds the batch. */
  stopping: AbortSignal;
  /** The decision policy and payment gateway orders are placed with (defaults when absent). */
  placement?: PlacementOptions;
}

/**
 * Applies a batch in one transaction, retrying with backoff while the database or the payment gateway
 * is away (the gateway is asked again with the same idempotency key, so nothing is charged twice). Resolves with
 * the outcome once committed, or undefined when shutdown interrupted an outage (the batch is then left
 * uncommitted and unchecked, and is redelivered).
 */
export async function applyWithRetry(
  ctx: RetryContext,
  messages: ReceivedMessage[],
  partitionId: string,
): Promise<BatchOutcome | undefined> {
  let lastWasTransient = true;
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0 && ctx.stopping.aborted) return undefined;
    try {
      // A batch that keeps failing for a reason other than an outage is split, so one bad message
      // is dead-lettered instead of blocking (or, by throwing, skipping) the partition.
      return attempt >= 3 && !lastWasTransient
        ? await applyOneByOne(ctx.db, messages, isTransientError, new Date(), ctx.placement)
        : await applyBatch(ctx.db, messages, new Date(), ctx.placement);
    } catch (err) {
      lastWasTransient = isTransientError(err);
      const gateway = isGatewayUnavailable(err);
      ctx.metrics.retries.inc({ stage: gateway ? 'gateway' : 'database' });
      const delay = backoffDelay(attempt);
      ctx.logger.warn(
        {
          err: { message: (err as Error).message, code: (err as { code?: string }).code },
          partitionId,
          attempt,
          delay,
        },
        gateway
          ? 'payment gateway unavailable: pausing the partition'
          : 'database unavailable: pausing the partition',
      );
      await sleep(delay, ctx.stopping);
    }
  }
}

/** Checkpoints after a commit, retrying while Blob Storage is away; at shutdown it gives up after 3 tries. */
export async function checkpointWithRetry(
  ctx: RetryContext,
  context: PartitionContext,
  last: ReceivedEventData,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await context.updateCheckpoint(last);
      return;
    } catch (err) {
      ctx.metrics.retries.inc({ stage: 'checkpoint' });
      if (ctx.stopping.aborted && attempt >= 3) {
        ctx.logger.warn(
          { partitionId: context.partitionId },
          'giving up the checkpoint at shutdown: the batch is committed and will be redelivered as no-ops',
        );
        return;
      }
      const delay = backoffDelay(attempt);
      ctx.logger.warn(
        { err: { message: (err as Error).message }, partitionId: context.partitionId, attempt, delay },
        'checkpoint failed: retrying',
      );
      await sleep(delay, ctx.stopping);
    }
  }
}
