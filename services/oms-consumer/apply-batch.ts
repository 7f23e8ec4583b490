import type { Knex } from 'knex';
import { bulkInsert } from '../shared/db/bulk-insert.ts';
import type { Db } from '../shared/db/connection.ts';
import { toDbTime } from '../shared/db/time.ts';
import { EVENT_TYPES } from '../shared/domain/event-types.ts';
import { deterministicEventId } from '../shared/events/cloud-event.ts';
import { deadLetterRow } from './audit-rows.ts';
import { emptyWrites, type BatchWrites } from './batch-writes.ts';
import { applyTransitions } from './order-transitions.ts';
import { writeOutbox, type OutboxRouting } from './outbox.ts';
import { placeOrders, type PlacementOptions } from './place-orders.ts';
import { decodeMessage, type DecodedMessage, type ReceivedMessage } from './received-message.ts';

export interface BatchOutcome {
  applied: number;
  duplicates: number;
  deadLettered: number;
}

type Received = Extract<DecodedMessage, { kind: 'event' }>;

const NO_ROUTING: OutboxRouting = { webhooks: [] };

/**
 * Applies one received batch in ONE transaction: decode, drop what was already applied (the unique
 * `event_id`, and partition+sequence for dead letters, make redelivery a no-op), decide, then write
 * every table set-based. Either all of the batch is committed or none of it, so the caller checkpoints
 * only after this resolves.
 */
export async function applyBatch(
  db: Db,
  messages: readonly ReceivedMessage[],
  now = new Date(),
  placement: PlacementOptions = {},
): Promise<BatchOutcome> {
  const decoded = messages.map(decodeMessage);
  return db.transaction(async (trx) => {
    const writes = emptyWrites();
    const ids = decoded.filter((d): d is Received => d.kind === 'event').map((d) => d.event.id);
    const done = new Set<string>();
    for (let i = 0; i < ids.length; i += 1000) {
      for (const id of (await trx('order_events')
        .whereIn('event_id', ids.slice(i, i + 1000))
        .pluck('event_id')) as string[])
        done.add(id);
    }
    const deadDone = await deadLettersAlreadyRecorded(trx, decoded);

    let duplicates = 0;
    const placed: Received[] = [];
    const moves: Received[] = [];
    for (const d of decoded) {
      if (d.kind === 'invalid') {
        if (deadDone.has(`${d.source.partitionId}/${d.source.sequenceNumber}`)) duplicates++;
        else writes.deadLetters.push(deadLetterRow(d.source, d.eventId, d.reason, d.raw, now));
        continue;
      }
      if (done.has(d.event.id)) {
        duplicates++;
        continue;
      }
      done.add(d.event.id);
      (d.event.type === EVENT_TYPES.orderPlaced ? placed : moves).push(d);
    }
    // Same partition ⇒ an order's placed event precedes its later events, so placing first keeps order.
    await placeOrders(trx, placed as Parameters<typeof placeOrders>[1], writes, now, placement);
    await flushInserts(trx, writes);
    const moveWrites = emptyWrites();
    await applyTransitions(trx, moves, moveWrites, now, placement.returns);
    recordRetries([...placed, ...moves], [...writes.deadLetters, ...moveWrites.deadLetters], moveWrites, now);
    await flushInserts(trx, moveWrites);
    await flushUpdates(trx, writes, now);
    await flushUpdates(trx, moveWrites, now);
    // The outbox rows commit with the changes they tell about (docs/notifications.md).
    await writeOutbox(trx, [...writes.notices, ...moveWrites.notices], now, placement.outbox ?? NO_ROUTING);
    return {
      applied: placed.length + moves.length,
      duplicates,
      deadLettered: writes.deadLetters.length + moveWrites.deadLetters.length,
    };
  });
}

/**
 * An operator's retry of a dead letter that applied this time (it was not dead-lettered again) leaves
 * `dead_letter.retried` in the order's trail, after the event's own rows. Its id derives from the event
 * and the dead letter, and the event is applied once, so a redelivered retry records nothing twice.
 */
function recordRetries(
  applied: Received[],
  deadLetters: Record<string, unknown>[],
  writes: BatchWrites,
  now: Date,
): void {
  const retries = applied.filter((r) => r.source.retryOf !== undefined);
  if (retries.length === 0) return;
  const deadAgain = new Set(deadLetters.map((d) => d.event_id));
  const nowText = toDbTime(now);
  for (const { event, source } of retries) {
    if (deadAgain.has(event.id)) continue;
    writes.events.push({
      event_id: deterministicEventId(event.id, 'dead-letter-retry', String(source.retryOf)),
      order_id: event.subject,
      type: EVENT_TYPES.deadLetterRetried,
      source: 'oms-consumer',
      partition_id: null,
      sequence_number: null,
      occurred_at: nowText,
      recorded_at: nowText,
      payload: JSON.stringify({
        orderId: event.subject,
        deadLetterId: source.retryOf,
        eventType: event.type,
      }),
    });
  }
}

async function deadLettersAlreadyRecorded(
  trx: Knex.Transaction,
  decoded: DecodedMessage[],
): Promise<Set<string>> {
  const invalid = decoded.filter((d) => d.kind === 'invalid');
  const found = new Set<string>();
  if (invalid.length === 0) return found;
  const byPartition = new Map<string, number[]>();
  for (const d of invalid)
    byPartition.set(d.source.partitionId, [
      ...(byPartition.get(d.source.partitionId) ?? []),
      d.source.sequenceNumber,
    ]);
  for (const [partitionId, seqs] of byPartition) {
    const rows = (await trx('dead_letters')
      .where('partition_id', partitionId)
      .whereIn('sequence_number', seqs)
      .select('sequence_number')) as { sequence_number: number | string }[];
    for (const r of rows) found.add(`${partitionId}/${Number(r.sequence_number)}`);
  }
  return found;
}

async function flushInserts(trx: Knex.Transaction, w: BatchWrites): Promise<void> {
  await bulkInsert(trx, 'orders', w.orders);
  await bulkInsert(trx, 'order_items', w.orderItems);
  await bulkInsert(trx, 'payments', w.payments);
  await bulkInsert(trx, 'shipments', w.shipments);
  await bulkInsert(trx, 'returns', w.returns);
  await bulkInsert(trx, 'order_events', w.events);
  await bulkInsert(trx, 'dead_letters', w.deadLetters);
}

/** Stock, payment and shipment changes: one statement per kind of change, not one per row. */
async function flushUpdates(trx: Knex.Transaction, w: BatchWrites, now: Date): Promise<void> {
  const nowText = toDbTime(now);
  for (const [column, deltas] of [
    ['reserved', w.reservedDelta],
    ['on_hand', w.onHandDelta],
  ] as const) {
    const changed = [...deltas].filter(([, d]) => d !== 0);
    if (changed.length === 0) continue;
    const cases = changed.map(() => 'when ? then ?').join(' ');
    await trx('inventory')
      .whereIn(
        'product_id',
        changed.map(([id]) => id),
      )
      .update({
        [column]: trx.raw(`?? + (case product_id ${cases} else 0 end)`, [column, ...changed.flat()]),
        updated_at: nowText,
      });
  }
  const byStatus = new Map<string, string[]>();
  for (const [orderId, status] of w.paymentStatus)
    byStatus.set(status, [...(byStatus.get(status) ?? []), orderId]);
  for (const [status, orderIds] of byStatus) {
    await trx('payments').whereIn('order_id', orderIds).update({ status, updated_at: nowText });
  }
  for (const [orderId, at] of w.shipmentDelivered) {
    await trx('shipments').where({ order_id: orderId }).update({ status: 'delivered', delivered_at: at });
  }
}

/**
 * The way out of a poison batch: apply messages one by one and dead-letter, with the error, any single
 * message that still fails. Transient errors (the database went away) propagate so the caller pauses.
 */
export async function applyOneByOne(
  db: Db,
  messages: readonly ReceivedMessage[],
  isTransient: (err: unknown) => boolean,
  now = new Date(),
  placement: PlacementOptions = {},
): Promise<BatchOutcome> {
  const total: BatchOutcome = { applied: 0, duplicates: 0, deadLettered: 0 };
  for (const message of messages) {
    try {
      const o = await applyBatch(db, [message], now, placement);
      total.applied += o.applied;
      total.duplicates += o.duplicates;
      total.deadLettered += o.deadLettered;
    } catch (err) {
      if (isTransient(err)) throw err;
      const decoded = decodeMessage(message);
      const eventId = decoded.kind === 'event' ? decoded.event.id : decoded.eventId;
      const reason = `could not apply: ${(err as Error).message}`.slice(0, 1000);
      await db.transaction(async (trx) => {
        const already = await trx('dead_letters')
          .where({ partition_id: message.partitionId, sequence_number: message.sequenceNumber })
          .first('id');
        if (!already)
          await bulkInsert(trx, 'dead_letters', [
            deadLetterRow(
              message,
              eventId,
              reason,
              decoded.kind === 'event' ? JSON.stringify(decoded.event) : decoded.raw,
              now,
            ),
          ]);
      });
      total.deadLettered++;
    }
  }
  return total;
}
