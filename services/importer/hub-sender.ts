import { bufferedProducer, orderEventData } from '../shared/azure/buffered-producer.ts';
import type { EventHubConnection } from '../shared/azure/event-hub-connection.ts';
import type { OrderCloudEvent } from '../shared/events/cloud-event.ts';

/** Sends many events with bounded memory; `flush` reports how many reached the hub since the last flush. */
export interface EventSender {
  /** Resolves once the event is buffered; waits while the buffer is full (backpressure). */
  send(event: OrderCloudEvent): Promise<void>;
  flush(): Promise<SendOutcome>;
  close(): Promise<void>;
}

export interface SendOutcome {
  sent: number;
  failed: number;
  /** The first send error, when any batch failed. */
  error?: string;
}

export interface SenderOptions {
  /** Events buffered per partition before `send` waits; bounds memory (4 partitions × this × ~1 kB). */
  bufferPerPartition?: number;
  /** Longest a partly filled batch waits before it is sent. */
  maxWaitTimeInMs?: number;
}

/**
 * The SDK's buffered producer, keyed by order id like the API's publisher, so an order's events share
 * a partition. Unlike the API (which waits for its one event), an import does not wait per event:
 * batches go out as they fill while the file is still being read, and `enqueueEvent` waits when a
 * partition's buffer is full — the file is read only as fast as the hub takes it.
 */
export function createHubSender(conn: EventHubConnection, options: SenderOptions = {}): EventSender {
  let outcome: SendOutcome = { sent: 0, failed: 0 };
  const clientOptions = {
    maxWaitTimeInMs: options.maxWaitTimeInMs ?? 20,
    maxEventBufferLengthPerPartition: options.bufferPerPartition ?? 1000,
    onSendEventsSuccessHandler: (ctx: { events: unknown[] }) => {
      outcome.sent += ctx.events.length;
    },
    onSendEventsErrorHandler: (ctx: { events: unknown[]; error: Error }) => {
      outcome.failed += ctx.events.length;
      outcome.error ??= ctx.error.message;
    },
  };
  const client = bufferedProducer(conn, clientOptions);
  return {
    async send(event) {
      const data = orderEventData(event);
      await client.enqueueEvent(data, { partitionKey: event.subject });
    },
    async flush() {
      await client.flush();
      const done = outcome;
      outcome = { sent: 0, failed: 0 };
      return done;
    },
    async close() {
      await client.close({ flush: true });
    },
  };
}
