import { z } from 'zod';
import { ORDER_ID_PATTERN } from '../domain/order-id.ts';
import { CHANNELS, PAYMENT_METHODS, RETURN_REASONS } from '../domain/vocabulary.ts';
import { EVENT_TYPES } from '../domain/event-types.ts';

/**
 * The `data` of each CloudEvent on the `orders` hub (design §6). The API validates what it publishes
 * against these and the consumer validates what it receives, so a bad producer cannot corrupt the DB.
 */
export const orderIdSchema = z.string().regex(ORDER_ID_PATTERN, 'must be an order id such as ORD-7K2M9Q4XHB');
const orderId = orderIdSchema;
const country = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO-3166 alpha-2 country code such as DE');
const money = z.number().nonnegative().max(1_000_000).multipleOf(0.01);
export const skuSchema = z.string().regex(/^[A-Z0-9-]{1,64}$/, 'must be a SKU such as ELE-0001');
export const quantitySchema = z.number().int().min(1).max(1000);

export const customerSchema = z.object({
  email: z.email().max(254),
  fullName: z.string().trim().min(1).max(200),
  country,
  city: z.string().trim().min(1).max(100),
});

export const addressSchema = z.object({
  line1: z.string().trim().min(1).max(200),
  city: z.string().trim().min(1).max(100),
  postalCode: z.string().trim().min(1).max(20),
  country,
});

export const locationSchema = z.object({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
});

export const channelSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{1,31}$/, 'must be a channel name such as web or mobile_app')
  .default('web')
  .describe(`integration name, usually one of ${CHANNELS.join(', ')}`);

export const orderPlacedData = z.object({
  orderId,
  customer: customerSchema,
  items: z
    .array(z.object({ sku: skuSchema, quantity: quantitySchema, unitPrice: money }))
    .min(1)
    .max(100),
  shippingAddress: addressSchema,
  payment: z.object({ method: z.enum(PAYMENT_METHODS), token: z.string().max(200).optional() }),
  location: locationSchema.optional(),
  channel: channelSchema,
});
export type OrderPlacedData = z.infer<typeof orderPlacedData>;

export const orderUpdatedData = z.object({
  orderId,
  changes: z.object({ shippingAddress: addressSchema }),
});
export const orderCancelledData = z.object({ orderId, reason: z.string().min(1).max(64) });
export const orderShippedData = z.object({
  orderId,
  carrier: z.string().min(1).max(32),
  trackingNumber: z.string().min(1).max(64),
});
export const orderDeliveredData = z.object({ orderId, deliveredAt: z.iso.datetime() });
export const returnRequestedData = z.object({
  orderId,
  reason: z.enum(RETURN_REASONS),
  comment: z.string().max(2000).optional().nullable(),
});

export const REVIEW_DECISIONS = ['release', 'reject'] as const;
export const orderReviewedData = z.object({
  orderId,
  decision: z.enum(REVIEW_DECISIONS),
  /** Who decided: the operator principal's subject (an opaque id, never a name or e-mail). */
  reviewer: z.string().min(1).max(200),
  note: z.string().max(500).optional(),
});

/** The schema of each type that may arrive on the hub; anything else is dead-lettered as unknown. */
export const HUB_EVENT_DATA = {
  [EVENT_TYPES.orderPlaced]: orderPlacedData,
  [EVENT_TYPES.orderUpdated]: orderUpdatedData,
  [EVENT_TYPES.orderCancelled]: orderCancelledData,
  [EVENT_TYPES.orderShipped]: orderShippedData,
  [EVENT_TYPES.orderDelivered]: orderDeliveredData,
  [EVENT_TYPES.returnRequested]: returnRequestedData,
  [EVENT_TYPES.orderReviewed]: orderReviewedData,
} as const;
export type HubEventType = keyof typeof HUB_EVENT_DATA;
export type HubEventData<T extends HubEventType> = z.infer<(typeof HUB_EVENT_DATA)[T]>;
