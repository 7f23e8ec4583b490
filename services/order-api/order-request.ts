import { z } from 'zod';
import { PAYMENT_METHODS, RETURN_REASONS } from '../shared/domain/vocabulary.ts';
import {
  addressSchema,
  channelSchema,
  customerSchema,
  locationSchema,
  quantitySchema,
  skuSchema,
} from '../shared/events/order-event-data.ts';

/** The body of `POST /api/orders` (design §7). Prices are not taken from the client: intake quotes them. */
export const placeOrderRequest = z.object({
  customer: customerSchema,
  items: z
    .array(z.object({ sku: skuSchema, quantity: quantitySchema }))
    .min(1, 'an order needs at least one item')
    .max(100),
  shippingAddress: addressSchema,
  payment: z.object({ method: z.enum(PAYMENT_METHODS), token: z.string().min(1).max(200).optional() }),
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

/** An Idempotency-Key as clients send them: a UUID or other opaque token of visible ASCII. */
export const idempotencyKey = z
  .string()
  .regex(/^[\x21-\x7e]{8,255}$/, 'must be 8–255 visible ASCII characters');
