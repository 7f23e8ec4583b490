import { bulkInsert } from '../../services/shared/db/bulk-insert.ts';
import { connect, type Db } from '../../services/shared/db/connection.ts';
import { migrateLatest } from '../../services/shared/db/migrate.ts';
import { seedCatalog } from '../../services/shared/db/seed/index.ts';
import type { MariaDbServer } from '../helpers/mariadb.ts';
import { round } from './bench-util.ts';

/** The tables the consumer writes for a placed order, parents first; auto-increment ids are left to the database. */
const TABLES = [
  { table: 'orders', dropId: false },
  { table: 'order_items', dropId: false },
  { table: 'payments', dropId: true },
  { table: 'order_events', dropId: true },
] as const;

/**
 * The floor the batched consumer is measured against: the rows it wrote for `orders` orders, inserted
 * again into a fresh database with the same schema (same MariaDB server) as multi-row INSERTs, one
 * transaction per batch of `batchSize` orders, the consumer's own batch size. No reads, no decisions,
 * no stock updates, no hub, no checkpoints: only the writes any design has to make.
 */
export async function measureRawInsert(
  server: MariaDbServer,
  source: Db,
  options: { batchSize: number; maxOrders: number },
): Promise<{ orders: number; rows: number; batchSize: number; seconds: number; eventsPerSecond: number }> {
  const orders = (await source('orders').orderBy('placed_at').limit(options.maxOrders).select()) as Record<
    string,
    unknown
  >[];
  const ids = orders.map((o) => o.id as string);
  const byOrder = new Map<string, Record<string, Record<string, unknown>[]>>();
  for (const o of orders) byOrder.set(o.id as string, { orders: [o] });
  for (const { table, dropId } of TABLES.slice(1)) {
    for (let i = 0; i < ids.length; i += 5000) {
      const rows = (await source(table)
        .whereIn('order_id', ids.slice(i, i + 5000))
        .select()) as Record<string, unknown>[];
      for (const row of rows) {
        if (dropId) delete row.id;
        // mysql2 parses JSON columns (order_events.payload); they are written back as the consumer wrote them.
        for (const [k, v] of Object.entries(row))
          if (v !== null && typeof v === 'object') row[k] = JSON.stringify(v);
        const group = byOrder.get(row.order_id as string)!;
        (group[table] ??= []).push(row);
      }
    }
  }

  const url = await server.createDatabase();
  const db = await connect(url);
  try {
    await migrateLatest(db);
    await seedCatalog(db, { seed: 7, stock: 1_000_000_000, now: new Date('2026-11-20T00:00:00Z') });
    // The customers the orders reference exist before the clock starts (the consumer mostly finds them too).
    const customers = (await source('customers').select()) as Record<string, unknown>[];
    await bulkInsert(db, 'customers', customers);

    let rows = 0;
    const t0 = performance.now();
    for (let i = 0; i < ids.length; i += options.batchSize) {
      const batch = ids.slice(i, i + options.batchSize).map((id) => byOrder.get(id)!);
      await db.transaction(async (trx) => {
        for (const { table } of TABLES) {
          const tableRows = batch.flatMap((g) => g[table] ?? []);
          rows += tableRows.length;
          await bulkInsert(trx, table, tableRows);
        }
      });
    }
    const seconds = (performance.now() - t0) / 1000;
    return {
      orders: ids.length,
      rows,
      batchSize: options.batchSize,
      seconds: round(seconds),
      eventsPerSecond: Math.round(ids.length / seconds),
    };
  } finally {
    await db.destroy();
  }
}
