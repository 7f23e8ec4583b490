import { describe, expect, it } from 'vitest';
import { ONE_ITEM, sampleOrder } from '../fixtures/order-input.ts';
import {
  DEFAULT_POLICY,
  VALIDATION_RULES,
  decideOrder,
  failedRules,
  reserveStock,
  type CatalogView,
  type OrderInput,
} from '../../services/shared/domain/order-decision/index.ts';
import { priceOrder } from '../../services/shared/domain/pricing.ts';

const catalog: CatalogView = new Map([
  ['ELE-0001', { productId: 1, active: true, unitPrice: 19.99 }],
  ['ELE-0002', { productId: 2, active: true, unitPrice: 5 }],
  ['OLD-0001', { productId: 9, active: false, unitPrice: 3 }],
]);

const ONE = ONE_ITEM;
function order(overrides: Partial<OrderInput> = {}): OrderInput {
  return sampleOrder(overrides);
}

const failures = (o: OrderInput) => failedRules(o, catalog, DEFAULT_POLICY);

describe('validation rules', () => {
  it('each has a unique id and a message, and a valid order passes them all', () => {
    const ids = VALIDATION_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(8);
    for (const r of VALIDATION_RULES) expect(r.message.length).toBeGreaterThan(10);
    expect(failures(order())).toEqual([]);
  });

  const cases: [string, Partial<OrderInput>][] = [
    ['sku.known_and_active', { items: [{ sku: 'NOPE-0001', quantity: 1, unitPrice: 1 }] }],
    ['sku.known_and_active', { items: [{ sku: 'OLD-0001', quantity: 1, unitPrice: 3 }] }],
    ['items.no_duplicate_sku', { items: [ONE, ONE] }],
    ['quantity.per_line', { items: [{ ...ONE, quantity: DEFAULT_POLICY.maxQuantityPerLine + 1 }] }],
    ['quantity.per_line', { items: [{ ...ONE, quantity: 0 }] }],
    [
      'quantity.per_order',
      {
        items: Array.from({ length: 6 }, (_, i) => ({ ...ONE, sku: `ELE-000${i + 1}`, quantity: 20 })),
      },
    ],
    ['price.catalog', { items: [{ ...ONE, unitPrice: 0.99 }] }],
    ['customer.email', { email: 'ada@' }],
    ['customer.email', { email: 'ada example@example.com' }],
    [
      'address.shippable',
      { shippingAddress: { line1: ' ', city: 'Berlin', postalCode: '1', country: 'DE' } },
    ],
    ['address.shippable', { shippingAddress: { line1: 'x', city: 'Tokyo', postalCode: '1', country: 'JP' } }],
    ['payment.method_allowed', { paymentMethod: 'gift_card', channel: 'marketplace' }],
    ['payment.card_token', { paymentToken: undefined }],
    ['payment.card_token', { paymentToken: '' }],
    [
      'payment.method_allowed',
      {
        paymentMethod: 'bank_transfer',
        shippingAddress: { line1: 'x', city: 'New York', postalCode: '10001', country: 'US' },
      },
    ],
  ];

  it.each(cases)('%s fails for a bad order', (rule, overrides) => {
    expect(failures(order(overrides))).toContain(rule);
  });

  it('total.within_limits bites at the configured minimum and maximum', () => {
    // 2 × 19.99 + 19 % VAT = 47.58 EUR, plus 4.95 shipping below 50 EUR of goods: 5253 cents.
    const dear = order({ items: [{ ...ONE, quantity: 2 }] });
    expect(failedRules(dear, catalog, { ...DEFAULT_POLICY, maxTotalCents: 5252 })).toEqual([
      'total.within_limits',
    ]);
    expect(failedRules(dear, catalog, { ...DEFAULT_POLICY, maxTotalCents: 5253 })).toEqual([]);
    expect(failedRules(dear, catalog, { ...DEFAULT_POLICY, minTotalCents: 5254 })).toEqual([
      'total.within_limits',
    ]);
  });

  it('names every rule an order fails, not only the first', () => {
    expect(
      failures(order({ email: 'nope', items: [ONE, ONE], paymentMethod: 'gift_card', channel: 'pos' })),
    ).toEqual(['items.no_duplicate_sku', 'customer.email']);
  });
});

describe('the order decision', () => {
  it('confirms an order whose products are sellable and in stock, reserving its units', () => {
    const stock = new Map([
      [1, 5],
      [2, 1],
    ]);
    const items = [
      { ...ONE, quantity: 2 },
      { sku: 'ELE-0002', quantity: 1, unitPrice: 5 },
    ];
    const decision = decideOrder(order({ items }), catalog, stock);
    expect(decision).toMatchObject({
      status: 'confirmed',
      cancelReason: null,
      failedRules: [],
      payment: 'authorized',
      reservations: [
        { productId: 1, quantity: 2 },
        { productId: 2, quantity: 1 },
      ],
    });
    expect(decision.totals).toEqual(priceOrder(items, 'DE'));
    expect(decision.lines.map((l) => [l.lineNo, l.productId, l.lineTotalCents])).toEqual([
      [1, 1, 3998],
      [2, 2, 500],
    ]);
    expect([...stock]).toEqual([
      [1, 3],
      [2, 0],
    ]);
  });

  it('cancels a failed validation as validation_failed naming the rules, with no payment and no stock', () => {
    const stock = new Map([[1, 5]]);
    const decision = decideOrder(
      order({ items: [ONE, { sku: 'NOPE-0001', quantity: 1, unitPrice: 1 }] }),
      catalog,
      stock,
    );
    expect(decision).toMatchObject({
      status: 'cancelled',
      cancelReason: 'validation_failed',
      failedRules: ['sku.known_and_active'],
      payment: null,
      reservations: [],
    });
    expect(decision.lines.map((l) => l.productId)).toEqual([1, undefined]);
    expect(stock.get(1)).toBe(5);
  });

  it('cancels as out_of_stock and reserves nothing when any product is short', () => {
    const stock = new Map([
      [1, 5],
      [2, 0],
    ]);
    const decision = decideOrder(
      order({ items: [ONE, { sku: 'ELE-0002', quantity: 1, unitPrice: 5 }] }),
      catalog,
      stock,
    );
    expect(decision).toMatchObject({ status: 'cancelled', cancelReason: 'out_of_stock', payment: 'voided' });
    expect(stock.get(1)).toBe(5);
  });

  it('sums lines of the same SKU, so the last unit is never promised twice', () => {
    const stock = new Map([[1, 1]]);
    expect(reserveStock(order({ items: [ONE, ONE] }), catalog, stock)).toBeUndefined();
    expect(stock.get(1)).toBe(1);
  });

  it('draws the batch ledger down, so the second order for the last unit is out of stock', () => {
    const stock = new Map([[1, 1]]);
    expect(decideOrder(order(), catalog, stock).status).toBe('confirmed');
    expect(decideOrder(order(), catalog, stock).cancelReason).toBe('out_of_stock');
    expect(stock.get(1)).toBe(0);
  });
});
