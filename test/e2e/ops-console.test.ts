import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readLocalEndpoints } from '../../services/local/local-endpoints.ts';
import { createEventHubPublisher, type EventPublisher } from '../../services/order-api/event-publisher.ts';
import { eventHubConnection } from '../../services/shared/azure/event-hub-connection.ts';
import { EVENT_TYPES } from '../../services/shared/domain/event-types.ts';
import { createOrderEvent } from '../../services/shared/events/cloud-event.ts';
import { orderIdForKey } from '../../services/shared/events/order-intake.ts';
import { launchChromium, pageOpener, VIEWPORTS } from '../helpers/browser.ts';
import { startLocalSystem, type LocalSystem } from '../helpers/local-system.ts';

/**
 * The ops console (/ops) in Debian's Chromium against the real local system (`oms start`, as
 * `npm start` runs it): one system and one browser for the whole file, a fresh browser context (own
 * cookies) per scenario, signed in with an operator token through the sign-in page.
 */

const SHOTS = path.resolve('test-results/ops-console');
/** How long a value the page or the pipeline produces asynchronously may take (2 busy cores). */
const POLL = { timeout: 30_000, interval: 250 } as const;
const TOKEN = randomBytes(32).toString('base64url');
const CHARTS = [
  'daily',
  'status',
  'top-products',
  'country',
  'channel',
  'return-reasons',
  'sentiment',
  'forecast',
];

let system: LocalSystem;
let browser: Browser;
let publisher: EventPublisher;
let sku: string;

const pages = pageOpener(
  () => browser,
  () => system.url,
  20_000,
);
const openPage = pages.open;

/** The sign-in page (status 401), the token pasted, and the console that follows. */
async function signIn(page: Page): Promise<void> {
  const res = await page.goto('/ops');
  expect(res?.status()).toBe(401);
  await page.getByLabel('Operator token').fill(TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Operations' }).waitFor();
}

async function expectAccessible(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${label}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
  expect(serious).toEqual([]);
}

async function screenshot(page: Page, name: string): Promise<void> {
  const width = page.viewportSize()!.width;
  await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
}

function query<T>(sql: string, ...params: unknown[]): T | undefined {
  const db = new Database(system.databaseFile, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).get(...params) as T | undefined;
  } finally {
    db.close();
  }
}

const orderStatus = (orderId: string) =>
  query<{ status: string }>('SELECT status FROM orders WHERE id = ?', orderId)?.status;

/** Places an order through the API as the storefront does; risky ones are held for review. */
async function placeOrder(options: { risky?: boolean; idempotencyKey?: string } = {}): Promise<string> {
  const tag = randomUUID().slice(0, 8);
  const res = await fetch(`${system.url}/api/orders`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.idempotencyKey ? { 'Idempotency-Key': options.idempotencyKey } : {}),
    },
    body: JSON.stringify({
      customer: {
        // A disposable address, a customer abroad and an elevated gateway risk: held (fraud score 65).
        email: options.risky ? `risky-${tag}@yopmail.com` : `ops-${tag}@example.com`,
        fullName: 'Ops Test',
        country: options.risky ? 'FR' : 'DE',
        city: 'Berlin',
      },
      items: [{ sku, quantity: 1 }],
      shippingAddress: { line1: 'Main St 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
      payment: { method: 'card', token: options.risky ? 'tok_riskLevelElevated' : 'tok_visa' },
    }),
  });
  expect(res.status).toBe(202);
  return ((await res.json()) as { orderId: string }).orderId;
}

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  system = await startLocalSystem({ OPERATOR_TOKENS: TOKEN });
  browser = await launchChromium();
  const products = (
    (await (await fetch(`${system.url}/api/products`)).json()) as {
      products: { sku: string; available: number }[];
    }
  ).products;
  sku = products.filter((p) => p.available > 20).sort((a, b) => b.available - a.available)[0]!.sku;
  const endpoints = readLocalEndpoints(system.dataDir);
  if (!endpoints) throw new Error('oms start wrote no local-endpoints.json');
  publisher = createEventHubPublisher(
    eventHubConnection({ connectionString: endpoints.eventHubConnectionString, eventHubName: 'orders' }),
  );
});

afterEach(async () => {
  await pages.closeAll();
  const seen = pages.takeErrors();
  expect(seen).toEqual([]);
});

afterAll(async () => {
  await publisher?.close();
  await browser?.close();
  await system?.stop();
});

describe('ops console', () => {
  it('answers 401 to /ops and its API without a credential, and signs in and out with an HttpOnly cookie', async () => {
    const page = await fetch(`${system.url}/ops`, { headers: { Accept: 'text/html' } });
    expect(page.status).toBe(401);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('private, no-store');
    expect(await page.text()).toContain('/ops/assets/signIn-');
    for (const api of [
      '/api/ops/pipeline',
      '/api/ops/orders?status=on_hold',
      '/api/kpis?from=2026-10-01&to=2026-11-01',
    ]) {
      const res = await fetch(`${system.url}${api}`);
      expect(res.status, api).toBe(401);
      expect(res.headers.get('content-type'), api).toContain('application/problem+json');
    }
    const wrong = await fetch(`${system.url}/api/ops/pipeline`, {
      headers: { Authorization: 'Bearer nope' },
    });
    expect(wrong.status).toBe(401);
    // The bearer header works for the page as for the API (Entra ID principals keep using it).
    const bearer = { Authorization: `Bearer ${TOKEN}` };
    expect((await fetch(`${system.url}/ops`, { headers: bearer })).status).toBe(200);

    // Sign-in is JSON only (the API's CSRF rule): a form post is refused before the token is looked at.
    const form = await fetch(`${system.url}/ops/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${TOKEN}`,
      redirect: 'manual',
    });
    expect(form.status).toBe(415);
    const bad = await fetch(`${system.url}/ops/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: 'x'.repeat(40) }),
      redirect: 'manual',
    });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('set-cookie')).toBeNull();

    const ok = await fetch(`${system.url}/ops/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: TOKEN }),
      redirect: 'manual',
    });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/ops');
    const setCookie = ok.headers.get('set-cookie')!;
    expect(setCookie).toMatch(
      /^oms_operator_session=[\w-]+\.[\w-]+; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Strict$/,
    );
    expect(setCookie).not.toContain(TOKEN);
    const cookie = setCookie.split(';')[0]!;
    expect((await fetch(`${system.url}/api/ops/pipeline`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(`${system.url}/ops`, { headers: { cookie } })).status).toBe(200);
    // A tampered cookie is nobody.
    const forged = cookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await fetch(`${system.url}/api/ops/pipeline`, { headers: { cookie: forged } })).status).toBe(401);

    const out = await fetch(`${system.url}/ops/session`, {
      method: 'DELETE',
      headers: { cookie, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(
      /^oms_operator_session=; Max-Age=0; Path=\/; HttpOnly; SameSite=Strict$/,
    );
  });

  it('serves hashed immutable assets, precompressed, with no inline script', async () => {
    const html = await (
      await fetch(`${system.url}/ops`, { headers: { Authorization: `Bearer ${TOKEN}` } })
    ).text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/\sstyle=/);
    const script = /<script type="module" crossorigin src="(\/ops\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const res = await fetch(`${system.url}${script}`, { headers: { 'Accept-Encoding': 'br' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");

    const assets = path.resolve('dist/ops-console/assets');
    const jsGzipBytes = fs
      .readdirSync(assets)
      .filter((f) => f.endsWith('.js.gz'))
      .reduce((sum, f) => sum + fs.statSync(path.join(assets, f)).size, 0);
    console.log(`ops console JavaScript, all chunks: ${(jsGzipBytes / 1024).toFixed(1)} KiB gzipped`);
    // The storefront's budget (150 KB compressed) holds for the console too.
    expect(jsGzipBytes).toBeGreaterThan(0);
    expect(jsGzipBytes).toBeLessThanOrEqual(150 * 1024);
  });

  it('shows KPI tiles and every chart with data, each with its table', { timeout: 180_000 }, async () => {
    const page = await openPage();
    await signIn(page);
    await page.locator('.tile[data-kpi]').first().waitFor();
    expect(await page.locator('.tile[data-kpi]').count()).toBeGreaterThanOrEqual(10);
    await expect
      .poll(() => page.locator('[data-kpi="orders_placed"] .tile-change').textContent(), POLL)
      .toMatch(/vs previous 28 days/);
    for (const id of CHARTS) {
      const chart = page.locator(`[data-chart="${id}"]`);
      await chart.locator('canvas').first().waitFor({ state: 'attached' });
      expect(await chart.locator('table tbody tr').count(), id).toBeGreaterThan(0);
    }
    // The forecast's table carries its band.
    const forecastHead = await page.locator('[data-chart="forecast"] thead').textContent();
    expect(forecastHead).toContain('Upper bound');
    expect(forecastHead).toContain('Lower bound');
    await page.getByRole('heading', { name: 'Pipeline health' }).waitFor();
    await page.getByRole('table', { name: /Lag per partition/ }).waitFor();
    await screenshot(page, 'console');
  });

  it('releases a held order end to end', { timeout: 180_000 }, async () => {
    const orderId = await placeOrder({ risky: true });
    await expect.poll(() => orderStatus(orderId), POLL).toBe('on_hold');
    const page = await openPage();
    await signIn(page);
    const row = page.locator(`tr[data-order="${orderId}"]`);
    await row.waitFor();
    await row.getByRole('link', { name: orderId }).click();
    await page.getByRole('heading', { level: 3, name: new RegExp(`${orderId}: on hold`) }).waitFor();
    expect(await page.locator('#audit tbody tr').count()).toBeGreaterThan(0);

    await page.getByRole('button', { name: `Release ${orderId}` }).click();
    await page.getByText(`Release of ${orderId} requested`).waitFor();
    await expect.poll(() => orderStatus(orderId), POLL).toBe('confirmed');
    await row.waitFor({ state: 'detached', timeout: 30_000 });
  });

  it('retries a dead letter once its cause is gone', { timeout: 180_000 }, async () => {
    // A shipment reported for an order that does not exist yet is dead-lettered ("unknown order")…
    const key = randomUUID();
    const orderId = orderIdForKey(key);
    await publisher.publish(
      createOrderEvent(EVENT_TYPES.orderShipped, '/fulfilment/test', {
        orderId,
        carrier: 'DHL',
        trackingNumber: 'JD014600003829',
      }),
    );
    const deadLetter = () =>
      query<{ id: number; retried_at: string | null }>(
        'SELECT id, retried_at FROM dead_letters WHERE reason LIKE ? ORDER BY id DESC',
        `%${orderId}%`,
      );
    await expect.poll(() => deadLetter()?.id, POLL).toBeTypeOf('number');
    const id = deadLetter()!.id;
    // …then the order is placed (its id follows from the Idempotency-Key) and confirmed.
    expect(await placeOrder({ idempotencyKey: key })).toBe(orderId);
    await expect.poll(() => orderStatus(orderId), POLL).toBe('confirmed');

    const page = await openPage();
    await signIn(page);
    const row = page.locator(`tr[data-dead-letter="${id}"]`);
    await row.waitFor();
    expect(await row.locator('.reason').textContent()).toContain(orderId);
    await row.getByRole('button', { name: `Retry dead letter ${id}` }).click();
    await page.getByText(`Retry of dead letter ${id} requested`).waitFor();
    await expect.poll(() => orderStatus(orderId), POLL).toBe('shipped');
    expect(deadLetter()!.retried_at).not.toBeNull();
    await row.getByText(/^Retried /).waitFor({ timeout: 30_000 });
  });

  it("streams the agent's answer, its SQL and its table", { timeout: 180_000 }, async () => {
    const expected = query<{ n: number }>(
      "SELECT COUNT(*) AS n FROM orders WHERE placed_at >= '2026-10-01' AND placed_at < '2026-11-01'",
    )!.n;
    expect(expected).toBeGreaterThan(0);
    const page = await openPage();
    await signIn(page);
    await page.getByLabel('Question').fill('How many orders were placed in October 2026?');
    const streamed = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/agent/ask');
    await page.getByRole('button', { name: 'Ask' }).click();
    expect((await streamed).headers()['content-type']).toContain('text/event-stream');
    const turn = page.locator('.turn').first();
    await turn.locator('.sql pre').waitFor({ timeout: 60_000 });
    const answer = (await turn.locator('.answer').textContent()) ?? '';
    const figures = (answer.match(/\d[\d,.]*/g) ?? []).map((n) => Number(n.replace(/,/g, '')));
    expect(figures, answer).toContain(expected);
    expect(await turn.locator('.sql pre').textContent()).toMatch(/select/i);
    const cells = await turn.locator('table.result tbody td').allTextContents();
    expect(cells.map((c) => Number(c.replace(/,/g, '')))).toContain(expected);
    await screenshot(page, 'agent');
  });

  for (const [device, viewport] of Object.entries(VIEWPORTS)) {
    it(
      `has no serious accessibility violation at ${viewport.width} px (${device})`,
      { timeout: 180_000 },
      async () => {
        const page = await openPage(viewport);
        await page.goto('/ops');
        await page.getByLabel('Operator token').waitFor();
        await expectAccessible(page, `sign-in ${device}`);
        await screenshot(page, 'sign-in');
        await page.getByLabel('Operator token').fill(TOKEN);
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.getByRole('heading', { level: 1, name: 'Operations' }).waitFor();
        for (const id of CHARTS)
          await page.locator(`[data-chart="${id}"] canvas`).first().waitFor({ state: 'attached' });
        await page.getByRole('table', { name: /Lag per partition/ }).waitFor();
        // The tables behind the charts too, opened as a screen-reader user would.
        for (const summary of await page.locator('details.chart-table summary').all()) await summary.click();
        await expectAccessible(page, `console ${device}`);
        await screenshot(page, 'console-tables');
      },
    );
  }
});
