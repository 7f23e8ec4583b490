import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningOmsConsumer } from '../../services/oms-consumer/run-oms-consumer.ts';
import { runOrderApi, type RunningOrderApi } from '../../services/order-api/run-order-api.ts';
import { eventHubConnection } from '../../services/shared/azure/event-hub-connection.ts';
import { EVENT_TYPES } from '../../services/shared/domain/event-types.ts';
import { createLogger } from '../../services/shared/logger.ts';
import { operatorHeaders, testSecurity } from '../helpers/auth.ts';
import {
  countRows,
  startInProcessConsumer,
  startPipelineEnv,
  waitFor,
  type PipelineEnv,
} from '../helpers/pipeline-env.ts';
import { freePort } from '../helpers/ports.ts';

const logger = createLogger({ level: 'silent', pretty: false });

function orderBody(sku: string, quantity = 1) {
  return {
    customer: {
      email: `buyer-${randomUUID().slice(0, 8)}@example.com`,
      fullName: 'Grace Hopper',
      country: 'NL',
      city: 'Amsterdam',
    },
    items: [{ sku, quantity }],
    shippingAddress: { line1: 'Damrak 1', city: 'Amsterdam', postalCode: '1012 LG', country: 'NL' },
    payment: { method: 'paypal', token: 'tok_abc' },
    location: { lat: 52.37, lon: 4.89 },
    channel: 'mobile_app',
  };
}

describe('order-api over the real pipeline (two API instances, one consumer)', () => {
  let env: PipelineEnv;
  let apiA: RunningOrderApi;
  let apiB: RunningOrderApi;
  let consumer: RunningOmsConsumer;
  let sku: string;

  const post = (api: RunningOrderApi, path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${api.server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const statusOf = async (id: string) => {
    const res = await fetch(`${apiA.server.url}/api/orders/${id}`, { headers: operatorHeaders() });
    return res.status === 200 ? ((await res.json()) as { status: string }).status : undefined;
  };

  beforeAll(async () => {
    env = await startPipelineEnv();
    const eventHub = eventHubConnection({
      connectionString: env.env.EVENTHUB_CONNECTION_STRING,
      eventHubName: 'orders',
    });
    // Two instances, one order-token secret: a token issued by A is accepted by B.
    apiA = await runOrderApi({ db: env.db, logger, eventHub, port: 0, security: testSecurity() });
    apiB = await runOrderApi({ db: env.db, logger, eventHub, port: 0, security: testSecurity() });
    consumer = await startInProcessConsumer(env, { logger, eventHub });
    sku = ((await env.db('products').where({ active: true }).first('sku')) as { sku: string }).sku;
  });
  afterAll(async () => {
    await apiA?.close();
    await apiB?.close();
    await consumer?.close();
    await env?.stop();
  });

  it('accepts an order with 202 and the consumer confirms it', async () => {
    const res = await post(apiA, '/api/orders', orderBody(sku, 2));
    expect(res.status).toBe(202);
    const { orderId, status, orderToken } = (await res.json()) as {
      orderId: string;
      status: string;
      orderToken: string;
    };
    expect(status).toBe('pending');
    expect(res.headers.get('location')).toBe(`/api/orders/${orderId}`);
    await waitFor(async () => (await statusOf(orderId)) === 'confirmed', 15_000, 'order confirmed');
    const asShopper = { headers: { 'x-order-token': orderToken } };
    const order = (await (await fetch(`${apiB.server.url}/api/orders/${orderId}`, asShopper)).json()) as {
      channel: string;
      items: { sku: string; quantity: number }[];
      timeline: { type: string }[];
    };
    expect(order.channel).toBe('mobile_app');
    expect(order.items).toEqual([expect.objectContaining({ sku, quantity: 2 })]);
    expect(order.timeline.map((t) => t.type)).toEqual([EVENT_TYPES.orderPlaced, EVENT_TYPES.orderConfirmed]);
  });

  it('honours Idempotency-Key across API instances: same order id, applied once', async () => {
    const key = randomUUID();
    const body = orderBody(sku);
    const responses = await Promise.all([
      post(apiA, '/api/orders', body, { 'Idempotency-Key': key }),
      post(apiB, '/api/orders', body, { 'Idempotency-Key': key }),
      post(apiA, '/api/orders', body, { 'Idempotency-Key': key }),
    ]);
    const ids = await Promise.all(
      responses.map(async (r) => ((await r.json()) as { orderId: string }).orderId),
    );
    expect(responses.map((r) => r.status)).toEqual([202, 202, 202]);
    expect(new Set(ids).size).toBe(1);
    await waitFor(
      async () => (await statusOf(ids[0]!)) === 'confirmed',
      15_000,
      'idempotent order confirmed',
    );
    await new Promise((r) => setTimeout(r, 500));
    expect(await countRows(env.db, 'orders', { id: ids[0] })).toBe(1);
    expect(await countRows(env.db, 'order_events', { order_id: ids[0], type: EVENT_TYPES.orderPlaced })).toBe(
      1,
    );
    const other = await post(apiB, '/api/orders', body, { 'Idempotency-Key': randomUUID() });
    expect(((await other.json()) as { orderId: string }).orderId).not.toBe(ids[0]);
  });

  it('answers bad input with problem+json naming each bad field, and publishes nothing', async () => {
    const before = env.hub.stats().reduce((s, p) => s + p.endSequenceNumber, 0);
    const missing = await post(apiA, '/api/orders', { customer: { email: 'not-an-email' }, items: [] });
    expect(missing.status).toBe(400);
    expect(missing.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const fields = ((await missing.json()) as { errors: { field: string }[] }).errors.map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining(['customer.email', 'customer.fullName', 'items', 'shippingAddress', 'payment']),
    );

    const unknownSku = await post(apiA, '/api/orders', orderBody('NOPE-0001'));
    expect(unknownSku.status).toBe(400);
    expect(((await unknownSku.json()) as { errors: { field: string }[] }).errors).toEqual([
      expect.objectContaining({ field: 'items.0.sku' }),
    ]);

    const badJson = await post(apiA, '/api/orders', '{"customer": ');
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as { title: string }).title).toBe('Malformed JSON');

    const huge = await post(apiA, '/api/orders', { ...orderBody(sku), padding: 'x'.repeat(100 * 1024) });
    expect(huge.status).toBe(413);

    const badKey = await post(apiA, '/api/orders', orderBody(sku), { 'Idempotency-Key': 'short' });
    expect(badKey.status).toBe(400);
    expect(((await badKey.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe(
      'Idempotency-Key',
    );

    const after = env.hub.stats().reduce((s, p) => s + p.endSequenceNumber, 0);
    expect(after).toBe(before);
  });

  it('cancels a confirmed order (stock released) and refuses what the state machine forbids', async () => {
    const product = (await env.db('products').where({ sku }).first('id')) as { id: number };
    const reserved = async () =>
      Number(
        (
          (await env.db('inventory').where({ product_id: product.id }).first('reserved')) as {
            reserved: number;
          }
        ).reserved,
      );
    const res = await post(apiA, '/api/orders', orderBody(sku, 3));
    const { orderId, orderToken } = (await res.json()) as { orderId: string; orderToken: string };
    const proof = { 'x-order-token': orderToken };
    await waitFor(async () => (await statusOf(orderId)) === 'confirmed', 15_000, 'confirmed before cancel');
    const heldBefore = await reserved();

    expect((await post(apiA, `/api/orders/${orderId}/returns`, { reason: 'damaged' }, proof)).status).toBe(
      409,
    );
    expect((await post(apiB, `/api/orders/${orderId}/cancel`, {}, proof)).status).toBe(202);
    await waitFor(async () => (await statusOf(orderId)) === 'cancelled', 15_000, 'cancelled');
    expect(heldBefore - (await reserved())).toBe(3);
    expect((await post(apiA, `/api/orders/${orderId}/cancel`, {}, proof)).status).toBe(409);
    expect((await post(apiA, '/api/orders/ORD-0000000000/cancel', {}, operatorHeaders())).status).toBe(404);
    expect((await post(apiA, '/api/orders/not-an-id/cancel', {})).status).toBe(400);
    expect((await post(apiA, `/api/orders/${orderId}/returns`, { reason: 'bored' }, proof)).status).toBe(400);
  });

  it('answers 503 with Retry-After when the hub does not accept the event, and a retry succeeds once it is back', async () => {
    const deadPort = await freePort();
    const dead = await runOrderApi({
      db: env.db,
      logger,
      eventHub: eventHubConnection({
        connectionString: env.env.EVENTHUB_CONNECTION_STRING.replace(/:\d+;/, `:${deadPort};`),
        eventHubName: 'orders',
      }),
      port: 0,
      security: testSecurity(),
      publishTimeoutMs: 1500,
    });
    try {
      const key = randomUUID();
      const res = await post(dead, '/api/orders', orderBody(sku), { 'Idempotency-Key': key });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('2');
      expect(((await res.json()) as { detail: string }).detail).toMatch(/same Idempotency-Key/);
      const retry = await post(apiA, '/api/orders', orderBody(sku), { 'Idempotency-Key': key });
      expect(retry.status).toBe(202);
    } finally {
      await dead.close().catch(() => undefined);
    }
  });

  it('reports readiness of the database and the hub, and exposes metrics', async () => {
    const ready = (await (await fetch(`${apiA.server.url}/readyz`)).json()) as {
      status: string;
      checks: Record<string, unknown>;
    };
    expect(ready.status).toBe('ready');
    expect(Object.keys(ready.checks).sort()).toEqual(['database', 'eventHub']);
    const metrics = await (await fetch(`${apiA.server.url}/metrics`, { headers: operatorHeaders() })).text();
    expect(metrics).toMatch(
      /oms_http_request_duration_seconds_count\{method="POST",route="\/api\/orders",status="202"\}/,
    );
  });
});
