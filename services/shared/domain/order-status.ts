/**
 * The order state machine (design §5). The only place that knows which moves are allowed.
 */
export const ORDER_STATUSES = [
  'pending',
  'on_hold',
  'confirmed',
  'shipped',
  'delivered',
  'cancelled',
  'returned',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

const ALLOWED: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  pending: ['confirmed', 'on_hold', 'cancelled'],
  on_hold: ['confirmed', 'cancelled'],
  confirmed: ['shipped', 'cancelled'],
  shipped: ['delivered'],
  delivered: ['returned'],
  cancelled: [],
  returned: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return ALLOWED[from].includes(to);
}

export function allowedNext(from: OrderStatus): readonly OrderStatus[] {
  return ALLOWED[from];
}

/** The shipping address can change until the parcel leaves (design §6, `order.updated`). */
export function canChangeAddress(status: OrderStatus): boolean {
  return status === 'pending' || status === 'on_hold' || status === 'confirmed';
}

/** Statuses whose orders count as revenue (design §5, "revenue / sales"). */
export const REVENUE_STATUSES: readonly OrderStatus[] = ['confirmed', 'shipped', 'delivered'];
