import type { Command } from 'commander';
import { loadConfig, redactUrl } from '../../shared/config.ts';
import { connect } from '../../shared/db/connection.ts';
import { migrateLatest } from '../../shared/db/migrate.ts';
import { seedCatalog, seedDatabase, SeedRefusedError } from '../../shared/db/seed/index.ts';
import { createProgress } from '../progress.ts';
import { UsageError } from '../../shared/usage-error.ts';

function positiveInt(name: string, min: number, max: number) {
  return (value: string): number => {
    if (!/^-?\d+$/.test(value)) throw new UsageError(`${name} must be a whole number, got '${value}'`);
    const n = Number(value);
    if (n < min || n > max) throw new UsageError(`${name} must be between ${min} and ${max}, got ${n}`);
    return n;
  };
}

/** `--now 2026-11-20`: a real calendar date, midnight UTC. */
export function parseDay(value: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!m || !date || date.toISOString().slice(0, 10) !== value) {
    throw new UsageError(`--now must be a date as YYYY-MM-DD (e.g. 2026-11-20), got '${value}'`);
  }
  return date;
}

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

export function registerDatabaseCommands(program: Command): void {
  program
    .command('migrate')
    .description(
      'Create or update the orders database schema (DATABASE_URL), and the read-only agent user on MySQL.',
    )
    .action(async () => {
      const config = loadConfig();
      const db = await connect(config.databaseUrl);
      try {
        const applied = await migrateLatest(db, {
          agentDatabaseUrl: config.agentDatabaseUrl,
          agentAllowPii: config.agent.allowPii,
        });
        console.log(
          applied.length
            ? `Applied ${applied.length} migration(s) to ${redactUrl(config.databaseUrl)}: ${applied.join(', ')}`
            : `${redactUrl(config.databaseUrl)} is up to date.`,
        );
      } finally {
        await db.destroy();
      }
    });

  program
    .command('seed')
    .description(
      'Fill an empty orders database with realistic, deterministic data (same flags => same rows).',
    )
    .option('--orders <n>', 'number of orders', positiveInt('--orders', 1, 5_000_000), 3000)
    .option('--seed <n>', 'random seed', positiveInt('--seed', 0, 2 ** 31 - 1), 7)
    .option(
      '--days <n>',
      'spread orders over this many days before --now',
      positiveInt('--days', 1, 3650),
      120,
    )
    .option('--now <date>', 'the day the data ends (YYYY-MM-DD, UTC)', todayUtc())
    .option('--force', 'replace the data of a non-empty database', false)
    .option('--json', 'print the row counts and timings as JSON', false)
    .option(
      '--catalog-only',
      'only products and stock (no customers or orders), for a system taking real orders',
      false,
    )
    .option(
      '--stock <n>',
      'with --catalog-only: units on hand per product',
      positiveInt('--stock', 0, 1_000_000_000),
      1000,
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ oms seed --orders 3000 --seed 7 --days 120 --now 2026-11-20\n  $ DATABASE_URL=mysql://oms:…@db:3306/oms oms seed --orders 100000 --force',
    )
    .action(seedAction);
}

interface SeedFlags {
  orders: number;
  seed: number;
  days: number;
  now: string;
  force: boolean;
  json: boolean;
  catalogOnly: boolean;
  stock: number;
}

async function seedAction(opts: SeedFlags): Promise<void> {
  const now = parseDay(opts.now);
  const config = loadConfig();
  const db = await connect(config.databaseUrl);
  const progress = createProgress('Seeding');
  try {
    await migrateLatest(db, {
      agentDatabaseUrl: config.agentDatabaseUrl,
      agentAllowPii: config.agent.allowPii,
    });
    if (opts.catalogOnly) {
      const n = await seedCatalog(db, { seed: opts.seed, stock: opts.stock, now });
      console.log(
        opts.json
          ? JSON.stringify({ products: n, stock: opts.stock })
          : `Added ${n} products with ${opts.stock} units each.`,
      );
      return;
    }
    const t0 = performance.now();
    const result = await seedDatabase(
      db,
      { orders: opts.orders, seed: opts.seed, days: opts.days, now, force: opts.force },
      (p) => progress.update(p.rowsDone, p.rowsTotal, p.table),
    );
    progress.stop();
    const seconds = (performance.now() - t0) / 1000;
    const summary = {
      database: redactUrl(config.databaseUrl),
      orders: opts.orders,
      seconds: Number(seconds.toFixed(2)),
      ordersPerSecond: Math.round(opts.orders / seconds),
      generateMs: Math.round(result.generateMs),
      insertMs: Math.round(result.insertMs),
      rows: result.rows,
    };
    if (opts.json) console.log(JSON.stringify(summary));
    else
      console.log(
        `Seeded ${opts.orders} orders in ${summary.seconds} s (${summary.ordersPerSecond} orders/s) into ${summary.database}\n` +
          Object.entries(result.rows)
            .map(([t, n]) => `  ${t.padEnd(14)} ${n}`)
            .join('\n'),
      );
  } catch (err) {
    if (err instanceof SeedRefusedError) throw new UsageError(err.message);
    throw err;
  } finally {
    progress.stop();
    await db.destroy();
  }
}
