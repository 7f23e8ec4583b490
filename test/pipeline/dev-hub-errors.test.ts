/**
 * The dev hub reports errors the way Azure Event Hubs does, judged by what the real SDK makes of them:
 * the error class (`MessagingError.code`), whether it is retried, and the service's description text with
 * its `TrackingId:…, SystemTracker:…, Timestamp:…` suffix (issue 14; mapping in ADR 0001).
 */
import {
  EventHubConsumerClient,
  EventHubProducerClient,
  earliestEventPosition,
  latestEventPosition,
  type MessagingError,
  type Subscription,
} from '@azure/event-hubs';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSasToken } from '../../services/dev-hub/sas-token.ts';
import { receiveFromPartition, startTestDevHub, type DevHub } from '../helpers/dev-hub.ts';

const noRetry = { retryOptions: { maxRetries: 0, timeoutInMs: 10_000 } };
const INVALID_PARTITION = 'The specified partition is invalid for an EventHub partition sender or receiver.';
/** Partition ids Event Hubs refuses for a 4-partition hub: not numeric, negative, too high, a dash. */
const invalidPartitionIds = ['XYZ', '-1', '1000', '-'];

let hub: DevHub;
let producer: EventHubProducerClient;
let consumer: EventHubConsumerClient;

beforeAll(async () => {
  hub = await startTestDevHub({
    hubs: [
      { name: 'orders', partitionCount: 4, consumerGroups: ['oms'] },
      { name: 'solo', partitionCount: 1, consumerGroups: ['epoch-a', 'epoch-b', 'epoch-c', 'quota'] },
    ],
  });
  producer = new EventHubProducerClient(hub.connectionString('orders'), noRetry);
  consumer = new EventHubConsumerClient('$Default', hub.connectionString('orders'), noRetry);
});

afterAll(async () => {
  await consumer?.close();
  await producer?.close();
  await hub?.close();
});

/** The service's suffix, naming the entity the error is about. */
function tracking(systemTracker: string): RegExp {
  const escaped = systemTracker.replace(/[$|.]/g, (c) => `\\${c}`);
  return new RegExp(
    ` TrackingId:[0-9a-f-]{36}, SystemTracker:${escaped}, Timestamp:\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d$`,
  );
}

/** Awaits `promise`, which must reject, and returns the SDK's error. */
async function rejection(promise: Promise<unknown>): Promise<MessagingError> {
  try {
    await promise;
  } catch (err) {
    return err as MessagingError;
  }
  throw new Error('expected the operation to fail');
}

function expectServiceError(
  err: MessagingError | undefined,
  code: string,
  description: string,
  systemTracker: string,
): void {
  expect(err?.name).toBe('MessagingError');
  expect(err?.code).toBe(code);
  expect(err?.message.startsWith(description), err?.message).toBe(true);
  expect(err?.message).toMatch(tracking(systemTracker));
}

/** Subscribes to one partition and resolves with the first error `processError` reports. */
async function firstReceiveError(
  client: EventHubConsumerClient,
  partitionId: string,
  options: { ownerLevel?: number } = {},
): Promise<MessagingError | undefined> {
  const { errors } = await receiveFromPartition(client, partitionId, earliestEventPosition, {
    stopOnError: true,
    timeoutMs: 10_000,
    ...options,
  });
  return errors[0] as MessagingError | undefined;
}

/** A consumer of the one-partition hub `solo` whose receivers carry `identifier` as their name. */
function soloClient(consumerGroup: string, identifier: string): EventHubConsumerClient {
  return new EventHubConsumerClient(consumerGroup, hub.connectionString('solo'), { ...noRetry, identifier });
}

/**
 * Reads every partition (the way that sends the client's identifier) and resolves once the link is
 * attached — the first, possibly empty, batch — or with the subscription anyway once it reported an error.
 */
async function readAll(
  client: EventHubConsumerClient,
  ownerLevel: number | undefined,
  errors: MessagingError[],
): Promise<Subscription> {
  let settle!: () => void;
  const ready = new Promise<void>((resolve) => (settle = resolve));
  const subscription = client.subscribe(
    {
      processEvents: async () => settle(),
      processError: async (err) => {
        errors.push(err as MessagingError);
        settle();
      },
    },
    {
      startPosition: latestEventPosition,
      maxWaitTimeInSeconds: 0.2,
      ...(ownerLevel === undefined ? {} : { ownerLevel }),
    },
  );
  await ready;
  return subscription;
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
}

describe('unknown partition in a $management READ', () => {
  it.each(invalidPartitionIds)(
    'getPartitionProperties(%j) throws ArgumentOutOfRangeError, not retried',
    async (partitionId) => {
      for (const client of [producer, consumer]) {
        const err = await rejection(client.getPartitionProperties(partitionId));
        expectServiceError(err, 'ArgumentOutOfRangeError', INVALID_PARTITION, 'devhub:eventhub:orders');
        expect(err.retryable).toBe(false);
      }
    },
  );

  it('still answers an unknown event hub with MessagingEntityNotFoundError', async () => {
    const client = new EventHubProducerClient(hub.connectionString(), 'payments', noRetry);
    const err = await rejection(client.getEventHubProperties());
    await client.close();
    expectServiceError(
      err,
      'MessagingEntityNotFoundError',
      `The messaging entity '${hub.endpoint}/payments' could not be found.`,
      'devhub',
    );
  });
});

describe('unknown partition when a link attaches', () => {
  it.each(invalidPartitionIds)(
    'a sender to partition %j gets ArgumentOutOfRangeError',
    async (partitionId) => {
      const err = await rejection(producer.sendBatch([{ body: 'hello' }], { partitionId }));
      expectServiceError(err, 'ArgumentOutOfRangeError', INVALID_PARTITION, 'devhub:eventhub:orders');
      expect(err.retryable).toBe(false);
    },
  );

  it.each(invalidPartitionIds)(
    'a receiver of partition %j gets ArgumentOutOfRangeError',
    async (partitionId) => {
      const err = await firstReceiveError(consumer, partitionId);
      expectServiceError(
        err,
        'ArgumentOutOfRangeError',
        INVALID_PARTITION,
        'devhub:eventhub:orders|$Default',
      );
    },
  );

  it('an unknown event hub on a sender link stays MessagingEntityNotFoundError', async () => {
    const client = new EventHubProducerClient(hub.connectionString(), 'payments', noRetry);
    const err = await rejection(client.sendBatch([{ body: 1 }], { partitionId: '0' }));
    await client.close();
    expectServiceError(
      err,
      'MessagingEntityNotFoundError',
      `The messaging entity '${hub.endpoint}/payments' could not be found.`,
      'devhub:eventhub:payments',
    );
  });

  it('an unknown consumer group stays MessagingEntityNotFoundError, named as the service names it', async () => {
    const client = new EventHubConsumerClient('nope', hub.connectionString('orders'), noRetry);
    const err = await firstReceiveError(client, '0');
    await client.close();
    expectServiceError(
      err,
      'MessagingEntityNotFoundError',
      "The messaging entity 'devhub:eventhub:orders|nope' could not be found. " +
        'To know more visit https://aka.ms/sbResourceMgrExceptions.',
      'devhub:eventhub:orders|nope',
    );
    expect(err?.retryable).toBe(false);
  });
});

describe('message too large', () => {
  const sizePattern =
    /^The received message \(delivery-id:(\d+), size:(\d+) bytes\) exceeds the limit \(1048576 bytes\) currently allowed on the link\./;

  it('keeps MessageTooLargeError and names the delivery id and measured size', async () => {
    const client = new EventHubProducerClient(hub.connectionString('orders'), noRetry);
    await client.sendBatch([{ body: 'fits' }], { partitionId: '0' });
    const first = await rejection(client.sendBatch([{ body: Buffer.alloc(1_300_000, 'z') }]));
    const second = await rejection(client.sendBatch([{ body: Buffer.alloc(1_200_000, 'z') }]));
    await client.close();

    for (const err of [first, second]) {
      expect(err.code).toBe('MessageTooLargeError');
      expect(err.message).toMatch(sizePattern);
      expect(err.message).toMatch(tracking('devhub:eventhub:orders'));
    }
    const [, firstId, firstSize] = sizePattern.exec(first.message) ?? [];
    const [, secondId, secondSize] = sizePattern.exec(second.message) ?? [];
    // The size is what arrived (body plus AMQP framing), the id is the transfer's: later sends count on.
    expect(Number(firstSize)).toBeGreaterThan(1_300_000);
    expect(Number(firstSize)).toBeLessThan(1_301_000);
    expect(Number(secondSize)).toBeGreaterThan(1_200_000);
    expect(Number(secondSize)).toBeLessThan(Number(firstSize));
    expect(Number(secondId)).toBeGreaterThan(Number(firstId));
  });
});

describe('owner level (epoch) conflicts carry the service wording and the receiver names', () => {
  // A consumer client reading every partition sends its `identifier` as the receiver name; the hub
  // `solo` has one partition, so every conflict below is about partition 0.
  it('refuses a receiver without owner level while an owner reads', async () => {
    const owner = soloClient('epoch-a', 'owner-a');
    const other = soloClient('epoch-a', 'plain-b');
    const ownerErrors: MessagingError[] = [];
    const otherErrors: MessagingError[] = [];
    const reading = await readAll(owner, 7, ownerErrors);
    const refused = readAll(other, undefined, otherErrors);
    await waitFor(() => otherErrors.length > 0);

    expectServiceError(
      otherErrors[0],
      'ReceiverDisconnectedError',
      "At least one receiver for the endpoint is created with epoch of '7', and so non-epoch receiver is " +
        'not allowed. Either reconnect with a higher epoch, or make sure all epoch receivers are closed or ' +
        'disconnected.',
      'devhub:eventhub:solo|epoch-a',
    );
    expect(ownerErrors).toEqual([]);
    await Promise.all([
      reading.close(),
      refused.then(
        (s) => s.close(),
        () => undefined,
      ),
    ]);
    await Promise.all([owner.close(), other.close()]);
  });

  it('refuses a lower owner level, naming both receivers', async () => {
    const high = soloClient('epoch-b', 'high-a');
    const low = soloClient('epoch-b', 'low-b');
    const lowErrors: MessagingError[] = [];
    const reading = await readAll(high, 5, []);
    const refused = readAll(low, 4, lowErrors);
    await waitFor(() => lowErrors.length > 0);

    expectServiceError(
      lowErrors[0],
      'ReceiverDisconnectedError',
      "Receiver 'high-a' with a higher epoch '5' already exists. Receiver 'low-b' with epoch 4 cannot be " +
        'created. Make sure you are creating receiver with increasing epoch value to ensure connectivity, ' +
        'or ensure all old epoch receivers are closed or disconnected.',
      'devhub:eventhub:solo|epoch-b',
    );
    await Promise.all([
      reading.close(),
      refused.then(
        (s) => s.close(),
        () => undefined,
      ),
    ]);
    await Promise.all([high.close(), low.close()]);
  });

  it('disconnects the current owner when a higher owner level arrives', async () => {
    const first = soloClient('epoch-c', 'first-a');
    const second = soloClient('epoch-c', 'second-b');
    const firstErrors: MessagingError[] = [];
    const a = await readAll(first, 1, firstErrors);
    const b = await readAll(second, 2, []);
    await waitFor(() => firstErrors.length > 0);

    expectServiceError(
      firstErrors[0],
      'ReceiverDisconnectedError',
      "New receiver 'second-b' with higher epoch of '2' is created hence current receiver 'first-a' with " +
        "epoch '1' is getting disconnected. If you are recreating the receiver, make sure a higher epoch is used.",
      'devhub:eventhub:solo|epoch-c',
    );
    await Promise.all([a.close(), b.close()]);
    await Promise.all([first.close(), second.close()]);
  });

  it('quotes the receiver name a single-partition subscription sends, not the AMQP link name', async () => {
    // Such subscriptions name their receiver with a generated id (a UUID), unlike the link name.
    const owner = soloClient('epoch-c', 'named-owner');
    const single = new EventHubConsumerClient('epoch-c', hub.connectionString('solo'), noRetry);
    const ownerReading = await readAll(owner, 9, []);
    const err = await firstReceiveError(single, '0', { ownerLevel: 3 });
    expect(err?.code).toBe('ReceiverDisconnectedError');
    expect(err?.message).toMatch(
      /^Receiver 'named-owner' with a higher epoch '9' already exists\. Receiver '[0-9a-f-]{36}' with epoch 3 cannot be created\./,
    );
    await ownerReading.close();
    await Promise.all([owner.close(), single.close()]);
  });
});

describe('throttling and quotas', () => {
  it('refuses a sixth receiver without owner level with QuotaExceededError listing the readers', async () => {
    const clients = Array.from({ length: 6 }, (_, i) => soloClient('quota', `r${i}`));
    const readers: Subscription[] = [];
    for (const client of clients.slice(0, 5)) readers.push(await readAll(client, undefined, []));
    const errors: MessagingError[] = [];
    const refused = readAll(clients[5] as EventHubConsumerClient, undefined, errors);
    await waitFor(() => errors.length > 0);

    expectServiceError(
      errors[0],
      'QuotaExceededError',
      'Exceeded the maximum number of allowed receivers per partition in a consumer group which is 5. ' +
        'List of connected receivers - r0, r1, r2, r3, r4.',
      'devhub:eventhub:solo|quota',
    );
    expect(errors[0]?.retryable).toBe(false);
    await Promise.all([
      ...readers.map((r) => r.close()),
      refused.then(
        (s) => s.close(),
        () => undefined,
      ),
    ]);
    await Promise.all(clients.map((c) => c.close()));
  });
});

describe('tokens refused by $cbs', () => {
  it('a wrong key is InvalidSignature (UnauthorizedError)', async () => {
    const bad = hub.connectionString('orders').replace(/SharedAccessKey=[^;]+/, 'SharedAccessKey=wrong');
    const client = new EventHubProducerClient(bad, noRetry);
    const err = await rejection(client.getEventHubProperties());
    await client.close();
    expectServiceError(
      err,
      'UnauthorizedError',
      'InvalidSignature: The token has an invalid signature.',
      'devhub',
    );
  });

  it('an expired shared access signature is ExpiredToken (UnauthorizedError)', async () => {
    const expiredAt = Date.now() - 60_000;
    const token = createSasToken(
      `${hub.endpoint}/orders`,
      'RootManageSharedAccessKey',
      'SAS_KEY_VALUE',
      expiredAt,
    );
    const connectionString = `Endpoint=${hub.endpoint};SharedAccessSignature=${token};UseDevelopmentEmulator=true;EntityPath=orders`;
    const client = new EventHubProducerClient(connectionString, noRetry);
    const err = await rejection(client.getEventHubProperties());
    await client.close();
    expectServiceError(
      err,
      'UnauthorizedError',
      `ExpiredToken: The token is expired. Expiration time: '${new Date(Math.floor(expiredAt / 1000) * 1000).toISOString()}'`,
      'devhub',
    );
  });
});

describe('idle links are force-detached, as Event Hubs does after 30 minutes', () => {
  let idleHub: DevHub;
  const logLines: string[] = [];

  beforeAll(async () => {
    idleHub = await startTestDevHub({
      hubs: [{ name: 'orders', partitionCount: 1 }],
      linkIdleTimeoutMs: 400,
      logger: pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) }),
    });
  });

  afterAll(async () => {
    await idleHub?.close();
  });

  it('detaches a receiver that delivered nothing (DetachForcedError, retried) and the SDK reads on', async () => {
    // Without retries the SDK hands the detach to processError and attaches again on its next read
    // (with its default retry policy it waits 30 s and retries silently).
    const client = new EventHubConsumerClient('$Default', idleHub.connectionString('orders'), noRetry);
    const sender = new EventHubProducerClient(idleHub.connectionString('orders'));
    const errors: MessagingError[] = [];
    const received: unknown[] = [];
    const subscription = client.subscribe(
      '0',
      {
        processEvents: async (events) => void received.push(...events.map((e) => e.body)),
        processError: async (err) => void errors.push(err as MessagingError),
      },
      // From the start, so an event sent while the SDK attaches again is still read.
      { startPosition: earliestEventPosition, maxWaitTimeInSeconds: 0.1 },
    );
    await waitFor(() => errors.length > 0);

    expect(errors[0]?.code).toBe('DetachForcedError');
    expect(errors[0]?.retryable).toBe(true);
    expect(errors[0]?.message).toMatch(
      /^The link '[^']+' is force detached\. Code: ServerError\. Details: AmqpEventHubConsumer\.IdleTimerExpired: Idle timeout: 00:00:00\.4000000\./,
    );
    expect(errors[0]?.message).toMatch(tracking('devhub:eventhub:orders|$Default'));

    await sender.sendBatch([{ body: 'after-idle' }], { partitionId: '0' });
    await waitFor(() => received.includes('after-idle'));
    expect(received).toContain('after-idle');
    await subscription.close();
    await Promise.all([client.close(), sender.close()]);
  });

  it('detaches an idle publisher link; the next send attaches again and is stored', async () => {
    const sender = new EventHubProducerClient(idleHub.connectionString('orders'));
    const before = await sender.getPartitionProperties('0');
    await sender.sendBatch([{ body: 'first' }], { partitionId: '0' });
    await waitFor(() => logLines.some((l) => l.includes('idle publisher link detached')));
    expect(logLines.some((l) => l.includes('idle publisher link detached'))).toBe(true);

    await sender.sendBatch([{ body: 'second' }], { partitionId: '0' });
    const after = await sender.getPartitionProperties('0');
    expect(after.lastEnqueuedSequenceNumber - before.lastEnqueuedSequenceNumber).toBe(2);
    await sender.close();
  });
});
