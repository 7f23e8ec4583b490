import { earliestEventPosition } from '@azure/event-hubs';
import type { ContainerClient } from '@azure/storage-blob';
import type { Registry } from 'prom-client';
import type { EventHubConnection } from '../shared/azure/event-hub-connection.ts';
import type { Db } from '../shared/db/connection.ts';
import type { Logger } from '../shared/logger.ts';
import { createConsumerClient, type PartitionSharing } from './consumer-client.ts';
import { consumerMetrics } from './metrics.ts';
import { processEvents, type ConsumeMode } from './process-events.ts';
import type { PlacementOptions } from './place-orders.ts';
import type { RetryContext } from './retrying-steps.ts';

export interface ConsumerOptions extends PartitionSharing {
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
  mode?: ConsumeMode;
  /** The decision policy and payment gateway orders are placed with (defaults when absent). */
  placement?: PlacementOptions;
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
  const { logger } = options;
  const client = await createConsumerClient(
    options.connection,
    options.consumerGroup,
    options.checkpointContainer,
    options,
  );
  const stopping = new AbortController();
  const ctx: RetryContext = {
    db: options.db,
    logger,
    ...(options.placement ? { placement: options.placement } : {}),
    metrics: consumerMetrics(options.registry),
    stopping: stopping.signal,
  };
  let inFlight = Promise.resolve();

  const subscription = client.subscribe(
    {
      processEvents: async (events, context) => {
        if (events.length === 0 || stopping.signal.aborted) return;
        const work = processEvents(ctx, options.mode ?? 'batched', events, context);
        // Shutdown waits for the batch in hand, whatever its outcome.
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
