import type { PaymentMethod } from '../vocabulary.ts';

/**
 * Plain data the order decision works on: the order as placed, and what the catalogue and the stock
 * said when the batch read them. No I/O reaches this folder; the consumer reads, decides, then writes.
 */

export interface OrderLineInput {
  sku: string;
  quantity: number;
  /** The price the order carried, in EUR; it must be the catalogue's. */
  unitPrice: number;
}

export interface AddressInput {
  line1: string;
  city: string;
  postalCode: string;
  /** ISO-3166 alpha-2: it also sets the VAT rate. */
  country: string;
}

export interface OrderInput {
  orderId: string;
  email: string;
  items: readonly OrderLineInput[];
  shippingAddress: AddressInput;
  paymentMethod: PaymentMethod;
  /** The gateway token (card methods); used for the payment check and never stored. */
  paymentToken?: string | undefined;
  channel: string;
  /** The customer's own country, when known (the fraud check compares it with the shipping country). */
  customerCountry?: string | undefined;
  /** Where the order was placed, when the channel knows it. */
  location?: { lat: number; lon: number } | undefined;
}

export interface CatalogEntry {
  productId: number;
  active: boolean;
  /** The catalogue's price in EUR, excluding VAT. */
  unitPrice: number;
}

/** What the batch knows about the products its orders name, by SKU. */
export type CatalogView = ReadonlyMap<string, CatalogEntry>;

/** Units available to reserve (on hand − reserved), by product id; the decision draws it down. */
export type StockLedger = Map<number, number>;
