import { toDbTime } from '../time.ts';
import { partitionOf } from './identifiers.ts';
import type { Rng } from './rng.ts';
import type { SeedRows } from './rows.ts';

type EventRow = SeedRows['order_events'][number];

/**
 * The seeded `order_events`: what arrived on the hub (with a partition and, once all are known, a
 * sequence number) and what the pipeline decided (no hub position).
 */
export class AuditTrail {
  readonly rows: EventRow[] = [];
  private readonly hubEvents: { partition: number; at: number; row: EventRow }[] = [];

  constructor(private readonly rng: Rng) {}

  add(
    orderId: string,
    type: string,
    at: number,
    data: Record<string, unknown>,
    onHub: boolean,
    source: string,
  ) {
    const row: EventRow = {
      event_id: this.rng.uuid(),
      order_id: orderId,
      type,
      source,
      partition_id: null,
      sequence_number: null,
      occurred_at: toDbTime(at),
      recorded_at: toDbTime(at + 20 + this.rng.int(400)),
      payload: JSON.stringify(data),
    };
    this.rows.push(row);
    if (onHub) this.hubEvents.push({ partition: partitionOf(orderId), at, row });
  }

  /** How many events went through the hub. */
  get hubEventCount(): number {
    return this.hubEvents.length;
  }

  /**
   * Hub sequence numbers follow enqueue order within each partition, as Event Hubs assigns them; the
   * trail itself is returned in time order.
   */
  finish(): EventRow[] {
    this.hubEvents.sort((a, b) => a.at - b.at);
    const nextSeq = [0, 0, 0, 0];
    for (const e of this.hubEvents) {
      e.row.partition_id = String(e.partition);
      e.row.sequence_number = nextSeq[e.partition]!++;
    }
    return this.rows.sort((a, b) =>
      a.occurred_at < b.occurred_at ? -1 : a.occurred_at > b.occurred_at ? 1 : 0,
    );
  }
}
