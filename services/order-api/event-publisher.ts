import { EventHubBufferedProducerClient, type EventData } from '@azure/event-hubs';
import type { EventHubConnection } from '../shared/azure/event-hub-connection.ts';
import { CLOUDEVENTS_CONTENT_TYPE, encodeEvent, type OrderCloudEvent } from '../shared/events/cloud-event.ts';

/** Publishes order events; `publish` resolves once the event is stored on the hub, not just buffered. */
export interface EventPublisher {
  publish(event: OrderCloudEvent): Promise<void>;
  /** Proves the hub answers (for /readyz). */
  check(): Promise<void>;
  close(): Promise<void>;
}

export interface PublisherOptions {
  /** Longest an event waits for its batch to fill before it is sent anyway. */
  maxWaitTimeInMs?: number;
}

/**
 * Batches events per partition with the SDK's buffered producer (flush when a batch is full or after a
 * few ms), keyed by order id so one order's events stay in order. Each HTTP request waits for the
 * success or error callback of the batch that carried its event, so a 202 means the event is on the hub.
 */
export function createEventHubPublisher(
  conn: EventHubConnection,
  options: PublisherOptions = {},
): EventPublisher {
  const pending = new Map<EventData, { resolve(): void; reject(err: Error): void }>();
  const settle = (events: unknown[], err?: Error) => {
    for (const e of events) {
      const waiter = pending.get(e as EventData);
      if (!waiter) continue;
      pending.delete(e as EventData);
      if (err) waiter.reject(err);
      else waiter.resolve();
    }
  };
  const clientOptions = {
    maxWaitTimeInMs: options.maxWaitTimeInMs ?? 5,
    maxEventBufferLengthPerPartition: 5000,
    onSendEventsSuccessHandler: (ctx: { events: unknown[] }) => settle(ctx.events),
    onSendEventsErrorHandler: (ctx: { events: unknown[]; error: Error }) => settle(ctx.events, ctx.error),
  };
  const client =
    conn.kind === 'connectionString'
      ? new EventHubBufferedProducerClient(conn.connectionString, conn.eventHubName, clientOptions)
      : new EventHubBufferedProducerClient(
          conn.fullyQualifiedNamespace,
          conn.eventHubName,
          conn.credential,
          clientOptions,
        );

  return {
    async publish(event) {
      const data: EventData = {
        body: encodeEvent(event),
        contentType: CLOUDEVENTS_CONTENT_TYPE,
        messageId: event.id,
      };
      const done = new Promise<void>((resolve, reject) => pending.set(data, { resolve, reject }));
      try {
        await client.enqueueEvent(data, { partitionKey: event.subject });
      } catch (err) {
        pending.delete(data);
        throw err;
      }
      await done;
    },
    async check() {
      await client.getPartitionIds();
    },
    async close() {
      await client.close({ flush: true });
    },
  };
}
