/**
 * The closed value sets of the orders database contract (design §5), shared by the schema, the seed,
 * the pipeline and the agent.
 */
export const CHANNELS = ['web', 'mobile_app', 'marketplace', 'pos', 'partner_api', 'file_import'] as const;
export type Channel = (typeof CHANNELS)[number];

export const PAYMENT_METHODS = ['card', 'paypal', 'bank_transfer', 'gift_card'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const PAYMENT_STATUSES = ['authorized', 'captured', 'declined', 'voided', 'refunded'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const SHIPMENT_STATUSES = ['label_created', 'in_transit', 'delivered'] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

export const CARRIERS = ['DHL', 'UPS', 'FedEx', 'DPD', 'GLS', 'PostNL'] as const;
export type Carrier = (typeof CARRIERS)[number];

export const RETURN_REASONS = [
  'damaged',
  'wrong_item',
  'not_as_described',
  'changed_mind',
  'late_delivery',
  'other',
] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];

export const RETURN_STATUSES = ['requested', 'approved', 'rejected', 'refunded'] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

export const SENTIMENTS = ['positive', 'neutral', 'negative'] as const;
export type Sentiment = (typeof SENTIMENTS)[number];

export const CANCEL_REASONS = [
  'validation_failed',
  'payment_declined',
  'out_of_stock',
  'fraud_suspected',
  'customer_request',
] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

export const NOTIFICATION_CHANNELS = ['email', 'webhook', 'sms'] as const;
export const NOTIFICATION_STATUSES = ['pending', 'sent', 'failed'] as const;

export const CURRENCY = 'EUR';
