import type { Knex } from 'knex';
import { toDbTime } from '../shared/db/time.ts';
import { EVENT_TYPES } from '../shared/domain/event-types.ts';
import { canTransition, type OrderStatus } from '../shared/domain/order-status.ts';
import { CANCEL_REASONS, type CancelReason } from '../shared/domain/vocabulary.ts';
import type { HubEventData, HubEventType } from '../shared/events/order-event-data.ts';
import { addDelta, type BatchWrites } from './batch-writes.ts';
import { auditRow, deadLetterRow } from './audit-rows.ts';
import type { DecodedMessage } from './received-message.ts';
import { classifyReturnComment } from './return-sentiment.ts';

type Received = Extract<DecodedMessage, { kind: 'event' }>;

interface OrderState {
  id: string;
  status: OrderStatus;
  changes: Record<string, unknown>;
  items: { product_id: number; quantity: number }[];
}

const TARGET: Partial<Record<HubEventType, OrderStatus>> = {
  [EVENT_TYPES.orderCancelled]: 'cancelled',
  [EVENT_TYPES.orderShipped]: 'shipped',
  [EVENT_TYPES.orderDelivered]: 'delivered',
};

/**
 * Applies the events that move existing orders (cancel, ship, deliver, address change, return request)
 * in partition order, through the state machine. Orders are read once per batch; each order's final
 * state is written once. A move the state machine forbids, or an event for an unknown order, is
 * recorded in the audit trail and dead-lettered with the reason. A second return request for an order
 * (two that raced past the API's check) is recorded in the audit trail only: one order, one return.
 */
export async function applyTransitions(
  trx: Knex.Transaction,
  received: Received[],
  writes: BatchWrites,
  now: Date,
): Promise<void> {
  if (received.length === 0) return;
  const nowText = toDbTime(now);
  const ids = [...new Set(received.map((r) => r.event.subject))];
  const orders = new Map<string, OrderState>(
    (
      (await trx('orders').whereIn('id', ids).select('id', 'status')) as { id: string; status: OrderStatus }[]
    ).map((o) => [o.id, { id: o.id, status: o.status, changes: {}, items: [] }]),
  );
  for (const item of (await trx('order_items')
    .whereIn('order_id', [...orders.keys()])
    .select('order_id', 'product_id', 'quantity')) as {
    order_id: string;
    product_id: number;
    quantity: number;
  }[]) {
    orders.get(item.order_id)?.items.push({ product_id: item.product_id, quantity: Number(item.quantity) });
  }
  const returnIds = received
    .filter((r) => r.event.type === EVENT_TYPES.returnRequested)
    .map((r) => r.event.subject);
  const returned = new Set(
    returnIds.length === 0
      ? []
      : (
          (await trx('returns')
            .whereIn('order_id', [...new Set(returnIds)])
            .distinct('order_id')) as {
            order_id: string;
          }[]
        ).map((r) => r.order_id),
  );

  for (const r of received) {
    const { event } = r;
    writes.events.push(auditRow(event, r.source, event.data, now));
    const order = orders.get(event.subject);
    const reject = (reason: string) =>
      writes.deadLetters.push(deadLetterRow(r.source, event.id, reason, JSON.stringify(event), now));
    if (!order) {
      reject(`unknown order ${event.subject}`);
      continue;
    }
    const target = event.type === EVENT_TYPES.returnRequested ? undefined : TARGET[event.type];
    if (target && !canTransition(order.status, target)) {
      reject(`order ${order.id} is ${order.status}: ${event.type} (to ${target}) is not allowed`);
      continue;
    }
    switch (event.type) {
      case EVENT_TYPES.orderCancelled: {
        const data = event.data as HubEventData<typeof EVENT_TYPES.orderCancelled>;
        if (order.status === 'confirmed' || order.status === 'on_hold') {
          for (const i of order.items) addDelta(writes.reservedDelta, i.product_id, -i.quantity);
        }
        const reason: CancelReason = (CANCEL_REASONS as readonly string[]).includes(data.reason)
          ? (data.reason as CancelReason)
          : 'customer_request';
        Object.assign(order.changes, { status: 'cancelled', cancel_reason: reason, cancelled_at: nowText });
        order.status = 'cancelled';
        writes.paymentStatus.set(order.id, 'voided');
        break;
      }
      case EVENT_TYPES.orderShipped: {
        const data = event.data as HubEventData<typeof EVENT_TYPES.orderShipped>;
        for (const i of order.items) {
          addDelta(writes.reservedDelta, i.product_id, -i.quantity);
          addDelta(writes.onHandDelta, i.product_id, -i.quantity);
        }
        Object.assign(order.changes, { status: 'shipped', shipped_at: toDbTime(new Date(event.time)) });
        order.status = 'shipped';
        writes.shipments.push({
          order_id: order.id,
          carrier: data.carrier,
          tracking_number: data.trackingNumber,
          status: 'in_transit',
          shipped_at: toDbTime(new Date(event.time)),
          delivered_at: null,
        });
        writes.paymentStatus.set(order.id, 'captured');
        break;
      }
      case EVENT_TYPES.orderDelivered: {
        const data = event.data as HubEventData<typeof EVENT_TYPES.orderDelivered>;
        const at = toDbTime(new Date(data.deliveredAt));
        Object.assign(order.changes, { status: 'delivered', delivered_at: at });
        order.status = 'delivered';
        writes.shipmentDelivered.set(order.id, at);
        break;
      }
      case EVENT_TYPES.orderUpdated: {
        const data = event.data as HubEventData<typeof EVENT_TYPES.orderUpdated>;
        if (!['pending', 'on_hold', 'confirmed'].includes(order.status)) {
          reject(`order ${order.id} is ${order.status}: the address can only change before shipment`);
          break;
        }
        const a = data.changes.shippingAddress;
        Object.assign(order.changes, {
          ship_line1: a.line1,
          ship_city: a.city,
          ship_postal_code: a.postalCode,
          ship_country: a.country,
        });
        break;
      }
      case EVENT_TYPES.returnRequested: {
        const data = event.data as HubEventData<typeof EVENT_TYPES.returnRequested>;
        if (order.status !== 'delivered') {
          reject(`order ${order.id} is ${order.status}: only delivered orders can be returned`);
          break;
        }
        if (returned.has(order.id)) break;
        returned.add(order.id);
        const mood = classifyReturnComment(data.comment);
        writes.returns.push({
          order_id: order.id,
          reason: data.reason,
          comment: data.comment ?? null,
          sentiment: data.comment ? mood.sentiment : null,
          sentiment_score: data.comment ? mood.score : null,
          status: 'requested',
          refund_amount: null,
          requested_at: toDbTime(new Date(event.time)),
          resolved_at: null,
        });
        break;
      }
      default:
        reject(`event type ${event.type} does not move an existing order`);
    }
  }

  for (const order of orders.values()) {
    if (Object.keys(order.changes).length === 0) continue;
    await trx('orders')
      .where({ id: order.id })
      .update({ ...order.changes, updated_at: nowText });
  }
}
