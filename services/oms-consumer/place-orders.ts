import type { Knex } from 'knex';
import { bulkInsert } from '../shared/db/bulk-insert.ts';
import { dialect } from '../shared/db/connection.ts';
import { toDbTime } from '../shared/db/time.ts';
import { EVENT_TYPES } from '../shared/domain/event-types.ts';
import { fromCents } from '../shared/domain/money.ts';
import {
  DEFAULT_POLICY,
  NO_HISTORY,
  decideOrder,
  type CatalogView,
  type CustomerHistory,
  type DecisionPolicy,
  type OrderDecision,
  type PaymentGateway,
  type StockLedger,
} from '../shared/domain/order-decision/index.ts';
import type { ReturnPolicy } from '../shared/domain/return-policy.ts';
import type { OutboxRouting } from './outbox.ts';
import { deterministicEventId, type OrderCloudEvent } from '../shared/events/cloud-event.ts';
import type { OrderPlacedData } from '../shared/events/order-event-data.ts';
import { addDelta, type BatchWrites } from './batch-writes.ts';
import { auditRow, deadLetterRow } from './audit-rows.ts';
import type { DecodedMessage } from './received-message.ts';

type Placed = Extract<DecodedMessage, { kind: 'event' }> & {
  event: OrderCloudEvent<typeof EVENT_TYPES.orderPlaced>;
};

/**
 * How the batch decides: the rules' limits, the payment gateway (the local simulator by default) and
 * the returns policy that later moves apply.
 */
export interface PlacementOptions {
  policy?: DecisionPolicy;
  gateway?: PaymentGateway;
  returns?: ReturnPolicy;
  /** Webhook targets and the support address of the outbox; customers' e-mails only when unset. */
  outbox?: OutboxRouting;
}

const HOUR_MS = 3_600_000;

/**
 * Places every `order.placed` of a batch at once: customers are found or created by email in one
 * round trip, their order history (count, average, last hour/day) is read in one grouped query,
 * products and stock are read (and locked on MySQL) once, each order is decided by the pure order
 * decision (services/shared/domain/order-decision: validation rules → payment, inventory and fraud
 * checks → decision), and its rows are collected for the batch's set-based writes.
 */
export async function placeOrders(
  trx: Knex.Transaction,
  placed: Placed[],
  writes: BatchWrites,
  now: Date,
  options: PlacementOptions = {},
): Promise<void> {
  if (placed.length === 0) return;
  const nowText = toDbTime(now);

  // An order id that already exists (a different event for the same id) is not placed twice.
  const ids = placed.map((p) => p.event.data.orderId);
  const existing = new Set((await trx('orders').whereIn('id', ids).pluck('id')) as string[]);
  const seen = new Set<string>();
  const fresh: Placed[] = [];
  for (const p of placed) {
    const id = p.event.data.orderId;
    if (existing.has(id) || seen.has(id)) {
      writes.deadLetters.push(
        deadLetterRow(p.source, p.event.id, `order ${id} already exists`, JSON.stringify(p.event), now),
      );
      continue;
    }
    seen.add(id);
    fresh.push(p);
  }
  if (fresh.length === 0) return;

  const customerIds = await ensureCustomers(
    trx,
    fresh.map((p) => p.event.data),
    nowText,
  );

  const skus = [...new Set(fresh.flatMap((p) => p.event.data.items.map((i) => i.sku)))];
  const products = (await trx('products')
    .whereIn('sku', skus)
    .select('id', 'sku', 'active', 'unit_price')) as {
    id: number;
    sku: string;
    active: number | boolean;
    unit_price: number | string;
  }[];
  const catalog: CatalogView = new Map(
    products.map((p) => [
      p.sku,
      { productId: p.id, active: Boolean(p.active), unitPrice: Number(p.unit_price) },
    ]),
  );
  const productIds = products.map((p) => p.id).sort((a, b) => a - b);
  // Locking the stock rows in id order makes concurrent consumers queue instead of deadlocking.
  const stockQuery = trx('inventory')
    .whereIn('product_id', productIds)
    .orderBy('product_id')
    .select('product_id', 'on_hand', 'reserved');
  if (dialect(trx) === 'mysql') stockQuery.forUpdate();
  const stock: StockLedger = new Map(
    ((await stockQuery) as { product_id: number; on_hand: number; reserved: number }[]).map((s) => [
      s.product_id,
      Number(s.on_hand) - Number(s.reserved),
    ]),
  );

  const history = await customerHistories(trx, [...customerIds.values()], now);
  // Card tokens are never stored, so card velocity is counted over the orders of this batch.
  const cardUses = new Map<string, number>();
  const policy = options.policy ?? DEFAULT_POLICY;

  for (const p of fresh) {
    const data = p.event.data;
    const customerId = customerIds.get(data.customer.email.toLowerCase());
    const token = data.payment.method === 'card' ? data.payment.token : undefined;
    const before = (customerId !== undefined && history.get(customerId)) || NO_HISTORY;
    const decision = decideOrder(
      {
        orderId: data.orderId,
        email: data.customer.email,
        items: data.items,
        shippingAddress: data.shippingAddress,
        paymentMethod: data.payment.method,
        paymentToken: data.payment.token,
        channel: data.channel,
        customerCountry: data.customer.country,
        location: data.location,
      },
      catalog,
      stock,
      policy,
      {
        history: { ...before, cardOrdersLastHour: token ? (cardUses.get(token) ?? 0) : 0 },
        ...(options.gateway ? { gateway: options.gateway } : {}),
      },
    );
    // The next order of the same customer (or card) in this batch sees this one as history.
    if (customerId !== undefined) history.set(customerId, withOrder(before, decision.totals.total));
    if (token) cardUses.set(token, (cardUses.get(token) ?? 0) + 1);
    for (const r of decision.reservations) addDelta(writes.reservedDelta, r.productId, r.quantity);
    writeDecision(writes, p, decision, customerId, now);
  }
}

function withOrder(h: CustomerHistory, totalCents: number): CustomerHistory {
  const earlierOrders = h.earlierOrders + 1;
  return {
    earlierOrders,
    earlierAverageCents: ((h.earlierAverageCents ?? 0) * h.earlierOrders + totalCents) / earlierOrders,
    ordersLastHour: h.ordersLastHour + 1,
    ordersLastDay: h.ordersLastDay + 1,
    cardOrdersLastHour: 0,
  };
}

/** The batch's customers' earlier orders, in one grouped query: count, average total, last hour/day. */
async function customerHistories(
  trx: Knex.Transaction,
  customerIds: number[],
  now: Date,
): Promise<Map<number, CustomerHistory>> {
  const histories = new Map<number, CustomerHistory>();
  if (customerIds.length === 0) return histories;
  const hourAgo = toDbTime(now.getTime() - HOUR_MS);
  const dayAgo = toDbTime(now.getTime() - 24 * HOUR_MS);
  const rows = (await trx('orders')
    .whereIn('customer_id', customerIds)
    .groupBy('customer_id')
    .select(
      'customer_id',
      trx.raw('count(*) as n'),
      trx.raw('avg(total) as average'),
      trx.raw('sum(case when placed_at >= ? then 1 else 0 end) as last_hour', [hourAgo]),
      trx.raw('sum(case when placed_at >= ? then 1 else 0 end) as last_day', [dayAgo]),
    )) as {
    customer_id: number;
    n: number | string;
    average: number | string | null;
    last_hour: number | string | null;
    last_day: number | string | null;
  }[];
  for (const r of rows) {
    histories.set(Number(r.customer_id), {
      earlierOrders: Number(r.n),
      earlierAverageCents: r.average === null ? null : Math.round(Number(r.average) * 100),
      ordersLastHour: Number(r.last_hour ?? 0),
      ordersLastDay: Number(r.last_day ?? 0),
      cardOrdersLastHour: 0,
    });
  }
  return histories;
}

/** The rows of one decided order: the order, its lines, its payment and its two audit events. */
function writeDecision(
  writes: BatchWrites,
  p: Placed,
  decision: OrderDecision,
  customerId: number | undefined,
  now: Date,
): void {
  const data = p.event.data;
  const orderId = data.orderId;
  const nowText = toDbTime(now);
  const { subtotal, shipping, tax, total } = decision.totals;
  const confirmed = decision.status === 'confirmed';
  const cancelled = decision.status === 'cancelled';
  writes.orders.push({
    id: orderId,
    customer_id: customerId,
    status: decision.status,
    channel: data.channel,
    currency: 'EUR',
    subtotal: fromCents(subtotal),
    shipping_fee: fromCents(shipping),
    tax: fromCents(tax),
    total: fromCents(total),
    ship_line1: data.shippingAddress.line1,
    ship_city: data.shippingAddress.city,
    ship_postal_code: data.shippingAddress.postalCode,
    ship_country: data.shippingAddress.country,
    latitude: data.location?.lat ?? null,
    longitude: data.location?.lon ?? null,
    fraud_score: decision.fraud?.score ?? null,
    cancel_reason: decision.cancelReason,
    placed_at: toDbTime(new Date(p.event.time)),
    confirmed_at: confirmed ? nowText : null,
    shipped_at: null,
    delivered_at: null,
    cancelled_at: cancelled ? nowText : null,
    updated_at: nowText,
  });
  // Lines whose product is unknown cannot reference it; a cancelled order keeps the known ones.
  for (const line of decision.lines) {
    if (line.productId === undefined) continue;
    writes.orderItems.push({
      order_id: orderId,
      line_no: line.lineNo,
      product_id: line.productId,
      sku: line.sku,
      quantity: line.quantity,
      unit_price: line.unitPrice,
      line_total: fromCents(line.lineTotalCents),
    });
  }
  if (decision.payment !== null) {
    writes.payments.push({
      order_id: orderId,
      method: data.payment.method,
      status: decision.payment,
      amount: fromCents(total),
      provider_ref: decision.providerRef,
      created_at: nowText,
      updated_at: nowText,
    });
  }
  writes.notices.push({
    orderId,
    kind: confirmed ? 'order.confirmed' : cancelled ? 'order.cancelled' : 'order.held',
    data: { reason: decision.cancelReason, total: fromCents(total) },
  });
  writes.events.push(auditRow(p.event, p.source, redactPlaced(data), now));
  writes.events.push({
    event_id: deterministicEventId(p.event.id, 'decision'),
    order_id: orderId,
    type: confirmed
      ? EVENT_TYPES.orderConfirmed
      : cancelled
        ? EVENT_TYPES.orderCancelled
        : EVENT_TYPES.orderHeld,
    source: 'oms-consumer',
    partition_id: null,
    sequence_number: null,
    occurred_at: nowText,
    recorded_at: nowText,
    payload: JSON.stringify(decisionPayload(orderId, decision)),
  });
}

/** What the audit trail says about a decision: the reason, the failed rules or checks, the fraud score. */
function decisionPayload(orderId: string, decision: OrderDecision): Record<string, unknown> {
  if (decision.failedRules.length > 0) {
    return { orderId, reason: decision.cancelReason, failedRules: decision.failedRules };
  }
  return {
    orderId,
    ...(decision.cancelReason ? { reason: decision.cancelReason, failedChecks: decision.failedChecks } : {}),
    ...(decision.status === 'on_hold' ? { reason: 'fraud_review' } : {}),
    payment: { status: decision.payment, providerRef: decision.providerRef },
    fraud: decision.fraud && { score: decision.fraud.score, indicators: decision.fraud.indicators },
  };
}

/** The payment token is a credential: it is used for the payment check and never stored. */
function redactPlaced(data: OrderPlacedData): OrderPlacedData {
  const { token: _token, ...payment } = data.payment;
  return { ...data, payment };
}

/** Finds or creates the batch's customers by email; returns email (lower-cased) → id. */
async function ensureCustomers(
  trx: Knex.Transaction,
  orders: OrderPlacedData[],
  nowText: string,
): Promise<Map<string, number>> {
  const byEmail = new Map<string, OrderPlacedData['customer']>();
  for (const o of orders) byEmail.set(o.customer.email.toLowerCase(), o.customer);
  const emails = [...byEmail.keys()];
  const load = async () =>
    new Map(
      (
        (await trx('customers').whereIn('email', emails).select('id', 'email')) as {
          id: number;
          email: string;
        }[]
      ).map((c) => [c.email.toLowerCase(), Number(c.id)]),
    );
  const known = await load();
  const missing = emails.filter((e) => !known.has(e));
  if (missing.length === 0) return known;
  await bulkInsert(
    trx,
    'customers',
    missing.map((email) => {
      const c = byEmail.get(email)!;
      return { email, full_name: c.fullName, country: c.country, city: c.city, created_at: nowText };
    }),
  );
  return load();
}
