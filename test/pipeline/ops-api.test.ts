import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningOmsConsumer } from '../../services/oms-consumer/index.ts';
import {
  createEventHubPublisher,
  runOrderApi,
  type EventPublisher,
  type RunningOrderApi,
} from '../../services/order-api/index.ts';
import { eventHubConnection } from '../../services/shared/azure/event-hub-connection.ts';
import { EVENT_TYPES, eventSource } from '../../services/shared/domain/event-types.ts';
import { newOrderId } from '../../services/shared/domain/order-id.ts';
import { createOrderEvent } from '../../services/shared/events/cloud-event.ts';
import type { OrderPlacedData } from '../../services/shared/events/order-event-data.ts';
import { createLogger } from '../../services/shared/logger.ts';
import {
  TEST_INTEGRATION_TOKEN,
  TEST_OPERATOR_TOKEN,
  operatorHeaders,
  testSecurity,
} from '../helpers/auth.ts';
import {
  countRows,
  startInProcessConsumer,
  startPipelineEnv,
  waitFor,
  type PipelineEnv,
} from '../helpers/pipeline-env.ts';
import { freshSqliteDatabase } from '../helpers/sqlite.ts';
import { connect, type Db } from '../../services/shared/db/connection.ts';
import { migrateLatest } from '../../services/shared/db/migrate.ts';
import { seedDatabase } from '../../services/shared/db/seed/index.ts';
import { listDeadLetters, retryDeadLetter } from '../../services/order-api/ops/dead-letters.ts';
import { listOrders, orderAudit } from '../../services/order-api/ops/order-views.ts';
import { pipelineHealth } from '../../services/order-api/ops/pipeline-health.ts';
import { RETRY_OF_PROPERTY } from '../../services/shared/events/dead-letter-retry.ts';

/**
 * The ops console's API (issue 13) end to end: the real order-api, the dev hub and the consumer
 * embedded on the API's metrics registry (as `oms start` runs it), on MariaDB. Held orders with their
 * fraud indicators, an order's audit trail, dead letters with personal data masked, a dead letter
 * retried through the hub until it applies (and never twice), the pipeline's figures, and who may ask.
 */
const logger = createLogger({ level: 'silent', pretty: false });
const integration = { authorization: `Bearer ${TEST_INTEGRATION_TOKEN}` };
// The answers are read field by field below; a loose type keeps the assertions readable.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

interface Product {
  sku: string;
  unit_price: number | string;
}

describe('the ops API over the running pipeline', () => {
  let env: PipelineEnv;
  let api: RunningOrderApi;
  let consumer: RunningOmsConsumer;
  let partner: EventPublisher;
  let products: Product[];

  const call = async (method: string, path: string, headers: Record<string, string> = operatorHeaders()) => {
    const res = await fetch(`${api.server.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      ...(method === 'POST' ? { body: '{}' } : {}),
    });
    const text = await res.text();
    return { status: res.status, text, body: (text ? JSON.parse(text) : {}) as Json };
  };
  const statusOf = async (id: string) =>
    ((await env.db('orders').where({ id }).first('status')) as { status: string } | undefined)?.status;
  const until = (id: string, status: string) =>
    waitFor(async () => (await statusOf(id)) === status, 30_000, `order ${id} ${status}`);
  const deadLetterOf = async (where: Record<string, unknown>) =>
    (await env.db('dead_letters').where(where).orderBy('id', 'desc').first('id')) as
      { id: number } | undefined;
  const placedData = (orderId: string, email: string): OrderPlacedData => ({
    orderId,
    customer: { email, fullName: 'Grace Hopper', country: 'DE', city: 'Berlin' },
    items: [{ sku: products[0]!.sku, quantity: 1, unitPrice: Number(products[0]!.unit_price) }],
    shippingAddress: { line1: 'Karl-Marx-Allee 77', city: 'Berlin', postalCode: '10243', country: 'DE' },
    payment: { method: 'card', token: 'tok_visa' },
    location: { lat: 52.51743, lon: 13.43911 },
    channel: 'partner_api',
  });

  beforeAll(async () => {
    env = await startPipelineEnv();
    const eventHub = eventHubConnection({
      connectionString: env.env.EVENTHUB_CONNECTION_STRING,
      eventHubName: 'orders',
    });
    api = await runOrderApi({ db: env.db, logger, eventHub, port: 0, security: testSecurity() });
    // As `oms start` runs it: the consumer's metrics on the API's registry, read in-process.
    consumer = await startInProcessConsumer(env, { logger, eventHub, registry: api.registry });
    partner = createEventHubPublisher(eventHub);
    products = (await env
      .db('products')
      .where({ active: true })
      .orderBy('unit_price')
      .select('sku', 'unit_price')) as Product[];
    await env.db('inventory').update({ on_hand: 10_000, reserved: 0 });
  }, 180_000);
  afterAll(async () => {
    await partner?.close();
    await api?.close();
    await consumer?.close();
    await env?.stop();
  });

  it('answers 401 without a credential, 403 to an integration and 400 to bad parameters', async () => {
    const paths: [string, string][] = [
      ['GET', '/api/ops/orders'],
      ['GET', '/api/ops/orders/ORD-7K2M9Q4XHB/audit'],
      ['GET', '/api/ops/dead-letters'],
      ['POST', '/api/ops/dead-letters/1/retry'],
      ['GET', '/api/ops/pipeline'],
    ];
    for (const [method, path] of paths) {
      expect((await call(method, path, {})).status, `${method} ${path}`).toBe(401);
      expect((await call(method, path, { authorization: 'Bearer nope' })).status).toBe(401);
      expect((await call(method, path, integration)).status, `${method} ${path}`).toBe(403);
    }
    for (const [method, path] of [
      ['GET', '/api/ops/orders?status=lost'],
      ['GET', '/api/ops/orders?limit=0'],
      ['GET', '/api/ops/orders?limit=201'],
      ['GET', '/api/ops/orders?limit=ten'],
      ['GET', '/api/ops/orders?stauts=on_hold'],
      ['GET', '/api/ops/orders/not-an-order/audit'],
      ['GET', "/api/ops/orders/ORD-1'%20OR%201=1/audit"],
      ['GET', '/api/ops/dead-letters?limit=5000'],
      ['GET', '/api/ops/dead-letters?open=maybe'],
      ['POST', '/api/ops/dead-letters/0/retry'],
      ['POST', '/api/ops/dead-letters/1e3/retry'],
      ['POST', '/api/ops/dead-letters/-1/retry'],
      ['POST', '/api/ops/dead-letters/abc/retry'],
      ['GET', '/api/ops/pipeline?verbose=1'],
    ] as const) {
      const res = await call(method, path);
      expect(res.status, `${method} ${path}`).toBe(400);
      expect(res.body.title).toBeTruthy();
    }
    expect((await call('GET', '/api/ops/orders/ORD-7K2M9Q4XHB/audit')).status).toBe(404);
    expect((await call('POST', '/api/ops/dead-letters/2147483000/retry')).status).toBe(404);
  });

  it('lists a held order with its fraud indicators and shows its audit trail without personal data', async () => {
    const email = `held-${randomUUID().slice(0, 8)}@yopmail.com`;
    const res = await fetch(`${api.server.url}/api/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        customer: { email, fullName: 'Hedy Lamarr', country: 'FR', city: 'Paris' },
        items: [{ sku: products[0]!.sku, quantity: 1 }],
        shippingAddress: { line1: '12 Rue de Rivoli', city: 'Paris', postalCode: '75001', country: 'FR' },
        payment: { method: 'card', token: 'tok_riskLevelElevated' },
        // Far from the shipping address, on a disposable domain, with a risky card: held for review.
        location: { lat: 52.52, lon: 13.405 },
        channel: 'web',
      }),
    });
    expect(res.status).toBe(202);
    const { orderId } = (await res.json()) as { orderId: string };
    await until(orderId, 'on_hold');

    const list = await call('GET', '/api/ops/orders?status=on_hold&limit=50');
    expect(list.status).toBe(200);
    const held = (list.body.orders as Record<string, unknown>[]).find((o) => o.id === orderId);
    expect(held).toMatchObject({
      id: orderId,
      status: 'on_hold',
      currency: 'EUR',
      country: 'FR',
      channel: 'web',
      placedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      total: expect.any(Number),
      fraudScore: expect.any(Number),
    });
    expect(held!.fraudIndicators).toEqual(expect.arrayContaining([expect.any(String)]));
    expect(list.text).not.toMatch(EMAIL);
    expect(list.text).not.toContain('Hedy');
    expect(list.text).not.toContain('Rivoli');
    // The default status is on_hold; the limit bounds the page.
    expect((await call('GET', '/api/ops/orders')).body.orders.map((o: { id: string }) => o.id)).toContain(
      orderId,
    );
    expect((await call('GET', '/api/ops/orders?status=on_hold&limit=1')).body.orders).toHaveLength(1);

    const audit = await call('GET', `/api/ops/orders/${orderId}/audit`);
    expect(audit.status).toBe(200);
    expect(audit.body).toMatchObject({ orderId, status: 'on_hold' });
    const trail = audit.body.trail as { eventType: string; eventId: string; at: string; detail: Json }[];
    expect(trail.map((e) => e.eventType)).toEqual([EVENT_TYPES.orderPlaced, EVENT_TYPES.orderHeld]);
    expect(trail[0]!.eventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(trail[0]!.detail.customer).toMatchObject({
      email: '(hidden)',
      fullName: '(hidden)',
      country: 'FR',
    });
    expect(trail[0]!.detail.shippingAddress.line1).toBe('(hidden)');
    expect(trail[1]!.detail).toMatchObject({
      reason: 'fraud_review',
      fraud: { indicators: held!.fraudIndicators },
    });
    expect(audit.text).not.toMatch(EMAIL);
    expect(audit.text).not.toContain('Hedy');
    expect(audit.text).not.toContain('Rivoli');
  });

  it('lists dead letters with personal data masked, whether or not the body parsed', async () => {
    const email = `dead-${randomUUID().slice(0, 8)}@example.com`;
    // A placed event whose data breaks the contract (no items): dead-lettered with its raw body.
    const broken = { ...placedData(newOrderId(), email), items: [] };
    const event = createOrderEvent(
      EVENT_TYPES.orderPlaced,
      eventSource('partner_api'),
      broken as OrderPlacedData,
    );
    await partner.publishRaw({ body: Buffer.from(JSON.stringify(event)), partitionKey: event.subject });
    // Not JSON at all, with an e-mail address and a phone number in it.
    const garbage = `not json: call ${email} or +49 170 1234567`;
    await partner.publishRaw({ body: Buffer.from(garbage), partitionKey: 'garbage' });
    await waitFor(
      async () => (await deadLetterOf({ event_id: event.id })) !== undefined,
      30_000,
      'dead letter',
    );
    await waitFor(
      async () => (await countRows(env.db, 'dead_letters', { event_id: null })) > 0,
      30_000,
      'undecodable dead letter',
    );

    const list = await call('GET', '/api/ops/dead-letters?limit=50');
    expect(list.status).toBe(200);
    const rows = list.body.deadLetters as Json[];
    const parsed = rows.find((d) => d.eventId === event.id)!;
    expect(parsed).toMatchObject({
      id: expect.any(Number),
      partitionId: expect.any(String),
      sequenceNumber: expect.any(Number),
      reason: expect.any(String),
      createdAt: expect.stringMatching(/Z$/),
      retriedAt: null,
    });
    const payload = JSON.parse(parsed.payload as string);
    expect(payload.data.customer).toMatchObject({ email: '(hidden)', fullName: '(hidden)', city: 'Berlin' });
    expect(payload.data.shippingAddress.line1).toBe('(hidden)');
    expect(payload.data.payment.token).toBe('(hidden)');
    expect(payload.data.location).toEqual({ lat: 52.5, lon: 13.4 });
    const text = rows.find((d) => d.eventId === null && String(d.payload).startsWith('not json'))!;
    expect(text.payload).toContain('+49*** ***');
    expect(list.text).not.toMatch(EMAIL);
    expect(list.text).not.toContain('Grace Hopper');
    expect(list.text).not.toContain('Karl-Marx-Allee');
    expect(list.text).not.toContain('1234567');
    expect(list.text).not.toContain('tok_visa');
  });

  it('retries a dead letter through the hub once its cause is gone, once only', async () => {
    // A shipment reported before the order reached the OMS: dead-lettered as an unknown order.
    const orderId = newOrderId();
    const shipped = createOrderEvent(EVENT_TYPES.orderShipped, '/fulfilment', {
      orderId,
      carrier: 'DHL',
      trackingNumber: 'JD0001',
    });
    await partner.publish(shipped);
    await waitFor(async () => (await deadLetterOf({ event_id: shipped.id })) !== undefined, 30_000, 'dead');
    const dead = (await deadLetterOf({ event_id: shipped.id }))!;
    const listed = (await call('GET', '/api/ops/dead-letters?open=true')).body.deadLetters as {
      id: number;
    }[];
    expect(listed.map((d) => d.id)).toContain(Number(dead.id));

    // The order arrives; the retry now applies.
    await partner.publish(
      createOrderEvent(
        EVENT_TYPES.orderPlaced,
        eventSource('partner_api'),
        placedData(orderId, `late-${randomUUID().slice(0, 8)}@example.com`),
      ),
    );
    await until(orderId, 'confirmed');
    const retried = await call('POST', `/api/ops/dead-letters/${dead.id}/retry`);
    expect(retried).toMatchObject({
      status: 202,
      body: { id: Number(dead.id), eventId: shipped.id, status: 'retry_requested' },
    });
    await until(orderId, 'shipped');
    const row = (await call('GET', '/api/ops/dead-letters')).body.deadLetters.find(
      (d: { id: number }) => d.id === Number(dead.id),
    );
    expect(row.retriedAt).toMatch(/Z$/);
    expect(
      ((await call('GET', '/api/ops/dead-letters?open=true')).body.deadLetters as { id: number }[]).map(
        (d) => d.id,
      ),
    ).not.toContain(Number(dead.id));
    // Once only: a second retry is refused, and the event was recorded once.
    const again = await call('POST', `/api/ops/dead-letters/${dead.id}/retry`);
    expect(again.status).toBe(409);
    expect(await countRows(env.db, 'order_events', { event_id: shipped.id })).toBe(1);
    expect(await countRows(env.db, 'shipments', { order_id: orderId })).toBe(1);

    const trail = (await call('GET', `/api/ops/orders/${orderId}/audit`)).body.trail as {
      eventType: string;
      eventId: string;
      detail: Record<string, unknown>;
    }[];
    expect(trail.map((e) => e.eventType)).toEqual([
      EVENT_TYPES.orderPlaced,
      EVENT_TYPES.orderConfirmed,
      EVENT_TYPES.orderShipped,
      EVENT_TYPES.deadLetterRetried,
    ]);
    expect(trail[2]!.eventId).toBe(shipped.id);
    expect(trail[3]!.detail).toEqual({
      orderId,
      deadLetterId: Number(dead.id),
      eventType: EVENT_TYPES.orderShipped,
    });
  });

  it('retries a body that never parsed: it is dead-lettered again, visibly', async () => {
    await partner.publishRaw({ body: Buffer.from('{"half": '), partitionKey: 'half' });
    await waitFor(
      async () => (await env.db('dead_letters').where('payload', '{"half": ').count({ n: '*' }))[0]!.n == 1,
      30_000,
      'half a body dead-lettered',
    );
    const first = (await env.db('dead_letters').where('payload', '{"half": ').first('id')) as { id: number };
    expect((await call('POST', `/api/ops/dead-letters/${first.id}/retry`)).status).toBe(202);
    await waitFor(
      async () =>
        Number((await env.db('dead_letters').where('payload', '{"half": ').count({ n: '*' }))[0]!.n) === 2,
      30_000,
      'dead-lettered again',
    );
    const list = (await call('GET', '/api/ops/dead-letters')).body.deadLetters as {
      id: number;
      payload: string;
      retriedAt: string | null;
    }[];
    const halves = list.filter((d) => d.payload === '{"half": ');
    expect(halves.map((d) => d.retriedAt === null)).toEqual([true, false]);
  });

  it('reports pipeline figures that move with the events, from the embedded consumer and from a scrape', async () => {
    const before = await call('GET', '/api/ops/pipeline');
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({
      consumerMetrics: 'in-process',
      eventsPerSecond: expect.any(Number),
      eventsTotal: expect.any(Number),
      retries: expect.any(Object),
      updatedAt: expect.stringMatching(/Z$/),
    });
    const open = await countRows(env.db, 'dead_letters', { retried_at: null });
    expect(before.body.deadLetters).toEqual({ total: await countRows(env.db, 'dead_letters'), open });
    expect(before.body.partitions.length).toBeGreaterThan(0);
    for (const p of before.body.partitions) {
      expect(p).toEqual({ partitionId: expect.any(String), lagEvents: expect.any(Number) });
    }

    const ids = [newOrderId(), newOrderId(), newOrderId()];
    for (const id of ids) {
      await partner.publish(
        createOrderEvent(
          EVENT_TYPES.orderPlaced,
          eventSource('partner_api'),
          placedData(id, `p-${id}@example.com`),
        ),
      );
    }
    // A shipment for an order that does not exist: one more open dead letter.
    await partner.publish(
      createOrderEvent(EVENT_TYPES.orderShipped, '/fulfilment', {
        orderId: newOrderId(),
        carrier: 'UPS',
        trackingNumber: '1Z999',
      }),
    );
    for (const id of ids) await until(id, 'confirmed');
    let after = before;
    await waitFor(
      async () => {
        after = await call('GET', '/api/ops/pipeline');
        return after.body.eventsTotal >= before.body.eventsTotal + 4 && after.body.eventsPerSecond > 0;
      },
      30_000,
      'the events counted and a rate over them',
    );
    expect(after.body.deadLetters.total).toBe(before.body.deadLetters.total + 1);
    expect(after.body.deadLetters.open).toBe(before.body.deadLetters.open + 1);

    // A standalone consumer: its /metrics page is read with the operator token.
    let authorization: string | undefined;
    const page = [
      '# HELP oms_consumer_events_total Events processed, by outcome',
      '# TYPE oms_consumer_events_total counter',
      'oms_consumer_events_total{outcome="applied"} 40',
      'oms_consumer_events_total{outcome="duplicate"} 2',
      'oms_consumer_lag_events{partition="1"} 7',
      'oms_consumer_lag_events{partition="0"} 3',
      'oms_consumer_retries_total{stage="database"} 5',
      'process_cpu_seconds_total 1.5',
      '',
    ].join('\n');
    const server = http.createServer((req, res) => {
      authorization = req.headers.authorization;
      res.setHeader('content-type', 'text/plain; version=0.0.4');
      res.end(page);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
    const eventHub = eventHubConnection({
      connectionString: env.env.EVENTHUB_CONNECTION_STRING,
      eventHubName: 'orders',
    });
    const scraping = await runOrderApi({
      db: env.db,
      logger,
      eventHub,
      port: 0,
      security: testSecurity(),
      consumerMetricsUrls: [url, 'http://127.0.0.1:9/metrics'],
      consumerMetricsToken: TEST_OPERATOR_TOKEN,
    });
    try {
      const res = await fetch(`${scraping.server.url}/api/ops/pipeline`, { headers: operatorHeaders() });
      expect(await res.json()).toMatchObject({
        consumerMetrics: 'scraped',
        eventsTotal: 42,
        eventsPerSecond: 0,
        partitions: [
          { partitionId: '0', lagEvents: 3 },
          { partitionId: '1', lagEvents: 7 },
        ],
        retries: { database: 5 },
      });
      expect(authorization).toBe(`Bearer ${TEST_OPERATOR_TOKEN}`);
    } finally {
      await scraping.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('the ops reads on SQLite (the same queries as on MariaDB)', () => {
  let sqlite: ReturnType<typeof freshSqliteDatabase>;
  let db: Db;

  beforeAll(async () => {
    sqlite = freshSqliteDatabase();
    db = await connect(sqlite.url);
    await migrateLatest(db);
    await seedDatabase(db, { orders: 600, seed: 7, days: 60, now: new Date('2026-11-20T00:00:00Z') });
  }, 120_000);
  afterAll(async () => {
    await db?.destroy();
    sqlite?.cleanup();
  });

  it('lists held orders, an audit trail and masked dead letters, and retries one once', async () => {
    const held = await listOrders(db, 'on_hold', 5);
    expect(held.length).toBeGreaterThan(0);
    expect(held[0]).toMatchObject({
      status: 'on_hold',
      total: expect.any(Number),
      placedAt: expect.any(String),
    });
    const audit = await orderAudit(db, held[0]!.id);
    expect(audit?.trail.length).toBeGreaterThan(0);
    expect(JSON.stringify(audit)).not.toMatch(EMAIL);

    const letters = await listDeadLetters(db, 50, true);
    expect(letters.length).toBeGreaterThan(0);
    expect(JSON.stringify(letters)).not.toMatch(EMAIL);
    const sent: { partitionKey: string; properties?: Record<string, string | number> }[] = [];
    const publisher = {
      publish: async () => undefined,
      publishRaw: async (m: { partitionKey: string; properties?: Record<string, string | number> }) => {
        sent.push(m);
      },
      check: async () => undefined,
      close: async () => undefined,
    };
    const first = letters[0]!;
    expect(await retryDeadLetter(db, publisher, first.id)).toMatchObject({ ok: true, id: first.id });
    expect(await retryDeadLetter(db, publisher, first.id)).toMatchObject({ ok: false, kind: 'conflict' });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.properties).toEqual({ [RETRY_OF_PROPERTY]: first.id });
    // A hub that refuses: the claim is released, so the dead letter stays open.
    const second = letters[1]!;
    const refusing = { ...publisher, publishRaw: async () => Promise.reject(new Error('hub down')) };
    expect(await retryDeadLetter(db, refusing, second.id)).toMatchObject({ ok: false, kind: 'unavailable' });
    expect((await listDeadLetters(db, 200, true)).map((d) => d.id)).toContain(second.id);

    const health = await pipelineHealth({ db, logger, registry: () => undefined })();
    expect(health).toMatchObject({
      consumerMetrics: 'unavailable',
      eventsTotal: 0,
      partitions: [],
      deadLetters: { total: letters.length, open: letters.length - 1 },
    });
  });
});
