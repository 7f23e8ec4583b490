import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningOmsConsumer } from '../../services/oms-consumer/run-oms-consumer.ts';
import {
  createEventHubPublisher,
  runOrderApi,
  type EventPublisher,
  type RunningOrderApi,
} from '../../services/order-api/index.ts';
import { eventHubConnection } from '../../services/shared/azure/event-hub-connection.ts';
import { EVENT_TYPES, eventSource } from '../../services/shared/domain/event-types.ts';
import { newOrderId } from '../../services/shared/domain/order-id.ts';
import { VALIDATION_RULES } from '../../services/shared/domain/order-decision/index.ts';
import { createOrderEvent } from '../../services/shared/events/cloud-event.ts';
import type {
  HubEventData,
  HubEventType,
  OrderPlacedData,
} from '../../services/shared/events/order-event-data.ts';
import { createLogger } from '../../services/shared/logger.ts';
import { TEST_INTEGRATION_TOKEN, operatorHeaders, testSecurity } from '../helpers/auth.ts';
import {
  countRows,
  runOms,
  startInProcessConsumer,
  startPipelineEnv,
  waitFor,
  type PipelineEnv,
} from '../helpers/pipeline-env.ts';

/**
 * The order lifecycle end to end (issue 11): requests through the real order-api, events through the
 * dev hub, the real consumer on MariaDB. Every validation rule a producer can break, the whole happy
 * path (address change, ship with capture, deliver, return refunded with stock back), the returns
 * policy's rejection, the review of held orders, the customer's cancel, who may call what, and every
 * illegal move: refused by the API with 409 and, when it reaches the hub anyway, recorded in the audit
 * trail as `order.move_rejected` without a dead letter.
 */
const logger = createLogger({ level: 'silent', pretty: false });
const integration = { authorization: `Bearer ${TEST_INTEGRATION_TOKEN}` };
const DAY = 86_400_000;

interface Product {
  id: number;
  sku: string;
  unit_price: number | string;
}

const parse = (payload: unknown) =>
  (typeof payload === 'string' ? JSON.parse(payload) : payload) as Record<string, unknown>;

function shopperOrder(items: { sku: string; quantity: number }[], overrides: Record<string, unknown> = {}) {
  return {
    customer: {
      email: `life-${randomUUID().slice(0, 8)}@example.com`,
      fullName: 'Ada Lovelace',
      country: 'DE',
      city: 'Berlin',
    },
    items,
    shippingAddress: { line1: 'Unter den Linden 1', city: 'Berlin', postalCode: '10117', country: 'DE' },
    payment: { method: 'card', token: 'tok_visa' },
    location: { lat: 52.52, lon: 13.405 },
    channel: 'web',
    ...overrides,
  };
}

describe('the order lifecycle through the API, the hub and the consumer', () => {
  let env: PipelineEnv;
  let api: RunningOrderApi;
  let consumer: RunningOmsConsumer;
  let partner: EventPublisher;
  let cheap: Product;
  let catalog: Product[];

  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${api.server.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  };
  const order = async (id: string) =>
    (await env.db('orders').where({ id }).first()) as Record<string, unknown> | undefined;
  const statusOf = async (id: string) => (await order(id))?.status as string | undefined;
  const until = async (id: string, status: string) =>
    waitFor(async () => (await statusOf(id)) === status, 30_000, `order ${id} ${status}`);
  const trail = async (id: string) =>
    (
      (await env.db('order_events').where({ order_id: id }).orderBy('id').select('type', 'payload')) as {
        type: string;
        payload: unknown;
      }[]
    ).map((e) => ({ type: e.type.replace('com.mygreatcompany.', ''), payload: parse(e.payload) }));
  const stock = async (productId: number) => {
    const row = (await env.db('inventory').where({ product_id: productId }).first('on_hand', 'reserved')) as {
      on_hand: number;
      reserved: number;
    };
    return { onHand: Number(row.on_hand), reserved: Number(row.reserved) };
  };
  const paymentOf = async (id: string) =>
    ((await env.db('payments').where({ order_id: id }).first('status')) as { status: string }).status;

  /** Places an order as a shopper and waits for the consumer's decision. */
  const place = async (body: unknown, expected: string) => {
    const res = await call('POST', '/api/orders', body);
    expect(res.status).toBe(202);
    const id = res.body.orderId as string;
    await until(id, expected);
    return { id, token: { 'x-order-token': res.body.orderToken as string } };
  };
  /** Publishes straight to the hub, as a partner integration (or a buggy producer) would. */
  const publish = async <T extends HubEventType>(type: T, data: HubEventData<T>, time?: Date) => {
    const event = createOrderEvent(type, eventSource('partner_api'), data, time ? { time } : {});
    await partner.publish(event);
    return event.id;
  };
  const recorded = async (eventId: string) =>
    waitFor(
      async () => (await countRows(env.db, 'order_events', { event_id: eventId })) > 0,
      30_000,
      eventId,
    );
  const ship = (id: string, headers: Record<string, string> = integration) =>
    call(
      'POST',
      '/api/fulfilment/shipments',
      { orderId: id, carrier: 'DHL', trackingNumber: `JD${Date.now()}` },
      headers,
    );

  beforeAll(async () => {
    env = await startPipelineEnv();
    const eventHub = eventHubConnection({
      connectionString: env.env.EVENTHUB_CONNECTION_STRING,
      eventHubName: 'orders',
    });
    api = await runOrderApi({ db: env.db, logger, eventHub, port: 0, security: testSecurity() });
    consumer = await startInProcessConsumer(env, { logger, eventHub });
    partner = createEventHubPublisher(eventHub);
    catalog = (await env
      .db('products')
      .where({ active: true })
      .orderBy('unit_price')
      .select('id', 'sku', 'unit_price')) as Product[];
    cheap = catalog[0]!;
    // Plenty of stock for the products the scenarios use.
    await env.db('inventory').update({ on_hand: 10_000, reserved: 0 });
  }, 180_000);
  afterAll(async () => {
    await partner?.close();
    await api?.close();
    await consumer?.close();
    await env?.stop();
  });

  it('cancels an order breaking each validation rule a producer can break, naming that rule', async () => {
    const line = (p: Product, quantity = 1) => ({ sku: p.sku, quantity, unitPrice: Number(p.unit_price) });
    const base = (items: OrderPlacedData['items']): OrderPlacedData => ({
      orderId: newOrderId(),
      customer: {
        email: `rule-${randomUUID().slice(0, 8)}@example.com`,
        fullName: 'R',
        country: 'DE',
        city: 'Berlin',
      },
      items,
      shippingAddress: { line1: 'Alexanderplatz 1', city: 'Berlin', postalCode: '10178', country: 'DE' },
      payment: { method: 'card', token: 'tok_visa' },
      location: { lat: 52.52, lon: 13.405 },
      channel: 'partner_api',
    });
    const priciest = catalog.slice(-5);
    const cases: Record<string, OrderPlacedData> = {
      'sku.known_and_active': base([{ sku: 'ZZZ-9999', quantity: 1, unitPrice: 10 }]),
      'items.no_duplicate_sku': base([line(cheap), line(cheap)]),
      'quantity.per_line': base([line(cheap, 21)]),
      'quantity.per_order': base(catalog.slice(0, 6).map((p) => line(p, 20))),
      'price.catalog': base([{ ...line(cheap), unitPrice: 0.01 }]),
      'address.shippable': {
        ...base([line(cheap)]),
        shippingAddress: { line1: '1 Chome', city: 'Tokyo', postalCode: '100-0001', country: 'JP' },
      },
      'total.within_limits': base(priciest.map((p) => line(p, 20))),
      'payment.method_allowed': {
        ...base([line(cheap)]),
        payment: { method: 'gift_card' },
        channel: 'marketplace',
      },
      'payment.card_token': { ...base([line(cheap)]), payment: { method: 'card' } },
    };
    // customer.email repeats the hub contract's own e-mail check (defence in depth), so no event that
    // reaches the consumer can break it alone; the unit tests cover it.
    const reachable = VALIDATION_RULES.map((r) => r.id).filter((id) => id !== 'customer.email');
    expect(Object.keys(cases).sort()).toEqual(reachable.sort());
    for (const data of Object.values(cases)) await publish(EVENT_TYPES.orderPlaced, data);
    for (const [rule, data] of Object.entries(cases)) {
      await until(data.orderId, 'cancelled');
      expect((await order(data.orderId))!.cancel_reason, rule).toBe('validation_failed');
      const decision = (await trail(data.orderId)).find((e) => e.type === 'order.cancelled')!;
      expect(decision.payload, rule).toMatchObject({ reason: 'validation_failed', failedRules: [rule] });
      expect(await countRows(env.db, 'payments', { order_id: data.orderId }), rule).toBe(0);
    }
  });

  it('follows an order from placement to a refunded return, with capture, restock and a complete trail', async () => {
    const before = await stock(cheap.id);
    const { id, token } = await place(shopperOrder([{ sku: cheap.sku, quantity: 2 }]), 'confirmed');
    expect(await stock(cheap.id)).toEqual({ onHand: before.onHand, reserved: before.reserved + 2 });

    // Address change before shipment: same country only (VAT depends on it).
    const moved = { line1: 'Friedrichstr. 50', city: 'Berlin', postalCode: '10117', country: 'DE' };
    expect((await call('PATCH', `/api/orders/${id}`, { shippingAddress: moved }, token)).status).toBe(202);
    await waitFor(async () => (await order(id))!.ship_line1 === 'Friedrichstr. 50', 30_000, 'address');
    const abroad = { ...moved, city: 'Paris', postalCode: '75001', country: 'FR' };
    expect((await call('PATCH', `/api/orders/${id}`, { shippingAddress: abroad }, token)).status).toBe(409);
    expect(
      (await call('PATCH', `/api/orders/${id}`, { shippingAddress: moved, items: [] }, token)).status,
    ).toBe(400);
    expect((await call('PATCH', `/api/orders/${id}`, { shippingAddress: moved })).status).toBe(404);

    // Shipped by the warehouse's integration: payment captured, units leave shelf and reservation.
    const shipped = await ship(id);
    expect(shipped).toMatchObject({ status: 202, body: { orderId: id, status: 'shipment_recorded' } });
    await until(id, 'shipped');
    expect(await paymentOf(id)).toBe('captured');
    expect(await stock(cheap.id)).toEqual({ onHand: before.onHand - 2, reserved: before.reserved });
    expect(await env.db('shipments').where({ order_id: id }).select('carrier', 'status')).toEqual([
      { carrier: 'DHL', status: 'in_transit' },
    ]);
    expect((await call('PATCH', `/api/orders/${id}`, { shippingAddress: moved }, token)).status).toBe(409);

    expect((await call('POST', '/api/fulfilment/deliveries', { orderId: id }, integration)).status).toBe(202);
    await until(id, 'delivered');
    expect((await env.db('shipments').where({ order_id: id }).first('status'))!.status).toBe('delivered');

    // A resellable return inside the window: approved, refunded (goods + VAT), restocked, returned.
    const returned = await call(
      'POST',
      `/api/orders/${id}/returns`,
      { reason: 'changed_mind', comment: 'Lovely, but I ordered two by mistake.' },
      token,
    );
    expect(returned.status).toBe(202);
    await until(id, 'returned');
    const row = (await order(id))!;
    const ret = (await env.db('returns').where({ order_id: id }).first()) as Record<string, unknown>;
    expect(ret.status).toBe('refunded');
    expect(Number(ret.refund_amount)).toBeCloseTo(Number(row.subtotal) + Number(row.tax), 2);
    expect(await paymentOf(id)).toBe('refunded');
    expect(await stock(cheap.id)).toEqual(before);
    expect((await call('POST', `/api/orders/${id}/returns`, { reason: 'other' }, token)).status).toBe(409);

    expect((await trail(id)).map((e) => e.type)).toEqual([
      'order.placed',
      'order.confirmed',
      'order.updated',
      'order.shipped',
      'order.delivered',
      'return.requested',
      'return.approved',
      'return.refunded',
    ]);
    expect(await countRows(env.db, 'dead_letters')).toBe(0);
  });

  it('rejects a return outside the window by policy, and approves a damaged one without restocking it', async () => {
    const late = await place(shopperOrder([{ sku: cheap.sku, quantity: 1 }]), 'confirmed');
    // A carrier's late report: shipped 60 days ago, delivered 50 days ago.
    await publish(
      EVENT_TYPES.orderShipped,
      { orderId: late.id, carrier: 'UPS', trackingNumber: '1Z999' },
      new Date(Date.now() - 60 * DAY),
    );
    await until(late.id, 'shipped');
    const deliveredAt = new Date(Date.now() - 50 * DAY).toISOString();
    expect(
      (await call('POST', '/api/fulfilment/deliveries', { orderId: late.id, deliveredAt }, integration))
        .status,
    ).toBe(202);
    await until(late.id, 'delivered');
    expect(
      (await call('POST', `/api/orders/${late.id}/returns`, { reason: 'changed_mind' }, late.token)).status,
    ).toBe(202);
    await waitFor(
      async () => (await countRows(env.db, 'returns', { order_id: late.id })) > 0,
      30_000,
      'return',
    );
    expect(await env.db('returns').where({ order_id: late.id }).select('status', 'refund_amount')).toEqual([
      { status: 'rejected', refund_amount: null },
    ]);
    expect(await statusOf(late.id)).toBe('delivered');
    expect(await paymentOf(late.id)).toBe('captured');
    expect((await trail(late.id)).at(-1)).toMatchObject({
      type: 'return.rejected',
      payload: { reason: 'outside_return_window' },
    });

    const before = await stock(cheap.id);
    const damaged = await place(shopperOrder([{ sku: cheap.sku, quantity: 1 }]), 'confirmed');
    await ship(damaged.id);
    await until(damaged.id, 'shipped');
    await call('POST', '/api/fulfilment/deliveries', { orderId: damaged.id }, integration);
    await until(damaged.id, 'delivered');
    await call(
      'POST',
      `/api/orders/${damaged.id}/returns`,
      { reason: 'damaged', comment: 'Arrived torn.' },
      damaged.token,
    );
    await until(damaged.id, 'returned');
    // The damaged unit goes to inspection, not back on the shelf.
    expect(await stock(cheap.id)).toEqual({ onHand: before.onHand - 1, reserved: before.reserved });
    expect((await trail(damaged.id)).find((e) => e.type === 'return.approved')!.payload).toMatchObject({
      restock: false,
    });
  });

  it('lets an operator release one held order and reject another; nobody else may', async () => {
    const risky = () =>
      shopperOrder([{ sku: cheap.sku, quantity: 1 }], {
        customer: {
          email: `held-${randomUUID().slice(0, 8)}@yopmail.com`,
          fullName: 'H',
          country: 'FR',
          city: 'Paris',
        },
        payment: { method: 'card', token: 'tok_riskLevelElevated' },
      });
    const before = await stock(cheap.id);
    const a = await place(risky(), 'on_hold');
    const b = await place(risky(), 'on_hold');
    expect(await stock(cheap.id)).toEqual({ onHand: before.onHand, reserved: before.reserved + 2 });

    expect((await call('POST', `/api/ops/orders/${a.id}/release`, {})).status).toBe(401);
    expect((await call('POST', `/api/ops/orders/${a.id}/release`, {}, integration)).status).toBe(403);
    expect((await call('POST', `/api/ops/orders/${a.id}/release`, {}, a.token)).status).toBe(401);

    const released = await call(
      'POST',
      `/api/ops/orders/${a.id}/release`,
      { note: 'called the bank' },
      operatorHeaders(),
    );
    expect(released).toMatchObject({ status: 202, body: { status: 'release_requested' } });
    expect((await call('POST', `/api/ops/orders/${b.id}/reject`, {}, operatorHeaders())).status).toBe(202);
    await until(a.id, 'confirmed');
    await until(b.id, 'cancelled');
    expect((await order(b.id))!.cancel_reason).toBe('fraud_suspected');
    expect(await paymentOf(a.id)).toBe('authorized');
    expect(await paymentOf(b.id)).toBe('voided');
    expect(await stock(cheap.id)).toEqual({ onHand: before.onHand, reserved: before.reserved + 1 });
    expect((await trail(a.id)).map((e) => e.type)).toEqual([
      'order.placed',
      'order.held',
      'order.reviewed',
      'order.confirmed',
    ]);
    expect((await trail(a.id)).at(-1)!.payload).toMatchObject({
      reason: 'review_released',
      reviewer: expect.stringMatching(/^token:/),
    });
    expect((await trail(b.id)).map((e) => e.type)).toEqual([
      'order.placed',
      'order.held',
      'order.reviewed',
      'order.cancelled',
    ]);
    // Reviewing an order that is no longer held is refused.
    expect((await call('POST', `/api/ops/orders/${a.id}/reject`, {}, operatorHeaders())).status).toBe(409);
  });

  it("cancels a confirmed order at the customer's request, releasing stock and voiding the payment", async () => {
    const before = await stock(cheap.id);
    const { id, token } = await place(shopperOrder([{ sku: cheap.sku, quantity: 3 }]), 'confirmed');
    expect((await call('POST', `/api/orders/${id}/cancel`, {}, token)).status).toBe(202);
    await until(id, 'cancelled');
    expect((await order(id))!.cancel_reason).toBe('customer_request');
    expect(await paymentOf(id)).toBe('voided');
    expect(await stock(cheap.id)).toEqual(before);
    expect((await call('POST', `/api/orders/${id}/cancel`, {}, token)).status).toBe(409);
    expect((await ship(id)).status).toBe(409);
  });

  it('keeps fulfilment to operators and integrations, and integrations out of everything else', async () => {
    const { id } = await place(shopperOrder([{ sku: cheap.sku, quantity: 1 }]), 'confirmed');
    expect((await ship(id, {})).status).toBe(401);
    expect((await ship(id, { authorization: 'Bearer not-a-real-token-at-all-000000000000' })).status).toBe(
      401,
    );
    expect((await call('GET', `/api/orders/${id}`, undefined, integration)).status).toBe(403);
    expect((await call('GET', '/metrics', undefined, integration)).status).toBe(403);
    expect(
      (await call('POST', '/api/fulfilment/shipments', { orderId: id, carrier: 'DHL' }, integration)).status,
    ).toBe(400);
    expect(
      (
        await call(
          'POST',
          '/api/fulfilment/shipments',
          { orderId: 'ORD-NOPE', carrier: 'DHL', trackingNumber: 'X1234' },
          integration,
        )
      ).status,
    ).toBe(400);
    expect((await call('POST', '/api/fulfilment/deliveries', { orderId: id }, integration)).status).toBe(409);
    const missing = newOrderId();
    expect((await call('POST', '/api/fulfilment/deliveries', { orderId: missing }, integration)).status).toBe(
      404,
    );
    // The operator may ship too; a retried report is the same event and ships once.
    const first = await ship(id, operatorHeaders());
    expect(first.status).toBe(202);
    await until(id, 'shipped');
    expect((await ship(id, operatorHeaders())).status).toBe(409);
    expect(await countRows(env.db, 'shipments', { order_id: id })).toBe(1);
  });

  it('records illegal moves that reach the hub in the audit trail, changes nothing, and dead-letters none', async () => {
    const confirmed = await place(shopperOrder([{ sku: cheap.sku, quantity: 1 }]), 'confirmed');
    const cancelled = await place(shopperOrder([{ sku: cheap.sku, quantity: 1 }]), 'confirmed');
    await call('POST', `/api/orders/${cancelled.id}/cancel`, {}, cancelled.token);
    await until(cancelled.id, 'cancelled');
    const shipped = await place(shopperOrder([{ sku: cheap.sku, quantity: 1 }]), 'confirmed');
    await ship(shipped.id);
    await until(shipped.id, 'shipped');
    const deadBefore = await countRows(env.db, 'dead_letters');
    const snapshot = async () =>
      Promise.all(
        [confirmed.id, cancelled.id, shipped.id].map(async (id) => ({
          ...(await order(id)),
          updated_at: null,
        })),
      );
    const before = await snapshot();

    const address = { line1: 'Elsewhere 2', city: 'Berlin', postalCode: '10115', country: 'DE' };
    const illegal: [string, string, Promise<string>][] = [
      [
        'ship a cancelled order',
        cancelled.id,
        publish(EVENT_TYPES.orderShipped, { orderId: cancelled.id, carrier: 'DHL', trackingNumber: 'T0001' }),
      ],
      [
        'deliver a confirmed order',
        confirmed.id,
        publish(EVENT_TYPES.orderDelivered, { orderId: confirmed.id, deliveredAt: new Date().toISOString() }),
      ],
      [
        'return a confirmed order',
        confirmed.id,
        publish(EVENT_TYPES.returnRequested, { orderId: confirmed.id, reason: 'other', comment: null }),
      ],
      [
        'release a confirmed order',
        confirmed.id,
        publish(EVENT_TYPES.orderReviewed, {
          orderId: confirmed.id,
          decision: 'release',
          reviewer: 'token:x',
        }),
      ],
      [
        'cancel a shipped order',
        shipped.id,
        publish(EVENT_TYPES.orderCancelled, { orderId: shipped.id, reason: 'customer_request' }),
      ],
      [
        'change the address of a shipped order',
        shipped.id,
        publish(EVENT_TYPES.orderUpdated, { orderId: shipped.id, changes: { shippingAddress: address } }),
      ],
      [
        'ship a shipped order again',
        shipped.id,
        publish(EVENT_TYPES.orderShipped, { orderId: shipped.id, carrier: 'UPS', trackingNumber: 'T0002' }),
      ],
    ];
    for (const [what, orderId, sent] of illegal) {
      const eventId = await sent;
      await recorded(eventId);
      const row = (await env
        .db('order_events')
        .where({ event_id: eventId })
        .first('type', 'order_id', 'payload')) as {
        type: string;
        order_id: string;
        payload: unknown;
      };
      expect(row.type, what).toBe(EVENT_TYPES.moveRejected);
      expect(row.order_id, what).toBe(orderId);
      expect(parse(row.payload), what).toMatchObject({ orderId, reason: expect.any(String) });
    }
    expect(await snapshot()).toEqual(before);
    expect(await countRows(env.db, 'dead_letters')).toBe(deadBefore);
    // The API refuses the same requests before they reach the hub.
    expect((await ship(cancelled.id)).status).toBe(409);
    expect(
      (await call('POST', '/api/fulfilment/deliveries', { orderId: confirmed.id }, integration)).status,
    ).toBe(409);
    expect(
      (await call('POST', `/api/orders/${confirmed.id}/returns`, { reason: 'other' }, confirmed.token))
        .status,
    ).toBe(409);
    expect(
      (await call('POST', `/api/ops/orders/${confirmed.id}/release`, {}, operatorHeaders())).status,
    ).toBe(409);
    expect((await call('POST', `/api/orders/${shipped.id}/cancel`, {}, shipped.token)).status).toBe(409);
  });

  it('oms ship and oms deliver report fulfilment through the same checks, with clear refusals', async () => {
    const { id } = await place(shopperOrder([{ sku: cheap.sku, quantity: 1 }]), 'confirmed');
    const shipped = await runOms(
      ['ship', id, '--carrier', 'GLS', '--tracking', 'GLS-42424242', '--json'],
      env.env,
    );
    expect(shipped.code, shipped.stderr).toBe(0);
    expect(JSON.parse(shipped.stdout)).toMatchObject({ orderId: id, eventId: expect.any(String) });
    await until(id, 'shipped');
    expect(await paymentOf(id)).toBe('captured');
    expect(
      (await env.db('shipments').where({ order_id: id }).first('tracking_number'))!.tracking_number,
    ).toBe('GLS-42424242');

    const again = await runOms(['ship', id, '--carrier', 'GLS', '--tracking', 'GLS-42424242'], env.env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(
      /Not allowed in this state: Order ORD-\w+ is shipped; it cannot become shipped/,
    );
    const bad = await runOms(['ship', id, '--carrier', 'GLS', '--tracking', 'no spaces allowed'], env.env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--tracking must be 4–64 letters, digits or dashes/);
    const future = await runOms(['deliver', id, '--at', '2999-01-01T00:00:00Z'], env.env);
    expect(future.code).toBe(1);
    expect(future.stderr).toMatch(/in the future/);

    const delivered = await runOms(['deliver', id], env.env);
    expect(delivered.code, delivered.stderr).toBe(0);
    expect(delivered.stdout).toMatch(/^Recorded for ORD-/);
    await until(id, 'delivered');
  });
});
