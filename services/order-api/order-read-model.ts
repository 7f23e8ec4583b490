import type { Db } from '../shared/db/connection.ts';
import { fromDbTime } from '../shared/db/time.ts';
import type { OrderView } from '../shared/events/order-view.ts';

export type { OrderView };

export async function findOrder(db: Db, orderId: string): Promise<OrderView | undefined> {
  const order = await db('orders').where({ id: orderId }).first();
  if (!order) return undefined;
  const [items, shipment, events] = await Promise.all([
    db('order_items as i')
      .leftJoin('products as p', 'p.id', 'i.product_id')
      .where('i.order_id', orderId)
      .orderBy('i.line_no')
      .select('i.line_no', 'i.sku', 'p.name', 'i.quantity', 'i.unit_price', 'i.line_total'),
    db('shipments').where({ order_id: orderId }).orderBy('id', 'desc').first(),
    db('order_events')
      .where({ order_id: orderId })
      .orderBy([{ column: 'occurred_at' }, { column: 'id' }])
      .select('type', 'source', 'occurred_at'),
  ]);
  return {
    orderId: order.id,
    status: order.status,
    channel: order.channel,
    currency: order.currency,
    subtotal: Number(order.subtotal),
    shippingFee: Number(order.shipping_fee),
    tax: Number(order.tax),
    total: Number(order.total),
    cancelReason: order.cancel_reason,
    placedAt: fromDbTime(order.placed_at),
    confirmedAt: fromDbTime(order.confirmed_at),
    shippedAt: fromDbTime(order.shipped_at),
    deliveredAt: fromDbTime(order.delivered_at),
    cancelledAt: fromDbTime(order.cancelled_at),
    shippingAddress: {
      line1: order.ship_line1,
      city: order.ship_city,
      postalCode: order.ship_postal_code,
      country: order.ship_country,
    },
    items: items.map((i) => ({
      lineNo: Number(i.line_no),
      sku: i.sku,
      name: i.name ?? null,
      quantity: Number(i.quantity),
      unitPrice: Number(i.unit_price),
      lineTotal: Number(i.line_total),
    })),
    shipment: shipment
      ? { carrier: shipment.carrier, trackingNumber: shipment.tracking_number, status: shipment.status }
      : null,
    timeline: events.map((e) => ({ type: e.type, source: e.source, occurredAt: fromDbTime(e.occurred_at) })),
  };
}
