import type { PartitionContext, ReceivedEventData } from '@azure/event-hubs';
import { retriedDeadLetterId } from '../shared/events/dead-letter-retry.ts';
import type { BatchOutcome } from './apply-batch.ts';
import type { ReceivedMessage } from './received-message.ts';
import { prepareReturnComments } from './return-sentiment.ts';
import { applyWithRetry, checkpointWithRetry, type RetryContext } from './retrying-steps.ts';

export type ConsumeMode = 'batched' | 'per-event';

/**
 * One batch of a partition: applied (in one transaction, or one per event in `per-event` mode), then
 * checkpointed, never the other way round; then counted. Returns without counting when shutdown
 * interrupted a database outage.
 */
export async function processEvents(
  ctx: RetryContext,
  mode: ConsumeMode,
  events: ReceivedEventData[],
  context: PartitionContext,
): Promise<void> {
  const started = performance.now();
  const messages: ReceivedMessage[] = events.map((e) => ({
    body: e.body,
    partitionId: context.partitionId,
    sequenceNumber: e.sequenceNumber,
    enqueuedTimeUtc: e.enqueuedTimeUtc,
    ...optionalRetryOf(retriedDeadLetterId(e.properties)),
  }));
  let outcome: BatchOutcome = { applied: 0, duplicates: 0, deadLettered: 0 };
  // An LLM reading of return comments happens before the transaction, never inside it.
  await prepareReturnComments(messages);
  if (mode === 'per-event') {
    for (const [i, message] of messages.entries()) {
      const one = await applyWithRetry(ctx, [message], context.partitionId);
      if (!one) return;
      await checkpointWithRetry(ctx, context, events[i]!);
      outcome = {
        applied: outcome.applied + one.applied,
        duplicates: outcome.duplicates + one.duplicates,
        deadLettered: outcome.deadLettered + one.deadLettered,
      };
    }
  } else {
    const committed = await applyWithRetry(ctx, messages, context.partitionId);
    if (!committed) return;
    outcome = committed;
    await checkpointWithRetry(ctx, context, events[events.length - 1]!);
  }

  const { metrics } = ctx;
  metrics.events.inc({ outcome: 'applied' }, outcome.applied);
  metrics.events.inc({ outcome: 'duplicate' }, outcome.duplicates);
  metrics.events.inc({ outcome: 'dead_letter' }, outcome.deadLettered);
  metrics.deadLetters.inc(outcome.deadLettered);
  metrics.batchSize.observe(events.length);
  metrics.batchSeconds.observe((performance.now() - started) / 1000);
  const last = context.lastEnqueuedEventProperties;
  if (last?.sequenceNumber !== undefined) {
    metrics.lag.set(
      { partition: context.partitionId },
      Math.max(0, last.sequenceNumber - events[events.length - 1]!.sequenceNumber),
    );
  }
}

/** Only retries carry the field, so ordinary messages stay as they were. */
function optionalRetryOf(id: number | undefined): { retryOf?: number } {
  return id === undefined ? {} : { retryOf: id };
}
