import { randomUUID } from 'node:crypto';
import { EVENT_TYPES } from '../../services/shared/domain/event-types.ts';
import { newOrderId } from '../../services/shared/domain/order-id.ts';
import {
  createOrderEvent,
  encodeEvent,
  type OrderCloudEvent,
} from '../../services/shared/events/cloud-event.ts';
import type { ReceivedMessage } from '../../services/oms-consumer/received-message.ts';

/** A valid `order.placed` event for the given lines, with a fresh order id unless one is given. */
export function placedEvent(
  items: { sku: string; quantity: number; unitPrice: number }[],
  overrides: { orderId?: string; email?: string; country?: string } = {},
): OrderCloudEvent<typeof EVENT_TYPES.orderPlaced> {
  const orderId = overrides.orderId ?? newOrderId();
  return createOrderEvent(EVENT_TYPES.orderPlaced, '/channels/web', {
    orderId,
    customer: {
      email: overrides.email ?? `shopper-${randomUUID().slice(0, 8)}@example.com`,
      fullName: 'Test Shopper',
      country: overrides.country ?? 'DE',
      city: 'Berlin',
    },
    items,
    shippingAddress: {
      line1: 'Unter den Linden 1',
      city: 'Berlin',
      postalCode: '10117',
      country: overrides.country ?? 'DE',
    },
    payment: { method: 'card', token: 'tok_secret_should_not_be_stored' },
    location: { lat: 52.52, lon: 13.405 },
    channel: 'web',
  });
}

/** Wraps bodies as messages of one partition with consecutive sequence numbers. */
export function asMessages(bodies: unknown[], partitionId = '0', firstSequence = 0): ReceivedMessage[] {
  return bodies.map((b, i) => ({
    body: typeof b === 'object' && b !== null && 'specversion' in b ? encodeEvent(b as OrderCloudEvent) : b,
    partitionId,
    sequenceNumber: firstSequence + i,
  }));
}
