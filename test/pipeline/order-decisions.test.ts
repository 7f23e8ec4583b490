import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningOmsConsumer } from '../../services/oms-consumer/run-oms-consumer.ts';
import { runOrderApi, type RunningOrderApi } from '../../services/order-api/run-order-api.ts';
import { eventHubConnection } from '../../services/shared/azure/event-hub-connection.ts';
import { EVENT_TYPES } from '../../services/shared/domain/event-types.ts';
import { createLogger } from '../../services/shared/logger.ts';
import { operatorHeaders, testSecurity } from '../helpers/auth.ts';
import {
  startInProcessConsumer,
  startPipelineEnv,
  waitFor,
  type PipelineEnv,
} from '../helpers/pipeline-env.ts';

/**
 * The order decision end to end (issue 11): orders posted to the real order-api, carried by the dev
 * hub, decided by the real consumer on MariaDB. Each Stripe test token's outcome, a risky order held for
 * review, a very risky one cancelled, and a short stock cancelling with nothing reserved.
 */
const logger = createLogger({ level: 'silent', pretty: false });

interface Shopper {
  email?: string;
  customerCountry?: string;
  location?: { lat: number; lon: number };
}

function orderBody(items: { sku: string; quantity: number }[], token: string, shopper: Shopper = {}) {
  return {
    customer: {
      email: shopper.email ?? `buyer-${randomUUID().slice(0, 8)}@example.com`,
      fullName: 'Grace Hopper',
      country: shopper.customerCountry ?? 'NL',
      city: 'Amsterdam',
    },
    items,
    shippingAddress: { line1: 'Damrak 1', city: 'Amsterdam', postalCode: '1012 LG', country: 'NL' },
    payment: { method: 'card', token },
    location: shopper.location ?? { lat: 52.37, lon: 4.89 },
    channel: 'web',
  };
}

const parse = (payload: unknown) =>
  (typeof payload === 'string' ? JSON.parse(payload) : payload) as Record<string, unknown>;

describe('order decisions through the API, the hub and the consumer', () => {
  let env: PipelineEnv;
  let api: RunningOrderApi;
  let consumer: RunningOmsConsumer;
  let sku: string;
  let productId: number;

  const place = async (body: unknown): Promise<string> => {
    const res = await fetch(`${api.server.url}/api/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(202);
    return ((await res.json()) as { orderId: string }).orderId;
  };
  const decided = async (orderId: string) => {
    let order: { status: string; cancelReason: string | null } | undefined;
    await waitFor(
      async () => {
        const res = await fetch(`${api.server.url}/api/orders/${orderId}`, { headers: operatorHeaders() });
        if (res.status !== 200) return false;
        order = (await res.json()) as typeof order;
        return order!.status !== 'pending';
      },
      30_000,
      `order ${orderId} decided`,
    );
    const row = (await env.db('orders').where({ id: orderId }).first('fraud_score')) as {
      fraud_score: number | null;
    };
    const payments = (await env
      .db('payments')
      .where({ order_id: orderId })
      .select('status', 'provider_ref')) as { status: string; provider_ref: string | null }[];
    const decision = (await env
      .db('order_events')
      .where({ order_id: orderId, source: 'oms-consumer' })
      .first('type', 'payload')) as { type: string; payload: unknown };
    return {
      status: order!.status,
      cancelReason: order!.cancelReason,
      fraudScore: row.fraud_score === null ? null : Number(row.fraud_score),
      payments,
      decisionType: decision.type,
      decision: parse(decision.payload),
    };
  };
  const reserved = async (id: number) =>
    Number(
      ((await env.db('inventory').where({ product_id: id }).first('reserved')) as { reserved: number })
        .reserved,
    );

  beforeAll(async () => {
    env = await startPipelineEnv();
    const eventHub = eventHubConnection({
      connectionString: env.env.EVENTHUB_CONNECTION_STRING,
      eventHubName: 'orders',
    });
    api = await runOrderApi({ db: env.db, logger, eventHub, port: 0, security: testSecurity() });
    consumer = await startInProcessConsumer(env, { logger, eventHub });
    // The cheapest product keeps every order far from the "large first order" indicator.
    const product = (await env
      .db('products')
      .where({ active: true })
      .orderBy('unit_price')
      .first('id', 'sku')) as { id: number; sku: string };
    sku = product.sku;
    productId = product.id;
  }, 180_000);
  afterAll(async () => {
    await api?.close();
    await consumer?.close();
    await env?.stop();
  });

  it('decides each Stripe test token as Stripe would answer it', async () => {
    const expected: [string, string, string | null, string, RegExp][] = [
      ['tok_visa', 'confirmed', null, 'authorized', /^ch_sim_/],
      ['tok_mastercard', 'confirmed', null, 'authorized', /^ch_sim_/],
      ['tok_amex', 'confirmed', null, 'authorized', /^ch_sim_/],
      ['tok_chargeDeclined', 'cancelled', 'payment_declined', 'declined', /^generic_decline$/],
      [
        'tok_chargeDeclinedInsufficientFunds',
        'cancelled',
        'payment_declined',
        'declined',
        /^insufficient_funds$/,
      ],
      ['tok_chargeDeclinedExpiredCard', 'cancelled', 'payment_declined', 'declined', /^expired_card$/],
      ['tok_chargeDeclinedIncorrectCvc', 'cancelled', 'payment_declined', 'declined', /^incorrect_cvc$/],
      [
        'tok_chargeDeclinedProcessingError',
        'cancelled',
        'payment_declined',
        'declined',
        /^processing_error$/,
      ],
      ['tok_chargeDeclinedLostCard', 'cancelled', 'payment_declined', 'declined', /^lost_card$/],
      ['tok_chargeDeclinedStolenCard', 'cancelled', 'payment_declined', 'declined', /^stolen_card$/],
      ['tok_chargeDeclinedFraudulent', 'cancelled', 'fraud_suspected', 'declined', /^fraudulent$/],
      // Elevated risk alone scores 30: below the review threshold, so the order is confirmed.
      ['tok_riskLevelElevated', 'confirmed', null, 'authorized', /^ch_sim_/],
    ];
    const reservedBefore = await reserved(productId);
    const ids = await Promise.all(expected.map(([token]) => place(orderBody([{ sku, quantity: 1 }], token))));
    const outcomes = await Promise.all(ids.map(decided));
    for (const [i, [token, status, reason, payment, ref]] of expected.entries()) {
      const o = outcomes[i]!;
      expect({ token, status: o.status, reason: o.cancelReason }).toEqual({ token, status, reason });
      expect(o.payments).toHaveLength(1);
      expect(o.payments[0]!.status, token).toBe(payment);
      expect(o.payments[0]!.provider_ref, token).toMatch(ref);
      expect(o.fraudScore, token).toBe(
        token === 'tok_riskLevelElevated' ? 30 : token === 'tok_chargeDeclinedFraudulent' ? 60 : 0,
      );
    }
    // Only the four orders that kept their unit reserved it.
    expect((await reserved(productId)) - reservedBefore).toBe(4);
  });

  it('holds a risky order for review: stock reserved, payment authorized, indicators in the audit trail', async () => {
    const before = await reserved(productId);
    const id = await place(
      orderBody([{ sku, quantity: 2 }], 'tok_riskLevelElevated', {
        email: `risky-${randomUUID().slice(0, 8)}@yopmail.com`,
        customerCountry: 'FR',
      }),
    );
    const o = await decided(id);
    expect(o).toMatchObject({ status: 'on_hold', cancelReason: null, fraudScore: 65 });
    expect(o.decisionType).toBe(EVENT_TYPES.orderHeld);
    expect(o.decision).toMatchObject({
      reason: 'fraud_review',
      fraud: { score: 65, indicators: ['ship_country_differs', 'disposable_email', 'gateway_risk_elevated'] },
    });
    expect(o.payments).toEqual([{ status: 'authorized', provider_ref: expect.stringMatching(/^ch_sim_/) }]);
    expect((await reserved(productId)) - before).toBe(2);
  });

  it('cancels a very risky order as fraud_suspected, voiding its authorization and reserving nothing', async () => {
    const before = await reserved(productId);
    const id = await place(
      orderBody([{ sku, quantity: 1 }], 'tok_riskLevelElevated', {
        email: `riskier-${randomUUID().slice(0, 8)}@mailinator.com`,
        customerCountry: 'FR',
        location: { lat: 40.4168, lon: -3.7038 }, // placed in Madrid, shipped to Amsterdam
      }),
    );
    const o = await decided(id);
    expect(o).toMatchObject({ status: 'cancelled', cancelReason: 'fraud_suspected', fraudScore: 85 });
    expect(o.decisionType).toBe(EVENT_TYPES.orderCancelled);
    expect(o.decision).toMatchObject({
      reason: 'fraud_suspected',
      failedChecks: ['fraud_suspected'],
      fraud: {
        score: 85,
        indicators: [
          'ship_country_differs',
          'location_far_from_city',
          'disposable_email',
          'gateway_risk_elevated',
        ],
      },
    });
    expect(o.payments).toEqual([{ status: 'voided', provider_ref: expect.stringMatching(/^ch_sim_/) }]);
    expect(await reserved(productId)).toBe(before);
  });

  it('cancels an order whose stock is short as out_of_stock and reserves none of its lines', async () => {
    const [plenty, scarce] = (await env
      .db('products')
      .where({ active: true })
      .whereNot({ id: productId })
      .orderBy('unit_price')
      .limit(2)
      .select('id', 'sku')) as { id: number; sku: string }[];
    await env.db('inventory').where({ product_id: scarce!.id }).update({ on_hand: 1, reserved: 0 });
    const plentyBefore = await reserved(plenty!.id);
    const id = await place(
      orderBody(
        [
          { sku: plenty!.sku, quantity: 1 },
          { sku: scarce!.sku, quantity: 2 },
        ],
        'tok_visa',
      ),
    );
    const o = await decided(id);
    expect(o).toMatchObject({ status: 'cancelled', cancelReason: 'out_of_stock' });
    expect(o.decision).toMatchObject({ reason: 'out_of_stock', failedChecks: ['out_of_stock'] });
    expect(o.payments).toEqual([{ status: 'voided', provider_ref: expect.stringMatching(/^ch_sim_/) }]);
    expect(await reserved(plenty!.id)).toBe(plentyBefore);
    expect(await reserved(scarce!.id)).toBe(0);
  });
});
