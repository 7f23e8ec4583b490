/**
 * The body of `GET /api/orders/:id` — what a shopper or an operator sees: status, lines, money and the
 * timeline. Shared by the API that builds it and the storefront that reads it.
 */
export interface OrderView {
  orderId: string;
  status: string;
  channel: string;
  currency: string;
  subtotal: number;
  shippingFee: number;
  tax: number;
  total: number;
  cancelReason: string | null;
  placedAt: string | null;
  confirmedAt: string | null;
  shippedAt: string | null;
  deliveredAt: string | null;
  cancelledAt: string | null;
  shippingAddress: { line1: string; city: string; postalCode: string; country: string };
  items: {
    lineNo: number;
    sku: string;
    name: string | null;
    quantity: number;
    unitPrice: number;
    lineTotal: number;
  }[];
  shipment: { carrier: string; trackingNumber: string; status: string } | null;
  timeline: { type: string; source: string; occurredAt: string | null }[];
}
