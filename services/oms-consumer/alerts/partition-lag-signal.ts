import type { CheckpointStore, EventHubConsumerClient } from '@azure/event-hubs';
import type { Observation } from './alert-kinds.ts';

/**
 * "Lag per partition over a threshold": for each partition, the hub's last enqueued sequence number
 * minus the consumer group's checkpoint (what every instance together has committed), so it covers
 * partitions this instance does not own and keeps growing while the consumer is stuck — unlike the
 * `oms_consumer_lag_events` gauge, which is only updated after a batch. A partition the hub or the
 * checkpoint store did not answer for is not observed this round (its incident stays as it is).
 */
export class PartitionLagSignal {
  constructor(
    private readonly client: EventHubConsumerClient,
    private readonly checkpoints: CheckpointStore,
    private readonly consumerGroup: string,
    private readonly thresholdEvents: number,
  ) {}

  async observe(): Promise<Observation[]> {
    let ids: string[];
    let committed: Map<string, number>;
    try {
      ids = await this.client.getPartitionIds();
      const list = await this.checkpoints.listCheckpoints(
        this.client.fullyQualifiedNamespace,
        this.client.eventHubName,
        this.consumerGroup,
      );
      committed = new Map(list.map((c) => [c.partitionId, c.sequenceNumber]));
    } catch {
      return [];
    }
    const observations: Observation[] = [];
    for (const partitionId of ids) {
      try {
        const p = await this.client.getPartitionProperties(partitionId);
        const processed = committed.get(partitionId) ?? p.beginningSequenceNumber - 1;
        const lag = p.isEmpty ? 0 : Math.max(0, p.lastEnqueuedSequenceNumber - processed);
        observations.push({
          kind: 'partition_lag',
          key: partitionId,
          firing: lag > this.thresholdEvents,
          details: { partition: partitionId, lag, thresholdEvents: this.thresholdEvents },
        });
      } catch {
        // Not observed this round.
      }
    }
    return observations;
  }
}
