import { EventHubConsumerClient, type CheckpointStore } from '@azure/event-hubs';
import { BlobCheckpointStore } from '@azure/eventhubs-checkpointstore-blob';
import type { ContainerClient } from '@azure/storage-blob';
import type { EventHubConnection } from '../shared/azure/event-hub-connection.ts';

export interface PartitionSharing {
  /** How often the instance renews and rebalances partition ownership. */
  loadBalancingIntervalMs?: number | undefined;
  /** After this long without renewal another instance may take a partition over. */
  ownershipExpirationMs?: number | undefined;
}

/**
 * The Event Hubs consumer client of one instance, with its checkpoints and partition ownership in Blob
 * Storage (created when missing), so several instances share the hub's partitions.
 */
export async function createConsumerClient(
  connection: EventHubConnection,
  consumerGroup: string,
  checkpointContainer: ContainerClient,
  sharing: PartitionSharing,
): Promise<EventHubConsumerClient> {
  await checkpointContainer.createIfNotExists();
  const checkpointStore = new BlobCheckpointStore(checkpointContainer) as unknown as CheckpointStore;
  // Greedy claiming takes every free partition at once (the default claims one per 10 s), and a dead
  // instance's partitions are taken over once its ownership expires.
  const clientOptions = {
    loadBalancingOptions: {
      strategy: 'greedy' as const,
      updateIntervalInMs: sharing.loadBalancingIntervalMs ?? 2_000,
      partitionOwnershipExpirationIntervalInMs: sharing.ownershipExpirationMs ?? 10_000,
    },
  };
  return connection.kind === 'connectionString'
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
}
