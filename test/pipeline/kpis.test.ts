import type { AddressInfo } from 'node:net';
import type http from 'node:http';
import { parse as parseCsv } from 'csv-parse/sync';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kpiRoutes } from '../../services/order-api/routes/kpis.ts';
import { connect, dialect, type Db } from '../../services/shared/db/connection.ts';
import { migrateLatest } from '../../services/shared/db/migrate.ts';
import { seedDatabase } from '../../services/shared/db/seed/index.ts';
import {
  dailyReport,
  KPI_CATALOGUE,
  runKpi,
  runKpis,
  type GroupBy,
  type KpiResult,
} from '../../services/shared/kpis/index.ts';
import { revenueForecast, type RevenueForecast } from '../../services/shared/kpis/forecast.ts';
import { operatorHeaders, testSecurity } from '../helpers/auth.ts';
import { freshMysqlDatabase } from '../helpers/mariadb.ts';
import { runOms } from '../helpers/pipeline-env.ts';
import { freshSqliteDatabase } from '../helpers/sqlite.ts';

/**
 * The KPI catalogue against hand-written SQL over the seeded data of issue 13
 * (`oms seed --orders 3000 --seed 7 --days 120 --now 2026-11-20`), on SQLite and MariaDB. The SQL below
 * is written from the business definitions (design §5), not from the catalogue's query builders.
 */
const SEED = { orders: 3000, seed: 7, days: 120, now: new Date('2026-11-20T00:00:00Z') };
const OCTOBER = { from: new Date('2026-10-01T00:00:00Z'), to: new Date('2026-11-01T00:00:00Z') };
const IN_OCTOBER = (column: string) => `${column} >= '2026-10-01' AND ${column} < '2026-11-01'`;
const PLACED_IN_OCTOBER = IN_OCTOBER('o.placed_at');
const REVENUE = `o.status IN ('confirmed', 'shipped', 'delivered')`;

/** One expected figure: a value, or a numerator and denominator; `g` the group, `k` a breakdown key. */
interface Expected {
  g?: string;
  k?: string;
  v?: number;
  n?: number;
  d?: number;
}

interface Check {
  /** SQL answering the KPI for October 2026 (columns k?, v | n, d). */
  total: (engine: 'mysql' | 'sqlite') => string;
  /** The same grouped by `groupBy` (columns g, k?, v | n, d); absent for KPIs that take no grouping. */
  grouped?: { groupBy: GroupBy; sql: (engine: 'mysql' | 'sqlite') => string };
}

const days = (engine: 'mysql' | 'sqlite', from: string, to: string) =>
  engine === 'mysql'
    ? `TIMESTAMPDIFF(SECOND, ${from}, ${to}) / 86400.0`
    : `(strftime('%s', ${to}) - strftime('%s', ${from})) / 86400.0`;
const mondayOf = (engine: 'mysql' | 'sqlite', column: string) =>
  engine === 'mysql'
    ? `CAST(DATE(${column}) - INTERVAL WEEKDAY(${column}) DAY AS CHAR)`
    : `date(${column}, '-' || ((CAST(strftime('%w', ${column}) AS INTEGER) + 6) % 7) || ' days')`;

const CHECKS: Record<string, Check> = {
  orders_placed: {
    total: () => `SELECT COUNT(*) AS v FROM orders o WHERE ${PLACED_IN_OCTOBER}`,
    grouped: {
      groupBy: 'week',
      sql: (e) =>
        `SELECT ${mondayOf(e, 'o.placed_at')} AS g, COUNT(*) AS v FROM orders o WHERE ${PLACED_IN_OCTOBER} GROUP BY 1`,
    },
  },
  orders_by_status: {
    total: () =>
      `SELECT o.status AS k, COUNT(*) AS v FROM orders o WHERE ${PLACED_IN_OCTOBER} GROUP BY o.status`,
    grouped: {
      groupBy: 'channel',
      sql: () =>
        `SELECT o.channel AS g, o.status AS k, COUNT(*) AS v FROM orders o WHERE ${PLACED_IN_OCTOBER}
         GROUP BY o.channel, o.status`,
    },
  },
  revenue: {
    total: () => `SELECT SUM(o.total) AS v FROM orders o WHERE ${PLACED_IN_OCTOBER} AND ${REVENUE}`,
    grouped: {
      groupBy: 'country',
      sql: () =>
        `SELECT o.ship_country AS g, SUM(o.total) AS v FROM orders o WHERE ${PLACED_IN_OCTOBER} AND ${REVENUE} GROUP BY o.ship_country`,
    },
  },
  average_order_value: {
    total: () =>
      `SELECT SUM(o.total) AS n, COUNT(*) AS d FROM orders o WHERE ${PLACED_IN_OCTOBER} AND ${REVENUE}`,
    grouped: {
      groupBy: 'channel',
      sql: () =>
        `SELECT o.channel AS g, SUM(o.total) AS n, COUNT(*) AS d FROM orders o WHERE ${PLACED_IN_OCTOBER} AND ${REVENUE} GROUP BY o.channel`,
    },
  },
  units_sold: {
    total: () =>
      `SELECT SUM(i.quantity) AS v FROM order_items i JOIN orders o ON o.id = i.order_id WHERE ${PLACED_IN_OCTOBER} AND ${REVENUE}`,
    grouped: {
      groupBy: 'category',
      sql: () =>
        `SELECT p.category AS g, SUM(i.quantity) AS v FROM order_items i JOIN orders o ON o.id = i.order_id
         JOIN products p ON p.id = i.product_id WHERE ${PLACED_IN_OCTOBER} AND ${REVENUE} GROUP BY p.category`,
    },
  },
  product_revenue: {
    total: () =>
      `SELECT SUM(i.line_total) AS v FROM order_items i JOIN orders o ON o.id = i.order_id WHERE ${PLACED_IN_OCTOBER} AND ${REVENUE}`,
    grouped: {
      groupBy: 'category',
      sql: () =>
        `SELECT p.category AS g, SUM(i.line_total) AS v FROM order_items i JOIN orders o ON o.id = i.order_id
         JOIN products p ON p.id = i.product_id WHERE ${PLACED_IN_OCTOBER} AND ${REVENUE} GROUP BY p.category`,
    },
  },
  unique_customers: {
    total: () => `SELECT COUNT(DISTINCT o.customer_id) AS v FROM orders o WHERE ${PLACED_IN_OCTOBER}`,
    grouped: {
      groupBy: 'month',
      sql: (e) =>
        `SELECT ${e === 'mysql' ? "DATE_FORMAT(o.placed_at, '%Y-%m')" : "strftime('%Y-%m', o.placed_at)"} AS g,
         COUNT(DISTINCT o.customer_id) AS v FROM orders o WHERE ${PLACED_IN_OCTOBER} GROUP BY 1`,
    },
  },
  new_customers: {
    total: () =>
      `SELECT COUNT(*) AS v FROM customers c
       WHERE (SELECT MIN(x.placed_at) FROM orders x WHERE x.customer_id = c.id) >= '2026-10-01'
         AND (SELECT MIN(x.placed_at) FROM orders x WHERE x.customer_id = c.id) < '2026-11-01'`,
    grouped: {
      groupBy: 'channel',
      sql: () =>
        `SELECT o.channel AS g, COUNT(*) AS v FROM orders o WHERE ${PLACED_IN_OCTOBER}
         AND NOT EXISTS (SELECT 1 FROM orders x WHERE x.customer_id = o.customer_id AND x.placed_at < o.placed_at)
         GROUP BY o.channel`,
    },
  },
  returning_customers: {
    total: () =>
      `SELECT COUNT(DISTINCT o.customer_id) AS v FROM orders o WHERE ${PLACED_IN_OCTOBER}
       AND EXISTS (SELECT 1 FROM orders x WHERE x.customer_id = o.customer_id AND x.placed_at < o.placed_at)`,
    grouped: {
      groupBy: 'country',
      sql: () =>
        `SELECT o.ship_country AS g, COUNT(DISTINCT o.customer_id) AS v FROM orders o WHERE ${PLACED_IN_OCTOBER}
         AND EXISTS (SELECT 1 FROM orders x WHERE x.customer_id = o.customer_id AND x.placed_at < o.placed_at)
         GROUP BY o.ship_country`,
    },
  },
  cancellation_rate: {
    total: () =>
      `SELECT (SELECT COUNT(*) FROM orders o WHERE ${PLACED_IN_OCTOBER} AND o.status = 'cancelled') AS n,
              (SELECT COUNT(*) FROM orders o WHERE ${PLACED_IN_OCTOBER}) AS d`,
    grouped: {
      groupBy: 'channel',
      sql: () =>
        `SELECT o.channel AS g, COUNT(o.cancelled_at) AS n, COUNT(*) AS d FROM orders o
         WHERE ${PLACED_IN_OCTOBER} GROUP BY o.channel`,
    },
  },
  cancellation_reasons: {
    total: () =>
      `SELECT o.cancel_reason AS k, COUNT(*) AS v FROM orders o WHERE ${PLACED_IN_OCTOBER}
       AND o.status = 'cancelled' GROUP BY o.cancel_reason`,
    grouped: {
      groupBy: 'channel',
      sql: () =>
        `SELECT o.channel AS g, o.cancel_reason AS k, COUNT(*) AS v FROM orders o WHERE ${PLACED_IN_OCTOBER}
         AND o.status = 'cancelled' GROUP BY o.channel, o.cancel_reason`,
    },
  },
  return_rate: {
    total: () =>
      `SELECT SUM(o.status = 'returned') AS n, COUNT(*) AS d FROM orders o
       WHERE ${PLACED_IN_OCTOBER} AND o.status IN ('delivered', 'returned')`,
    grouped: {
      groupBy: 'country',
      sql: () =>
        `SELECT o.ship_country AS g, SUM(o.status = 'returned') AS n, COUNT(*) AS d FROM orders o
         WHERE ${PLACED_IN_OCTOBER} AND o.status IN ('delivered', 'returned') GROUP BY o.ship_country`,
    },
  },
  return_reasons: {
    total: () =>
      `SELECT reason AS k, COUNT(*) AS v FROM returns WHERE ${IN_OCTOBER('requested_at')} GROUP BY reason`,
    grouped: {
      groupBy: 'channel',
      sql: () =>
        `SELECT o.channel AS g, r.reason AS k, COUNT(*) AS v FROM returns r JOIN orders o ON o.id = r.order_id
         WHERE ${IN_OCTOBER('r.requested_at')} GROUP BY o.channel, r.reason`,
    },
  },
  fraud_blocked: {
    total: () =>
      `SELECT COUNT(*) AS v FROM orders o WHERE ${PLACED_IN_OCTOBER} AND o.cancel_reason = 'fraud_suspected'`,
    grouped: {
      groupBy: 'country',
      sql: () =>
        `SELECT o.ship_country AS g, COUNT(*) AS v FROM orders o WHERE ${PLACED_IN_OCTOBER}
         AND o.cancel_reason = 'fraud_suspected' GROUP BY o.ship_country`,
    },
  },
  fraud_held: {
    total: () =>
      `SELECT COUNT(*) AS v FROM orders o WHERE ${PLACED_IN_OCTOBER} AND o.id IN
       (SELECT order_id FROM order_events WHERE type = 'com.mygreatcompany.order.held')`,
    grouped: {
      groupBy: 'channel',
      sql: () =>
        `SELECT o.channel AS g, COUNT(*) AS v FROM orders o WHERE ${PLACED_IN_OCTOBER} AND o.id IN
         (SELECT order_id FROM order_events WHERE type = 'com.mygreatcompany.order.held') GROUP BY o.channel`,
    },
  },
  payment_decline_rate: {
    total: () =>
      `SELECT SUM(y.status = 'declined') AS n, COUNT(*) AS d FROM payments y JOIN orders o ON o.id = y.order_id
       WHERE ${PLACED_IN_OCTOBER}`,
    grouped: {
      groupBy: 'channel',
      sql: () =>
        `SELECT o.channel AS g, SUM(y.status = 'declined') AS n, COUNT(*) AS d FROM payments y
         JOIN orders o ON o.id = y.order_id WHERE ${PLACED_IN_OCTOBER} GROUP BY o.channel`,
    },
  },
  return_negative_share: {
    total: () =>
      `SELECT SUM(sentiment = 'negative') AS n, COUNT(sentiment) AS d FROM returns WHERE ${IN_OCTOBER('requested_at')}`,
    grouped: {
      groupBy: 'week',
      sql: (e) =>
        `SELECT ${mondayOf(e, 'requested_at')} AS g, SUM(sentiment = 'negative') AS n, COUNT(sentiment) AS d
         FROM returns WHERE ${IN_OCTOBER('requested_at')} AND sentiment IS NOT NULL GROUP BY 1`,
    },
  },
  order_accuracy: {
    total: () =>
      `SELECT d - bad AS n, d FROM (
         SELECT COUNT(*) AS d, SUM(o.cancel_reason IN ('out_of_stock', 'validation_failed') OR o.id IN
           (SELECT r.order_id FROM returns r WHERE r.reason IN ('wrong_item', 'damaged') AND r.status IN ('approved', 'refunded'))) AS bad
         FROM orders o WHERE ${PLACED_IN_OCTOBER}) t`,
    grouped: {
      groupBy: 'country',
      sql: () =>
        `SELECT o.ship_country AS g, COUNT(*) AS d, COUNT(*) - SUM(COALESCE(o.cancel_reason, '') IN ('out_of_stock', 'validation_failed')
           OR o.id IN (SELECT r.order_id FROM returns r WHERE r.reason IN ('wrong_item', 'damaged') AND r.status IN ('approved', 'refunded'))) AS n
         FROM orders o WHERE ${PLACED_IN_OCTOBER} GROUP BY o.ship_country`,
    },
  },
  out_of_stock_products: {
    total: () =>
      `SELECT COUNT(*) AS v FROM products p JOIN inventory s ON s.product_id = p.id
       WHERE p.active = 1 AND s.on_hand <= s.reserved`,
    grouped: {
      groupBy: 'category',
      sql: () =>
        `SELECT p.category AS g, COUNT(*) AS v FROM products p JOIN inventory s ON s.product_id = p.id
         WHERE p.active = 1 AND s.on_hand <= s.reserved GROUP BY p.category`,
    },
  },
  inventory_turnover: {
    total: () =>
      `SELECT (SELECT SUM(i.quantity) FROM order_items i JOIN orders o ON o.id = i.order_id
               WHERE ${IN_OCTOBER('o.shipped_at')}) AS n,
              (SELECT SUM(s.on_hand) FROM inventory s) AS d`,
    grouped: {
      groupBy: 'week',
      sql: (e) =>
        `SELECT ${mondayOf(e, 'o.shipped_at')} AS g,
                SUM(i.quantity) AS n, (SELECT SUM(s.on_hand) FROM inventory s) AS d
         FROM order_items i JOIN orders o ON o.id = i.order_id WHERE ${IN_OCTOBER('o.shipped_at')} GROUP BY 1`,
    },
  },
  stock_out_cancellations: {
    total: () =>
      `SELECT COUNT(*) AS v FROM orders o WHERE ${PLACED_IN_OCTOBER} AND o.cancel_reason = 'out_of_stock'`,
    grouped: {
      groupBy: 'channel',
      sql: () =>
        `SELECT o.channel AS g, COUNT(*) AS v FROM orders o WHERE ${PLACED_IN_OCTOBER}
         AND o.cancel_reason = 'out_of_stock' GROUP BY o.channel`,
    },
  },
  time_to_ship: {
    total: (e) =>
      `SELECT SUM(${days(e, 'o.placed_at', 'o.shipped_at')}) AS n, COUNT(o.shipped_at) AS d FROM orders o
       WHERE ${PLACED_IN_OCTOBER} AND o.shipped_at IS NOT NULL`,
    grouped: {
      groupBy: 'country',
      sql: (e) =>
        `SELECT o.ship_country AS g, SUM(${days(e, 'o.placed_at', 'o.shipped_at')}) AS n, COUNT(*) AS d
         FROM orders o WHERE ${PLACED_IN_OCTOBER} AND o.shipped_at IS NOT NULL GROUP BY o.ship_country`,
    },
  },
  delivery_time: {
    total: (e) =>
      `SELECT SUM(${days(e, 'o.placed_at', 'o.delivered_at')}) AS n, COUNT(*) AS d FROM orders o
       WHERE ${PLACED_IN_OCTOBER} AND o.delivered_at IS NOT NULL`,
    grouped: {
      groupBy: 'channel',
      sql: (e) =>
        `SELECT o.channel AS g, SUM(${days(e, 'o.placed_at', 'o.delivered_at')}) AS n, COUNT(*) AS d
         FROM orders o WHERE ${PLACED_IN_OCTOBER} AND o.delivered_at IS NOT NULL GROUP BY o.channel`,
    },
  },
  orders_by_region_cell: {
    total: (e) => {
      const cell =
        e === 'mysql'
          ? `CONCAT(FLOOR(o.latitude), ',', FLOOR(o.longitude))`
          : `printf('%d,%d', floor(o.latitude), floor(o.longitude))`;
      return `SELECT ${cell} AS k, COUNT(*) AS v FROM orders o WHERE ${PLACED_IN_OCTOBER}
        AND o.latitude IS NOT NULL AND o.longitude IS NOT NULL GROUP BY 1 ORDER BY v DESC, k LIMIT 20`;
    },
  },
  top_products: {
    total: () =>
      `SELECT p.sku AS k, SUM(i.line_total) AS v FROM order_items i JOIN orders o ON o.id = i.order_id
       JOIN products p ON p.id = i.product_id WHERE ${PLACED_IN_OCTOBER} AND ${REVENUE}
       GROUP BY p.sku ORDER BY v DESC, p.sku LIMIT 10`,
  },
};

/** Rows of a raw query on either engine (knex answers [rows, fields] on MySQL). */
async function rawRows(db: Db, sql: string): Promise<Expected[]> {
  const result = (await db.raw(sql)) as unknown;
  const rows = (dialect(db) === 'mysql' ? (result as [unknown[]])[0] : result) as Record<string, unknown>[];
  const num = (x: unknown) => (x === null || x === undefined ? undefined : Number(x));
  return rows.map((r) => ({
    ...(r.g !== undefined ? { g: String(r.g) } : {}),
    ...(r.k !== undefined ? { k: String(r.k) } : {}),
    ...(r.v !== undefined ? { v: num(r.v) ?? 0 } : {}),
    ...(r.d !== undefined ? { n: num(r.n) ?? 0, d: num(r.d) ?? 0 } : {}),
  }));
}

const rowKey = (r: { g?: string; k?: string; group?: string; key?: string }) =>
  `${r.g ?? r.group ?? ''}|${r.k ?? r.key ?? ''}`;

/** The catalogue's answer equals the hand-written one: same groups and keys, same figures. */
function expectSameFigures(result: KpiResult, expected: Expected[]): void {
  // The catalogue rounds money to the cent, days to 0.001, ratios to 6 decimals and turns to 4.
  const tolerance = { days: 0.01, eur: 0.011, ratio: 1e-6, turns: 1e-4, count: 0 }[result.unit];
  const actual = new Map(result.rows.map((r) => [rowKey(r), r]));
  expect([...actual.keys()].sort()).toEqual(expected.map(rowKey).sort());
  expect(expected.length).toBeGreaterThan(0);
  for (const e of expected) {
    const row = actual.get(rowKey(e))!;
    if (e.d !== undefined) {
      expect(row.denominator).toBe(e.d);
      expect(Math.abs((row.numerator ?? NaN) - (e.n ?? 0))).toBeLessThanOrEqual(tolerance * Math.max(1, e.d));
      if (e.d > 0) expect(Math.abs((row.value ?? NaN) - (e.n ?? 0) / e.d)).toBeLessThanOrEqual(tolerance);
    } else {
      expect(Math.abs((row.value ?? NaN) - (e.v ?? 0))).toBeLessThanOrEqual(tolerance);
    }
  }
}

describe('KPI catalogue on the seeded data (SQLite and MariaDB)', () => {
  const engines: { name: 'sqlite' | 'mysql'; url: string; db: Db; cleanup: () => unknown }[] = [];

  beforeAll(async () => {
    const sqlite = freshSqliteDatabase();
    const mysql = await freshMysqlDatabase();
    for (const [name, fresh] of [
      ['sqlite', sqlite],
      ['mysql', mysql],
    ] as const) {
      const db = await connect(fresh.url);
      engines.push({ name, url: fresh.url, db, cleanup: fresh.cleanup });
      await migrateLatest(db);
    }
    // Seeding 3000 orders into MariaDB takes a while: once per engine, both at the same time.
    await Promise.all(engines.map((e) => seedDatabase(e.db, SEED)));
  }, 900_000);

  afterAll(async () => {
    for (const e of engines) {
      await e.db.destroy();
      await e.cleanup();
    }
  });

  it('has a hand-written check for every KPI of the catalogue', () => {
    expect(Object.keys(CHECKS).sort()).toEqual(KPI_CATALOGUE.map((k) => k.id).sort());
  });

  for (const kpi of KPI_CATALOGUE) {
    it(`${kpi.id}: October 2026 equals hand-written SQL, in total and grouped, on both engines`, async () => {
      const check = CHECKS[kpi.id]!;
      for (const engine of engines) {
        expectSameFigures(
          await runKpi(engine.db, kpi, OCTOBER),
          await rawRows(engine.db, check.total(engine.name)),
        );
        if (check.grouped) {
          expectSameFigures(
            await runKpi(engine.db, kpi, OCTOBER, check.grouped.groupBy),
            await rawRows(engine.db, check.grouped.sql(engine.name)),
          );
        }
      }
    });
  }

  it('gives the same figures on SQLite and MariaDB for every grouping', async () => {
    const [sqlite, mysql] = engines;
    for (const groupBy of [undefined, 'day', 'week', 'month', 'country', 'channel', 'category'] as const) {
      const a = await runKpis(sqlite!.db, { ...OCTOBER, groupBy });
      const b = await runKpis(mysql!.db, { ...OCTOBER, groupBy });
      expect(b.skipped).toEqual(a.skipped);
      for (const [i, kpi] of a.kpis.entries()) {
        const other = b.kpis[i]!;
        expect(other.id).toBe(kpi.id);
        expect(other.rows.map(rowKey)).toEqual(kpi.rows.map(rowKey));
        for (const [j, row] of kpi.rows.entries()) {
          expect(Math.abs((other.rows[j]!.value ?? 0) - (row.value ?? 0))).toBeLessThanOrEqual(
            kpi.unit === 'days' ? 0.002 : 0.005,
          );
        }
      }
    }
  });

  it('oms report daily --format json and csv parse and agree with the catalogue', async () => {
    for (const engine of engines) {
      const env = { DATABASE_URL: engine.url };
      const json = await runOms(['report', 'daily', '--date', '2026-11-19', '--format', 'json'], env);
      expect(json.stderr).toBe('');
      expect(json.code).toBe(0);
      const report = JSON.parse(json.stdout) as Awaited<ReturnType<typeof dailyReport>>;
      expect(report).toMatchObject({
        date: '2026-11-19',
        previousDay: '2026-11-18',
        sameWeekdayLastWeek: '2026-11-12',
      });
      expect(report).toEqual(await dailyReport(engine.db, new Date('2026-11-19T00:00:00Z')));
      // Every KPI has a line on this day (the breakdowns have at least one key).
      expect(new Set(report.lines.map((l) => l.id))).toEqual(new Set(KPI_CATALOGUE.map((k) => k.id)));

      const day = { from: new Date('2026-11-19T00:00:00Z'), to: new Date('2026-11-20T00:00:00Z') };
      const previous = { from: new Date('2026-11-18T00:00:00Z'), to: day.from };
      const ordersLine = report.lines.find((l) => l.id === 'orders_placed')!;
      const [orders] = (await runKpi(engine.db, KPI_CATALOGUE[0]!, day)).rows;
      const [ordersBefore] = (await runKpi(engine.db, KPI_CATALOGUE[0]!, previous)).rows;
      expect(ordersLine.value).toBe(orders!.value);
      expect(ordersLine.previousDay).toBe(ordersBefore!.value);
      expect(ordersLine.changePreviousDay).toBe(orders!.value! - ordersBefore!.value!);

      const csv = await runOms(['report', 'daily', '--date', '2026-11-19', '--format', 'csv'], env);
      expect(csv.code).toBe(0);
      const records = parseCsv(csv.stdout, { columns: true }) as Record<string, string>[];
      expect(records).toHaveLength(report.lines.length);
      for (const [i, line] of report.lines.entries()) {
        expect(records[i]).toMatchObject({ date: '2026-11-19', id: line.id, key: line.key ?? '' });
        expect(records[i]!.value).toBe(line.value === null ? '' : String(line.value));
        expect(records[i]!.sameWeekdayLastWeek).toBe(
          line.sameWeekdayLastWeek === null ? '' : String(line.sameWeekdayLastWeek),
        );
      }
    }
  });

  it('oms report forecast --format json: 14 days with a band, and the backtest beside seasonal naive', async () => {
    const mapes: Record<string, RevenueForecast['backtest']['mape']> = {};
    for (const engine of engines) {
      const run = await runOms(
        ['report', 'forecast', '--now', '2026-11-20', '--days', '14', '--format', 'json'],
        { DATABASE_URL: engine.url },
      );
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const forecast = JSON.parse(run.stdout) as RevenueForecast;
      expect(forecast).toMatchObject({ now: '2026-11-20', days: 14, history: { to: '2026-11-19' } });
      expect(forecast.forecast).toHaveLength(14);
      expect(forecast.forecast[0]!.date).toBe('2026-11-20');
      expect(forecast.forecast[13]!.date).toBe('2026-12-03');
      for (const day of forecast.forecast) {
        expect(day.lower).toBeLessThanOrEqual(day.value);
        expect(day.upper).toBeGreaterThanOrEqual(day.value);
        expect(day.seasonalNaive).toBeGreaterThanOrEqual(0);
      }
      const { backtest } = forecast;
      expect(backtest.origins).toHaveLength(8);
      expect(backtest.horizon).toBe(14);
      expect(backtest.mape.holtWinters).toEqual(expect.any(Number));
      expect(backtest.mape.seasonalNaive).toEqual(expect.any(Number));
      expect(backtest.beatsBaseline).toBe(backtest.mape.holtWinters! < backtest.mape.seasonalNaive!);
      mapes[engine.name] = backtest.mape;
      console.log(
        `forecast backtest on ${engine.name} (8 weekly origins, 14 days, ${backtest.comparedDays} days compared, ` +
          `${backtest.zeroActualDays} zero-revenue days left out): MAPE Holt-Winters ${backtest.mape.holtWinters} %, ` +
          `seasonal naive ${backtest.mape.seasonalNaive} %; actuals inside the 95 % band ${backtest.bandCoverage} %`,
      );
      const table = await runOms(['report', 'forecast', '--now', '2026-11-20', '--days', '14'], {
        DATABASE_URL: engine.url,
      });
      expect(table.code).toBe(0);
      expect(table.stdout).toMatch(/MAPE Holt-Winters/);
      expect(table.stdout).toMatch(/beat the seasonal-naive baseline|beats the seasonal-naive baseline/);
    }
    // Both engines hold the same daily revenue, to the cent; the figures agree closely.
    expect(Math.abs(mapes.sqlite!.seasonalNaive! - mapes.mysql!.seasonalNaive!)).toBeLessThan(0.05);
  });

  describe('GET /api/kpis', () => {
    let server: http.Server;
    let base: string;

    beforeAll(async () => {
      const app = express();
      app.use(kpiRoutes(engines[0]!.db, testSecurity()));
      server = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    it('answers 401 without an operator token', async () => {
      const res = await fetch(`${base}/api/kpis?from=2026-10-01&to=2026-11-01`);
      expect(res.status).toBe(401);
    });

    it('answers the catalogue figures with one', async () => {
      const res = await fetch(`${base}/api/kpis?from=2026-10-01&to=2026-11-01&groupBy=category`, {
        headers: operatorHeaders(),
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { kpis: KpiResult[]; skipped: string[]; groupBy: string };
      expect(body.groupBy).toBe('category');
      expect(body).toEqual({
        from: '2026-10-01',
        to: '2026-11-01',
        groupBy: 'category',
        ...(await runKpis(engines[0]!.db, { ...OCTOBER, groupBy: 'category' })),
      });
      expect(body.kpis.map((k) => k.id)).toContain('units_sold');
      expect(body.skipped).toContain('revenue');
      const one = await fetch(`${base}/api/kpis?from=2026-10-01&to=2026-11-01&kpis=orders_placed`, {
        headers: operatorHeaders(),
      });
      const orders = await rawRows(engines[0]!.db, CHECKS.orders_placed!.total('sqlite'));
      expect(((await one.json()) as { kpis: KpiResult[] }).kpis).toEqual([
        {
          id: 'orders_placed',
          label: 'Orders placed',
          unit: 'count',
          groupBy: null,
          rows: [{ value: orders[0]!.v }],
        },
      ]);
    });

    it('GET /api/kpis/forecast answers the CLI forecast; 401 without a token; 400 for bad days or dates', async () => {
      const url = `${base}/api/kpis/forecast?days=14&now=2026-11-20`;
      expect((await fetch(url)).status).toBe(401);
      const res = await fetch(url, { headers: operatorHeaders() });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual(
        await revenueForecast(engines[0]!.db, new Date('2026-11-20T00:00:00Z'), 14),
      );
      for (const [query, field] of [
        ['days=0', 'days'],
        ['days=61', 'days'],
        ['days=2.5', 'days'],
        ['days=7&now=2026-02-30', 'now'],
      ] as const) {
        const bad = await fetch(`${base}/api/kpis/forecast?${query}`, { headers: operatorHeaders() });
        expect(bad.status, query).toBe(400);
        const body = (await bad.json()) as { errors: { field: string }[] };
        expect(body.errors.map((e) => e.field)).toContain(field);
      }
    });

    it('answers 400 problem+json naming bad dates, groupings and KPI ids', async () => {
      for (const [query, field] of [
        ['from=2026-13-01&to=2026-11-01', 'from'],
        ['from=2026-02-30&to=2026-03-01', 'from'],
        ['from=2026-10-01', 'to'],
        ['from=2026-11-01&to=2026-10-01', 'to'],
        ['from=2026-10-01&to=2026-11-01&groupBy=hour', 'groupBy'],
        ['from=2026-10-01&to=2026-11-01&kpis=nonsense', 'kpis.0'],
      ] as const) {
        const res = await fetch(`${base}/api/kpis?${query}`, { headers: operatorHeaders() });
        expect(res.status, query).toBe(400);
        expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
        const body = (await res.json()) as { errors: { field: string }[] };
        expect(body.errors.map((e) => e.field)).toContain(field);
      }
    });
  });
});
