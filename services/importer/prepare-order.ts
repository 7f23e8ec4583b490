import type { EVENT_TYPES } from '../shared/domain/event-types.ts';
import { deterministicEventId, type OrderCloudEvent } from '../shared/events/cloud-event.ts';
import {
  orderIdForKey,
  orderPlacedEvent,
  priceOrderItems,
  type IntakeFieldError,
  type PriceList,
} from '../shared/events/order-intake.ts';
import { placeOrderRequest, type PlaceOrderRequest } from '../shared/events/order-request.ts';
import type { FileOrder } from './file-orders.ts';

export const IMPORT_CHANNEL = 'file_import';

/** A partner's order reference: what makes a re-import recognisable. */
const ORDER_REF = /^[\x21-\x7e]{1,64}$/;

export type PreparedOrder =
  | {
      kind: 'ok';
      line: number;
      ref: string;
      orderId: string;
      event: OrderCloudEvent<typeof EVENT_TYPES.orderPlaced>;
    }
  | { kind: 'rejected'; line: number; ref: string | undefined; reason: string };

/**
 * The order's content in a fixed form: field order fixed, items sorted by SKU, absent optionals as
 * null. The same order yields the same text whether it came from CSV or JSON Lines, in any item order.
 */
function canonicalContent(order: PlaceOrderRequest): string {
  const { customer: c, shippingAddress: a, payment: p, location: l } = order;
  return JSON.stringify([
    [c.email.toLowerCase(), c.fullName, c.country, c.city],
    order.items.map((i) => [i.sku, i.quantity]).sort((x, y) => (x[0]! < y[0]! ? -1 : 1)),
    [a.line1, a.city, a.postalCode, a.country],
    [p.method, p.token ?? null],
    l ? [l.lat, l.lon] : null,
  ]);
}

function describe(order: FileOrder, errors: IntakeFieldError[]): { line: number; reason: string } {
  const located = errors.map((e) => ({ ...order.locate(e.field), message: e.message }));
  const line = Math.min(...located.map((l) => l.line));
  const reason = located
    .slice(0, 5)
    .map((l) => `${l.name}: ${l.message}${l.line !== line ? ` (line ${l.line})` : ''}`)
    .join('; ');
  return { line, reason: located.length > 5 ? `${reason}; … ${located.length - 5} more` : reason };
}

/**
 * Validates one order exactly as `POST /api/orders` does (the same zod schema, SKUs and prices from the
 * catalogue) and gives it deterministic ids: the order id from the partner's reference, the event id
 * from reference and content. Re-importing the same order yields the same event, which the consumer
 * applies once; a changed order under a known reference keeps its order id, so it cannot become a
 * second order.
 */
export function prepareOrder(order: FileOrder, catalog: PriceList): PreparedOrder {
  const ref = order.ref;
  if (ref === undefined || !ORDER_REF.test(ref)) {
    const { line, name } = order.locate('orderRef');
    return {
      kind: 'rejected',
      line,
      ref,
      reason: `${name}: the partner's order reference is required (1–64 visible ASCII characters)`,
    };
  }
  const parsed = placeOrderRequest.safeParse({ ...order.body, channel: IMPORT_CHANNEL });
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message }));
    return { kind: 'rejected', ref, ...describe(order, errors) };
  }
  const priced = priceOrderItems(parsed.data, catalog);
  if (priced.errors.length) return { kind: 'rejected', ref, ...describe(order, priced.errors) };

  const orderId = orderIdForKey(`${IMPORT_CHANNEL}:${ref}`);
  const eventId = deterministicEventId('order.placed', IMPORT_CHANNEL, ref, canonicalContent(parsed.data));
  const event = orderPlacedEvent(parsed.data, orderId, priced.items, { id: eventId });
  return { kind: 'ok', line: order.line, ref, orderId, event };
}
