import { describe, expect, it } from 'vitest';
import {
  priceOrder,
  SHIPPING_RULE,
  shippingCents,
  totalsFromSubtotal,
  vatRate,
} from '../../services/shared/domain/pricing.ts';

describe('the shop’s price rules', () => {
  it('charges the flat fee below the free-shipping threshold and nothing from it on', () => {
    expect(shippingCents(SHIPPING_RULE.freeFromCents - 1)).toBe(SHIPPING_RULE.feeCents);
    expect(shippingCents(SHIPPING_RULE.freeFromCents)).toBe(0);
    expect(SHIPPING_RULE).toEqual({ freeFromCents: 5000, feeCents: 495 });
  });

  it('adds VAT of the destination on the goods, not on shipping, rounded to the cent', () => {
    // 3 × 12.99 = 38.97; DE 19 % = 7.4043 → 7.40; shipping 4.95.
    expect(priceOrder([{ unitPrice: 12.99, quantity: 3 }], 'DE')).toEqual({
      subtotal: 3897,
      shipping: 495,
      tax: 740,
      total: 3897 + 495 + 740,
    });
    expect(totalsFromSubtotal(10_000, 'SE')).toEqual({
      subtotal: 10_000,
      shipping: 0,
      tax: 2500,
      total: 12_500,
    });
  });

  it('works in whole cents so float prices do not drift', () => {
    // 0.1 + 0.2 in floats is 0.30000000000000004; in cents it is 30.
    expect(
      priceOrder(
        [
          { unitPrice: 0.1, quantity: 1 },
          { unitPrice: 0.2, quantity: 1 },
        ],
        'US',
      ).subtotal,
    ).toBe(30);
  });

  it('charges no VAT where the shop lists none (the US) or does not list the country', () => {
    expect(vatRate('US')).toBe(0);
    expect(vatRate('ZZ')).toBe(0);
    expect(vatRate('de')).toBe(0.19);
  });
});
