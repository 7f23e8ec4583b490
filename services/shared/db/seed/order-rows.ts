import type { Faker } from '@faker-js/faker';
import { fromCents } from '../../domain/money.ts';
import { newOrderId } from '../../domain/order-id.ts';
import { totalsFromSubtotal } from '../../domain/pricing.ts';
import { toDbTime } from '../time.ts';
import type { AuditTrail } from './audit-trail.ts';
import type { Customer } from './customers.ts';
import { CHANNEL_WEIGHTS, PAYMENT_WEIGHTS } from './distributions.ts';
import { providerRef, round6, trackingNumber } from './identifiers.ts';
import { drawNotification } from './notifications.ts';
import { recordOrderEvents } from './order-events.ts';
import { drawDecision, drawDelivery, drawReturn } from './order-lifecycle.ts';
import { drawOrderLines } from './order-lines.ts';
import type { ProductRow } from './products.ts';
import type { Rng } from './rng.ts';
import type { SeedRows } from './rows.ts';

/** What every order of one seed run draws from. */
export interface OrderWorld {
  rng: Rng;
  nowMs: number;
  customers: Customer[];
  byPopularity: readonly ProductRow[];
  fakerFor(country: string): Faker;
  rows: SeedRows;
  trail: AuditTrail;
  orderIds: Set<string>;
  /** Units held by confirmed and on-hold orders, per product id. */
  reservedByProduct: Map<number, number>;
}

/**
 * Draws one order placed at `placedAt` and writes its rows (order, lines, payment, shipment, return,
 * notification) and its audit events. The draws happen in one fixed order: that order is what makes the
 * same seed give the same rows.
 */
export function drawOrder(world: OrderWorld, placedAt: number): void {
  const { rng, nowMs, rows } = world;
  let id = newOrderId((n) => rng.int(n));
  while (world.orderIds.has(id)) id = newOrderId((n) => rng.int(n));
  world.orderIds.add(id);

  const customer = world.customers[rng.skewed(world.customers.length, 1.7)]!;
  customer.firstOrderAt = Math.min(customer.firstOrderAt, placedAt);
  const channel = rng.weighted(CHANNEL_WEIGHTS);
  const method = rng.weighted(PAYMENT_WEIGHTS);
  const f = world.fakerFor(customer.country.code);
  const shipCity = rng.chance(0.85)
    ? customer.country.cities[customer.cityIndex]!
    : rng.pick(customer.country.cities);
  const hasLocation = channel !== 'file_import' && !(channel === 'partner_api' && rng.chance(0.5));

  const { items, subtotalCents } = drawOrderLines(rng, world.byPopularity, id);
  const totals = totalsFromSubtotal(subtotalCents, customer.country.code);

  const fate = drawDecision(rng, placedAt, nowMs, method);
  drawDelivery(rng, fate, nowMs);
  const returnRow = drawReturn(rng, fate, { id, subtotalCents, taxCents: totals.tax }, nowMs);

  if (fate.status === 'confirmed' || fate.status === 'on_hold') {
    for (const item of items) {
      world.reservedByProduct.set(
        item.product_id,
        (world.reservedByProduct.get(item.product_id) ?? 0) + item.quantity,
      );
    }
  }

  const lat = hasLocation ? round6(shipCity.lat + (rng.next() - 0.5) * 0.1) : null;
  const lon = hasLocation ? round6(shipCity.lon + (rng.next() - 0.5) * 0.1) : null;
  const timeline = [placedAt, fate.confirmedAt, fate.shippedAt, fate.deliveredAt, fate.cancelledAt].filter(
    (t): t is number => t !== null,
  );
  const returnTimes = returnRow
    ? [
        Date.parse(`${returnRow.requested_at}Z`),
        returnRow.resolved_at ? Date.parse(`${returnRow.resolved_at}Z`) : 0,
      ]
    : [];
  const updatedAt = Math.max(...timeline, ...returnTimes);
  const shippingAddress = {
    line1: f.location.streetAddress(),
    city: shipCity.name,
    postalCode: f.location.zipCode(),
    country: customer.country.code,
  };
  const dbTime = (t: number | null) => (t === null ? null : toDbTime(t));

  rows.orders.push({
    id,
    customer_id: customer.id,
    status: fate.status,
    channel,
    currency: 'EUR',
    subtotal: fromCents(subtotalCents),
    shipping_fee: fromCents(totals.shipping),
    tax: fromCents(totals.tax),
    total: fromCents(totals.total),
    ship_line1: shippingAddress.line1,
    ship_city: shippingAddress.city,
    ship_postal_code: shippingAddress.postalCode,
    ship_country: shippingAddress.country,
    latitude: lat,
    longitude: lon,
    fraud_score: fate.fraudScore,
    cancel_reason: fate.cancelReason,
    placed_at: toDbTime(placedAt),
    confirmed_at: dbTime(fate.confirmedAt),
    shipped_at: dbTime(fate.shippedAt),
    delivered_at: dbTime(fate.deliveredAt),
    cancelled_at: dbTime(fate.cancelledAt),
    updated_at: toDbTime(updatedAt),
  });
  rows.order_items.push(...items);

  if (fate.paymentStatus !== null) {
    rows.payments.push({
      order_id: id,
      method,
      status: fate.paymentStatus,
      amount: fromCents(totals.total),
      provider_ref: providerRef(rng, method),
      created_at: toDbTime(placedAt + 500 + rng.int(3000)),
      updated_at: toDbTime(updatedAt),
    });
  }

  let shipment: SeedRows['shipments'][number] | null = null;
  if (fate.shippedAt !== null && fate.carrier !== null) {
    shipment = {
      order_id: id,
      carrier: fate.carrier,
      tracking_number: trackingNumber(rng, fate.carrier),
      status: fate.deliveredAt !== null ? 'delivered' : rng.chance(0.15) ? 'label_created' : 'in_transit',
      shipped_at: toDbTime(fate.shippedAt),
      delivered_at: dbTime(fate.deliveredAt),
    };
    rows.shipments.push(shipment);
  }
  if (returnRow) rows.returns.push(returnRow);

  const placedData = {
    orderId: id,
    customer: {
      email: customer.email,
      fullName: customer.fullName,
      country: customer.country.code,
      city: customer.country.cities[customer.cityIndex]!.name,
    },
    items: items.map((i) => ({ sku: i.sku, quantity: i.quantity, unitPrice: i.unit_price })),
    shippingAddress,
    payment: { method },
    ...(lat !== null ? { location: { lat, lon } } : {}),
    channel,
  };
  recordOrderEvents(world.trail, { id, channel, placedAt, placedData }, fate, shipment, returnRow);

  const notification = drawNotification(
    rng,
    f,
    { id, channel, email: customer.email, placedAt },
    fate,
    nowMs,
  );
  if (notification) rows.notifications.push(notification);
}
