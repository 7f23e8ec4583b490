import type { EventData } from '@azure/event-hubs';
import { bufferedProducer, orderEventData } from '../shared/azure/buffered-producer.ts';
import type { EventHubConnection } from '../shared/azure/event-hub-connection.ts';
import type { OrderCloudEvent } from '../shared/events/cloud-event.ts';

/** Publishes order events; `publish` resolves once the event is stored on the hub, not just buffered. */
export interface EventPublisher {
  publish(event: OrderCloudEvent): Promise<void>;
  /**
   * Sends a message body as it is (an operator's retry of a dead letter, which may not even parse),
   * with the given partition key and AMQP application properties; resolves once the hub stored it.
   */
  publishRaw(message: RawMessage): Promise<void>;
  /** Proves the hub answers (for /readyz). */
  check(): Promise<void>;
  close(): Promise<void>;
}

export interface RawMessage {
  body: Buffer;
  partitionKey: string;
  contentType?: string;
  messageId?: string;
  properties?: Record<string, string | number>;
}

export interface PublisherOptions {
  /** Longest an event waits for its batch to fill before it is sent anyway. */
  maxWaitTimeInMs?: number;
  /**
   * Longest a request waits for the hub to confirm its event; past it `publish` rejects (the API answers
   * 503 and the client retries with the same Idempotency-Key, which yields the same event id).
   */
  confirmTimeoutMs?: number;
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
  const client = bufferedProducer(conn, clientOptions);

  const send = async (data: EventData, partitionKey: string, what: string) => {
    const done = new Promise<void>((resolve, reject) => pending.set(data, { resolve, reject }));
    done.catch(() => undefined); // settled by the handlers; awaited below
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the hub did not accept ${what} in time`)),
        options.confirmTimeoutMs ?? 10_000,
      );
    });
    try {
      // Enqueueing can itself wait (connecting, a full buffer), so the deadline covers both steps.
      await Promise.race([client.enqueueEvent(data, { partitionKey }).then(() => done), deadline]);
    } finally {
      clearTimeout(timer);
      pending.delete(data);
    }
  };

  return {
    async publish(event) {
      await send(orderEventData(event), event.subject, `event ${event.id}`);
    },
    async publishRaw(message) {
      const data: EventData = {
        body: message.body,
        ...(message.contentType ? { contentType: message.contentType } : {}),
        ...(message.messageId ? { messageId: message.messageId } : {}),
        ...(message.properties ? { properties: message.properties } : {}),
      };
      await send(data, message.partitionKey, 'a retried message');
    },
    async check() {
      await client.getPartitionIds();
    },
    async close() {
      await client.close({ flush: true });
    },
  };
}
