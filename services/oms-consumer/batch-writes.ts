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
    reservedDelta: new Map(),
    onHandDelta: new Map(),
    paymentStatus: new Map(),
    shipmentDelivered: new Map(),
  };
}

export function addDelta(map: Map<number, number>, productId: number, delta: number): void {
  map.set(productId, (map.get(productId) ?? 0) + delta);
}
