import type { Db } from '../../shared/db/connection.ts';
import { readJsonColumn } from '../../shared/db/json-column.ts';
import { fromDbTime } from '../../shared/db/time.ts';
import { EVENT_TYPES } from '../../shared/domain/event-types.ts';
import type { OrderStatus } from '../../shared/domain/order-status.ts';
import { maskPersonalJson } from '../../shared/privacy/mask-json.ts';

/** An order as the ops console lists it: no name, e-mail or street (the console does not need them). */
export interface OpsOrder {
  id: string;
  status: OrderStatus;
  placedAt: string | null;
  total: number;
  currency: string;
  country: string;
  channel: string;
  fraudScore: number | null;
  fraudIndicators: string[];
}

export interface TrailEntry {
  at: string | null;
  eventType: string;
  eventId: string;
  source: string;
  /** The event's audit payload with personal data masked; null when it had none. */
  detail: unknown;
}

/** The consumer's decisions on a placed order; their payload carries the fraud check (score, indicators). */
const DECISIONS = [EVENT_TYPES.orderHeld, EVENT_TYPES.orderConfirmed, EVENT_TYPES.orderCancelled];

/** The longest trail returned; an order's life is a few dozen events. */
const MAX_TRAIL = 500;

function indicatorsOf(payload: unknown): string[] | undefined {
  const fraud = (payload as { fraud?: { indicators?: unknown } } | null)?.fraud;
  if (!fraud || !Array.isArray(fraud.indicators)) return undefined;
  return fraud.indicators.filter((i): i is string => typeof i === 'string');
}

/** Orders in one status, newest first, with the indicators the fraud check saw when it decided. */
export async function listOrders(db: Db, status: OrderStatus, limit: number): Promise<OpsOrder[]> {
  const rows = (await db('orders')
    .where({ status })
    .orderBy([
      { column: 'placed_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(limit)
    .select('id', 'status', 'placed_at', 'total', 'currency', 'ship_country', 'channel', 'fraud_score')) as {
    id: string;
    status: OrderStatus;
    placed_at: string | null;
    total: number | string;
    currency: string;
    ship_country: string;
    channel: string;
    fraud_score: number | string | null;
  }[];
  const indicators = new Map<string, string[]>();
  if (rows.length > 0) {
    // Oldest first, so an order's latest decision with a fraud check is the one kept.
    const decisions = (await db('order_events')
      .whereIn(
        'order_id',
        rows.map((r) => r.id),
      )
      .where({ source: 'oms-consumer' })
      .whereIn('type', DECISIONS)
      .orderBy('id')
      .select('order_id', 'payload')) as { order_id: string; payload: unknown }[];
    for (const d of decisions) {
      const found = indicatorsOf(readJsonColumn(d.payload));
      if (found) indicators.set(d.order_id, found);
    }
  }
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    placedAt: fromDbTime(r.placed_at),
    total: Number(r.total),
    currency: r.currency,
    country: r.ship_country,
    channel: r.channel,
    fraudScore: r.fraud_score === null ? null : Number(r.fraud_score),
    fraudIndicators: indicators.get(r.id) ?? [],
  }));
}

/** An order's audit trail in the order it was recorded; undefined for an unknown order. */
export async function orderAudit(
  db: Db,
  orderId: string,
): Promise<{ orderId: string; status: OrderStatus; trail: TrailEntry[] } | undefined> {
  const order = (await db('orders').where({ id: orderId }).first('status')) as
    { status: OrderStatus } | undefined;
  if (!order) return undefined;
  const rows = (await db('order_events')
    .where({ order_id: orderId })
    .orderBy('id')
    .limit(MAX_TRAIL)
    .select('event_id', 'type', 'source', 'occurred_at', 'payload')) as {
    event_id: string;
    type: string;
    source: string;
    occurred_at: string | null;
    payload: unknown;
  }[];
  return {
    orderId,
    status: order.status,
    trail: rows.map((r) => ({
      at: fromDbTime(r.occurred_at),
      eventType: r.type,
      eventId: r.event_id,
      source: r.source,
      detail: maskPersonalJson(readJsonColumn(r.payload)),
    })),
  };
}
