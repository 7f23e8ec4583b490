import { EVENT_TYPES, eventSource } from '../../domain/event-types.ts';
import type { AuditTrail } from './audit-trail.ts';
import type { OrderFate } from './order-lifecycle.ts';
import type { SeedRows } from './rows.ts';

/** What the order.placed event carried, as the storefront or the integration sent it. */
export interface PlacedOrder {
  id: string;
  channel: Parameters<typeof eventSource>[0];
  placedAt: number;
  placedData: Record<string, unknown>;
}

/** The order's audit trail: what arrived on the hub, and what the pipeline decided. */
export function recordOrderEvents(
  trail: AuditTrail,
  order: PlacedOrder,
  fate: OrderFate,
  shipment: SeedRows['shipments'][number] | null,
  returnRow: SeedRows['returns'][number] | null,
): void {
  const { id, channel } = order;
  trail.add(id, EVENT_TYPES.orderPlaced, order.placedAt, order.placedData, true, eventSource(channel));
  if (fate.held) {
    trail.add(
      id,
      EVENT_TYPES.orderHeld,
      fate.decisionAt,
      { orderId: id, fraudScore: fate.fraudScore },
      false,
      'oms-consumer',
    );
  }
  if (fate.confirmedAt !== null) {
    trail.add(id, EVENT_TYPES.orderConfirmed, fate.confirmedAt, { orderId: id }, false, 'oms-consumer');
  }
  if (fate.cancelledAt !== null) {
    const byCustomer = fate.cancelReason === 'customer_request';
    trail.add(
      id,
      EVENT_TYPES.orderCancelled,
      fate.cancelledAt,
      { orderId: id, reason: fate.cancelReason },
      byCustomer,
      byCustomer ? eventSource(channel) : 'oms-consumer',
    );
  }
  if (fate.shippedAt !== null && shipment) {
    trail.add(
      id,
      EVENT_TYPES.orderShipped,
      fate.shippedAt,
      { orderId: id, carrier: fate.carrier, trackingNumber: shipment.tracking_number },
      true,
      '/warehouse',
    );
  }
  if (fate.deliveredAt !== null) {
    trail.add(
      id,
      EVENT_TYPES.orderDelivered,
      fate.deliveredAt,
      { orderId: id, deliveredAt: new Date(fate.deliveredAt).toISOString() },
      true,
      `/carriers/${(fate.carrier ?? 'unknown').toLowerCase()}`,
    );
  }
  if (returnRow) {
    trail.add(
      id,
      EVENT_TYPES.returnRequested,
      Date.parse(`${returnRow.requested_at}Z`),
      { orderId: id, reason: returnRow.reason, comment: returnRow.comment },
      true,
      eventSource(channel),
    );
  }
}
