import os from 'node:os';
import { connect } from '../../services/shared/db/connection.ts';
import { migrateLatest } from '../../services/shared/db/migrate.ts';
import { seedDatabase } from '../../services/shared/db/seed/index.ts';
import { MariaDbServer } from '../helpers/mariadb.ts';
import { freshSqliteDatabase } from '../helpers/sqlite.ts';

const ORDERS = Number(process.env.BENCH_SEED_ORDERS ?? 100_000);

/** Seeding speed of `oms seed --orders 100000` on MariaDB and SQLite (issue: < 60 s on MySQL). */
export async function benchSeed() {
  const options = { orders: ORDERS, seed: 7, days: 120, now: new Date('2026-11-20T00:00:00Z') };
  const results: Record<string, unknown> = {};
  const mariadb = await MariaDbServer.create();
  const sqlite = freshSqliteDatabase();
  try {
    for (const [engine, url] of [
      ['mariadb', await mariadb.createDatabase()],
      ['sqlite', sqlite.url],
    ] as const) {
      const db = await connect(url);
      await migrateLatest(db);
      process.stderr.write(`seeding ${ORDERS} orders on ${engine}…\n`);
      const t0 = performance.now();
      const r = await seedDatabase(db, options);
      const seconds = (performance.now() - t0) / 1000;
      results[engine] = {
        seconds: round(seconds),
        ordersPerSecond: Math.round(ORDERS / seconds),
        rowsPerSecond: Math.round(Object.values(r.rows).reduce((s, n) => s + n, 0) / seconds),
        generateSeconds: round(r.generateMs / 1000),
        insertSeconds: round(r.insertMs / 1000),
      };
      await db.destroy();
    }
  } finally {
    await mariadb.destroy();
    sqlite.cleanup();
  }
  return {
    bench: 'seed',
    orders: ORDERS,
    cpus: os.cpus().length,
    node: process.version,
    ...results,
    targetSecondsOnMysql: 60,
  };
}

const round = (n: number) => Math.round(n * 100) / 100;
