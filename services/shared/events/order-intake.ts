import { createHash } from 'node:crypto';
import type { Db } from '../db/connection.ts';
import { EVENT_TYPES, eventSource } from '../domain/event-types.ts';
import { newOrderId } from '../domain/order-id.ts';
import { createOrderEvent, type OrderCloudEvent } from './cloud-event.ts';
import type { OrderPlacedData } from './order-event-data.ts';
import type { PlaceOrderRequest } from './order-request.ts';

/**
 * Order intake as every entry point does it (the API's `POST /api/orders`, partner file imports):
 * SKUs are checked against the catalogue and priced from it — never from what the sender claims — and
 * the `order.placed` event is built from the validated request.
 */

/** One catalogue entry as intake sees it. */
export interface CatalogPrice {
  unitPrice: number;
  active: boolean;
}

/** The catalogue lookup intake needs; the API's in-memory CatalogCache and a plain Map both fit. */
export interface PriceList {
  get(sku: string): CatalogPrice | undefined;
}

/** A problem with one field of an order, `field` being its path such as `items.0.sku`. */
export interface IntakeFieldError {
  field: string;
  message: string;
}

export type PricedItems = OrderPlacedData['items'];

/** Every product's price and whether it is sold, read in one query. */
export async function loadPriceList(db: Db): Promise<Map<string, CatalogPrice>> {
  const rows = (await db('products').select('sku', 'unit_price', 'active')) as {
    sku: string;
    unit_price: number | string;
    active: number | boolean;
  }[];
  return new Map(rows.map((r) => [r.sku, { unitPrice: Number(r.unit_price), active: Boolean(r.active) }]));
}

/**
 * Prices a validated order from the catalogue. Unknown or discontinued SKUs and a SKU listed twice are
 * errors (the consumer would cancel such an order anyway; intake refuses it while the sender can fix it).
 */
export function priceOrderItems(
  order: Pick<PlaceOrderRequest, 'items'>,
  catalog: PriceList,
): { items: PricedItems; errors: IntakeFieldError[] } {
  const errors: IntakeFieldError[] = [];
  const items: PricedItems = [];
  for (const [index, item] of order.items.entries()) {
    const product = catalog.get(item.sku);
    if (!product || !product.active) {
      errors.push({ field: `items.${index}.sku`, message: `unknown or discontinued SKU ${item.sku}` });
      continue;
    }
    items.push({ sku: item.sku, quantity: item.quantity, unitPrice: product.unitPrice });
  }
  if (new Set(order.items.map((i) => i.sku)).size !== order.items.length) {
    errors.push({ field: 'items', message: 'each SKU may appear once; use quantity' });
  }
  return { items, errors };
}

/**
 * A deterministic order id for an idempotency key: the same key yields the same id on every instance
 * and every run, with no shared state to consult. Callers namespace their keys (the API passes the
 * Idempotency-Key as is; file imports pass `file_import:<order reference>`).
 */
export function orderIdForKey(key: string): string {
  const digest = createHash('sha256').update(`order:${key}`).digest();
  let i = 0;
  return newOrderId((n) => digest[i++]! % n);
}

/** The `order.placed` event of a validated, priced order. */
export function orderPlacedEvent(
  order: PlaceOrderRequest,
  orderId: string,
  items: PricedItems,
  options: { id?: string } = {},
): OrderCloudEvent<typeof EVENT_TYPES.orderPlaced> {
  return createOrderEvent(
    EVENT_TYPES.orderPlaced,
    eventSource(order.channel),
    {
      orderId,
      customer: order.customer,
      items,
      shippingAddress: order.shippingAddress,
      payment: order.payment,
      ...(order.location ? { location: order.location } : {}),
      channel: order.channel,
    },
    options,
  );
}
