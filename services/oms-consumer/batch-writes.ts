import type { OrderTemplate } from '../shared/notifications/templates.ts';

/** The moments of an order's life that someone is told about: one notification template each. */
export type NoticeKind = OrderTemplate;

/**
 * One thing to tell about an order, collected with the batch's rows so the notification is written in
 * the same transaction as the change. `data` has no personal data: reason codes, carrier, tracking
 * number, amounts; recipients are looked up when the notice is written.
 */
export interface OrderNotice {
  orderId: string;
  kind: NoticeKind;
  data: Record<string, string | number | null>;
}

/**
 * The rows one batch will write, collected in memory while the batch is decided and flushed set-based
 * at the end of the transaction.
 */
export interface BatchWrites {
  orders: Record<string, unknown>[];
  orderItems: Record<string, unknown>[];
  payments: Record<string, unknown>[];
  shipments: Record<string, unknown>[];
  returns: Record<string, unknown>[];
  events: Record<string, unknown>[];
  deadLetters: Record<string, unknown>[];
  notices: OrderNotice[];
  /** product id → change of `reserved` */
  reservedDelta: Map<number, number>;
  /** product id → change of `on_hand` */
  onHandDelta: Map<number, number>;
  /** order id → new status of its payment */
  paymentStatus: Map<string, string>;
  /** order id → when its shipment was delivered */
  shipmentDelivered: Map<string, string>;
}

export function emptyWrites(): BatchWrites {
  return {
    orders: [],
    orderItems: [],
    payments: [],
    shipments: [],
    returns: [],
    events: [],
    deadLetters: [],
    notices: [],
    reservedDelta: new Map(),
    onHandDelta: new Map(),
    paymentStatus: new Map(),
    shipmentDelivered: new Map(),
  };
}

export function addDelta(map: Map<number, number>, productId: number, delta: number): void {
  map.set(productId, (map.get(productId) ?? 0) + delta);
}
