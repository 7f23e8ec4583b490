import type { Knex } from 'knex';
import { fromDbTime, toDbTime } from '../shared/db/time.ts';
import { EVENT_TYPES } from '../shared/domain/event-types.ts';
import { fromCents, toCents } from '../shared/domain/money.ts';
import { canChangeAddress, canTransition, type OrderStatus } from '../shared/domain/order-status.ts';
import { DEFAULT_RETURN_POLICY, decideReturn, type ReturnPolicy } from '../shared/domain/return-policy.ts';
import { CANCEL_REASONS, type CancelReason } from '../shared/domain/vocabulary.ts';
import { deterministicEventId } from '../shared/events/cloud-event.ts';
import type { HubEventData, HubEventType } from '../shared/events/order-event-data.ts';
import { addDelta, type BatchWrites, type NoticeKind } from './batch-writes.ts';
import { auditRow, deadLetterRow } from './audit-rows.ts';
import type { DecodedMessage } from './received-message.ts';
import { classifyReturnComment } from './return-sentiment.ts';

type Received = Extract<DecodedMessage, { kind: 'event' }>;

/** What a batch knows of one existing order while it applies that order's events in partition order. */
interface OrderState {
  id: string;
  status: OrderStatus;
  shipCountry: string;
  shippedAt: Date | null;
  deliveredAt: Date | null;
  subtotalCents: number;
  taxCents: number;
  hasReturn: boolean;
  /** Columns to write once at the end of the batch. */
  changes: Record<string, unknown>;
  items: { product_id: number; quantity: number }[];
}

/** Everything one event's handler may touch: its order, the batch's writes, and the audit helpers. */
interface MoveContext {
  order: OrderState;
  received: Received;
  writes: BatchWrites;
  now: Date;
  returnPolicy: ReturnPolicy;
  /** Records a decision the OMS took because of this event (source `oms-consumer`). */
  decision(type: string, payload: Record<string, unknown>): void;
  notify(kind: NoticeKind, data?: Record<string, string | number | null>): void;
}

/** A handler applies its event to the order, or answers why the move is not allowed. */
type MoveHandler = (ctx: MoveContext) => string | undefined;

/**
 * Applies the events that move existing orders (address change, cancel, review, ship, deliver, return)
 * in partition order, through the state machine (services/shared/domain/order-status.ts). Orders are
 * read once per batch; each order's final state is written once. A move the state machine forbids is
 * recorded in the audit trail as `order.move_rejected` with the reason and changes nothing: a
 * customer's late cancel must not stop the stream. Only an event for an order that does not exist is
 * dead-lettered, since there is no order to record it against.
 */
export async function applyTransitions(
  trx: Knex.Transaction,
  received: Received[],
  writes: BatchWrites,
  now: Date,
  returnPolicy: ReturnPolicy = DEFAULT_RETURN_POLICY,
): Promise<void> {
  if (received.length === 0) return;
  const orders = await loadOrders(
    trx,
    received.map((r) => r.event.subject),
  );
  const nowText = toDbTime(now);

  for (const r of received) {
    const { event } = r;
    const order = orders.get(event.subject);
    if (!order) {
      writes.deadLetters.push(
        deadLetterRow(r.source, event.id, `unknown order ${event.subject}`, JSON.stringify(event), now),
      );
      continue;
    }
    const handler = HANDLERS[event.type as HubEventType];
    const ctx: MoveContext = {
      order,
      received: r,
      writes,
      now,
      returnPolicy,
      decision: (type, payload) =>
        writes.events.push({
          event_id: deterministicEventId(event.id, type),
          order_id: order.id,
          type,
          source: 'oms-consumer',
          partition_id: null,
          sequence_number: null,
          occurred_at: nowText,
          recorded_at: nowText,
          payload: JSON.stringify({ orderId: order.id, ...payload }),
        }),
      notify: (kind, data = {}) => writes.notices.push({ orderId: order.id, kind, data }),
    };
    const statusBefore = order.status;
    // The request first, then the decisions it led to, so the trail reads in the order things happened.
    const at = writes.events.push(auditRow(event, r.source, event.data, now)) - 1;
    const refusal = handler ? handler(ctx) : `event type ${event.type} does not move an existing order`;
    if (refusal === undefined) continue;
    // Same event id as the request, so a redelivered request is recognised and not recorded twice.
    writes.events.splice(at, 1, {
      ...auditRow(event, r.source, null, now),
      type: EVENT_TYPES.moveRejected,
      payload: JSON.stringify({
        orderId: order.id,
        request: event.type,
        status: statusBefore,
        reason: refusal,
      }),
    });
  }

  for (const order of orders.values()) {
    if (Object.keys(order.changes).length === 0) continue;
    await trx('orders')
      .where({ id: order.id })
      .update({ ...order.changes, updated_at: nowText });
  }
}

function notAllowed(order: OrderState, to: OrderStatus): string | undefined {
  return canTransition(order.status, to) ? undefined : `order is ${order.status}; it cannot become ${to}`;
}

/** Moves the order to `status` with the columns that go with it. */
function move(order: OrderState, status: OrderStatus, columns: Record<string, unknown> = {}): void {
  Object.assign(order.changes, { status, ...columns });
  order.status = status;
}

/** Cancels a decided order: its stock reservation is released and its authorization voided. */
function cancel(ctx: MoveContext, reason: CancelReason): void {
  const { order, writes, now } = ctx;
  if (order.status === 'confirmed' || order.status === 'on_hold') {
    for (const i of order.items) addDelta(writes.reservedDelta, i.product_id, -i.quantity);
  }
  move(order, 'cancelled', { cancel_reason: reason, cancelled_at: toDbTime(now) });
  writes.paymentStatus.set(order.id, 'voided');
  ctx.notify('order.cancelled', { reason });
}

const data = <T extends HubEventType>(ctx: MoveContext, _type: T) =>
  ctx.received.event.data as HubEventData<T>;

const HANDLERS: Partial<Record<HubEventType, MoveHandler>> = {
  [EVENT_TYPES.orderUpdated]: (ctx) => {
    const { order } = ctx;
    if (!canChangeAddress(order.status)) {
      return `order is ${order.status}; the address can only change before shipment`;
    }
    const a = data(ctx, EVENT_TYPES.orderUpdated).changes.shippingAddress;
    // VAT follows the destination country, so a new country would change a total already authorized.
    if (a.country !== order.shipCountry) {
      return `the shipping country cannot change (${order.shipCountry} to ${a.country}); cancel and order again`;
    }
    Object.assign(order.changes, {
      ship_line1: a.line1,
      ship_city: a.city,
      ship_postal_code: a.postalCode,
      ship_country: a.country,
    });
    return undefined;
  },

  [EVENT_TYPES.orderCancelled]: (ctx) => {
    const refusal = notAllowed(ctx.order, 'cancelled');
    if (refusal) return refusal;
    const requested = data(ctx, EVENT_TYPES.orderCancelled).reason;
    cancel(
      ctx,
      (CANCEL_REASONS as readonly string[]).includes(requested)
        ? (requested as CancelReason)
        : 'customer_request',
    );
    return undefined;
  },

  [EVENT_TYPES.orderReviewed]: (ctx) => {
    const { order, now } = ctx;
    // Release and reject are decisions about a held order only, even where the state machine would
    // allow the same move from elsewhere (confirmed → cancelled is the customer's, not a review's).
    if (order.status !== 'on_hold') return `order is ${order.status}; only orders on hold are reviewed`;
    const review = data(ctx, EVENT_TYPES.orderReviewed);
    if (review.decision === 'release') {
      move(order, 'confirmed', { confirmed_at: toDbTime(now) });
      ctx.decision(EVENT_TYPES.orderConfirmed, { reason: 'review_released', reviewer: review.reviewer });
      ctx.notify('order.confirmed', { reason: 'review_released' });
    } else {
      cancel(ctx, 'fraud_suspected');
      ctx.decision(EVENT_TYPES.orderCancelled, { reason: 'fraud_suspected', reviewer: review.reviewer });
    }
    return undefined;
  },

  [EVENT_TYPES.orderShipped]: (ctx) => {
    const { order, writes } = ctx;
    const refusal = notAllowed(order, 'shipped');
    if (refusal) return refusal;
    const shipment = data(ctx, EVENT_TYPES.orderShipped);
    const at = new Date(ctx.received.event.time);
    // The reserved units leave the warehouse: off the shelf and out of the reservation.
    for (const i of order.items) {
      addDelta(writes.reservedDelta, i.product_id, -i.quantity);
      addDelta(writes.onHandDelta, i.product_id, -i.quantity);
    }
    move(order, 'shipped', { shipped_at: toDbTime(at) });
    order.shippedAt = at;
    writes.shipments.push({
      order_id: order.id,
      carrier: shipment.carrier,
      tracking_number: shipment.trackingNumber,
      status: 'in_transit',
      shipped_at: toDbTime(at),
      delivered_at: null,
    });
    // Card networks expect capture when the goods ship, not when the order is placed.
    writes.paymentStatus.set(order.id, 'captured');
    ctx.notify('order.shipped', { carrier: shipment.carrier, trackingNumber: shipment.trackingNumber });
    return undefined;
  },

  [EVENT_TYPES.orderDelivered]: (ctx) => {
    const { order, writes } = ctx;
    const refusal = notAllowed(order, 'delivered');
    if (refusal) return refusal;
    const at = new Date(data(ctx, EVENT_TYPES.orderDelivered).deliveredAt);
    if (order.shippedAt && at < order.shippedAt) return 'delivered before it was shipped';
    move(order, 'delivered', { delivered_at: toDbTime(at) });
    order.deliveredAt = at;
    writes.shipmentDelivered.set(order.id, toDbTime(at));
    ctx.notify('order.delivered', {});
    return undefined;
  },

  [EVENT_TYPES.returnRequested]: (ctx) => {
    const { order, writes, now } = ctx;
    if (order.status !== 'delivered')
      return `order is ${order.status}; only delivered orders can be returned`;
    if (order.hasReturn) return 'a return for this order is already on file';
    order.hasReturn = true;
    const request = data(ctx, EVENT_TYPES.returnRequested);
    const requestedAt = new Date(ctx.received.event.time);
    const mood = request.comment ? classifyReturnComment(request.comment) : undefined;
    // Support follows up on unhappy customers whatever the policy decides.
    if (mood?.sentiment === 'negative')
      ctx.notify('return.negative', { reason: request.reason, score: mood.score });
    const decision = decideReturn(
      {
        reason: request.reason,
        deliveredAt: order.deliveredAt,
        requestedAt,
        subtotalCents: order.subtotalCents,
        taxCents: order.taxCents,
      },
      ctx.returnPolicy,
    );
    const row = {
      order_id: order.id,
      reason: request.reason,
      comment: request.comment ?? null,
      sentiment: mood?.sentiment ?? null,
      sentiment_score: mood?.score ?? null,
      requested_at: toDbTime(requestedAt),
      resolved_at: toDbTime(now),
    };
    if (!decision.approved) {
      writes.returns.push({ ...row, status: 'rejected', refund_amount: null });
      ctx.decision(EVENT_TYPES.returnRejected, { reason: decision.rejection });
      ctx.notify('return.rejected', { reason: decision.rejection });
      return undefined;
    }
    const refund = fromCents(decision.refundCents);
    writes.returns.push({ ...row, status: 'refunded', refund_amount: refund });
    if (decision.restock) {
      for (const i of order.items) addDelta(writes.onHandDelta, i.product_id, i.quantity);
    }
    move(order, 'returned');
    writes.paymentStatus.set(order.id, 'refunded');
    ctx.decision(EVENT_TYPES.returnApproved, { reason: request.reason, restock: decision.restock });
    ctx.decision(EVENT_TYPES.returnRefunded, { refundAmount: refund });
    ctx.notify('return.approved', { reason: request.reason });
    ctx.notify('return.refunded', { refundAmount: refund });
    return undefined;
  },
};

function dbDate(value: string | null): Date | null {
  const iso = fromDbTime(value);
  return iso === null ? null : new Date(iso);
}

/** The batch's orders with their lines and whether a return is on file, in three queries. */
async function loadOrders(trx: Knex.Transaction, subjects: string[]): Promise<Map<string, OrderState>> {
  const ids = [...new Set(subjects)];
  const rows = (await trx('orders')
    .whereIn('id', ids)
    .select('id', 'status', 'ship_country', 'shipped_at', 'delivered_at', 'subtotal', 'tax')) as {
    id: string;
    status: OrderStatus;
    ship_country: string;
    shipped_at: string | null;
    delivered_at: string | null;
    subtotal: number | string;
    tax: number | string;
  }[];
  const orders = new Map<string, OrderState>(
    rows.map((o) => [
      o.id,
      {
        id: o.id,
        status: o.status,
        shipCountry: o.ship_country,
        shippedAt: dbDate(o.shipped_at),
        deliveredAt: dbDate(o.delivered_at),
        subtotalCents: toCents(Number(o.subtotal)),
        taxCents: toCents(Number(o.tax)),
        hasReturn: false,
        changes: {},
        items: [],
      },
    ]),
  );
  if (orders.size === 0) return orders;
  const found = [...orders.keys()];
  for (const item of (await trx('order_items')
    .whereIn('order_id', found)
    .select('order_id', 'product_id', 'quantity')) as {
    order_id: string;
    product_id: number;
    quantity: number;
  }[]) {
    orders.get(item.order_id)?.items.push({ product_id: item.product_id, quantity: Number(item.quantity) });
  }
  for (const r of (await trx('returns').whereIn('order_id', found).distinct('order_id')) as {
    order_id: string;
  }[]) {
    orders.get(r.order_id)!.hasReturn = true;
  }
  return orders;
}
