import type { Channel } from './vocabulary.ts';

/**
 * CloudEvents `type` values (design §6). The first seven travel on the `orders` hub; the rest are
 * decisions the OMS records in the audit trail (`order_events`) and never publishes.
 */
export const EVENT_TYPES = {
  orderPlaced: 'com.mygreatcompany.order.placed',
  orderUpdated: 'com.mygreatcompany.order.updated',
  orderCancelled: 'com.mygreatcompany.order.cancelled',
  orderShipped: 'com.mygreatcompany.order.shipped',
  orderDelivered: 'com.mygreatcompany.order.delivered',
  returnRequested: 'com.mygreatcompany.return.requested',
  /** An operator's release or rejection of an order held for fraud review. */
  orderReviewed: 'com.mygreatcompany.order.reviewed',
  orderConfirmed: 'com.mygreatcompany.order.confirmed',
  orderHeld: 'com.mygreatcompany.order.held',
  returnApproved: 'com.mygreatcompany.return.approved',
  returnRejected: 'com.mygreatcompany.return.rejected',
  returnRefunded: 'com.mygreatcompany.return.refunded',
  /** A request the state machine refused (e.g. shipping a cancelled order): recorded, not applied. */
  moveRejected: 'com.mygreatcompany.order.move_rejected',
  /** A dead letter an operator sent back through the hub, applied this time (docs/operations.md). */
  deadLetterRetried: 'com.mygreatcompany.dead_letter.retried',
} as const;
export type EventType = (typeof EVENT_TYPES)[keyof typeof EVENT_TYPES];

/** The CloudEvents `source` of events that an integration channel produced. */
export function eventSource(channel: Channel | string): string {
  return `/channels/${channel}`;
}
