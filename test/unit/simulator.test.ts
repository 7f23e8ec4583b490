import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  INTENTS,
  SIMULATION_BOUNDS,
  checkSettings,
  planOrders,
  type CatalogProduct,
} from '../../services/simulator/index.ts';
import { placeOrderRequest } from '../../services/shared/events/order-request.ts';
import { distanceKm } from '../../services/shared/domain/order-decision/index.ts';
import { countryByCode } from '../../services/shared/domain/geography.ts';
import { UsageError } from '../../services/shared/usage-error.ts';
import { BIN } from '../helpers/pipeline-env.ts';

const run = promisify(execFile);

/** A small catalogue as GET /api/products lists it, with one sold-out and one scarce product. */
const CATALOG: CatalogProduct[] = [
  ...Array.from({ length: 30 }, (_, i) => ({
    sku: `ELE-${String(i + 1).padStart(4, '0')}`,
    category: 'Electronics',
    unitPrice: 19.99 + i * 7,
    available: 500,
  })),
  { sku: 'TOY-0001', category: 'Toys', unitPrice: 24.5, available: 0 },
  { sku: 'TOY-0002', category: 'Toys', unitPrice: 12, available: 3 },
];

const settings = {
  rate: 50,
  durationSeconds: 30,
  drainSeconds: 20,
  concurrency: 64,
  daySeconds: 1,
  seed: 7,
};

describe('the simulator plan', () => {
  it('is the same for the same seed and catalogue, in any catalogue order', () => {
    const a = planOrders(7, CATALOG, 400);
    const b = planOrders(7, [...CATALOG].reverse(), 400);
    expect(b).toEqual(a);
    expect(planOrders(8, CATALOG, 400)).not.toEqual(a);
  });

  it('draws every intent, each order a valid API request', () => {
    const plan = planOrders(11, CATALOG, 2000);
    const intents = new Set(plan.map((o) => o.intent));
    expect([...intents].sort()).toEqual([...INTENTS].sort());
    for (const order of plan) {
      const parsed = placeOrderRequest.safeParse(order.request);
      // Only the deliberately bad requests break the API's own schema or catalogue.
      if (order.intent !== 'bad_request') expect(parsed.success, JSON.stringify(order)).toBe(true);
      const skus = order.request.items.map((i) => i.sku);
      expect(new Set(skus).size).toBe(skus.length);
    }
  });

  it('places ordinary orders near the shipping city, risky ones with the documented signals', () => {
    const plan = planOrders(3, CATALOG, 1500);
    for (const order of plan.filter((o) => o.intent === 'ordinary' && o.request.location)) {
      const city = countryByCode(order.request.shippingAddress.country)!.cities.find(
        (c) => c.name === order.request.shippingAddress.city,
      )!;
      expect(distanceKm(order.request.location!, city)).toBeLessThan(20);
      expect(order.request.shippingAddress.country).toBe(order.request.customer.country);
    }
    const declined = plan.filter((o) => o.intent === 'declined_card');
    expect(declined.every((o) => o.request.payment.token?.startsWith('tok_chargeDeclined'))).toBe(true);
    const risky = plan.filter((o) => o.intent === 'risky_review');
    expect(risky.every((o) => o.request.payment.token === 'tok_riskLevelElevated')).toBe(true);
    expect(risky.every((o) => o.request.shippingAddress.country !== o.request.customer.country)).toBe(true);
    const soldOut = plan.filter((o) => o.intent === 'sold_out');
    expect(soldOut.every((o) => ['TOY-0001', 'TOY-0002'].includes(o.request.items[0]!.sku))).toBe(true);
  });
});

describe('the simulator bounds', () => {
  it('refuses a rate or duration above the maximum with a UsageError naming the flag', () => {
    expect(() => checkSettings({ ...settings, rate: SIMULATION_BOUNDS.maxRate + 1 })).toThrow(UsageError);
    expect(() => checkSettings({ ...settings, rate: 5000 })).toThrow(/--rate 5000 is above .* 500 orders\/s/);
    expect(() => checkSettings({ ...settings, durationSeconds: 7200 })).toThrow(/--duration 7200/);
    expect(() => checkSettings({ ...settings, concurrency: 1000 })).toThrow(/--concurrency/);
    expect(() => checkSettings({ ...settings, rate: 0 })).toThrow(/--rate/);
    expect(checkSettings({ ...settings, rate: 5000 }, { unbounded: true }).rate).toBe(5000);
    expect(checkSettings(settings)).toEqual(settings);
  });

  // The CLI starts through tsx: seconds on a busy machine.
  it(
    'oms simulate exits 2 with one clear line for a rate above the maximum',
    { timeout: 60_000 },
    async () => {
      const failure = await run('node', [BIN, 'simulate', '--rate', '501', '--duration', '10'], {
        env: { ...process.env, PORT: '9' },
      }).then(
        () => undefined,
        (err: { code: number; stderr: string }) => err,
      );
      expect(failure?.code).toBe(2);
      expect(failure?.stderr.trim()).toMatch(
        /^oms: --rate 501 is above the simulator's maximum of 500 orders\/s/,
      );
    },
  );
});
