import { z } from 'zod';
import { bulkInsert } from '../bulk-insert.ts';
import type { Db } from '../connection.ts';
import { CONTRACT_TABLES } from '../contract.ts';
import { generateSeed } from './generate.ts';
import type { SeedRows } from './rows.ts';

export const seedOptionsSchema = z.object({
  orders: z.number().int().min(1).max(5_000_000),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1),
  days: z.number().int().min(1).max(3650),
  now: z.date(),
  force: z.boolean().default(false),
});
export type SeedDatabaseOptions = z.input<typeof seedOptionsSchema>;

export interface SeedProgress {
  table: string;
  rowsDone: number;
  rowsTotal: number;
}

export interface SeedResult {
  rows: Record<string, number>;
  generateMs: number;
  insertMs: number;
}

/** Seeding was refused because the database already holds data and `force` was not given. */
export class SeedRefusedError extends Error {
  readonly code = 'SEED_REFUSED';
  constructor(readonly counts: Record<string, number>) {
    const held = Object.entries(counts)
      .filter(([, n]) => n > 0)
      .map(([t, n]) => `${t}: ${n}`)
      .join(', ');
    super(`The database is not empty (${held}). Nothing was changed; pass --force to replace its data.`);
    this.name = 'SeedRefusedError';
  }
}

/** The contract lists tables parents first, so inserting in its order satisfies every foreign key. */
const INSERT_ORDER: readonly (keyof SeedRows)[] = CONTRACT_TABLES;

/** Tables whose ids the database would assign: the seed numbers them itself so reruns match exactly. */
const NUMBERED: ReadonlySet<keyof SeedRows> = new Set(INSERT_ORDER.slice(INSERT_ORDER.indexOf('payments')));

export async function tableCounts(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of CONTRACT_TABLES) {
    const [row] = (await db(table).count({ n: '*' })) as [{ n: number | string }];
    counts[table] = Number(row.n);
  }
  return counts;
}

/**
 * Fills an empty, migrated database with a deterministic data set (same options ⇒ same rows on SQLite
 * and MySQL). Everything happens in one transaction: a failure, or a refusal, leaves the data as it was.
 * @throws {SeedRefusedError} when the database holds data and `force` is false.
 */
export async function seedDatabase(
  db: Db,
  input: SeedDatabaseOptions,
  onProgress: (p: SeedProgress) => void = () => undefined,
): Promise<SeedResult> {
  const options = seedOptionsSchema.parse(input);
  const counts = await tableCounts(db);
  const nonEmpty = Object.values(counts).some((n) => n > 0);
  if (nonEmpty && !options.force) throw new SeedRefusedError(counts);

  const t0 = performance.now();
  const data = generateSeed(options);
  const generateMs = performance.now() - t0;

  const rowsTotal = INSERT_ORDER.reduce((s, t) => s + data[t].length, 0);
  let rowsDone = 0;
  const t1 = performance.now();
  await db.transaction(async (trx) => {
    if (nonEmpty) {
      for (const table of [...INSERT_ORDER].reverse()) await trx(table).del();
    }
    for (const table of INSERT_ORDER) {
      const rows: Record<string, unknown>[] = NUMBERED.has(table)
        ? data[table].map((r, i) => ({ id: i + 1, ...r }))
        : data[table];
      await bulkInsert(trx, table, rows, (n) => {
        rowsDone += n;
        onProgress({ table, rowsDone, rowsTotal });
      });
    }
  });
  return {
    rows: Object.fromEntries(INSERT_ORDER.map((t) => [t, data[t].length])),
    generateMs,
    insertMs: performance.now() - t1,
  };
}

/**
 * Only the catalogue: every product with `stock` units on hand and nothing else, for a system that
 * will take real orders (a load test, a fresh production database). Refuses a database with products.
 */
export async function seedCatalog(
  db: Db,
  options: { seed: number; stock: number; now: Date },
): Promise<number> {
  const counts = await tableCounts(db);
  if (counts.products! > 0) throw new SeedRefusedError(counts);
  const { products, inventory } = generateSeed({ orders: 1, seed: options.seed, days: 1, now: options.now });
  await db.transaction(async (trx) => {
    await bulkInsert(trx, 'products', products);
    await bulkInsert(
      trx,
      'inventory',
      inventory.map((i) => ({ ...i, on_hand: options.stock, reserved: 0 })),
    );
  });
  return products.length;
}
