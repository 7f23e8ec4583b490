import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Db } from '../../services/shared/db/connection.ts';
import { migrateLatest } from '../../services/shared/db/migrate.ts';
import { seedDatabase, SeedRefusedError, tableCounts } from '../../services/shared/db/seed/index.ts';
import { ORDER_STATUSES } from '../../services/shared/domain/order-status.ts';
import { CHANNELS } from '../../services/shared/domain/vocabulary.ts';
import { dumpContractTables } from '../helpers/db-dump.ts';
import { freshMysqlDatabase } from '../helpers/mariadb.ts';
import { freshSqliteDatabase } from '../helpers/sqlite.ts';

const options = { orders: 3000, seed: 7, days: 120, now: new Date('2026-11-20T00:00:00Z') };

async function seeded(url: string): Promise<Db> {
  const db = await connect(url);
  await migrateLatest(db);
  await seedDatabase(db, options);
  return db;
}

describe('oms seed', () => {
  const cleanups: (() => unknown)[] = [];
  let sqlite: Db;
  let mysql: Db;
  let sqliteDump: Record<string, unknown[]>;

  beforeAll(async () => {
    const s = freshSqliteDatabase();
    const m = await freshMysqlDatabase();
    cleanups.push(s.cleanup, m.cleanup);
    sqlite = await seeded(s.url);
    mysql = await seeded(m.url);
    sqliteDump = await dumpContractTables(sqlite);
  });
  afterAll(async () => {
    await sqlite?.destroy();
    await mysql?.destroy();
    for (const c of cleanups) await c();
  });

  it('is deterministic: the same flags give the same rows', async () => {
    const other = freshSqliteDatabase();
    cleanups.push(other.cleanup);
    const again = await seeded(other.url);
    expect(await dumpContractTables(again)).toEqual(sqliteDump);
    await again.destroy();
  });

  it('writes the same rows on MySQL/MariaDB as on SQLite', async () => {
    const mysqlDump = await dumpContractTables(mysql);
    for (const table of Object.keys(sqliteDump)) {
      expect(mysqlDump[table]!.length, table).toBe(sqliteDump[table]!.length);
      expect(mysqlDump[table], table).toEqual(sqliteDump[table]);
    }
  });

  it('a different seed gives different data', async () => {
    const other = freshSqliteDatabase();
    cleanups.push(other.cleanup);
    const db = await connect(other.url);
    await migrateLatest(db);
    await seedDatabase(db, { ...options, orders: 200, seed: 8 });
    const ids = (await db('orders').pluck('id')) as string[];
    const known = new Set((sqliteDump.orders as { id: string }[]).map((o) => o.id));
    expect(ids.filter((id) => known.has(id))).toEqual([]);
    await db.destroy();
  });

  it('produces every status and channel, and orders spread over the requested days', async () => {
    const statuses = (await mysql('orders').distinct('status').pluck('status')) as string[];
    expect(statuses.sort()).toEqual([...ORDER_STATUSES].sort());
    const channels = (await mysql('orders').distinct('channel').pluck('channel')) as string[];
    expect(channels.sort()).toEqual([...CHANNELS].sort());
    const [range] = await mysql('orders').min({ first: 'placed_at' }).max({ last: 'placed_at' });
    expect(range!.first >= '2026-07-23').toBe(true);
    expect(range!.last < '2026-11-20').toBe(true);
    expect(await mysql('orders').count({ n: '*' })).toEqual([{ n: 3000 }]);
    const countries = await mysql('customers').countDistinct({ n: 'country' });
    expect(Number(countries[0]!.n)).toBeGreaterThanOrEqual(8);
    const carriers = await mysql('shipments').countDistinct({ n: 'carrier' });
    expect(Number(carriers[0]!.n)).toBeGreaterThanOrEqual(4);
    const sentiments = (await mysql('returns').distinct('sentiment').pluck('sentiment')) as string[];
    expect(sentiments.sort()).toEqual(['negative', 'neutral', 'positive']);
    expect(Number((await mysql('notifications').count({ n: '*' }))[0]!.n)).toBeGreaterThan(0);
    expect(Number((await mysql('dead_letters').count({ n: '*' }))[0]!.n)).toBeGreaterThan(0);
  });

  it('keeps statuses, reasons, money and timestamps coherent', async () => {
    const db = mysql;
    const bad = async (sql: string) => ((await db.raw(sql)) as [unknown[]])[0];
    // Timestamps follow the lifecycle.
    expect(
      await bad(
        `select id from orders where confirmed_at < placed_at or shipped_at < confirmed_at or delivered_at < shipped_at or cancelled_at < placed_at`,
      ),
    ).toEqual([]);
    expect(
      await bad(
        `select id from orders where status in ('delivered','returned') and (confirmed_at is null or shipped_at is null or delivered_at is null)`,
      ),
    ).toEqual([]);
    expect(
      await bad(
        `select id from orders where status = 'shipped' and (shipped_at is null or delivered_at is not null)`,
      ),
    ).toEqual([]);
    expect(
      await bad(
        `select id from orders where status in ('pending','on_hold') and (confirmed_at is not null or shipped_at is not null or cancelled_at is not null)`,
      ),
    ).toEqual([]);
    expect(
      await bad(
        `select id from orders where status = 'confirmed' and (confirmed_at is null or shipped_at is not null)`,
      ),
    ).toEqual([]);
    // Cancellations carry a reason and a time; nothing else does.
    expect(
      await bad(
        `select id from orders where status = 'cancelled' and (cancel_reason is null or cancelled_at is null)`,
      ),
    ).toEqual([]);
    expect(
      await bad(
        `select id from orders where status <> 'cancelled' and (cancel_reason is not null or cancelled_at is not null)`,
      ),
    ).toEqual([]);
    // Returns only on delivered orders, after delivery; returned orders have an accepted return.
    expect(
      await bad(
        `select r.id from returns r join orders o on o.id = r.order_id where o.delivered_at is null or r.requested_at < o.delivered_at`,
      ),
    ).toEqual([]);
    expect(
      await bad(
        `select o.id from orders o where o.status = 'returned' and not exists (select 1 from returns r where r.order_id = o.id and r.status in ('approved','refunded'))`,
      ),
    ).toEqual([]);
    // Money: subtotal = Σ line_total, total = subtotal + shipping + tax, line_total = qty × price.
    expect(
      await bad(
        `select o.id from orders o join (select order_id, sum(line_total) s from order_items group by order_id) i on i.order_id = o.id where abs(o.subtotal - i.s) > 0.001`,
      ),
    ).toEqual([]);
    expect(
      await bad(`select id from orders where abs(total - (subtotal + shipping_fee + tax)) > 0.001`),
    ).toEqual([]);
    expect(
      await bad(`select order_id from order_items where abs(line_total - quantity * unit_price) > 0.001`),
    ).toEqual([]);
    expect(
      await bad(
        `select id from orders o where not exists (select 1 from order_items i where i.order_id = o.id)`,
      ),
    ).toEqual([]);
    // Shipments exist exactly for orders that shipped; delivered shipments for delivered orders.
    expect(
      await bad(
        `select o.id from orders o left join shipments s on s.order_id = o.id where (o.shipped_at is null) <> (s.id is null)`,
      ),
    ).toEqual([]);
    expect(
      await bad(
        `select o.id from orders o join shipments s on s.order_id = o.id where (o.delivered_at is null) <> (s.status <> 'delivered')`,
      ),
    ).toEqual([]);
    // The audit trail has each order's placed event, and hub sequence numbers are unique per partition.
    expect(
      await bad(
        `select o.id from orders o where not exists (select 1 from order_events e where e.order_id = o.id and e.type = 'com.mygreatcompany.order.placed')`,
      ),
    ).toEqual([]);
    expect(
      await bad(
        `select partition_id, sequence_number from order_events where partition_id is not null group by partition_id, sequence_number having count(*) > 1`,
      ),
    ).toEqual([]);
    // Payments: declined ones belong to orders cancelled for payment_declined.
    expect(
      await bad(
        `select p.id from payments p join orders o on o.id = p.order_id where p.status = 'declined' and o.cancel_reason <> 'payment_declined'`,
      ),
    ).toEqual([]);
    // Stock: reservations never exceed what is on hand.
    expect(await bad(`select product_id from inventory where reserved > on_hand or reserved < 0`)).toEqual(
      [],
    );
    // Customers exist before they order.
    expect(
      await bad(
        `select o.id from orders o join customers c on c.id = o.customer_id where c.created_at > o.placed_at`,
      ),
    ).toEqual([]);
  });

  it('refuses a non-empty database without force and changes nothing; replaces it with force', async () => {
    const before = await tableCounts(mysql);
    await expect(seedDatabase(mysql, { ...options, orders: 10 })).rejects.toBeInstanceOf(SeedRefusedError);
    expect(await tableCounts(mysql)).toEqual(before);
    await seedDatabase(mysql, { ...options, orders: 50, force: true });
    expect((await tableCounts(mysql)).orders).toBe(50);
  });
});
