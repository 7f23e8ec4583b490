import type { Channel } from './vocabulary.ts';

/**
 * CloudEvents `type` values (design §6). The first six travel on the `orders` hub; the last three are
 * decisions the OMS records in the audit trail (`order_events`) and never publishes.
 */
export const EVENT_TYPES = {
  orderPlaced: 'com.mygreatcompany.order.placed',
  orderUpdated: 'com.mygreatcompany.order.updated',
  orderCancelled: 'com.mygreatcompany.order.cancelled',
  orderShipped: 'com.mygreatcompany.order.shipped',
  orderDelivered: 'com.mygreatcompany.order.delivered',
  returnRequested: 'com.mygreatcompany.return.requested',
  orderConfirmed: 'com.mygreatcompany.order.confirmed',
  orderHeld: 'com.mygreatcompany.order.held',
  returnResolved: 'com.mygreatcompany.return.resolved',
} as const;
export type EventType = (typeof EVENT_TYPES)[keyof typeof EVENT_TYPES];

/** The CloudEvents `source` of events that an integration channel produced. */
export function eventSource(channel: Channel | string): string {
  return `/channels/${channel}`;
}
