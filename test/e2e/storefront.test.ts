import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import Database from 'better-sqlite3';
import type { Browser, Page, Request } from 'playwright-core';
import http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readLocalEndpoints } from '../../services/local/local-endpoints.ts';
import { createEventHubPublisher, type EventPublisher } from '../../services/order-api/event-publisher.ts';
import { eventHubConnection } from '../../services/shared/azure/event-hub-connection.ts';
import { EVENT_TYPES } from '../../services/shared/domain/event-types.ts';
import { priceOrder } from '../../services/shared/domain/pricing.ts';
import { fromCents } from '../../services/shared/domain/money.ts';
import { createOrderEvent } from '../../services/shared/events/cloud-event.ts';
import { statusExplanation, statusLabel } from '../../services/storefront/src/status-words.ts';
import { launchChromium, pageOpener, VIEWPORTS } from '../helpers/browser.ts';
import { startLocalSystem, type LocalSystem } from '../helpers/local-system.ts';

/**
 * The storefront in Debian's Chromium against the real local system (`oms start`, as `npm start` runs
 * it): one system and one browser for the whole file, a fresh browser context (own cart and storage)
 * per scenario.
 */

interface Product {
  sku: string;
  name: string;
  category: string;
  unitPrice: number;
  available: number;
}
interface OrderView {
  orderId: string;
  status: string;
  cancelReason: string | null;
  subtotal: number;
  shippingFee: number;
  tax: number;
  total: number;
  shipment: { carrier: string; trackingNumber: string } | null;
}

/** The browser globals the page.evaluate callbacks use (this project type-checks without the DOM lib). */
interface InPageElement {
  textContent: string | null;
}
interface InPage {
  localStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
  document: { activeElement: InPageElement | null; querySelectorAll(selector: string): { length: number } };
  getComputedStyle(el: InPageElement): { outlineStyle: string; outlineWidth: string };
  __pwned?: number;
}

async function writeStorage(page: Page, key: string, value: unknown): Promise<void> {
  await page.evaluate(([k, v]) => (globalThis as unknown as InPage).localStorage.setItem(k, v), [
    key,
    JSON.stringify(value),
  ] as const);
}

async function readStorage<T>(page: Page, key: string): Promise<T | undefined> {
  const text = await page.evaluate((k) => (globalThis as unknown as InPage).localStorage.getItem(k), key);
  return text === null ? undefined : (JSON.parse(text) as T);
}

const SHOTS = path.resolve('test-results/storefront');
/** How long a value the page or the pipeline produces asynchronously may take (2 busy cores). */
const POLL = { timeout: 20_000, interval: 250 } as const;
const euro = new Intl.NumberFormat('en-IE', { style: 'currency', currency: 'EUR' });

let system: LocalSystem;
let browser: Browser;
let products: Product[];
let publisher: EventPublisher;
/** The order the main journey places; later scenarios track, ship, deliver and return it. */
let journey: { orderId: string; email: string; token: string | undefined; total: string } | undefined;

const pages = pageOpener(
  () => browser,
  () => system.url,
  15_000,
);
const openPage = pages.open;

/** Every POST the page sends to /api/orders (placing an order). */
function orderPosts(page: Page): Request[] {
  const seen: Request[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/orders') seen.push(r);
  });
  return seen;
}

async function expectAccessible(page: Page, label: string): Promise<void> {
  const started = Date.now();
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${label}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
  console.log(`axe ${label}: ${Date.now() - started} ms`);
  expect(serious).toEqual([]);
}

async function screenshot(page: Page, name: string): Promise<void> {
  const width = page.viewportSize()!.width;
  await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
}

/** A GET with exactly these headers (fetch would add and undo Accept-Encoding itself). */
function rawGet(
  pathname: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(`${system.url}${pathname}`, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode!,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      })
      .on('error', reject);
  });
}

async function statusText(page: Page): Promise<string> {
  return (await page.getByRole('status').textContent()) ?? '';
}

async function addToCart(page: Page, product: Product, quantity = 1): Promise<void> {
  await page.goto(`/products/${product.sku}`);
  await page.getByLabel('Quantity').fill(String(quantity));
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await page.getByText(`Added ${quantity} × ${product.name} to your cart.`).waitFor();
}

async function fillCheckout(page: Page, details: { email: string; card?: string; country?: string }) {
  await page.getByLabel('Email').fill(details.email);
  await page.getByLabel('Full name').fill('Ada Lovelace');
  await page.getByLabel('Address').fill('Unter den Linden 1');
  await page.getByLabel('City').fill('Berlin');
  await page.getByLabel('Postal code').fill('10117');
  await page.getByLabel('Country').selectOption(details.country ?? 'DE');
  await page.getByLabel('Card', { exact: true }).selectOption(details.card ?? 'tok_visa');
}

/**
 * Waits for checkout to land on the order page; if the page shows a problem instead (the API refused
 * or timed out), fails with what the shopper was told.
 */
async function reachOrderPage(page: Page): Promise<void> {
  const landed = page.waitForURL(/\/orders\/ORD-[0-9A-Z]{10}$/, { timeout: 30_000 }).then(() => undefined);
  const problem = page
    .locator('.notice-error, .field-error')
    .first()
    .waitFor({ timeout: 30_000 })
    .then(async () => page.locator('.notice-error, .field-error').first().textContent());
  const outcome = await Promise.race([landed, problem.catch(() => new Promise<never>(() => undefined))]);
  if (typeof outcome === 'string')
    throw new Error(`checkout showed a problem instead of the order: ${outcome}`);
}

async function waitForStatus(page: Page, label: string, timeout = 30_000): Promise<void> {
  await expect.poll(() => statusText(page), { timeout, interval: 250 }).toContain(label);
}

/** The order as the API shows it to its owner (the token the storefront kept in the browser). */
async function apiOrder(orderId: string, token: string | undefined): Promise<OrderView> {
  const res = await fetch(`${system.url}/api/orders/${orderId}`, {
    headers: token ? { 'X-Order-Token': token } : {},
  });
  expect(res.status).toBe(200);
  return (await res.json()) as OrderView;
}

async function savedToken(page: Page, orderId: string): Promise<string | undefined> {
  const saved = await readStorage<{ orderId: string; token?: string }[]>(page, 'mgc.orders.v1');
  return saved?.find((o) => o.orderId === orderId)?.token;
}

function orderIdsOf(email: string): string[] {
  const db = new Database(system.databaseFile, { readonly: true, fileMustExist: true });
  try {
    return (
      db
        .prepare('select o.id from orders o join customers c on c.id = o.customer_id where c.email = ?')
        .all(email.toLowerCase()) as { id: string }[]
    ).map((r) => r.id);
  } finally {
    db.close();
  }
}

function ordersOf(email: string): number {
  const db = new Database(system.databaseFile, { readonly: true, fileMustExist: true });
  try {
    const row = db
      .prepare(
        'select count(*) as n from orders o join customers c on c.id = o.customer_id where c.email = ?',
      )
      .get(email.toLowerCase()) as { n: number };
    return row.n;
  } finally {
    db.close();
  }
}

const inStock = () => products.find((p) => p.available >= 20)!;

/** What the consumer wrote for one order: its row, payments and the fraud part of its decision event. */
function decisionRow(orderId: string) {
  const db = new Database(system.databaseFile, { readonly: true, fileMustExist: true });
  try {
    const order = db
      .prepare('select status, cancel_reason, fraud_score from orders where id = ?')
      .get(orderId) as { status: string; cancel_reason: string | null; fraud_score: number | null };
    const payments = db
      .prepare('select status, provider_ref from payments where order_id = ?')
      .all(orderId) as { status: string; provider_ref: string | null }[];
    const decision = db
      .prepare("select payload from order_events where order_id = ? and source = 'oms-consumer'")
      .get(orderId) as { payload: string };
    const fraud = (JSON.parse(decision.payload) as { fraud?: { score: number; indicators: string[] } }).fraud;
    return {
      status: order.status,
      cancel_reason: order.cancel_reason,
      payments,
      ...(fraud ? { fraud: { ...fraud, stored: order.fraud_score } } : {}),
    };
  } finally {
    db.close();
  }
}

/** Units of a product reserved for kept orders (inventory.reserved). */
function reservedOf(sku: string): number {
  const db = new Database(system.databaseFile, { readonly: true, fileMustExist: true });
  try {
    return (
      db
        .prepare('select i.reserved from inventory i join products p on p.id = i.product_id where p.sku = ?')
        .get(sku) as { reserved: number }
    ).reserved;
  } finally {
    db.close();
  }
}

/** The dearest in-stock product and the fewest units of it that make an order of at least EUR 1 000. */
function largeFirstOrder(): { product: Product; quantity: number } {
  const options = products
    .map((product) => {
      let quantity = 1;
      while (priceOrder([{ unitPrice: product.unitPrice, quantity }], 'DE').total < 100_000) quantity++;
      return { product, quantity };
    })
    // At most 20 per line (the validation rule), and leave stock for the other scenarios.
    .filter(({ product, quantity }) => quantity <= 20 && product.available >= quantity + 10)
    .sort((a, b) => a.quantity - b.quantity);
  expect(options.length, 'the catalogue has a product for a EUR 1 000 order').toBeGreaterThan(0);
  return options[0]!;
}

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  system = await startLocalSystem();
  browser = await launchChromium();
  const res = await fetch(`${system.url}/api/products`);
  products = ((await res.json()) as { products: Product[] }).products;
  const endpoints = readLocalEndpoints(system.dataDir);
  if (!endpoints) throw new Error('oms start wrote no local-endpoints.json');
  publisher = createEventHubPublisher(
    eventHubConnection({ connectionString: endpoints.eventHubConnectionString, eventHubName: 'orders' }),
  );
});

afterEach(() => {
  const seen = pages.takeErrors();
  expect(seen).toEqual([]);
});

afterAll(async () => {
  await pages.closeAll();
  await browser?.close();
  await publisher?.close();
  await system?.stop();
});

describe('storefront', () => {
  it('shows categories and featured products on the home page, in stock and priced in euros', async () => {
    const page = await openPage();
    await page.goto('/');
    await page.getByRole('heading', { name: 'Featured' }).waitFor();
    const categories = [...new Set(products.map((p) => p.category))];
    for (const c of categories) {
      await page
        .getByRole('link', { name: new RegExp(`^${c.replace(/[&]/g, '\\$&')} \\d+ products$`) })
        .waitFor();
    }
    const featured = page.locator('#featured-heading + ul > li');
    expect(await featured.count()).toBe(categories.length);
    const first = products.find((p) => p.available > 0)!;
    await expect.poll(() => featured.first().textContent(), POLL).toContain(euro.format(first.unitPrice));
    expect(await page.getByRole('link', { name: 'Cart 0 items' }).count()).toBe(1);
  });

  it('takes a shopper from a category to a confirmed order, charging exactly the totals the cart showed', async () => {
    const page = await openPage();
    const posts = orderPosts(page);
    const product = products.find((p) => p.category === 'Electronics' && p.available >= 20)!;
    await page.goto('/');
    await page.getByRole('link', { name: /^Electronics \d+ products$/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Electronics' }).waitFor();
    await page.getByRole('link', { name: product.name, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: product.name }).waitFor();
    expect(await page.locator('main').textContent()).toContain(euro.format(product.unitPrice));
    expect(await page.locator('.stock').textContent()).toBe('In stock');

    await page.getByLabel('Quantity').fill('2');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByRole('link', { name: 'Cart 2 items' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your cart' }).waitFor();

    // The cart survives a reload, and its quantities can be edited.
    await page.reload();
    const quantity = page.getByLabel(`Quantity of ${product.name}`);
    expect(await quantity.inputValue()).toBe('2');
    await quantity.fill('3');
    await page.getByRole('link', { name: 'Cart 3 items' }).waitFor();

    // The totals are the API's quote, which follows the shop's rules for Germany.
    const expected = priceOrder([{ unitPrice: product.unitPrice, quantity: 3 }], 'DE');
    const total = page.locator('[data-total="total"]');
    await expect.poll(() => total.textContent(), POLL).toBe(euro.format(fromCents(expected.total)));
    expect(await page.locator('[data-total="tax"]').textContent()).toBe(euro.format(fromCents(expected.tax)));
    const cartTotal = (await total.textContent())!;

    await page.getByRole('button', { name: 'Checkout' }).click();
    await page.getByRole('heading', { level: 1, name: 'Checkout' }).waitFor();
    const email = `journey-${Date.now().toString(36)}@example.com`;
    await fillCheckout(page, { email });
    await expect.poll(() => page.locator('[data-total="total"]').textContent(), POLL).toBe(cartTotal);
    await page.getByRole('button', { name: 'Place order' }).click();
    await reachOrderPage(page);
    const orderId = page.url().split('/').pop()!;
    await waitForStatus(page, 'Confirmed');
    expect(await statusText(page)).toContain('Payment is authorised and your items are reserved.');

    // One request, with an Idempotency-Key and JSON, and no card number: only the gateway test token.
    expect(posts).toHaveLength(1);
    expect(posts[0]!.headers()['idempotency-key']).toMatch(/^[\x21-\x7e]{8,255}$/);
    expect(posts[0]!.headers()['content-type']).toBe('application/json');
    const sent = posts[0]!.postDataJSON() as { payment: unknown; items: unknown };
    expect(sent.payment).toEqual({ method: 'card', token: 'tok_visa' });
    expect(sent.items).toEqual([{ sku: product.sku, quantity: 3 }]);

    // What the consumer charged equals what the cart showed.
    const token = await savedToken(page, orderId);
    const order = await apiOrder(orderId, token);
    expect(order.status).toBe('confirmed');
    expect(euro.format(order.total)).toBe(cartTotal);
    expect([order.subtotal, order.shippingFee, order.tax, order.total]).toEqual(
      [expected.subtotal, expected.shipping, expected.tax, expected.total].map(fromCents),
    );
    expect(await page.locator('[data-total="total"]').textContent()).toBe(cartTotal);
    expect(await page.getByRole('link', { name: 'Cart 0 items' }).count()).toBe(1);
    journey = { orderId, email, token, total: cartTotal };
  });

  it('makes one order however often "Place order" is pressed or retried within one checkout attempt', async () => {
    const page = await openPage();
    const posts = orderPosts(page);
    await addToCart(page, inStock());
    await page.goto('/checkout');
    // Base 36: a 13-digit timestamp can pass the Luhn check, and the API refuses card-like numbers.
    const email = `retry-${Date.now().toString(36)}@example.com`;
    await fillCheckout(page, { email });

    // The first answer is lost on the way back (the order did reach the API).
    let forwarded: string | undefined;
    await page.route('**/api/orders', async (route) => {
      try {
        const response = await route.fetch();
        forwarded = `${response.status()}`;
      } catch (err) {
        forwarded = `not forwarded: ${String(err)}`;
      }
      // (The page may have given up already, on a busy machine.)
      await route.abort('connectionreset').catch(() => undefined);
    });
    await page.getByRole('button', { name: 'Place order' }).dblclick();
    await page.getByRole('alert').filter({ hasText: 'We can’t reach the shop right now' }).waitFor();
    expect(posts).toHaveLength(1);
    // The order exists although its answer never reached the page.
    await expect.poll(() => forwarded, POLL).toBeDefined();
    expect(forwarded).toBe('202');
    await expect.poll(() => orderIdsOf(email).length, POLL).toBe(1);
    const [orderId] = orderIdsOf(email);

    await page.unroute('**/api/orders');
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.waitForURL(/\/orders\/ORD-/);
    expect(posts).toHaveLength(2);
    expect(posts[1]!.headers()['idempotency-key']).toBe(posts[0]!.headers()['idempotency-key']);
    expect(page.url()).toContain(orderId);
    await waitForStatus(page, 'Confirmed');
    expect(ordersOf(email)).toBe(1);
  });

  it('does not let an out-of-stock product be ordered, and says how many are left when few are', async () => {
    const soldOut = products.find((p) => p.available === 0);
    const few = products.find((p) => p.available > 0 && p.available < 10);
    expect(soldOut, 'the seeded catalogue has sold-out products').toBeDefined();
    expect(few, 'the seeded catalogue has low-stock products').toBeDefined();
    const page = await openPage();
    const posts = orderPosts(page);
    await page.goto(`/products/${few!.sku}`);
    await page.getByText(`Only ${few!.available} left`).waitFor();

    await page.goto(`/products/${soldOut!.sku}`);
    await page.getByText('Out of stock', { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Add to cart' }).isDisabled()).toBe(true);

    // A cart that still holds it (added before it sold out) cannot check out either.
    const { sku, name, category, unitPrice } = soldOut!;
    await writeStorage(page, 'mgc.cart.v1', [{ sku, name, category, unitPrice, quantity: 1 }]);
    await page.goto('/cart');
    await page.getByText('Out of stock: please remove it.').waitFor();
    expect(await page.getByRole('button', { name: 'Checkout' }).isDisabled()).toBe(true);
    await page.goto('/checkout');
    await fillCheckout(page, { email: 'soldout@example.com' });
    await page.getByRole('alert').filter({ hasText: 'can’t be ordered right now' }).waitFor();
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.waitForTimeout(500);
    expect(posts).toHaveLength(0);
  });

  it('tracks an order by its number and the email it was placed with, and only with that email', async () => {
    expect(journey, 'the journey scenario placed an order').toBeDefined();
    const page = await openPage();
    await page.goto('/track');
    await page.getByLabel('Order number').fill(journey!.orderId);
    await page.getByLabel('Email').fill('someone-else@example.com');
    await page.getByRole('button', { name: 'Track order' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'couldn’t find an order with that number and email' })
      .waitFor();

    await page.getByLabel('Email').fill(journey!.email.toUpperCase());
    await page.getByRole('button', { name: 'Track order' }).click();
    await page.waitForURL(`**/orders/${journey!.orderId}`);
    await waitForStatus(page, 'Confirmed');
    expect(await page.locator('[data-total="total"]').textContent()).toBe(journey!.total);
  });

  it('follows the order live through shipped and delivered, then takes a return request', async () => {
    expect(journey, 'the journey scenario placed an order').toBeDefined();
    const { orderId, token } = journey!;
    const page = await openPage();
    await page.goto('/');
    await writeStorage(page, 'mgc.orders.v1', [{ orderId, token }]);
    await page.goto(`/orders/${orderId}`);
    await waitForStatus(page, 'Confirmed');

    await publisher.publish(
      createOrderEvent(EVENT_TYPES.orderShipped, '/fulfilment/test', {
        orderId,
        carrier: 'DHL',
        trackingNumber: 'JD014600003828',
      }),
    );
    await waitForStatus(page, 'Shipped');
    expect(await statusText(page)).toContain('On its way with DHL, tracking number JD014600003828.');

    await publisher.publish(
      createOrderEvent(EVENT_TYPES.orderDelivered, '/fulfilment/test', {
        orderId,
        deliveredAt: new Date().toISOString(),
      }),
    );
    await waitForStatus(page, 'Delivered');

    // The return form checks its input next to the field before sending anything.
    await page.getByRole('button', { name: 'Request return' }).click();
    const reason = page.getByLabel('Reason');
    expect(await reason.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#return-reason-error').textContent()).toBe('Choose a reason.');
    await reason.selectOption('damaged');
    await page.getByLabel('Comment (optional)').fill('The box was crushed.');
    const sent = page.waitForRequest((r) => r.url().includes(`/api/orders/${orderId}/returns`));
    await page.getByRole('button', { name: 'Request return' }).click();
    expect((await sent).postDataJSON()).toEqual({ reason: 'damaged', comment: 'The box was crushed.' });
    await page.getByText('Return requested.').waitFor();
    await expect
      .poll(() => {
        const db = new Database(system.databaseFile, { readonly: true });
        try {
          return db.prepare('select reason, comment from returns where order_id = ?').get(orderId);
        } finally {
          db.close();
        }
      }, POLL)
      .toEqual({ reason: 'damaged', comment: 'The box was crushed.' });
  });

  it('ends a checkout with a declined card on the order page as Cancelled, with nothing charged', async () => {
    const page = await openPage();
    const posts = orderPosts(page);
    const product = inStock();
    const reservedBefore = reservedOf(product.sku);
    await addToCart(page, product);
    await page.goto('/checkout');
    const email = `declined-${Date.now().toString(36)}@example.com`;
    await fillCheckout(page, { email, card: 'tok_chargeDeclinedInsufficientFunds' });
    await page.getByRole('button', { name: 'Place order' }).click();
    await reachOrderPage(page);
    expect((posts[0]!.postDataJSON() as { payment: unknown }).payment).toEqual({
      method: 'card',
      token: 'tok_chargeDeclinedInsufficientFunds',
    });
    const orderId = page.url().split('/').pop()!;
    // The gateway simulator declines the card as Stripe would (insufficient_funds): the order is
    // cancelled as payment_declined, and the page says so, and that nothing was charged, in plain words.
    await waitForStatus(page, statusLabel('cancelled'));
    const order = await apiOrder(orderId, await savedToken(page, orderId));
    expect([order.status, order.cancelReason]).toEqual(['cancelled', 'payment_declined']);
    const text = await statusText(page);
    expect(text).toContain(statusExplanation(order));
    expect(text).toContain('nothing was charged');
    expect(decisionRow(orderId)).toMatchObject({
      status: 'cancelled',
      cancel_reason: 'payment_declined',
      // Declined at the gateway: no authorisation to void, nothing captured.
      payments: [{ status: 'declined', provider_ref: 'insufficient_funds' }],
    });
    expect(reservedOf(product.sku)).toBe(reservedBefore);
    await screenshot(page, 'order-declined');
    await expectAccessible(page, 'order declined');
  });

  it('shows a risky order as On hold, with its fraud score kept for the reviewer', async () => {
    // A first order of at least EUR 1 000 (large_first_order, 15) from a disposable mailbox
    // (disposable_email, 20) paid with the elevated-risk test card (gateway_risk_elevated, 30) scores 65:
    // at the review threshold (65) and below the cancel threshold (85). The form sends the shipping
    // country as the customer's, so "ship country differs" cannot fire from the storefront.
    const { product, quantity } = largeFirstOrder();
    const reservedBefore = reservedOf(product.sku);
    const page = await openPage();
    await addToCart(page, product, quantity);
    await page.goto('/checkout');
    await fillCheckout(page, {
      email: `held-${Date.now().toString(36)}@yopmail.com`,
      card: 'tok_riskLevelElevated',
    });
    await page.getByRole('button', { name: 'Place order' }).click();
    await reachOrderPage(page);
    const orderId = page.url().split('/').pop()!;
    await waitForStatus(page, statusLabel('on_hold'));
    const order = await apiOrder(orderId, await savedToken(page, orderId));
    expect([order.status, order.cancelReason]).toEqual(['on_hold', null]);
    expect(await statusText(page)).toContain(statusExplanation(order));

    // Held, not cancelled: the stock is reserved and the payment authorised until a reviewer decides.
    const row = decisionRow(orderId);
    expect(row).toMatchObject({ status: 'on_hold', cancel_reason: null });
    expect(reservedOf(product.sku) - reservedBefore).toBe(quantity);
    expect(row.payments).toEqual([{ status: 'authorized', provider_ref: expect.stringMatching(/^ch_sim_/) }]);
    expect(row.fraud).toEqual({
      score: 65,
      stored: 65,
      indicators: ['disposable_email', 'large_first_order', 'gateway_risk_elevated'],
    });
    await screenshot(page, 'order-on-hold');
    await expectAccessible(page, 'order on hold');
  });

  it('words a payment_declined cancellation plainly (API answer stubbed, page rendering only)', async () => {
    const page = await openPage();
    const orderId = 'ORD-7K2M9Q4XHB';
    await page.route(`**/api/orders/${orderId}*`, (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          orderId,
          status: 'cancelled',
          channel: 'web',
          currency: 'EUR',
          subtotal: 10,
          shippingFee: 4.95,
          tax: 1.9,
          total: 16.85,
          cancelReason: 'payment_declined',
          placedAt: new Date().toISOString(),
          confirmedAt: null,
          shippedAt: null,
          deliveredAt: null,
          cancelledAt: new Date().toISOString(),
          shippingAddress: { line1: 'Main St 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
          items: [],
          shipment: null,
          timeline: [],
        }),
      }),
    );
    await page.goto('/');
    await writeStorage(page, 'mgc.orders.v1', [{ orderId, token: 'token-for-test' }]);
    await page.goto(`/orders/${orderId}`);
    await waitForStatus(page, 'Cancelled');
    expect(await statusText(page)).toContain('Your card was declined, so nothing was charged.');
  });

  it('shows bad input in each checkout field next to that field and sends nothing', async () => {
    const page = await openPage();
    const posts = orderPosts(page);
    await addToCart(page, inStock());
    await page.goto('/checkout');
    const cases: [label: string, bad: (p: Page) => Promise<unknown>, message: string][] = [
      ['Email', (p) => p.getByLabel('Email').fill('ada@'), 'Enter an email address like name@example.com.'],
      ['Full name', (p) => p.getByLabel('Full name').fill('   '), 'Enter your full name.'],
      ['Address', (p) => p.getByLabel('Address').fill(''), 'Enter the street and house number.'],
      ['City', (p) => p.getByLabel('City').fill(''), 'Enter the town or city.'],
      ['Postal code', (p) => p.getByLabel('Postal code').fill('1'.repeat(21)), 'Use at most 20 characters.'],
      ['Country', (p) => p.getByLabel('Country').selectOption(''), 'Choose the country to ship to.'],
      ['Card', (p) => p.getByLabel('Card', { exact: true }).selectOption(''), 'Choose a test card.'],
    ];
    for (const [label, makeBad, message] of cases) {
      await fillCheckout(page, { email: 'ada@example.com' });
      await makeBad(page);
      await page.getByRole('button', { name: 'Place order' }).click();
      const field = page.getByLabel(label, { exact: true });
      expect(await field.getAttribute('aria-invalid'), label).toBe('true');
      // The message is the element right after the field, and the field names it as its description.
      const next = await field.evaluate((el) => {
        const sibling = el.nextElementSibling;
        return {
          text: sibling?.textContent,
          linked: (el.getAttribute('aria-describedby') ?? '').split(' ').includes(sibling?.id ?? '-'),
          focused: (globalThis as unknown as InPage).document.activeElement === el,
          invalidFields: (globalThis as unknown as InPage).document.querySelectorAll('[aria-invalid="true"]')
            .length,
        };
      });
      expect(next, label).toEqual({ text: message, linked: true, focused: true, invalidFields: 1 });
    }
    await fillCheckout(page, { email: 'ada@example.com' });
    expect(await page.locator('[aria-invalid="true"]').count()).toBe(0);
    expect(posts).toHaveLength(0);
  });

  it('says clearly when the API is unreachable or rate-limited, and retries', async () => {
    const page = await openPage();
    await page.route('**/api/products', (route) => route.abort('connectionrefused'));
    await page.goto('/');
    await page.getByRole('alert').filter({ hasText: 'We can’t reach the shop right now' }).waitFor();
    await page.unroute('**/api/products');
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('heading', { name: 'Featured' }).waitFor();

    await page.route('**/api/products', (route) =>
      route.fulfill({
        status: 429,
        headers: { 'Retry-After': '2', 'Content-Type': 'application/problem+json' },
        body: JSON.stringify({ type: 'about:blank', title: 'Too many requests', status: 429 }),
      }),
    );
    await page.goto('/products');
    const alert = page.getByRole('alert');
    await alert.filter({ hasText: 'Too many requests' }).waitFor();
    expect(await alert.textContent()).toContain('Please wait 2 seconds before trying again.');
    expect(await alert.getByRole('button', { name: /^Try again/ }).isDisabled()).toBe(true);
    await page.unroute('**/api/products');
    await alert.getByRole('button', { name: 'Try again', exact: true }).click({ timeout: 5000 });
    await page.getByText(`${products.length} products`).waitFor();
  });

  it('escapes every value from the API on output', async () => {
    const page = await openPage();
    const name = '<img src=x onerror="window.__pwned=1">Evil & Co';
    await page.route('**/api/products', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          products: [
            { sku: 'BOO-9999', name, category: 'Books', unitPrice: 9.99, currency: 'EUR', available: 3 },
          ],
        }),
      }),
    );
    await page.goto('/products');
    await page.getByRole('link', { name, exact: true }).waitFor();
    expect(await page.locator('main img').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as InPage).__pwned)).toBeUndefined();
  });

  it('works from the keyboard with a visible focus', async () => {
    const page = await openPage();
    const product = inStock();
    await page.goto(`/products/${product.sku}`);
    await page.getByRole('heading', { level: 1, name: product.name }).waitFor();
    await page.keyboard.press('Tab');
    const focused = () =>
      page.evaluate(() => {
        const w = globalThis as unknown as InPage;
        const el = w.document.activeElement!;
        const style = w.getComputedStyle(el);
        return { text: el.textContent?.trim(), outline: `${style.outlineStyle} ${style.outlineWidth}` };
      });
    expect(await focused()).toEqual({ text: 'Skip to content', outline: 'solid 3px' });
    let presses = 0;
    while ((await focused()).text !== 'Add to cart') {
      await page.keyboard.press('Tab');
      if (++presses > 30) throw new Error('Tab never reached "Add to cart"');
    }
    expect((await focused()).outline).toBe('solid 3px');
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: 'Cart 1 item' }).waitFor();
  });

  it('serves the build with long-lived hashed assets, revalidated HTML and precompressed files', async () => {
    const home = await rawGet('/', { Accept: 'text/html', 'Accept-Encoding': 'gzip, deflate, br' });
    expect(home.status).toBe(200);
    expect(home.headers['content-encoding']).toBe('br');
    expect(home.headers['cache-control']).toBe('no-cache');
    expect(home.headers['content-type']).toBe('text/html; charset=utf-8');
    const plain = await rawGet('/', { Accept: 'text/html' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    const script = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(plain.body)?.[1];
    expect(script, 'index.html loads a hashed script').toBeDefined();
    expect(plain.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script (CSP)

    const gz = await rawGet(script!, { 'Accept-Encoding': 'gzip' });
    expect(gz.status).toBe(200);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(gz.headers.vary).toContain('Accept-Encoding');

    // A client-side page is index.html; an unknown one too, with 404; files and the API are not pages.
    expect((await rawGet(`/products/${inStock().sku}`, { Accept: 'text/html' })).status).toBe(200);
    expect((await rawGet('/nothing/here', { Accept: 'text/html' })).status).toBe(404);
    expect((await rawGet('/assets/missing-0000.js', { Accept: '*/*' })).headers['content-type']).toContain(
      'application/problem+json',
    );
    expect((await rawGet('/api/nothing', { Accept: 'text/html' })).headers['content-type']).toContain(
      'application/problem+json',
    );

    // All the JavaScript the storefront can ever load, compressed, is within the 150 KB budget.
    const assets = path.resolve('dist/storefront/assets');
    const jsGzipBytes = fs
      .readdirSync(assets)
      .filter((f) => f.endsWith('.js.gz'))
      .reduce((sum, f) => sum + fs.statSync(path.join(assets, f)).size, 0);
    console.log(`storefront JavaScript, all chunks: ${(jsGzipBytes / 1024).toFixed(1)} KiB gzipped`);
    expect(jsGzipBytes).toBeGreaterThan(0);
    expect(jsGzipBytes).toBeLessThanOrEqual(150 * 1024);
  });

  it('answers unknown pages with a 404 page', async () => {
    const page = await openPage();
    const res = await page.goto('/no-such-page');
    expect(res?.status()).toBe(404);
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await page.goto('/products/NOPE-0000');
    await page.getByRole('heading', { level: 1, name: 'Product not found' }).waitFor();
  });

  // axe runs on every page at phone width (the layout with the least room); the desktop pass audits
  // the two pages whose layout changes most (grids, two-column checkout) and takes the screenshots.
  for (const [device, viewport] of Object.entries(VIEWPORTS)) {
    const everyPage = device === 'phone';
    it(
      `has no serious accessibility violation at ${viewport.width} px (${device}), with screenshots`,
      { timeout: 240_000 },
      async () => {
        expect(journey, 'the journey scenario placed an order').toBeDefined();
        const page = await openPage(viewport);
        const audit = async (label: string, always = false) => {
          if (everyPage || always) await expectAccessible(page, `${label} at ${viewport.width} px`);
        };
        const product = inStock();
        await page.goto('/');
        await page.getByRole('heading', { name: 'Featured' }).waitFor();
        await screenshot(page, 'home');
        await audit('home', true);

        await page.goto('/products?category=Books');
        await page.getByText(/\d+ products/).waitFor();
        await audit('catalogue');

        await page.goto(`/products/${product.sku}`);
        await page.getByRole('heading', { level: 1, name: product.name }).waitFor();
        await screenshot(page, 'product');
        await audit('product');
        await page.getByRole('button', { name: 'Add to cart' }).click();

        await page.goto('/cart');
        await page.locator('[data-total="total"]').waitFor();
        await screenshot(page, 'cart');
        await audit('cart');

        await page.goto('/checkout');
        await page.locator('[data-total="total"]').waitFor();
        await screenshot(page, 'checkout');
        await audit('checkout', true);
        await page.getByRole('button', { name: 'Place order' }).click();
        await page.locator('.field-error').first().waitFor();
        await audit('checkout with errors');

        await writeStorage(page, 'mgc.orders.v1', [{ orderId: journey!.orderId, token: journey!.token }]);
        await page.goto(`/orders/${journey!.orderId}`);
        await page.locator('[data-total="total"]').waitFor();
        await screenshot(page, 'order');
        await audit('order');

        await page.goto('/track');
        await page.getByRole('heading', { level: 1, name: 'Track your order' }).waitFor();
        await audit('track');

        await page.goto('/no-such-page');
        await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
        await audit('404');
      },
    );
  }
});
