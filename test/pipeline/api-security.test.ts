import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { earliestEventPosition, EventHubConsumerClient } from '@azure/event-hubs';
import { BlobServiceClient } from '@azure/storage-blob';
import { listArchiveFiles, readArchiveFile } from '../../services/archive/capture-archive.ts';
import type { RunningOmsConsumer } from '../../services/oms-consumer/run-oms-consumer.ts';
import { openAgentRoutes } from '../../services/local/agent-routes.ts';
import { createEventHubPublisher, type EventPublisher } from '../../services/order-api/event-publisher.ts';
import { runOrderApi, type RunningOrderApi } from '../../services/order-api/run-order-api.ts';
import { localOperatorToken } from '../../services/order-api/security/local-operator-token.ts';
import { resolveOrderTokenSecret } from '../../services/order-api/security/order-token.ts';
import { eventHubConnection } from '../../services/shared/azure/event-hub-connection.ts';
import { loadConfig } from '../../services/shared/config.ts';
import { connect } from '../../services/shared/db/connection.ts';
import { migrateLatest } from '../../services/shared/db/migrate.ts';
import { seedDatabase } from '../../services/shared/db/seed/index.ts';
import { EVENT_TYPES } from '../../services/shared/domain/event-types.ts';
import { createOrderEvent } from '../../services/shared/events/cloud-event.ts';
import { createLogger } from '../../services/shared/logger.ts';
import {
  operatorHeaders,
  startTestIdentityProvider,
  testSecurity,
  TEST_OPERATOR_TOKEN,
  type TestIdentityProvider,
} from '../helpers/auth.ts';
import { receiveFromPartition } from '../helpers/dev-hub.ts';
import {
  countRows,
  startOms,
  startInProcessConsumer,
  startPipelineEnv,
  waitFor,
  type PipelineEnv,
} from '../helpers/pipeline-env.ts';

const logger = createLogger({ level: 'silent', pretty: false });

/** The test's own Luhn check, independent of the API's, so the card fixtures are known to be valid. */
function luhn(digits: string): boolean {
  const sum = [...digits].reverse().reduce((acc, ch, i) => {
    const d = Number(ch) * (i % 2 ? 2 : 1);
    return acc + (d > 9 ? d - 9 : d);
  }, 0);
  return sum % 10 === 0;
}

/** Card numbers as shoppers type them; every one is Luhn-valid. */
const CARDS = {
  visa: '4111111111111111',
  visaSpaced: '4111 1111 1111 1111',
  mastercardDashed: '5555-5555-5555-4444',
  amex: '378282246310005',
  discover: '6011111111111117',
  visa13: '4222222222222',
  jcbSpaced: '3530 1113 3330 0000',
};
/** 16 digits that fail the Luhn check: a reference number, not a card. */
const NOT_A_CARD = '1234567812345678';
const digitsOf = (s: string) => s.replace(/\D/g, '');

const mode = (file: string) => fs.statSync(file).mode & 0o777;

function orderBody(sku: string, email = `buyer-${randomUUID().slice(0, 8)}@example.com`) {
  return {
    customer: { email, fullName: 'Grace Hopper', country: 'NL', city: 'Amsterdam' },
    items: [{ sku, quantity: 1 }],
    shippingAddress: { line1: 'Damrak 1', city: 'Amsterdam', postalCode: '1012 LG', country: 'NL' },
    payment: { method: 'card', token: 'tok_1Nv0FGQ9RKHgCVdK' },
    channel: 'web',
  };
}

interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { field: string; message: string }[];
}

describe('order-api security: who may do what, CSRF, card data, limits, headers', () => {
  let env: PipelineEnv;
  let idp: TestIdentityProvider;
  let api: RunningOrderApi;
  let limited: RunningOrderApi;
  let consumer: RunningOmsConsumer;
  let publisher: EventPublisher;
  const closers: (() => Promise<unknown>)[] = [];
  let sku: string;

  const url = (path: string, target: RunningOrderApi = api) => `${target.server.url}${path}`;
  const postJson = (path: string, body: unknown, headers: Record<string, string> = {}, target = api) =>
    fetch(url(path, target), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
  const place = async (body = orderBody(sku), target = api) => {
    const res = await postJson('/api/orders', body, {}, target);
    expect(res.status).toBe(202);
    return (await res.json()) as { orderId: string; status: string; orderToken: string };
  };
  const dbStatus = async (id: string) =>
    ((await env.db('orders').where({ id }).first('status')) as { status: string } | undefined)?.status;
  const published = () => env.hub.stats().reduce((sum, p) => sum + p.endSequenceNumber, 0);
  const ask = (headers: Record<string, string>, target = api) =>
    postJson('/api/agent/ask', { question: 'How many orders are pending?' }, headers, target);

  /** Ships and delivers an order through the hub, as the warehouse and carrier would. */
  const deliver = async (orderId: string) => {
    await waitFor(async () => (await dbStatus(orderId)) === 'confirmed', 15_000, `${orderId} confirmed`);
    await publisher.publish(
      createOrderEvent(EVENT_TYPES.orderShipped, '/warehouse', {
        orderId,
        carrier: 'DHL',
        trackingNumber: `JD${orderId.slice(4)}`,
      }),
    );
    await publisher.publish(
      createOrderEvent(EVENT_TYPES.orderDelivered, '/carriers/dhl', {
        orderId,
        deliveredAt: new Date().toISOString(),
      }),
    );
    await waitFor(async () => (await dbStatus(orderId)) === 'delivered', 15_000, `${orderId} delivered`);
  };

  beforeAll(async () => {
    env = await startPipelineEnv({ captureWindowSeconds: 2 });
    idp = await startTestIdentityProvider();
    const eventHub = eventHubConnection({
      connectionString: env.env.EVENTHUB_CONNECTION_STRING,
      eventHubName: 'orders',
    });
    publisher = createEventHubPublisher(eventHub);
    // The agent reads a small seeded SQLite copy: what is under test is who may ask, not the answers.
    const agentDbFile = path.join(env.dataDir, 'agent.sqlite');
    const seeded = await connect(`sqlite:${agentDbFile}`);
    await migrateLatest(seeded);
    await seedDatabase(seeded, { orders: 60, seed: 7, days: 30, now: new Date('2026-11-20T00:00:00Z') });
    await seeded.destroy();
    const config = loadConfig({
      DATABASE_URL: env.env.DATABASE_URL,
      AGENT_DATABASE_URL: `sqlite:${agentDbFile}`,
      OMS_DATA_DIR: env.dataDir,
    });

    const security = testSecurity({ entra: { issuer: idp.issuer, audience: idp.audience } });
    const agent = await openAgentRoutes(config, logger, security);
    closers.push(() => agent.close());
    api = await runOrderApi({ db: env.db, logger, eventHub, port: 0, security, routers: [agent.router] });

    const strict = testSecurity({
      rateLimits: { ordersPerMinute: 2, trackingPerMinute: 3, agentPerMinute: 2 },
      corsOrigins: ['https://shop.example.com'],
    });
    const strictAgent = await openAgentRoutes(config, logger, strict);
    closers.push(() => strictAgent.close());
    limited = await runOrderApi({
      db: env.db,
      logger,
      eventHub,
      port: 0,
      security: strict,
      routers: [strictAgent.router],
    });
    consumer = await startInProcessConsumer(env, { logger, eventHub });
    sku = ((await env.db('products').where({ active: true }).first('sku')) as { sku: string }).sku;
  });
  afterAll(async () => {
    await api?.close();
    await limited?.close();
    await consumer?.close();
    await publisher?.close();
    for (const close of closers) await close().catch(() => undefined);
    await idp?.close();
    await env?.stop();
  });

  it('listens on loopback unless HOST says otherwise', () => {
    expect(api.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('sends the security headers; HSTS only when the request came over TLS', async () => {
    const res = await fetch(url('/api/products?limit=1'));
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('strict-transport-security')).toBeNull();

    // TLS ends at the trusted proxy (Traefik), which says so in X-Forwarded-Proto.
    const behindTls = await fetch(url('/healthz'), { headers: { 'x-forwarded-proto': 'https' } });
    expect(behindTls.headers.get('strict-transport-security')).toMatch(/max-age=31536000/);
  });

  it('answers unknown routes with problem+json 404, under /api and elsewhere', async () => {
    for (const [method, path] of [
      ['GET', '/nope'],
      ['GET', '/api/nope'],
      ['POST', '/api/nope'],
      ['GET', '/wp-admin/setup.php'],
    ] as const) {
      const res = await fetch(url(path), {
        method,
        headers: { 'content-type': 'application/json' },
        ...(method === 'POST' ? { body: '{}' } : {}),
      });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(((await res.json()) as Problem).status).toBe(404);
    }
  });

  it('keeps CORS closed unless the origin is listed in CORS_ORIGINS', async () => {
    const preflight = (target: RunningOrderApi, origin: string) =>
      fetch(url('/api/orders', target), {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      });
    const closed = await preflight(api, 'https://shop.example.com');
    expect(closed.headers.get('access-control-allow-origin')).toBeNull();
    const evil = await preflight(limited, 'https://evil.example');
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const listed = await preflight(limited, 'https://shop.example.com');
    expect(listed.status).toBe(204);
    expect(listed.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    expect(listed.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('hands out an order token and shows an order only to its token, email or an operator; 404 otherwise', async () => {
    const email = `Tracker-${randomUUID().slice(0, 8)}@Example.com`;
    const { orderId, orderToken, status } = await place(orderBody(sku, email));
    expect(status).toBe('pending');
    expect(orderToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await waitFor(async () => (await dbStatus(orderId)) === 'confirmed', 15_000, 'order confirmed');

    const read = (query = '', headers: Record<string, string> = {}) =>
      fetch(url(`/api/orders/${orderId}${query}`), { headers });
    const unknown = await fetch(url('/api/orders/ORD-0000000000'));
    const unknownBody = (await unknown.json()) as Problem;
    expect(unknown.status).toBe(404);

    // No proof, or a wrong one: exactly the answer for an order that does not exist.
    const other = await place();
    for (const [query, headers] of [
      ['', {}],
      ['?token=not-the-token', {}],
      ['', { 'x-order-token': other.orderToken }],
      ['', { 'x-order-token': orderToken.slice(0, -1) + (orderToken.endsWith('A') ? 'B' : 'A') }],
      ['?email=someone-else@example.com', {}],
      [`?email=${encodeURIComponent(email)}x`, {}],
    ] as [string, Record<string, string>][]) {
      const res = await read(query, headers);
      expect(res.status, `${query} ${JSON.stringify(headers)}`).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const body = (await res.json()) as Problem;
      expect({ ...body, detail: body.detail?.replace(orderId, 'ID') }).toEqual({
        ...unknownBody,
        detail: unknownBody.detail?.replace('ORD-0000000000', 'ID'),
      });
    }

    const idp401 = await idp.sign({}, { audience: 'api://someone-else' });
    expect((await read('', { authorization: `Bearer ${idp401}` })).status).toBe(401);
    expect((await read('', { authorization: 'Bearer wrong-operator-token-xxxxxxxxxxxxxxxx' })).status).toBe(
      401,
    );

    for (const [query, headers] of [
      ['', { 'x-order-token': orderToken }],
      [`?token=${orderToken}`, {}],
      [`?email=${encodeURIComponent(email.toLowerCase())}`, {}],
      [`?email=${encodeURIComponent(email.toUpperCase())}`, {}],
      ['', operatorHeaders()],
      ['', { authorization: `Bearer ${await idp.sign()}` }],
    ] as [string, Record<string, string>][]) {
      const res = await read(query, headers);
      expect(res.status, `${query} ${JSON.stringify(headers)}`).toBe(200);
      expect(((await res.json()) as { orderId: string }).orderId).toBe(orderId);
    }

    // The token issued by one instance works on another: no shared session state.
    const elsewhere = await fetch(url(`/api/orders/${orderId}`, limited), {
      headers: { 'x-order-token': orderToken },
    });
    expect(elsewhere.status).toBe(200);

    // Acting on the order needs the same proof.
    expect((await postJson(`/api/orders/${orderId}/cancel`, {})).status).toBe(404);
    expect(
      (await postJson(`/api/orders/${orderId}/cancel`, {}, { 'x-order-token': other.orderToken })).status,
    ).toBe(404);
    expect(
      (await postJson(`/api/orders/${orderId}/cancel`, {}, { 'x-order-token': orderToken })).status,
    ).toBe(202);
    await waitFor(async () => (await dbStatus(orderId)) === 'cancelled', 15_000, 'cancelled with its token');
  });

  it('refuses state changes that are not JSON with 415 (a cross-site form cannot cancel an order)', async () => {
    const { orderId, orderToken } = await place();
    await waitFor(async () => (await dbStatus(orderId)) === 'confirmed', 15_000, 'order confirmed');
    const before = published();
    const cancel = `/api/orders/${orderId}/cancel?token=${orderToken}`;
    const attempts: { headers: Record<string, string>; body?: string }[] = [
      { headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'reason=customer_request' },
      { headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x--\r\n' },
      { headers: { 'content-type': 'text/plain' }, body: '{"reason":"customer_request"}' },
      { headers: {} },
    ];
    for (const attempt of attempts) {
      const res = await fetch(url(cancel), { method: 'POST', ...attempt });
      expect(res.status, JSON.stringify(attempt)).toBe(415);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    const placeAsForm = await fetch(url('/api/orders'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'customer=x',
    });
    expect(placeAsForm.status).toBe(415);
    expect(published()).toBe(before);
    expect(await dbStatus(orderId)).toBe('confirmed');

    const asJson = await fetch(url(cancel), {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: '{}',
    });
    expect(asJson.status).toBe(202);
  });

  it('protects the agent and /metrics: 401 without a credential, 200 with a token or an Entra ID JWT', async () => {
    for (const res of [await ask({}), await fetch(url('/metrics'))]) {
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    const now = Math.floor(Date.now() / 1000);
    const bad = {
      'wrong audience': await idp.sign({}, { audience: 'api://another-app' }),
      'wrong issuer': await idp.sign({}, { issuer: 'https://login.microsoftonline.com/other/v2.0' }),
      expired: await idp.sign({}, { expiresIn: now - 300 }),
      'unknown key': await idp.sign({}, { key: 'unknown' }),
      'unsigned header tampering': (await idp.sign()).replace(/^[^.]+/, 'eyJhbGciOiJub25lIn0'),
      'static token typo': `${TEST_OPERATOR_TOKEN}x`,
    };
    for (const [what, token] of Object.entries(bad)) {
      const agentRes = await ask({ authorization: `Bearer ${token}` });
      expect(agentRes.status, what).toBe(401);
      expect(agentRes.headers.get('www-authenticate'), what).toContain('invalid_token');
      expect(
        (await fetch(url('/metrics'), { headers: { authorization: `Bearer ${token}` } })).status,
        what,
      ).toBe(401);
    }

    const jwt = await idp.sign();
    for (const headers of [operatorHeaders(), { authorization: `Bearer ${jwt}` }]) {
      const answer = await ask(headers);
      expect(answer.status).toBe(200);
      expect(await answer.json()).toMatchObject({ columns: ['orders'] });
      const metrics = await fetch(url('/metrics'), { headers });
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toMatch(/oms_http_request_duration_seconds_count/);
    }
    // The key set was discovered from the issuer's OpenID configuration, and is cached.
    expect(idp.requests().discovery).toBe(1);
    expect(idp.requests().keys).toBeGreaterThanOrEqual(1);
    expect(idp.requests().keys).toBeLessThanOrEqual(2);
  });

  it('refuses a card number anywhere in a body with 400 naming the field, never echoing it, and publishes nothing', async () => {
    for (const card of Object.values(CARDS)) expect(luhn(digitsOf(card)), card).toBe(true);
    expect(luhn(NOT_A_CARD)).toBe(false);
    const before = published();
    const base = orderBody(sku);
    const attempts: [string, unknown][] = [
      ['payment.token', { ...base, payment: { method: 'card', token: `${CARDS.visa} exp 12/29 cvv 123` } }],
      ['payment.token', { ...base, payment: { method: 'card', token: `tok_${CARDS.visa}` } }],
      [
        'customer.fullName',
        { ...base, customer: { ...base.customer, fullName: `Ada ${CARDS.mastercardDashed}` } },
      ],
      [
        'shippingAddress.line1',
        {
          ...base,
          shippingAddress: { ...base.shippingAddress, line1: `Pay with ${CARDS.visaSpaced} 12/29` },
        },
      ],
      [
        'shippingAddress.postalCode',
        { ...base, shippingAddress: { ...base.shippingAddress, postalCode: CARDS.amex } },
      ],
      ['notes.gift.0', { ...base, notes: { gift: [`card:${CARDS.discover}`] } }],
      ['items.0.memo', { ...base, items: [{ sku, quantity: 1, memo: CARDS.jcbSpaced }] }],
      ['cardNumber', { ...base, cardNumber: Number(CARDS.visa13) }],
      ['extra', { ...base, extra: Number(CARDS.visa) }],
    ];
    for (const [field, body] of attempts) {
      const res = await postJson('/api/orders', body);
      const text = await res.text();
      expect(res.status, field).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect((JSON.parse(text) as Problem).errors).toEqual([expect.objectContaining({ field })]);
      for (const card of Object.values(CARDS)) {
        expect(text).not.toContain(card);
        expect(digitsOf(text)).not.toContain(digitsOf(card));
      }
    }

    // The same on a cancellation and a return, even with a valid order token.
    const { orderId, orderToken } = await place();
    const proof = { 'x-order-token': orderToken };
    const cancel = await postJson(`/api/orders/${orderId}/cancel`, { note: `refund ${CARDS.visa}` }, proof);
    expect(cancel.status).toBe(400);
    expect(((await cancel.json()) as Problem).errors).toEqual([expect.objectContaining({ field: 'note' })]);
    const ret = await postJson(
      `/api/orders/${orderId}/returns`,
      { reason: 'damaged', comment: `refund to ${CARDS.mastercardDashed} please` },
      proof,
    );
    expect(ret.status).toBe(400);
    expect(((await ret.json()) as Problem).errors).toEqual([expect.objectContaining({ field: 'comment' })]);

    // Only `place()` above reached the hub.
    expect(published()).toBe(before + 1);

    // A payment token must look like a gateway's; 16 digits failing Luhn are not a card and pass.
    const notAToken = await postJson('/api/orders', {
      ...base,
      payment: { method: 'card', token: 'hello world' },
    });
    expect(notAToken.status).toBe(400);
    expect(((await notAToken.json()) as Problem).errors).toEqual([
      expect.objectContaining({ field: 'payment.token' }),
    ]);
    const longToken = await postJson('/api/orders', {
      ...base,
      payment: { method: 'card', token: `tok_${'a'.repeat(61)}` },
    });
    expect(longToken.status).toBe(400);
    const reference = await postJson('/api/orders', {
      ...base,
      shippingAddress: { ...base.shippingAddress, line1: `Dock 4, ref ${NOT_A_CARD}` },
      payment: { method: 'card', token: `pm_${'a'.repeat(61)}` },
    });
    expect(reference.status).toBe(202);
  });

  it('answers 409 to a second return request, and the consumer keeps one return even if two race through', async () => {
    const { orderId, orderToken } = await place();
    await deliver(orderId);
    const proof = { 'x-order-token': orderToken };
    const first = await postJson(`/api/orders/${orderId}/returns`, { reason: 'damaged' }, proof);
    expect(first.status).toBe(202);
    await waitFor(
      async () => (await countRows(env.db, 'returns', { order_id: orderId })) === 1,
      15_000,
      'return',
    );
    const second = await postJson(`/api/orders/${orderId}/returns`, { reason: 'wrong_item' }, proof);
    expect(second.status).toBe(409);
    expect(((await second.json()) as Problem).title).toBe('Return already requested');

    // Two requests that both passed the API's check before either was applied.
    const raced = await place();
    await deliver(raced.orderId);
    const deadBefore = await countRows(env.db, 'dead_letters');
    for (const reason of ['damaged', 'wrong_item'] as const) {
      await publisher.publish(
        createOrderEvent(EVENT_TYPES.returnRequested, '/channels/web', { orderId: raced.orderId, reason }),
      );
    }
    // The second is recorded as a refused move in the order's trail, not applied and not dead-lettered.
    await waitFor(
      async () =>
        (await countRows(env.db, 'order_events', {
          order_id: raced.orderId,
          type: EVENT_TYPES.moveRejected,
        })) === 1,
      15_000,
      'the second return request audited as refused',
    );
    expect(
      await countRows(env.db, 'order_events', { order_id: raced.orderId, type: EVENT_TYPES.returnRequested }),
    ).toBe(1);
    expect(await countRows(env.db, 'returns', { order_id: raced.orderId })).toBe(1);
    expect(await countRows(env.db, 'dead_letters')).toBe(deadBefore);
  });

  it('answers 429 with Retry-After once a rate limit is reached, and publishes nothing for it', async () => {
    const expect429 = async (res: Response) => {
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(res.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    };
    // Order placement: 2 a minute on `limited`.
    await place(orderBody(sku), limited);
    const { orderId, orderToken } = await place(orderBody(sku), limited);
    const before = published();
    await expect429(await postJson('/api/orders', orderBody(sku), {}, limited));
    expect(published()).toBe(before);

    // Tracking: 3 a minute.
    const track = () =>
      fetch(url(`/api/orders/${orderId}`, limited), { headers: { 'x-order-token': orderToken } });
    // The token test already used this window once, so the limit is reached within 3 more requests.
    const statuses: number[] = [];
    while (statuses.length < 4 && statuses.at(-1) !== 429) statuses.push((await track()).status);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, -1).every((s) => s === 200 || s === 404)).toBe(true);
    await expect429(await track());

    // The agent: 2 a minute per caller.
    expect((await ask(operatorHeaders(), limited)).status).toBe(200);
    expect((await ask(operatorHeaders(), limited)).status).toBe(200);
    await expect429(await ask(operatorHeaders(), limited));
    // The unlimited instance is unaffected: limits are per instance and per caller.
    expect((await ask(operatorHeaders())).status).toBe(200);
  });

  it('creates the SQLite database, its WAL files and the secrets 0600, and narrows old 0644 files', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-modes-'));
    try {
      const file = path.join(dir, 'oms.sqlite');
      const db = await connect(`sqlite:${file}`);
      await migrateLatest(db);
      // Migrating wrote through the WAL, so the -wal and -shm files exist while the handle is open.
      for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(mode(f).toString(8), f).toBe('600');
      await db.destroy();

      const old = path.join(dir, 'old.sqlite');
      fs.writeFileSync(old, '');
      fs.chmodSync(old, 0o644);
      const reopened = await connect(`sqlite:${old}`);
      await reopened.destroy();
      expect(mode(old).toString(8)).toBe('600');

      const secret = resolveOrderTokenSecret({ configured: undefined, nodeEnv: 'development', dataDir: dir });
      expect(secret.length).toBeGreaterThanOrEqual(32);
      expect(mode(path.join(dir, 'order-token-secret')).toString(8)).toBe('600');
      expect(resolveOrderTokenSecret({ configured: undefined, nodeEnv: 'development', dataDir: dir })).toBe(
        secret,
      );

      const operator = localOperatorToken(dir);
      expect(mode(operator.file).toString(8)).toBe('600');
      expect(localOperatorToken(dir).token).toBe(operator.token);
      fs.chmodSync(operator.file, 0o644);
      localOperatorToken(dir);
      expect(mode(operator.file).toString(8)).toBe('600');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('oms api: requires ORDER_TOKEN_SECRET in production; in development keeps a generated one across restarts', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-api-secret-'));
    const childEnv = { ...env.env, OMS_DATA_DIR: dataDir, ORDER_TOKEN_SECRET: '' };
    try {
      await expect(startOms(['api'], { ...childEnv, NODE_ENV: 'production' })).rejects.toThrow(
        /ORDER_TOKEN_SECRET: required when NODE_ENV=production/,
      );

      const first = await startOms(['api'], { ...childEnv, NODE_ENV: 'development' });
      let placed: { orderId: string; orderToken: string };
      try {
        expect(mode(path.join(dataDir, 'order-token-secret')).toString(8)).toBe('600');
        const res = await fetch(`http://127.0.0.1:${first.port}/api/orders`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(orderBody(sku)),
        });
        expect(res.status).toBe(202);
        placed = (await res.json()) as typeof placed;
      } finally {
        await first.stop();
      }
      await waitFor(async () => (await dbStatus(placed.orderId)) === 'confirmed', 15_000, 'confirmed');
      const second = await startOms(['api'], { ...childEnv, NODE_ENV: 'development' });
      try {
        const res = await fetch(`http://127.0.0.1:${second.port}/api/orders/${placed.orderId}`, {
          headers: { 'x-order-token': placed.orderToken },
        });
        expect(res.status).toBe(200);
        // Operator credentials come from OPERATOR_TOKENS in the environment.
        const metrics = await fetch(`http://127.0.0.1:${second.port}/metrics`, {
          headers: operatorHeaders(),
        });
        expect(metrics.status).toBe(200);
        expect((await fetch(`http://127.0.0.1:${second.port}/metrics`)).status).toBe(401);
      } finally {
        await second.stop();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('after the suite: neither the hub nor any Capture file holds a card number', async () => {
    const bodies: string[] = [];
    const client = new EventHubConsumerClient('analytics', env.env.EVENTHUB_CONNECTION_STRING, 'orders');
    try {
      for (const partitionId of await client.getPartitionIds()) {
        const { events } = await receiveFromPartition(client, partitionId, earliestEventPosition, {
          timeoutMs: 3000,
        });
        bodies.push(...events.map((e) => JSON.stringify(e.body)));
      }
    } finally {
      await client.close();
    }
    expect(bodies.length).toBeGreaterThan(10);

    await env.hub.flushCapture();
    const container = BlobServiceClient.fromConnectionString(
      env.env.STORAGE_CONNECTION_STRING,
    ).getContainerClient('order-archive');
    const files = await listArchiveFiles(container);
    expect(files.length).toBeGreaterThan(0);
    const archived: string[] = [];
    for (const file of files) {
      for (const event of await readArchiveFile(container, file)) archived.push(event.body.toString('utf8'));
    }
    expect(archived.length).toBe(bodies.length);

    for (const text of [...bodies, ...archived]) {
      const data = (JSON.parse(text) as { data: unknown }).data;
      // Every string and integer the client could have influenced, checked with the test's own Luhn.
      const values: string[] = [];
      const walk = (v: unknown): void => {
        if (typeof v === 'string') values.push(v);
        else if (typeof v === 'number' && Number.isInteger(v)) values.push(String(v));
        else if (v && typeof v === 'object') Object.values(v).forEach(walk);
      };
      walk(data);
      for (const value of values) {
        for (const run of value.match(/\d(?:[ -]?\d)+/g) ?? []) {
          const digits = digitsOf(run);
          if (digits.length >= 12 && digits.length <= 19)
            expect(luhn(digits), `${run} in an event`).toBe(false);
        }
      }
      for (const card of Object.values(CARDS)) expect(digitsOf(text)).not.toContain(digitsOf(card));
    }
  });
});
