/**
 * One event hub: its partitions, consumer groups and retention, and the publish path (route → append →
 * persist → commit).
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { DevHubError } from './errors.ts';
import type { EventRecord } from './event-record.ts';
import { consumerGroupsOf, type HubOptions } from './options.ts';
import { PartitionLog } from './partition-log.ts';
import { partitionIndexForKey } from './partition-key.ts';
import { PartitionStore, type FsyncPolicy } from './persistence.ts';

export interface EventHubStorage {
  /** Directory for this hub's partition logs; in memory when undefined. */
  dir: string | undefined;
  fsync: FsyncPolicy;
  fsyncIntervalMs: number;
  segmentBytes: number;
}

export interface PublishTarget {
  /** From a `<hub>/Partitions/<id>` link. */
  partitionId?: string | undefined;
  partitionKey?: string | undefined;
}

export interface PublishResult {
  partitionId: string;
  records: EventRecord[];
}

interface Partition {
  log: PartitionLog;
  store: PartitionStore | undefined;
}

export class EventHub {
  readonly name: string;
  readonly partitionIds: readonly string[];
  readonly retentionMs: number;
  private readonly maxBytesPerPartition: number;
  /** First sequence number per partition that retention must keep (Capture's progress). */
  private retentionFloor: (partitionId: string) => number = () => Number.POSITIVE_INFINITY;
  private readonly consumerGroups: ReadonlyMap<string, string>;
  private nextRoundRobin = 0;

  private constructor(
    options: HubOptions,
    readonly createdAt: Date,
    private readonly partitions: ReadonlyMap<string, Partition>,
  ) {
    this.name = options.name;
    this.partitionIds = [...partitions.keys()];
    this.retentionMs = options.retentionHours * 3_600_000;
    this.maxBytesPerPartition = (options.retentionMaxMegabytes * 1024 * 1024) / options.partitionCount;
    this.consumerGroups = new Map(consumerGroupsOf(options).map((g) => [g.toLowerCase(), g]));
  }

  /** Creates the hub, recovering its partitions from `storage.dir` when persistence is on. */
  static async open(options: HubOptions, storage: EventHubStorage, logger: Logger): Promise<EventHub> {
    const partitions = new Map<string, Partition>();
    let createdAt = new Date();
    if (storage.dir) {
      await fsp.mkdir(storage.dir, { recursive: true });
      createdAt = await readOrWriteCreatedAt(storage.dir, createdAt);
    }
    try {
      for (let i = 0; i < options.partitionCount; i++) {
        const partitionId = String(i);
        if (!storage.dir) {
          partitions.set(partitionId, { log: new PartitionLog(partitionId), store: undefined });
          continue;
        }
        const { store, state } = await PartitionStore.open(path.join(storage.dir, partitionId), {
          ...storage,
          logger,
        });
        partitions.set(partitionId, { log: new PartitionLog(partitionId, state), store });
        if (state.records.length > 0) {
          logger.info(
            {
              hub: options.name,
              partitionId,
              events: state.records.length,
              nextSequenceNumber: state.nextSequenceNumber,
            },
            'dev hub: recovered partition log',
          );
        }
      }
    } catch (err) {
      await Promise.all([...partitions.values()].map((p) => p.store?.close()));
      throw err instanceof DevHubError
        ? err
        : new DevHubError(
            'DEV_HUB_PERSISTENCE_FAILED',
            `Cannot open the partition logs of hub '${options.name}'.`,
            { cause: err },
          );
    }
    return new EventHub(options, createdAt, partitions);
  }

  /** The canonical spelling of a consumer group name (names compare case-insensitively), or undefined. */
  consumerGroup(name: string): string | undefined {
    return this.consumerGroups.get(name.toLowerCase());
  }

  partition(partitionId: string): PartitionLog | undefined {
    return this.partitions.get(partitionId)?.log;
  }

  /** Partition for a publish: the link's partition, else the key's hash, else round robin. */
  route(target: PublishTarget): string {
    if (target.partitionId !== undefined) return target.partitionId;
    if (target.partitionKey !== undefined) {
      return this.partitionIds[partitionIndexForKey(target.partitionKey, this.partitionIds.length)] as string;
    }
    const id = this.partitionIds[this.nextRoundRobin % this.partitionIds.length] as string;
    this.nextRoundRobin = (this.nextRoundRobin + 1) % this.partitionIds.length;
    return id;
  }

  /**
   * Stores one publish (all its events go to one partition, contiguous and in order) and resolves once
   * the events are committed: persisted per the fsync policy and visible to receivers. Rejects with
   * `DEV_HUB_APPEND_FAILED` when the partition log cannot be written; nothing is then committed.
   */
  async publish(events: readonly Buffer[], target: PublishTarget): Promise<PublishResult> {
    const partitionId = this.route(target);
    const partition = this.partitions.get(partitionId);
    if (!partition)
      throw new DevHubError('DEV_HUB_UNKNOWN_HUB', `Hub '${this.name}' has no partition '${partitionId}'.`);
    const records = partition.log.append(events, target.partitionKey, Date.now());
    const first = records[0];
    const last = records.at(-1);
    if (!first || !last) return { partitionId, records };
    if (partition.store) {
      try {
        await partition.store.append(records);
      } catch (err) {
        partition.log.rollback(first.sequenceNumber);
        throw err;
      }
    }
    partition.log.commit(last.sequenceNumber);
    // The size cap is enforced as events arrive (cheap: the log tracks its size); age is swept by timer.
    if (partition.log.retainedBytes > this.maxBytesPerPartition) {
      partition.log.trim(
        Date.now() - this.retentionMs,
        this.retentionFloor(partitionId),
        this.maxBytesPerPartition,
      );
    }
    return { partitionId, records };
  }

  /** Sets what retention must keep per partition (Capture registers its progress here). */
  keepForRetention(floor: (partitionId: string) => number): void {
    this.retentionFloor = floor;
  }

  /**
   * Drops events older than the retention period or beyond the size cap, except those the retention
   * floor keeps (not yet captured), and deletes fully expired segment files.
   */
  async applyRetention(nowMs: number): Promise<number> {
    let dropped = 0;
    for (const [partitionId, { log, store }] of this.partitions) {
      dropped += log.trim(
        nowMs - this.retentionMs,
        this.retentionFloor(partitionId),
        this.maxBytesPerPartition,
      );
      if (store) await store.deleteSegmentsBefore(log.beginSequenceNumber);
    }
    return dropped;
  }

  /** Waits for pending writes and closes the partition logs. */
  async close(): Promise<void> {
    await Promise.all([...this.partitions.values()].map((p) => p.store?.close()));
  }
}

async function readOrWriteCreatedAt(dir: string, now: Date): Promise<Date> {
  const file = path.join(dir, 'hub.json');
  try {
    const parsed = JSON.parse(await fsp.readFile(file, 'utf8')) as { createdAt?: string };
    const date = new Date(parsed.createdAt ?? '');
    if (!Number.isNaN(date.getTime())) return date;
  } catch {
    // First start: fall through and record the creation time.
  }
  await fsp.writeFile(file, `${JSON.stringify({ createdAt: now.toISOString() })}\n`);
  return now;
}
