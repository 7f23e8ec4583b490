import {
  EventHubConsumerClient,
  earliestEventPosition,
  type CheckpointStore,
  type PartitionContext,
  type ReceivedEventData,
  type Subscription,
} from '@azure/event-hubs';
import { BlobCheckpointStore } from '@azure/eventhubs-checkpointstore-blob';
import type { ContainerClient } from '@azure/storage-blob';
import type { Registry } from 'prom-client';
import type { EventHubConnection } from '../shared/azure/event-hub-connection.ts';
import type { Db } from '../shared/db/connection.ts';
import type { Logger } from '../shared/logger.ts';
import { applyBatch, applyOneByOne } from './apply-batch.ts';
import { backoffDelay, isTransientDbError, sleep } from './backoff.ts';
import { consumerMetrics } from './metrics.ts';
import type { ReceivedMessage } from './received-message.ts';

export interface ConsumerOptions {
  connection: EventHubConnection;
  consumerGroup: string;
  checkpointContainer: ContainerClient;
  db: Db;
  logger: Logger;
  registry: Registry;
  /** Largest batch handed to one transaction. */
  maxBatchSize?: number;
  /** How long to wait for a batch to fill before processing what arrived. */
  maxWaitTimeInSeconds?: number;
  /**
   * `per-event`: one transaction and one checkpoint per event — the naive design, kept only as the
   * benchmark's baseline. `batched` (default) is the product.
   */
  mode?: 'batched' | 'per-event';
  /** How often the instance renews and rebalances partition ownership. */
  loadBalancingIntervalMs?: number;
  /** After this long without renewal another instance may take a partition over. */
  ownershipExpirationMs?: number;
}

export interface RunningConsumer {
  /** Finishes the batch in hand, checkpoints it, and closes the client. */
  close(): Promise<void>;
}

/**
 * The OMS consumer: several instances share the hub's partitions through the Blob checkpoint store.
 * Per batch: apply in one transaction (retrying with backoff while the database is away), then
 * checkpoint (retrying while Blob is away). A batch is never checkpointed before its commit, and the
 * next batch is not read until both are done, so a crash at any point only causes redelivery, which the
 * unique event ids turn into no-ops.
 */
export async function startConsumer(options: ConsumerOptions): Promise<RunningConsumer> {
  const { connection, consumerGroup, db, logger } = options;
  await options.checkpointContainer.createIfNotExists();
  const checkpointStore: CheckpointStore = new BlobCheckpointStore(
    options.checkpointContainer,
  ) as unknown as CheckpointStore;
  // Greedy claiming takes every free partition at once (the default claims one per 10 s), and a dead
  // instance's partitions are taken over once its ownership expires.
  const clientOptions = {
    loadBalancingOptions: {
      strategy: 'greedy' as const,
      updateIntervalInMs: options.loadBalancingIntervalMs ?? 2_000,
      partitionOwnershipExpirationIntervalInMs: options.ownershipExpirationMs ?? 10_000,
    },
  };
  const client =
    connection.kind === 'connectionString'
      ? new EventHubConsumerClient(
          consumerGroup,
          connection.connectionString,
          connection.eventHubName,
          checkpointStore,
          clientOptions,
        )
      : new EventHubConsumerClient(
          consumerGroup,
          connection.fullyQualifiedNamespace,
          connection.eventHubName,
          connection.credential,
          checkpointStore,
          clientOptions,
        );
  const metrics = consumerMetrics(options.registry);
  const stopping = new AbortController();
  let inFlight = Promise.resolve();

  /** Resolves with the outcome once committed, or undefined when shutdown interrupted an outage. */
  const applyWithRetry = async (messages: ReceivedMessage[], partitionId: string) => {
    let lastWasTransient = true;
    for (let attempt = 0; ; attempt++) {
      // Shutting down during an outage: leave the batch uncommitted and unchecked; it is redelivered.
      if (attempt > 0 && stopping.signal.aborted) return undefined;
      try {
        // A batch that keeps failing for a reason other than an outage is split, so one bad message
        // is dead-lettered instead of blocking (or, by throwing, skipping) the partition.
        return attempt >= 3 && !lastWasTransient
          ? await applyOneByOne(db, messages, isTransientDbError)
          : await applyBatch(db, messages);
      } catch (err) {
        lastWasTransient = isTransientDbError(err);
        metrics.retries.inc({ stage: 'database' });
        const delay = backoffDelay(attempt);
        logger.warn(
          {
            err: { message: (err as Error).message, code: (err as { code?: string }).code },
            partitionId,
            attempt,
            delay,
          },
          'database unavailable: pausing the partition',
        );
        await sleep(delay, stopping.signal);
      }
    }
  };

  const checkpointWithRetry = async (context: PartitionContext, last: ReceivedEventData) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await context.updateCheckpoint(last);
        return;
      } catch (err) {
        metrics.retries.inc({ stage: 'checkpoint' });
        if (stopping.signal.aborted && attempt >= 3) {
          logger.warn(
            { partitionId: context.partitionId },
            'giving up the checkpoint at shutdown: the batch is committed and will be redelivered as no-ops',
          );
          return;
        }
        const delay = backoffDelay(attempt);
        logger.warn(
          { err: { message: (err as Error).message }, partitionId: context.partitionId, attempt, delay },
          'checkpoint failed: retrying',
        );
        await sleep(delay, stopping.signal);
      }
    }
  };

  const subscription: Subscription = client.subscribe(
    {
      processEvents: async (events, context) => {
        if (events.length === 0 || stopping.signal.aborted) return;
        const work = (async () => {
          const started = performance.now();
          const messages: ReceivedMessage[] = events.map((e) => ({
            body: e.body,
            partitionId: context.partitionId,
            sequenceNumber: e.sequenceNumber,
            enqueuedTimeUtc: e.enqueuedTimeUtc,
          }));
          let outcome = { applied: 0, duplicates: 0, deadLettered: 0 };
          if (options.mode === 'per-event') {
            for (const [i, message] of messages.entries()) {
              const one = await applyWithRetry([message], context.partitionId);
              if (!one) return;
              await checkpointWithRetry(context, events[i]!);
              outcome = {
                applied: outcome.applied + one.applied,
                duplicates: outcome.duplicates + one.duplicates,
                deadLettered: outcome.deadLettered + one.deadLettered,
              };
            }
          } else {
            const committed = await applyWithRetry(messages, context.partitionId);
            if (!committed) return;
            outcome = committed;
            await checkpointWithRetry(context, events[events.length - 1]!);
          }
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
        })();
        inFlight = work.catch(() => undefined);
        await work;
      },
      processError: async (err, context) => {
        logger.warn(
          {
            err: { message: err.message, code: (err as { code?: string }).code },
            partitionId: context.partitionId,
          },
          'event hub error',
        );
      },
      processInitialize: async (context) => {
        logger.info({ partitionId: context.partitionId }, 'partition claimed');
      },
      processClose: async (reason, context) => {
        logger.info({ partitionId: context.partitionId, reason }, 'partition released');
      },
    },
    {
      startPosition: earliestEventPosition,
      maxBatchSize: options.maxBatchSize ?? 500,
      maxWaitTimeInSeconds: options.maxWaitTimeInSeconds ?? 0.05,
      trackLastEnqueuedEventProperties: true,
      skipParsingBodyAsJson: true,
    },
  );

  return {
    async close() {
      stopping.abort();
      await inFlight;
      await subscription.close();
      await client.close();
    },
  };
}
