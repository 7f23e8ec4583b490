import type { Knex } from 'knex';
import { bulkInsert } from '../shared/db/bulk-insert.ts';
import { dialect } from '../shared/db/connection.ts';
import { toDbTime } from '../shared/db/time.ts';
import { EVENT_TYPES } from '../shared/domain/event-types.ts';
import { countryByCode } from '../shared/domain/geography.ts';
import { fromCents, toCents } from '../shared/domain/money.ts';
import type { CancelReason } from '../shared/domain/vocabulary.ts';
import { deterministicEventId, type OrderCloudEvent } from '../shared/events/cloud-event.ts';
import type { OrderPlacedData } from '../shared/events/order-event-data.ts';
import { addDelta, type BatchWrites } from './batch-writes.ts';
import { auditRow, deadLetterRow } from './audit-rows.ts';
import type { DecodedMessage } from './received-message.ts';

type Placed = Extract<DecodedMessage, { kind: 'event' }> & {
  event: OrderCloudEvent<typeof EVENT_TYPES.orderPlaced>;
};

/** Free shipping from 50 EUR; otherwise a flat fee (the shop's published rule). */
const FREE_SHIPPING_FROM_CENTS = 5000;
const SHIPPING_FEE_CENTS = 495;

/**
 * Decides every `order.placed` of a batch at once: customers are found or created by email in one
 * round trip, products and stock are read (and locked on MySQL) once, and each order is confirmed with
 * its stock reserved, or cancelled when stock is short or an item is unknown. Payment, fraud and hold
 * rules come later (issue: full pipeline rules); this is the part that keeps stock consistent.
 */
export async function placeOrders(
  trx: Knex.Transaction,
  placed: Placed[],
  writes: BatchWrites,
  now: Date,
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
  const products = (await trx('products').whereIn('sku', skus).select('id', 'sku', 'active')) as {
    id: number;
    sku: string;
    active: number | boolean;
  }[];
  const bySku = new Map(products.map((p) => [p.sku, p]));
  const productIds = products.map((p) => p.id).sort((a, b) => a - b);
  // Locking the stock rows in id order makes concurrent consumers queue instead of deadlocking.
  const stockQuery = trx('inventory')
    .whereIn('product_id', productIds)
    .orderBy('product_id')
    .select('product_id', 'on_hand', 'reserved');
  if (dialect(trx) === 'mysql') stockQuery.forUpdate();
  const stock = new Map(
    ((await stockQuery) as { product_id: number; on_hand: number; reserved: number }[]).map((s) => [
      s.product_id,
      Number(s.on_hand) - Number(s.reserved),
    ]),
  );

  for (const p of fresh) {
    const data = p.event.data;
    const orderId = data.orderId;
    const placedAt = toDbTime(new Date(p.event.time));
    const lines = data.items.map((item, index) => {
      const product = bySku.get(item.sku);
      return {
        item,
        index,
        productId: product?.id,
        sellable: product !== undefined && Boolean(product.active),
      };
    });
    let cancelReason: CancelReason | null = lines.every((l) => l.sellable) ? null : 'validation_failed';
    if (!cancelReason) {
      const short = lines.some((l) => (stock.get(l.productId!) ?? 0) < l.item.quantity);
      if (short) cancelReason = 'out_of_stock';
    }
    if (!cancelReason) {
      for (const l of lines) {
        stock.set(l.productId!, stock.get(l.productId!)! - l.item.quantity);
        addDelta(writes.reservedDelta, l.productId!, l.item.quantity);
      }
    }

    const subtotal = data.items.reduce((s, i) => s + toCents(i.unitPrice) * i.quantity, 0);
    const shipping = subtotal >= FREE_SHIPPING_FROM_CENTS ? 0 : SHIPPING_FEE_CENTS;
    const tax = Math.round(subtotal * (countryByCode(data.shippingAddress.country)?.vatRate ?? 0));
    const confirmed = cancelReason === null;
    writes.orders.push({
      id: orderId,
      customer_id: customerIds.get(data.customer.email.toLowerCase()),
      status: confirmed ? 'confirmed' : 'cancelled',
      channel: data.channel,
      currency: 'EUR',
      subtotal: fromCents(subtotal),
      shipping_fee: fromCents(shipping),
      tax: fromCents(tax),
      total: fromCents(subtotal + shipping + tax),
      ship_line1: data.shippingAddress.line1,
      ship_city: data.shippingAddress.city,
      ship_postal_code: data.shippingAddress.postalCode,
      ship_country: data.shippingAddress.country,
      latitude: data.location?.lat ?? null,
      longitude: data.location?.lon ?? null,
      fraud_score: null,
      cancel_reason: cancelReason,
      placed_at: placedAt,
      confirmed_at: confirmed ? nowText : null,
      shipped_at: null,
      delivered_at: null,
      cancelled_at: confirmed ? null : nowText,
      updated_at: nowText,
    });
    // Lines whose product is unknown cannot reference it; a cancelled order keeps the known ones.
    for (const l of lines) {
      if (l.productId === undefined) continue;
      writes.orderItems.push({
        order_id: orderId,
        line_no: l.index + 1,
        product_id: l.productId,
        sku: l.item.sku,
        quantity: l.item.quantity,
        unit_price: l.item.unitPrice,
        line_total: fromCents(toCents(l.item.unitPrice) * l.item.quantity),
      });
    }
    if (cancelReason !== 'validation_failed') {
      writes.payments.push({
        order_id: orderId,
        method: data.payment.method,
        status: confirmed ? 'authorized' : 'voided',
        amount: fromCents(subtotal + shipping + tax),
        provider_ref: null,
        created_at: nowText,
        updated_at: nowText,
      });
    }
    writes.events.push(auditRow(p.event, p.source, redactPlaced(data), now));
    writes.events.push({
      event_id: deterministicEventId(p.event.id, 'decision'),
      order_id: orderId,
      type: confirmed ? EVENT_TYPES.orderConfirmed : EVENT_TYPES.orderCancelled,
      source: 'oms-consumer',
      partition_id: null,
      sequence_number: null,
      occurred_at: nowText,
      recorded_at: nowText,
      payload: JSON.stringify(confirmed ? { orderId } : { orderId, reason: cancelReason }),
    });
  }
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
