import { countryByCode } from './geography.ts';
import { toCents } from './money.ts';

/**
 * The shop's price rules in one place: what intake quotes to the storefront, what the consumer charges
 * and what the seed writes all come from here, so a cart total always equals the charged total. Pure
 * functions over integer cents; prices in the catalogue exclude VAT, and VAT is charged on the goods
 * (not on shipping) at the rate of the country the order ships to.
 */

/** Free shipping from 50 EUR of goods; otherwise a flat fee (the shop's published rule). */
export const SHIPPING_RULE = { freeFromCents: 5000, feeCents: 495 } as const;

export interface OrderTotalsCents {
  subtotal: number;
  shipping: number;
  tax: number;
  total: number;
}

/** The VAT rate of a destination; countries the shop does not list charge none (as before). */
export function vatRate(country: string): number {
  return countryByCode(country)?.vatRate ?? 0;
}

export function shippingCents(subtotalCents: number): number {
  return subtotalCents >= SHIPPING_RULE.freeFromCents ? 0 : SHIPPING_RULE.feeCents;
}

export function lineTotalCents(unitPrice: number, quantity: number): number {
  return toCents(unitPrice) * quantity;
}

/** Shipping, VAT and total for goods worth `subtotalCents` shipped to `country`. */
export function totalsFromSubtotal(subtotalCents: number, country: string): OrderTotalsCents {
  const shipping = shippingCents(subtotalCents);
  const tax = Math.round(subtotalCents * vatRate(country));
  return { subtotal: subtotalCents, shipping, tax, total: subtotalCents + shipping + tax };
}

/** Totals of order lines (unit prices in EUR, as the catalogue and the events carry them). */
export function priceOrder(
  lines: readonly { unitPrice: number; quantity: number }[],
  country: string,
): OrderTotalsCents {
  const subtotal = lines.reduce((sum, l) => sum + lineTotalCents(l.unitPrice, l.quantity), 0);
  return totalsFromSubtotal(subtotal, country);
}
