import type { CancelReason } from '../../shared/domain/vocabulary.ts';

/**
 * An order's state in plain words for shoppers. Pure (no DOM) so the tests can hold the page to it.
 */
export interface OrderStateLike {
  status: string;
  cancelReason: string | null;
  shipment: { carrier: string; trackingNumber: string } | null;
}

export const STATUS_LABELS: Record<string, string> = {
  pending: 'Pending',
  on_hold: 'On hold',
  confirmed: 'Confirmed',
  shipped: 'Shipped',
  delivered: 'Delivered',
  cancelled: 'Cancelled',
  returned: 'Returned',
};

/** Every cancel reason the pipeline records, so a new one cannot reach shoppers unexplained. */
export const CANCEL_REASON_WORDS: Record<CancelReason, string> = {
  payment_declined: 'Your card was declined, so nothing was charged. Please order again with another card.',
  out_of_stock: 'An item sold out before we could reserve it, so nothing was charged.',
  fraud_suspected: 'We could not verify this payment, so we cancelled the order and charged nothing.',
  validation_failed: 'Something in the order could not be processed, so nothing was charged.',
  customer_request: 'You cancelled this order; any payment has been released.',
};

export function statusLabel(status: string): string {
  return STATUS_LABELS[status] ?? status.replace(/_/g, ' ');
}

/** The sentence under the status label. */
export function statusExplanation(order: OrderStateLike): string {
  switch (order.status) {
    case 'pending':
      return 'We have your order and are checking payment and stock. This takes a few seconds.';
    case 'confirmed':
      return 'Payment is authorised and your items are reserved. We will let you know when it ships.';
    case 'on_hold':
      return 'We are double-checking this order before we confirm it. No action is needed from you.';
    case 'cancelled':
      return (
        (order.cancelReason && (CANCEL_REASON_WORDS as Record<string, string>)[order.cancelReason]) ??
        'This order was cancelled and nothing was charged.'
      );
    case 'shipped':
      return order.shipment
        ? `On its way with ${order.shipment.carrier}, tracking number ${order.shipment.trackingNumber}.`
        : 'On its way.';
    case 'delivered':
      return 'Delivered. Not quite right? You can request a return below.';
    case 'returned':
      return 'Returned. Your refund follows once we have checked the items.';
    default:
      return '';
  }
}

/** Statuses after which nothing changes without the shopper acting. */
export function isSettled(status: string): boolean {
  return status === 'cancelled' || status === 'returned' || status === 'delivered';
}
