import { describe, expect, it } from 'vitest';
import { sampleOrder } from '../fixtures/order-input.ts';
import {
  DECLINING_TEST_TOKENS,
  DEFAULT_FRAUD_POLICY,
  DEFAULT_POLICY,
  NO_HISTORY,
  SimulatedGateway,
  assessFraud,
  chargeIdFor,
  decideOrder,
  distanceKm,
  failedRules,
  type CatalogView,
  type FraudSignals,
  type OrderInput,
  type PaymentGateway,
} from '../../services/shared/domain/order-decision/index.ts';

const gateway = new SimulatedGateway();
const card = (token: string | undefined) =>
  gateway.authorize({ idempotencyKey: 'ORD-TEST000001', method: 'card', token, amountCents: 1000 });

describe('payment check: the gateway simulator answers as Stripe test mode', () => {
  it.each(['tok_visa', 'tok_mastercard', 'tok_amex'])('%s approves with a charge id', (token) => {
    expect(card(token)).toEqual({
      outcome: 'authorized',
      chargeId: chargeIdFor('ORD-TEST000001'),
      riskLevel: 'normal',
    });
    expect(chargeIdFor('ORD-TEST000001')).toMatch(/^ch_sim_[0-9a-f]{24}$/);
  });

  it.each([
    ['tok_chargeDeclined', 'generic_decline'],
    ['tok_chargeDeclinedInsufficientFunds', 'insufficient_funds'],
    ['tok_chargeDeclinedExpiredCard', 'expired_card'],
    ['tok_chargeDeclinedIncorrectCvc', 'incorrect_cvc'],
    ['tok_chargeDeclinedProcessingError', 'processing_error'],
    ['tok_chargeDeclinedLostCard', 'lost_card'],
    ['tok_chargeDeclinedStolenCard', 'stolen_card'],
  ])('%s declines with %s', (token, code) => {
    expect(card(token)).toEqual({ outcome: 'declined', declineCode: code, riskLevel: 'normal' });
  });

  it('knows exactly the seven declining tokens', () => {
    expect(Object.keys(DECLINING_TEST_TOKENS)).toHaveLength(7);
  });

  it('blocks tok_chargeDeclinedFraudulent as fraud and raises the risk of tok_riskLevelElevated', () => {
    expect(card('tok_chargeDeclinedFraudulent')).toEqual({
      outcome: 'blocked_fraud',
      declineCode: 'fraudulent',
      riskLevel: 'highest',
    });
    expect(card('tok_riskLevelElevated')).toMatchObject({ outcome: 'authorized', riskLevel: 'elevated' });
  });

  it('approves non-card methods (settled outside the card network), whatever token they carry', () => {
    for (const method of ['paypal', 'bank_transfer', 'gift_card'] as const) {
      expect(
        gateway.authorize({ idempotencyKey: 'k-1', method, token: 'tok_chargeDeclined', amountCents: 1 }),
      ).toMatchObject({ outcome: 'authorized' });
    }
  });

  it('answers a repeated idempotency key with the same charge, and another key with another', () => {
    const a = card('tok_visa');
    expect(card('tok_visa')).toEqual(a);
    const b = gateway.authorize({
      idempotencyKey: 'ORD-TEST000002',
      method: 'card',
      token: 'tok_visa',
      amountCents: 1,
    });
    expect(b).not.toEqual(a);
  });
});

const safe: FraudSignals = {
  email: 'ada@example.com',
  totalCents: 5000,
  customerCountry: 'DE',
  shipCountry: 'DE',
  shipCity: 'Berlin',
  location: { lat: 52.5, lon: 13.4 },
  ...NO_HISTORY,
  earlierOrders: 2,
  earlierAverageCents: 4000,
  riskLevel: 'normal',
};
const fired = (over: Partial<FraudSignals>) => assessFraud({ ...safe, ...over }, DEFAULT_FRAUD_POLICY);

describe('fraud check', () => {
  it('scores an ordinary repeat order 0 and lets it pass', () => {
    expect(fired({})).toEqual({ score: 0, indicators: [], verdict: 'pass' });
  });

  it.each<[string, Partial<FraudSignals>]>([
    ['amount_above_history', { totalCents: 20_000 }],
    ['customer_velocity_hour', { ordersLastHour: 3 }],
    ['customer_velocity_day', { ordersLastDay: 10 }],
    ['card_velocity_hour', { cardOrdersLastHour: 5 }],
    ['ship_country_differs', { customerCountry: 'FR' }],
    ['location_far_from_city', { location: { lat: 40.4168, lon: -3.7038 } }],
    ['disposable_email', { email: 'x@Mailinator.com' }],
    ['large_first_order', { earlierOrders: 0, earlierAverageCents: null, totalCents: 100_000 }],
    ['gateway_risk_elevated', { riskLevel: 'elevated' }],
    ['gateway_risk_highest', { riskLevel: 'highest' }],
  ])('%s fires alone with its weight', (indicator, over) => {
    const a = fired(over);
    expect(a.indicators).toEqual([indicator]);
    expect(a.score).toBe(
      DEFAULT_FRAUD_POLICY.weights[indicator as keyof typeof DEFAULT_FRAUD_POLICY.weights],
    );
  });

  it('stays quiet just below each threshold', () => {
    expect(
      fired({
        totalCents: 19_999,
        ordersLastHour: 2,
        ordersLastDay: 9,
        cardOrdersLastHour: 4,
        location: { lat: 52.5, lon: 20.6 }, // about 490 km east of Berlin, not beyond 500
      }).indicators,
    ).toEqual([]);
    expect(fired({ earlierOrders: 0, earlierAverageCents: null, totalCents: 99_999 }).indicators).toEqual([]);
  });

  it('does not fire the distance indicator without a GPS position or for a city it does not know', () => {
    expect(fired({ location: undefined }).indicators).toEqual([]);
    expect(fired({ shipCity: 'Nowhereville', location: { lat: 0, lon: 0 } }).indicators).toEqual([]);
  });

  it('holds from 65 and blocks from 85, with thresholds a policy can move', () => {
    const hold = fired({ riskLevel: 'elevated', email: 'x@yopmail.com', customerCountry: 'FR' });
    expect(hold).toMatchObject({ score: 65, verdict: 'review' });
    const block = fired({
      riskLevel: 'elevated',
      email: 'x@yopmail.com',
      customerCountry: 'FR',
      location: { lat: 40.4168, lon: -3.7038 },
    });
    expect(block).toMatchObject({ score: 85, verdict: 'block' });
    expect(
      assessFraud({ ...safe, riskLevel: 'elevated' }, { ...DEFAULT_FRAUD_POLICY, holdAt: 30 }).verdict,
    ).toBe('review');
  });

  it('caps the score at 100', () => {
    expect(
      fired({ riskLevel: 'highest', email: 'x@yopmail.com', customerCountry: 'FR', ordersLastHour: 9 }).score,
    ).toBe(100);
  });

  it('measures distances on the globe', () => {
    expect(distanceKm({ lat: 52.52, lon: 13.405 }, { lat: 48.8566, lon: 2.3522 })).toBeCloseTo(878, -1);
  });
});

const catalog: CatalogView = new Map([['ELE-0001', { productId: 1, active: true, unitPrice: 19.99 }]]);
function order(over: Partial<OrderInput> = {}): OrderInput {
  return sampleOrder({ customerCountry: 'DE', ...over });
}

describe('the decision over the three checks', () => {
  it('confirms when payment, stock and fraud pass: authorized, units reserved, score stored', () => {
    const stock = new Map([[1, 2]]);
    const d = decideOrder(order(), catalog, stock);
    expect(d).toMatchObject({
      status: 'confirmed',
      payment: 'authorized',
      providerRef: chargeIdFor('ORD-TEST000001'),
      fraud: { score: 0, indicators: [] },
      reservations: [{ productId: 1, quantity: 1 }],
    });
    expect(stock.get(1)).toBe(1);
  });

  it('cancels a declined card as payment_declined with the decline code and keeps the stock', () => {
    const stock = new Map([[1, 2]]);
    const d = decideOrder(order({ paymentToken: 'tok_chargeDeclinedInsufficientFunds' }), catalog, stock);
    expect(d).toMatchObject({
      status: 'cancelled',
      cancelReason: 'payment_declined',
      failedChecks: ['payment_declined'],
      payment: 'declined',
      providerRef: 'insufficient_funds',
      reservations: [],
    });
    expect(stock.get(1)).toBe(2);
  });

  it('cancels the gateway-blocked card as fraud_suspected', () => {
    const d = decideOrder(
      order({ paymentToken: 'tok_chargeDeclinedFraudulent' }),
      catalog,
      new Map([[1, 2]]),
    );
    expect(d).toMatchObject({
      status: 'cancelled',
      cancelReason: 'fraud_suspected',
      payment: 'declined',
      providerRef: 'fraudulent',
    });
    expect(d.fraud?.indicators).toContain('gateway_risk_highest');
  });

  it('holds a risky order for review with its stock reserved and its payment authorized', () => {
    const stock = new Map([[1, 2]]);
    const d = decideOrder(
      order({ paymentToken: 'tok_riskLevelElevated', email: 'x@yopmail.com', customerCountry: 'FR' }),
      catalog,
      stock,
    );
    expect(d).toMatchObject({
      status: 'on_hold',
      cancelReason: null,
      payment: 'authorized',
      fraud: {
        score: 65,
        verdict: 'review',
        indicators: ['ship_country_differs', 'disposable_email', 'gateway_risk_elevated'],
      },
    });
    expect(stock.get(1)).toBe(1);
  });

  it('cancels a very risky order as fraud_suspected and voids its authorization', () => {
    const stock = new Map([[1, 2]]);
    const d = decideOrder(
      order({
        paymentToken: 'tok_riskLevelElevated',
        email: 'x@yopmail.com',
        customerCountry: 'FR',
        location: { lat: 40.4168, lon: -3.7038 },
      }),
      catalog,
      stock,
    );
    expect(d).toMatchObject({
      status: 'cancelled',
      cancelReason: 'fraud_suspected',
      payment: 'voided',
      providerRef: chargeIdFor('ORD-TEST000001'),
      fraud: { score: 85, verdict: 'block' },
    });
    expect(stock.get(1)).toBe(2);
  });

  it('runs every check even after one failed, and names the most serious failure', () => {
    const d = decideOrder(
      order({ paymentToken: 'tok_chargeDeclined', email: 'x@yopmail.com' }),
      catalog,
      new Map(),
    );
    expect(d.failedChecks).toEqual(['payment_declined', 'out_of_stock']);
    expect(d.cancelReason).toBe('payment_declined');
    expect(d.fraud?.indicators).toEqual(['disposable_email']);
  });

  it('cancels out_of_stock with the authorization voided and nothing reserved', () => {
    const d = decideOrder(order(), catalog, new Map([[1, 0]]));
    expect(d).toMatchObject({ cancelReason: 'out_of_stock', payment: 'voided', reservations: [] });
  });

  it('asks the gateway once per order, keyed by the order id, and never after a failed validation', () => {
    const asked: string[] = [];
    const spy: PaymentGateway = {
      authorize: (r) => {
        asked.push(r.idempotencyKey);
        return gateway.authorize(r);
      },
    };
    decideOrder(order(), catalog, new Map([[1, 1]]), DEFAULT_POLICY, { gateway: spy });
    decideOrder(order({ paymentToken: undefined }), catalog, new Map([[1, 1]]), DEFAULT_POLICY, {
      gateway: spy,
    });
    expect(asked).toEqual(['ORD-TEST000001']);
  });

  it('treats a card without a token as a validation failure, other methods need none', () => {
    expect(failedRules(order({ paymentToken: undefined }), catalog, DEFAULT_POLICY)).toEqual([
      'payment.card_token',
    ]);
    expect(
      failedRules(order({ paymentMethod: 'paypal', paymentToken: undefined }), catalog, DEFAULT_POLICY),
    ).toEqual([]);
  });

  it('feeds the customer history into the fraud score', () => {
    const d = decideOrder(order(), catalog, new Map([[1, 1]]), DEFAULT_POLICY, {
      history: {
        ...NO_HISTORY,
        earlierOrders: 5,
        earlierAverageCents: 100,
        ordersLastHour: 3,
        ordersLastDay: 3,
      },
    });
    expect(d.fraud?.indicators).toEqual(['amount_above_history', 'customer_velocity_hour']);
    expect(d.status).toBe('confirmed');
  });
});

describe('fraud thresholds from the environment', () => {
  it('reads FRAUD_HOLD_SCORE and FRAUD_CANCEL_SCORE into the policy, defaulting to 65 and 85', async () => {
    const { loadConfig, ConfigError } = await import('../../services/shared/config.ts');
    const { policyWithFraudThresholds } =
      await import('../../services/shared/domain/order-decision/index.ts');
    expect(loadConfig({}).fraud).toEqual({ holdAt: 65, cancelAt: 85 });
    const policy = policyWithFraudThresholds(
      loadConfig({ FRAUD_HOLD_SCORE: '30', FRAUD_CANCEL_SCORE: '50' }).fraud,
    );
    const elevated = order({ paymentToken: 'tok_riskLevelElevated' });
    expect(decideOrder(elevated, catalog, new Map([[1, 1]]), policy).status).toBe('on_hold');
    expect(decideOrder(elevated, catalog, new Map([[1, 1]])).status).toBe('confirmed');
    expect(() => loadConfig({ FRAUD_HOLD_SCORE: '90', FRAUD_CANCEL_SCORE: '80' })).toThrow(ConfigError);
    expect(() => loadConfig({ FRAUD_HOLD_SCORE: '-1' })).toThrow(ConfigError);
  });
});

describe('order total limits from the environment', () => {
  it('reads ORDER_MIN_TOTAL and ORDER_MAX_TOTAL (EUR) into the policy, defaulting to 1 and 10 000', async () => {
    const { loadConfig, ConfigError } = await import('../../services/shared/config.ts');
    const { decisionPolicyFromSettings } =
      await import('../../services/shared/domain/order-decision/index.ts');
    expect(loadConfig({}).orderTotal).toEqual({ minCents: 100, maxCents: 1_000_000 });
    const tight = decisionPolicyFromSettings(loadConfig({ ORDER_MAX_TOTAL: '5.00' }));
    const d = decideOrder(order(), catalog, new Map([[1, 1]]), tight);
    expect(d).toMatchObject({ status: 'cancelled', failedRules: ['total.within_limits'] });
    expect(
      decideOrder(order(), catalog, new Map([[1, 1]]), decisionPolicyFromSettings(loadConfig({}))).status,
    ).toBe('confirmed');
    expect(() => loadConfig({ ORDER_MIN_TOTAL: '50', ORDER_MAX_TOTAL: '40' })).toThrow(ConfigError);
    expect(() => loadConfig({ ORDER_MAX_TOTAL: '12.345' })).toThrow(ConfigError);
  });
});
