import { BlobCheckpointStore } from '@azure/eventhubs-checkpointstore-blob';
import {
  EventHubConsumerClient,
  EventHubProducerClient,
  earliestEventPosition,
  type Subscription,
} from '@azure/event-hubs';
import { ContainerClient } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAzurite, type AzuriteBlobService } from '../helpers/azurite.ts';
import { startTestDevHub, type DevHub } from '../helpers/dev-hub.ts';

/**
 * Two EventHubConsumerClient instances with the Blob checkpoint store (on Azurite) share the four
 * partitions of `orders` through the SDK's own load balancing, which relies on the hub's owner-level
 * semantics (each processor attaches with owner level 0; a newer claim steals the partition) and on
 * `$management` partition ids.
 */
let azurite: AzuriteBlobService & { destroy(): Promise<void> };
let hub: DevHub;
let checkpoints: ContainerClient;

beforeAll(async () => {
  azurite = await startTestAzurite();
  hub = await startTestDevHub();
  checkpoints = new ContainerClient(azurite.connectionString, 'checkpoints');
  await checkpoints.create();
});

afterAll(async () => {
  await hub?.close();
  await azurite?.destroy();
});

interface Instance {
  name: string;
  client: EventHubConsumerClient;
  subscription: Subscription;
  owned: Set<string>;
  received: Array<{ partitionId: string; body: unknown }>;
  errors: Error[];
}

function startInstance(name: string): Instance {
  const client = new EventHubConsumerClient(
    'oms',
    hub.connectionString('orders'),
    new BlobCheckpointStore(checkpoints),
    {
      loadBalancingOptions: { updateIntervalInMs: 250, partitionOwnershipExpirationIntervalInMs: 5000 },
    },
  );
  const instance: Instance = {
    name,
    client,
    owned: new Set(),
    received: [],
    errors: [],
    subscription: undefined as never,
  };
  instance.subscription = client.subscribe(
    {
      processInitialize: async (context) => void instance.owned.add(context.partitionId),
      processClose: async (_reason, context) => void instance.owned.delete(context.partitionId),
      processEvents: async (events, context) => {
        for (const event of events)
          instance.received.push({ partitionId: context.partitionId, body: event.body });
        const last = events.at(-1);
        if (last) await context.updateCheckpoint(last);
      },
      processError: async (err) => void instance.errors.push(err),
    },
    { startPosition: earliestEventPosition, maxBatchSize: 50, maxWaitTimeInSeconds: 0.5 },
  );
  return instance;
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('two consumers with the Blob checkpoint store', () => {
  it('split the partitions, and the survivor takes over all of them when one stops', async () => {
    const producer = new EventHubProducerClient(hub.connectionString('orders'));
    for (const partitionId of ['0', '1', '2', '3']) {
      await producer.sendBatch(
        Array.from({ length: 10 }, (_, i) => ({ body: `p${partitionId}-${i}` })),
        { partitionId },
      );
    }

    const a = startInstance('a');
    const b = startInstance('b');
    // Hand-overs are not instantaneous (the loser's pump stops when its link is stolen): wait for a
    // settled split in which every partition has exactly one owner.
    const union = (): Set<string> => new Set([...a.owned, ...b.owned]);
    await waitFor(() => a.owned.size === 2 && b.owned.size === 2 && union().size === 4, 'a 2/2 split');
    expect(union()).toEqual(new Set(['0', '1', '2', '3']));

    const seen = (): Set<unknown> => new Set([...a.received, ...b.received].map((r) => r.body));
    await waitFor(() => seen().size === 40, 'all 40 events');

    // Checkpoints land in Blob Storage, one per partition, at the last event of each.
    const store = new BlobCheckpointStore(checkpoints);
    const checkpointsAt = async (): Promise<Record<string, number>> =>
      Object.fromEntries(
        (await store.listCheckpoints(a.client.fullyQualifiedNamespace, 'orders', 'oms')).map((c) => [
          c.partitionId,
          c.sequenceNumber,
        ]),
      );
    const deadline = Date.now() + 10_000;
    let positions = await checkpointsAt();
    while (Object.keys(positions).length < 4 && Date.now() < deadline) positions = await checkpointsAt();
    expect(positions).toEqual({ '0': 9, '1': 9, '2': 9, '3': 9 });

    await b.subscription.close();
    await b.client.close();
    await waitFor(() => a.owned.size === 4, 'the survivor to own all partitions');

    const before = a.received.length;
    for (const partitionId of ['0', '1', '2', '3']) {
      await producer.sendBatch([{ body: `late-${partitionId}` }], { partitionId });
    }
    await waitFor(() => a.received.length >= before + 4, 'events after the take-over');
    const late = a.received.slice(before).map((r) => r.body);
    expect(late).toEqual(expect.arrayContaining(['late-0', 'late-1', 'late-2', 'late-3']));

    await a.subscription.close();
    await a.client.close();
    await producer.close();
    expect(
      [...a.errors, ...b.errors].filter((e) => (e as { code?: string }).code !== 'ReceiverDisconnectedError'),
    ).toEqual([]);
  });
});
