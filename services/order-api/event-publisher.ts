import { EventHubProducerClient, type EventData, type EventDataBatch } from '@azure/event-hubs';
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
  /** Longest the first event of an idle partition waits for company before it is sent anyway. */
  maxWaitTimeInMs?: number;
  /**
   * Longest a request waits for the hub to confirm its event; past it `publish` rejects (the API answers
   * 503 and the client retries with the same Idempotency-Key, which yields the same event id).
   */
  confirmTimeoutMs?: number;
}

interface Waiting {
  data: EventData;
  resolve(): void;
  reject(err: Error): void;
}

interface PartitionQueue {
  id: string;
  waiting: Waiting[];
  /** A send is in flight: at most one per partition, so events reach the partition in publish order. */
  sending: boolean;
  timer: NodeJS.Timeout | undefined;
}

/** Events per send at most (the batch's byte limit may cut it shorter). */
const MAX_EVENTS_PER_SEND = 1000;

/**
 * Batches events per partition, keyed by order id (the Event Hubs hash, so one order's events share a
 * partition and stay in order), and sends one batch per partition at a time: while a send is in flight
 * the next events queue up and leave together, so the batch grows with the load; an idle partition
 * waits at most `maxWaitTimeInMs` for company. Each HTTP request waits for the send that carried its
 * event, so a 202 means the event is on the hub.
 *
 * Hand-rolled rather than the SDK's EventHubBufferedProducerClient: its publish loop races a timer and
 * an AbortController per event, which profiling showed as ~11 % of the API's CPU at full load.
 */
export function createEventHubPublisher(
  conn: EventHubConnection,
  options: PublisherOptions = {},
): EventPublisher {
  const maxWait = options.maxWaitTimeInMs ?? 5;
  const client =
    conn.kind === 'connectionString'
      ? new EventHubProducerClient(conn.connectionString, conn.eventHubName)
      : new EventHubProducerClient(conn.fullyQualifiedNamespace, conn.eventHubName, conn.credential);
  const partitions = new Map<string, PartitionQueue>();
  const inFlight = new Set<Promise<void>>();
  let partitionIds: Promise<string[]> | undefined;

  const partitionIdsOnce = () => {
    partitionIds ??= client.getPartitionIds().catch((err: unknown) => {
      partitionIds = undefined; // asked again by the next request
      throw err;
    });
    return partitionIds;
  };

  const queueFor = (id: string): PartitionQueue => {
    let q = partitions.get(id);
    if (!q) partitions.set(id, (q = { id, waiting: [], sending: false, timer: undefined }));
    return q;
  };

  const schedule = (q: PartitionQueue) => {
    if (q.sending || q.waiting.length === 0) return;
    if (q.waiting.length >= MAX_EVENTS_PER_SEND) return void send(q);
    q.timer ??= setTimeout(() => void send(q), maxWait);
  };

  const send = async (q: PartitionQueue): Promise<void> => {
    clearTimeout(q.timer);
    q.timer = undefined;
    if (q.sending || q.waiting.length === 0) return;
    q.sending = true;
    let taken: Waiting[] = [];
    const done = (async () => {
      try {
        const batch: EventDataBatch = await client.createBatch({ partitionId: q.id });
        // Taken after the await, so events that arrived meanwhile join this batch.
        let n = 0;
        while (n < q.waiting.length && n < MAX_EVENTS_PER_SEND && batch.tryAdd(q.waiting[n]!.data)) n++;
        if (n === 0) n = 1; // larger than a batch may be: sent alone below, and the hub refuses it
        taken = q.waiting.splice(0, n);
        if (batch.count === n) await client.sendBatch(batch);
        else await client.sendBatch([taken[0]!.data], { partitionId: q.id });
        for (const w of taken) w.resolve();
      } catch (err) {
        // No batch at all (the hub is away): everything waiting fails now rather than one by one.
        for (const w of taken.length ? taken : q.waiting.splice(0)) w.reject(err as Error);
      } finally {
        q.sending = false;
      }
    })();
    inFlight.add(done);
    await done;
    inFlight.delete(done);
    // What queued during the send leaves at once: it has already waited a round trip.
    if (q.waiting.length > 0) void send(q);
  };

  return {
    async publish(event) {
      const waiting: Waiting = {
        data: { body: encodeEvent(event), contentType: CLOUDEVENTS_CONTENT_TYPE, messageId: event.id },
        resolve: () => undefined,
        reject: () => undefined,
      };
      const done = new Promise<void>((resolve, reject) => Object.assign(waiting, { resolve, reject }));
      done.catch(() => undefined); // a send that fails after the deadline has no one left to tell
      let timer: NodeJS.Timeout | undefined;
      let queue: PartitionQueue | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          // Still queued ⇒ never sent: the 503 is then exact, not "maybe stored".
          const i = queue?.waiting.indexOf(waiting) ?? -1;
          if (i >= 0) queue!.waiting.splice(i, 1);
          reject(new Error(`the hub did not accept event ${event.id} in time`));
        }, options.confirmTimeoutMs ?? 10_000);
      });
      try {
        // Learning the partitions can itself wait (connecting), so the deadline covers both steps.
        await Promise.race([
          partitionIdsOnce().then((ids) => {
            queue = queueFor(ids[partitionIndexForKey(event.subject, ids.length)]!);
            queue.waiting.push(waiting);
            schedule(queue);
            return done;
          }),
          deadline,
        ]);
      } finally {
        clearTimeout(timer);
      }
    },
    async check() {
      await client.getPartitionIds();
    },
    async close() {
      for (const q of partitions.values()) void send(q);
      while (inFlight.size > 0 || [...partitions.values()].some((q) => q.waiting.length > 0)) {
        await Promise.all(inFlight);
        for (const q of partitions.values()) if (!q.sending) void send(q);
        await new Promise((r) => setImmediate(r));
      }
      await client.close();
    },
  };
}

/**
 * Partition key → partition index, the way Event Hubs and the SDK's buffered producer map it (Bob
 * Jenkins' lookup3 `hashlittle2` over the key's UTF-8 bytes, both seeds 0, folded to a signed 16-bit
 * value, `|hash % partitionCount|`), so an order's events land on the partition any other producer
 * keying by order id (the importer) would pick. Same function as services/dev-hub/partition-key.ts.
 */
export function partitionIndexForKey(partitionKey: string, partitionCount: number): number {
  const { b, c } = hashLittle2(Buffer.from(partitionKey, 'utf8'));
  return Math.abs((((c ^ b) << 16) >> 16) % partitionCount);
}

function rot(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** lookup3 `hashlittle2` with zero seeds; returns the primary (c) and secondary (b) hashes. */
function hashLittle2(data: Buffer): { b: number; c: number } {
  let a = (0xdeadbeef + data.length) >>> 0;
  let b = a;
  let c = a;
  let i = 0;
  let remaining = data.length;
  while (remaining > 12) {
    a = (a + data.readUInt32LE(i)) | 0;
    b = (b + data.readUInt32LE(i + 4)) | 0;
    c = (c + data.readUInt32LE(i + 8)) | 0;
    a = (a - c) | 0;
    a ^= rot(c, 4);
    c = (c + b) | 0;
    b = (b - a) | 0;
    b ^= rot(a, 6);
    a = (a + c) | 0;
    c = (c - b) | 0;
    c ^= rot(b, 8);
    b = (b + a) | 0;
    a = (a - c) | 0;
    a ^= rot(c, 16);
    c = (c + b) | 0;
    b = (b - a) | 0;
    b ^= rot(a, 19);
    a = (a + c) | 0;
    c = (c - b) | 0;
    c ^= rot(b, 4);
    b = (b + a) | 0;
    i += 12;
    remaining -= 12;
  }
  if (remaining === 0) return { b, c };
  const byte = (k: number): number => (k < remaining ? (data[i + k] ?? 0) : 0);
  a = (a + (byte(0) | (byte(1) << 8) | (byte(2) << 16) | (byte(3) << 24))) | 0;
  if (remaining > 4) b = (b + (byte(4) | (byte(5) << 8) | (byte(6) << 16) | (byte(7) << 24))) | 0;
  if (remaining > 8) c = (c + (byte(8) | (byte(9) << 8) | (byte(10) << 16) | (byte(11) << 24))) | 0;
  c ^= b;
  c = (c - rot(b, 14)) | 0;
  a ^= c;
  a = (a - rot(c, 11)) | 0;
  b ^= a;
  b = (b - rot(a, 25)) | 0;
  c ^= b;
  c = (c - rot(b, 16)) | 0;
  a ^= c;
  a = (a - rot(c, 4)) | 0;
  b ^= a;
  b = (b - rot(a, 14)) | 0;
  c ^= b;
  c = (c - rot(b, 24)) | 0;
  return { b, c };
}
