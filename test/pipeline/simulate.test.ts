import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulationSummary } from '../../services/simulator/index.ts';
import { securityEnv, TEST_OPERATOR_TOKEN } from '../helpers/auth.ts';
import { startLocalSystem, type LocalSystem } from '../helpers/local-system.ts';
import { BIN, waitFor } from '../helpers/pipeline-env.ts';

const run = promisify(execFile);

/**
 * `oms simulate --rate 50 --duration 30` against the local system exactly as `npm start` runs it:
 * every outcome a shop sees must occur, as the simulator reports it AND as the orders database holds
 * it. The system gets the test's operator token and generous rate limits (securityEnv): 50 orders/s
 * from one address is far above the production default of 30 per minute (docs/simulator.md).
 */
let system: LocalSystem;
let summary: SimulationSummary;
let runStart: string;

beforeAll(async () => {
  system = await startLocalSystem(securityEnv());
  runStart = new Date().toISOString().replace('T', ' ').replace('Z', '');
  // --drain 60: journeys end as soon as they are done; on a loaded machine the last deliveries and
  // returns may need longer than the default 20 s after the placement window.
  const { stdout } = await run(
    'node',
    [
      BIN,
      'simulate',
      ...['--rate', '50', '--duration', '30', '--seed', '7', '--drain', '60', '--json'],
      ...['--api', system.url, '--operator-token', TEST_OPERATOR_TOKEN],
    ],
    { env: { ...process.env, LOG_LEVEL: 'warn' }, maxBuffer: 16 * 1024 * 1024, timeout: 240_000 },
  );
  summary = JSON.parse(stdout.trim().split('\n').pop()!) as SimulationSummary;
  console.log(`oms simulate --rate 50 --duration 30 --seed 7: ${JSON.stringify(summary)}`);
}, 360_000);

afterAll(async () => {
  await system?.stop();
});

function query<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(system.databaseFile, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

const counted = (rows: { k: string | null; n: number }[]) =>
  Object.fromEntries(rows.map((r) => [r.k ?? 'null', r.n]));

describe('oms simulate against npm start', () => {
  it('places orders of every intent through the API, refusing only the malformed ones', () => {
    expect(Object.keys(summary.intents).sort()).toEqual(
      ['bad_request', 'declined_card', 'fraud', 'invalid', 'ordinary', 'risky_review', 'sold_out'].sort(),
    );
    expect(summary.http.accepted + Object.values(summary.http.rejected).reduce((a, b) => a + b, 0)).toBe(
      summary.placed,
    );
    // The only refusals are the deliberately unknown SKUs: 400, never 429 or 503 left after retries.
    expect(summary.http.rejected).toEqual({ '400': summary.intents.bad_request });
    expect(summary.warnings).toEqual([]);
  });

  it('reports every outcome: decisions, reviews, shipments, deliveries, returns', () => {
    for (const decision of [
      'confirmed',
      'on_hold',
      'cancelled:payment_declined',
      'cancelled:fraud_suspected',
      'cancelled:out_of_stock',
      'cancelled:validation_failed',
    ]) {
      expect(summary.decisions[decision], decision).toBeGreaterThan(0);
    }
    const a = summary.actions;
    for (const action of ['released', 'rejected', 'shipped', 'delivered', 'returnsRequested'] as const) {
      expect(a[action], action).toBeGreaterThan(0);
    }
    expect(a.unavailable).toBe(0);
    for (const status of ['cancelled', 'delivered', 'returned']) {
      expect(summary.outcomes.byStatus[status], status).toBeGreaterThan(0);
    }
    expect(summary.outcomes.byCancelReason.customer_request).toBeGreaterThan(0);
  });

  it('the orders database holds the same outcomes', async () => {
    // Every action the API accepted is applied by the consumer, at the latest moments after the run.
    const shippedRows = () =>
      query<{ n: number }>(
        'select count(*) as n from shipments s join orders o on o.id = s.order_id where o.placed_at >= ?',
        runStart,
      )[0]!.n;
    const reviewedOrders = () =>
      query<{ n: number }>(
        "select count(distinct order_id) as n from order_events where type like '%order.reviewed' and occurred_at >= ?",
        runStart,
      )[0]!.n;
    const applied = () => ({ shipped: shippedRows(), reviewed: reviewedOrders() });
    const reported = {
      shipped: summary.actions.shipped,
      reviewed: summary.actions.released + summary.actions.rejected,
    };
    await waitFor(
      async () => JSON.stringify(applied()) === JSON.stringify(reported),
      30_000,
      'every accepted shipment and review applied',
    ).catch(() => undefined);
    expect(applied()).toEqual(reported);
    const statuses = counted(
      query('select status as k, count(*) as n from orders where placed_at >= ? group by status', runStart),
    );
    const reasons = counted(
      query(
        "select cancel_reason as k, count(*) as n from orders where placed_at >= ? and status = 'cancelled' group by cancel_reason",
        runStart,
      ),
    );
    const total = Object.values(statuses).reduce((s, n) => s + n, 0);
    console.log(`database after the run: ${JSON.stringify({ total, statuses, reasons })}`);
    expect(total).toBe(summary.http.accepted);
    // Confirmed and held are passing states: by the end of the drain those orders moved on.
    for (const status of ['cancelled', 'delivered', 'returned']) {
      expect(statuses[status], status).toBeGreaterThan(0);
    }
    if (summary.unfinished === 0) {
      expect(statuses).toEqual(summary.outcomes.byStatus);
      expect(reasons).toEqual(summary.outcomes.byCancelReason);
    }
    for (const reason of [
      'payment_declined',
      'fraud_suspected',
      'out_of_stock',
      'validation_failed',
      'customer_request',
    ]) {
      expect(reasons[reason], reason).toBeGreaterThan(0);
    }
    const [delivered] = query<{ n: number }>(
      `select count(*) as n from shipments s join orders o on o.id = s.order_id
         where o.placed_at >= ? and s.delivered_at is not null`,
      runStart,
    );
    expect(delivered!.n).toBeGreaterThan(0);
    const returns = counted(
      query(
        'select r.status as k, count(*) as n from returns r join orders o on o.id = r.order_id where o.placed_at >= ? group by r.status',
        runStart,
      ),
    );
    expect(returns.refunded).toBeGreaterThan(0);
    // Returns carry the customers' comments, as written.
    const comments = query<{ comment: string | null }>(
      'select r.comment from returns r join orders o on o.id = r.order_id where o.placed_at >= ?',
      runStart,
    );
    expect(comments.every((c) => (c.comment ?? '').length > 10)).toBe(true);
  });
});
