import {
  EventHubBufferedProducerClient,
  EventHubConsumerClient,
  EventHubProducerClient,
  earliestEventPosition,
  latestEventPosition,
  type MessagingError,
  type ReceivedEventData,
} from '@azure/event-hubs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partitionIndexForKey } from '../../services/dev-hub/index.ts';
import { receiveFromPartition, startTestDevHub, type DevHub } from '../helpers/dev-hub.ts';

// The SDK's own client-side key → partition mapper (internal; imported by path to compare against it).
import { mapPartitionKeyToId } from '../../node_modules/@azure/event-hubs/dist/esm/impl/partitionKeyToIdMapper.js';

const noRetry = { retryOptions: { maxRetries: 0, timeoutInMs: 5000 } };

let hub: DevHub;
let producer: EventHubProducerClient;
let consumer: EventHubConsumerClient;

beforeAll(async () => {
  hub = await startTestDevHub({
    hubs: [
      { name: 'orders', partitionCount: 4, consumerGroups: ['oms', 'analytics'] },
      { name: 'routing', partitionCount: 4 },
    ],
  });
  producer = new EventHubProducerClient(hub.connectionString('orders'));
  consumer = new EventHubConsumerClient('$Default', hub.connectionString('orders'));
});

afterAll(async () => {
  await consumer?.close();
  await producer?.close();
  await hub?.close();
});

function bodies(events: ReceivedEventData[]): unknown[] {
  return events.map((e) => e.body);
}

describe('hub and partition properties ($management)', () => {
  it('reports the configured hub', async () => {
    const props = await producer.getEventHubProperties();
    expect(props.name).toBe('orders');
    expect(props.partitionIds).toEqual(['0', '1', '2', '3']);
    expect(Math.abs(props.createdOn.getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('reports an empty partition, then its last enqueued event', async () => {
    const before = await producer.getPartitionProperties('1');
    expect(before).toMatchObject({
      partitionId: '1',
      eventHubName: 'orders',
      isEmpty: true,
      lastEnqueuedSequenceNumber: -1,
    });

    await producer.sendBatch([{ body: 'a' }, { body: 'b' }, { body: 'c' }], { partitionId: '1' });
    const after = await producer.getPartitionProperties('1');
    const { events } = await receiveFromPartition(consumer, '1', earliestEventPosition, { count: 3 });
    const last = events.at(-1) as ReceivedEventData;
    expect(after.isEmpty).toBe(false);
    expect(after.beginningSequenceNumber).toBe(0);
    expect(after.lastEnqueuedSequenceNumber).toBe(2);
    expect(after.lastEnqueuedOffset).toBe(last.offset);
    expect(after.lastEnqueuedOnUtc.getTime()).toBe(last.enqueuedTimeUtc.getTime());
  });

  it('answers an unknown partition with ArgumentOutOfRangeError, as Event Hubs does', async () => {
    await expect(producer.getPartitionProperties('9')).rejects.toMatchObject({
      code: 'ArgumentOutOfRangeError',
    });
  });

  it('offers the 1 MB Event Hubs message size limit to batches', async () => {
    const batch = await producer.createBatch();
    expect(batch.maxSizeInBytes).toBe(1024 * 1024);
    expect(batch.tryAdd({ body: Buffer.alloc(1024 * 1024) })).toBe(false);
  });
});

describe('publishing and receiving', () => {
  it('keeps order, numbers and offsets within a partition sent to by id', async () => {
    const startedAt = Date.now();
    for (let i = 0; i < 50; i += 10) {
      await producer.sendBatch(
        Array.from({ length: 10 }, (_, j) => ({ body: { i: i + j }, properties: { n: i + j } })),
        { partitionId: '2' },
      );
    }
    const { events } = await receiveFromPartition(consumer, '2', earliestEventPosition, { count: 50 });
    expect(bodies(events)).toEqual(Array.from({ length: 50 }, (_, i) => ({ i })));
    expect(events.map((e) => e.sequenceNumber)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(events.map((e) => e.properties?.n)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const offsets = events.map((e) => Number(e.offset));
    expect(events.every((e) => typeof e.offset === 'string')).toBe(true);
    expect(offsets[0]).toBe(0);
    for (let i = 1; i < offsets.length; i++) expect(offsets[i]).toBeGreaterThan(offsets[i - 1] as number);
    for (const e of events) {
      expect(e.enqueuedTimeUtc.getTime()).toBeGreaterThanOrEqual(startedAt - 5);
      expect(e.enqueuedTimeUtc.getTime()).toBeLessThanOrEqual(Date.now());
    }
  });

  it('routes a partition key to one partition, in order, the way the SDK maps keys itself', async () => {
    const keyed = new EventHubProducerClient(hub.connectionString('routing'));
    const keys = Array.from({ length: 16 }, (_, k) => `order-${k}-${'x'.repeat(k)}`);
    const expected = new Map(keys.map((key) => [key, String(partitionIndexForKey(key, 4))]));
    for (const key of keys) expect(expected.get(key)).toBe(String(mapPartitionKeyToId(key, 4)));
    expect(new Set(expected.values()).size).toBeGreaterThan(1);

    // Interleave the keys so order per key is meaningful.
    for (let round = 0; round < 4; round++) {
      for (const key of keys) await keyed.sendBatch([{ body: { key, round } }], { partitionKey: key });
    }
    // The buffered producer maps keys client-side and sends to the partition link: it must agree.
    const buffered = new EventHubBufferedProducerClient(hub.connectionString('routing'), {
      onSendEventsErrorHandler: () => undefined,
      maxWaitTimeInMs: 50,
    });
    for (const key of keys) await buffered.enqueueEvent({ body: { key, round: 4 } }, { partitionKey: key });
    await buffered.close({ flush: true });
    await keyed.close();

    const seen = new Map<string, { partitionId: string; rounds: number[] }>();
    const total = keys.length * 5;
    let received = 0;
    const readers = new EventHubConsumerClient('$Default', hub.connectionString('routing'));
    for (const partitionId of ['0', '1', '2', '3']) {
      const count = [...expected.values()].filter((p) => p === partitionId).length * 5;
      if (count === 0) continue;
      const { events } = await receiveFromPartition(readers, partitionId, earliestEventPosition, { count });
      received += events.length;
      for (const e of events) {
        const { key, round } = e.body as { key?: string; round?: number };
        if (key === undefined || round === undefined) continue;
        // The buffered producer resolves the key itself and publishes to the partition without it.
        if (round < 4) expect(e.partitionKey).toBe(key);
        const entry = seen.get(key) ?? { partitionId, rounds: [] };
        expect(entry.partitionId).toBe(partitionId);
        entry.rounds.push(round);
        seen.set(key, entry);
      }
    }
    await readers.close();
    expect(received).toBe(total);
    for (const key of keys) {
      expect(seen.get(key)?.partitionId, key).toBe(expected.get(key));
      expect(seen.get(key)?.rounds, key).toEqual([0, 1, 2, 3, 4]);
    }
  });
});

describe('event positions', () => {
  let events: ReceivedEventData[];

  beforeAll(async () => {
    await producer.sendBatch(
      Array.from({ length: 6 }, (_, i) => ({ body: i })),
      { partitionId: '3' },
    );
    await new Promise((r) => setTimeout(r, 30));
    await producer.sendBatch(
      Array.from({ length: 4 }, (_, i) => ({ body: 6 + i })),
      { partitionId: '3' },
    );
    ({ events } = await receiveFromPartition(consumer, '3', earliestEventPosition, { count: 10 }));
    expect(bodies(events)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  const read = async (position: Parameters<typeof receiveFromPartition>[2], count?: number) =>
    receiveFromPartition(consumer, '3', position, {
      timeoutMs: count === undefined ? 1000 : 10_000,
      ...(count ? { count } : {}),
    });

  it('starts after or at an offset', async () => {
    const offset = (events[4] as ReceivedEventData).offset;
    expect(bodies((await read({ offset, isInclusive: true }, 6)).events)).toEqual([4, 5, 6, 7, 8, 9]);
    expect(bodies((await read({ offset }, 5)).events)).toEqual([5, 6, 7, 8, 9]);
  });

  it('starts after or at a sequence number', async () => {
    expect(bodies((await read({ sequenceNumber: 7, isInclusive: true }, 3)).events)).toEqual([7, 8, 9]);
    expect(bodies((await read({ sequenceNumber: 7 }, 2)).events)).toEqual([8, 9]);
  });

  it('starts after an enqueued time', async () => {
    const enqueuedOn = (events[5] as ReceivedEventData).enqueuedTimeUtc;
    expect((events[6] as ReceivedEventData).enqueuedTimeUtc.getTime()).toBeGreaterThan(enqueuedOn.getTime());
    expect(bodies((await read({ enqueuedOn }, 4)).events)).toEqual([6, 7, 8, 9]);
  });

  it('starts at the end with latest: only events sent after the receiver opened', async () => {
    const received: ReceivedEventData[] = [];
    let ready!: () => void;
    const opened = new Promise<void>((r) => (ready = r));
    const subscription = consumer.subscribe(
      '3',
      {
        processEvents: async (batch) => {
          received.push(...batch);
          ready(); // the first (possibly empty) batch means the link is attached
        },
        processError: async () => undefined,
      },
      { startPosition: latestEventPosition, maxWaitTimeInSeconds: 0.2 },
    );
    await opened;
    await producer.sendBatch([{ body: 'late-1' }, { body: 'late-2' }], { partitionId: '3' });
    const deadline = Date.now() + 10_000;
    while (received.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await subscription.close();
    expect(bodies(received)).toEqual(['late-1', 'late-2']);
  });

  it('refuses a start beyond the end of the partition (ArgumentOutOfRangeError)', async () => {
    const { events: got, errors } = await receiveFromPartition(
      consumer,
      '3',
      { sequenceNumber: 500 },
      { stopOnError: true },
    );
    expect(got).toEqual([]);
    expect((errors[0] as MessagingError | undefined)?.code).toBe('ArgumentOutOfRangeError');
  });

  it('adds last-enqueued runtime metrics when asked', async () => {
    let last: { sequenceNumber?: number; offset?: string } | undefined;
    let ready!: () => void;
    const done = new Promise<void>((r) => (ready = r));
    const subscription = consumer.subscribe(
      '3',
      {
        processEvents: async (batch, context) => {
          if (batch.length > 0) {
            last = { ...context.lastEnqueuedEventProperties };
            ready();
          }
        },
        processError: async () => undefined,
      },
      { startPosition: earliestEventPosition, trackLastEnqueuedEventProperties: true, maxBatchSize: 1 },
    );
    await done;
    await subscription.close();
    const props = await producer.getPartitionProperties('3');
    expect(last?.sequenceNumber).toBe(props.lastEnqueuedSequenceNumber);
    expect(last?.offset).toBe(props.lastEnqueuedOffset);
  });
});

describe('consumer groups and entities', () => {
  it('serves configured consumer groups independently and case-insensitively', async () => {
    await producer.sendBatch([{ body: 'for-all-groups' }], { partitionId: '0' });
    for (const group of ['oms', 'ANALYTICS', '$default']) {
      const client = new EventHubConsumerClient(group, hub.connectionString('orders'));
      const { events } = await receiveFromPartition(client, '0', earliestEventPosition, { count: 1 });
      await client.close();
      expect(bodies(events)).toContain('for-all-groups');
    }
  });

  it('refuses an unknown consumer group with MessagingEntityNotFoundError', async () => {
    const client = new EventHubConsumerClient('nope', hub.connectionString('orders'));
    const { errors } = await receiveFromPartition(client, '0', earliestEventPosition, { stopOnError: true });
    await client.close();
    expect((errors[0] as MessagingError | undefined)?.code).toBe('MessagingEntityNotFoundError');
  });

  it('refuses an unknown event hub', async () => {
    const client = new EventHubProducerClient(hub.connectionString(), 'payments', noRetry);
    await expect(client.getEventHubProperties()).rejects.toMatchObject({
      code: 'MessagingEntityNotFoundError',
    });
    await expect(client.sendBatch([{ body: 1 }], { partitionId: '0' })).rejects.toMatchObject({
      code: 'MessagingEntityNotFoundError',
    });
    await client.close();
  });

  it('rejects tokens signed with a key the hub does not know', async () => {
    const bad = hub.connectionString('orders').replace(/SharedAccessKey=[^;]+/, 'SharedAccessKey=wrong');
    const client = new EventHubProducerClient(bad, noRetry);
    await expect(client.getEventHubProperties()).rejects.toMatchObject({ code: 'UnauthorizedError' });
    await client.close();
  });
});

describe('owner level (epoch)', () => {
  it('lets a higher owner level take the partition and refuses lower ones', async () => {
    const events = { low: [] as unknown[], high: [] as unknown[] };
    const errors = {
      low: [] as MessagingError[],
      high: [] as MessagingError[],
      late: [] as MessagingError[],
    };
    const closeReasons: string[] = [];
    const clients = [1, 2, 3].map(() => new EventHubConsumerClient('oms', hub.connectionString('orders')));
    const [lowClient, highClient, lateClient] = clients as [
      EventHubConsumerClient,
      EventHubConsumerClient,
      EventHubConsumerClient,
    ];

    let lowReady!: () => void;
    const lowOpened = new Promise<void>((r) => (lowReady = r));
    const low = lowClient.subscribe(
      '1',
      {
        processEvents: async (batch) => {
          events.low.push(...bodies(batch));
          lowReady();
        },
        processError: async (err) => void errors.low.push(err as MessagingError),
        processClose: async (reason) => void closeReasons.push(reason),
      },
      { startPosition: latestEventPosition, ownerLevel: 1, maxWaitTimeInSeconds: 0.2 },
    );
    await lowOpened;

    let highReady!: () => void;
    const highOpened = new Promise<void>((r) => (highReady = r));
    const high = highClient.subscribe(
      '1',
      {
        processEvents: async (batch) => {
          events.high.push(...bodies(batch));
          highReady();
        },
        processError: async (err) => void errors.high.push(err as MessagingError),
      },
      { startPosition: latestEventPosition, ownerLevel: 2, maxWaitTimeInSeconds: 0.2 },
    );
    await highOpened;
    const deadline = Date.now() + 10_000;
    while (errors.low.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(errors.low[0]?.code).toBe('ReceiverDisconnectedError');
    expect(errors.low[0]?.message).toMatch(/higher epoch of '2'/);

    // A lower owner level than the current owner is refused; the owner keeps reading.
    const late = lateClient.subscribe(
      '1',
      {
        processEvents: async () => undefined,
        processError: async (err) => void errors.late.push(err as MessagingError),
      },
      { startPosition: latestEventPosition, ownerLevel: 1, maxWaitTimeInSeconds: 0.2 },
    );
    while (errors.late.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(errors.late[0]?.code).toBe('ReceiverDisconnectedError');

    await producer.sendBatch([{ body: 'after-takeover' }], { partitionId: '1' });
    while (!events.high.includes('after-takeover') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(events.high).toContain('after-takeover');
    expect(events.low).not.toContain('after-takeover');
    expect(errors.high).toEqual([]);
    expect(closeReasons).toContain('OwnershipLost');

    await Promise.all([low.close(), high.close(), late.close()]);
    await Promise.all(clients.map((c) => c.close()));
  });
});
