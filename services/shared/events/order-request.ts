import { z } from 'zod';
import { PAYMENT_METHODS, RETURN_REASONS } from '../domain/vocabulary.ts';
import {
  addressSchema,
  channelSchema,
  customerSchema,
  locationSchema,
  orderIdSchema,
  quantitySchema,
  skuSchema,
} from './order-event-data.ts';

/**
 * What a payment gateway hands the storefront in place of card data (Stripe-style `tok_…` / `pm_…`).
 * Anything else, above all a card number, must never enter the order stream and its ten-year archive.
 */
export const gatewayToken = z
  .string()
  .max(64, 'must be at most 64 characters')
  .regex(/^(?:tok|pm)_[A-Za-z0-9_]+$/, 'must be a payment gateway token such as tok_… or pm_…');

/** The body of `POST /api/orders` (design §7). Prices are not taken from the client: intake quotes them. */
export const placeOrderRequest = z.object({
  customer: customerSchema,
  items: z
    .array(z.object({ sku: skuSchema, quantity: quantitySchema }))
    .min(1, 'an order needs at least one item')
    .max(100),
  shippingAddress: addressSchema,
  payment: z.object({ method: z.enum(PAYMENT_METHODS), token: gatewayToken.optional() }),
  location: locationSchema.optional(),
  channel: channelSchema,
});
export type PlaceOrderRequest = z.infer<typeof placeOrderRequest>;

export const cancelOrderRequest = z.object({
  reason: z.literal('customer_request').default('customer_request'),
});

export const returnRequest = z.object({
  reason: z.enum(RETURN_REASONS),
  comment: z.string().trim().max(2000).optional(),
});

/** `PATCH /api/orders/:id`: only the shipping address can change, and only before shipment. */
export const addressChangeRequest = z.strictObject({ shippingAddress: addressSchema });

/** `POST /api/ops/orders/:id/release|reject`: the operator's note for the audit trail (no personal data). */
export const reviewRequest = z.strictObject({ note: z.string().trim().max(500).optional() });

/** `POST /api/fulfilment/shipments`: what the warehouse reports when a parcel leaves. */
export const shipmentRequest = z.strictObject({
  orderId: orderIdSchema,
  carrier: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9 &.-]{0,31}$/, 'must be a carrier name such as DHL or PostNL'),
  trackingNumber: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{4,64}$/, 'must be 4–64 letters, digits or dashes'),
});

/** `POST /api/fulfilment/deliveries`: what the carrier reports; `deliveredAt` defaults to now. */
export const deliveryRequest = z.strictObject({
  orderId: orderIdSchema,
  deliveredAt: z.iso.datetime({ offset: true }).optional(),
});

/** An Idempotency-Key as clients send them: a UUID or other opaque token of visible ASCII. */
export const idempotencyKey = z
  .string()
  .regex(/^[\x21-\x7e]{8,255}$/, 'must be 8–255 visible ASCII characters');
