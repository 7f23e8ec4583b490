import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, openDatabase, type Db } from '../../services/shared/db/connection.ts';
import { migrateLatest } from '../../services/shared/db/migrate.ts';
import { contractTables } from '../../services/shared/db/schema.ts';
import { freshMysqlDatabase } from '../helpers/mariadb.ts';
import { freshSqliteDatabase } from '../helpers/sqlite.ts';

const now = '2026-11-20 10:00:00.000';

interface Engine {
  name: string;
  setup(): Promise<{ url: string; cleanup(): Promise<void> | void }>;
}

const engines: Engine[] = [
  { name: 'sqlite', setup: async () => freshSqliteDatabase() },
  { name: 'mariadb', setup: () => freshMysqlDatabase() },
];

describe.each(engines)('orders database contract on $name', (engine) => {
  let db: Db;
  let cleanup: () => Promise<void> | void;

  beforeAll(async () => {
    const fresh = await engine.setup();
    cleanup = fresh.cleanup;
    db = await connect(fresh.url);
    await migrateLatest(db);
  });
  afterAll(async () => {
    await db?.destroy();
    await cleanup?.();
  });

  // Design §5 itself is held against the schema module in test/unit/schema.test.ts.
  it('has exactly the tables and columns of the schema module, with their nullability', async () => {
    for (const [table, spec] of contractTables()) {
      const info = await db(table).columnInfo();
      expect(Object.keys(info).sort(), table).toEqual(spec.columns.map((c) => c.name).sort());
      // SQLite lets a non-integer primary key hold NULL, so only the other columns are compared.
      for (const column of spec.columns.filter((c) => !c.primary)) {
        expect(info[column.name]?.nullable, `${table}.${column.name}`).toBe(column.nullable);
      }
    }
  });

  it('migrating again is a no-op', async () => {
    expect(await migrateLatest(db)).toEqual([]);
  });

  it('enforces unique emails, unique event ids, foreign keys and the status vocabulary', async () => {
    await db('customers').insert({
      id: 1,
      email: 'a@example.com',
      full_name: 'A',
      country: 'DE',
      city: 'Berlin',
      created_at: now,
    });
    await expect(
      db('customers').insert({
        id: 2,
        email: 'a@example.com',
        full_name: 'B',
        country: 'DE',
        city: 'Berlin',
        created_at: now,
      }),
    ).rejects.toThrow(/unique|duplicate/i);

    const event = {
      order_id: 'ORD-0000000000',
      type: 't',
      source: 's',
      occurred_at: now,
      recorded_at: now,
      payload: '{}',
    };
    await db('order_events').insert({ ...event, event_id: 'e-1' });
    await expect(db('order_events').insert({ ...event, event_id: 'e-1' })).rejects.toThrow(
      /unique|duplicate/i,
    );

    await expect(
      db('order_items').insert({
        order_id: 'ORD-NOPE',
        line_no: 1,
        product_id: 999,
        sku: 'X',
        quantity: 1,
        unit_price: 1,
        line_total: 1,
      }),
    ).rejects.toThrow(/foreign key/i);

    const order = {
      id: 'ORD-AAAAAAAAAA',
      customer_id: 1,
      channel: 'web',
      subtotal: 10,
      total: 10,
      ship_line1: 'x',
      ship_city: 'Berlin',
      ship_postal_code: '10115',
      ship_country: 'DE',
      placed_at: now,
      updated_at: now,
    };
    await expect(db('orders').insert({ ...order, status: 'teleported' })).rejects.toThrow();
    await db('orders').insert({ ...order, status: 'pending' });
    const row = await db('orders').where({ id: order.id }).first();
    expect(row.placed_at).toBe(now);
    expect(row.currency).toBe('EUR');
  });
});

describe('read-only access for the agent', () => {
  it('SQLite opened read-only refuses writes', async () => {
    const fresh = freshSqliteDatabase();
    const db = await connect(fresh.url);
    await migrateLatest(db);
    await db.destroy();
    const ro = openDatabase(fresh.url, { readOnly: true });
    expect(await ro('orders').count({ n: '*' })).toEqual([{ n: 0 }]);
    await expect(
      ro('products').insert({ sku: 'X', name: 'x', category: 'c', unit_price: 1, created_at: now }),
    ).rejects.toThrow(/readonly/i);
    await ro.destroy();
    fresh.cleanup();
  });

  it('the MySQL agent user may SELECT the contract tables and nothing else', async () => {
    const fresh = await freshMysqlDatabase();
    const admin = await connect(fresh.url);
    const agentUrl = new URL(fresh.url);
    agentUrl.username = 'oms_agent';
    agentUrl.password = 'agent-pass-1';
    await migrateLatest(admin, { agentDatabaseUrl: agentUrl.toString() });
    const agent = await connect(agentUrl.toString());
    try {
      expect(await agent('orders').count({ n: '*' })).toEqual([{ n: 0 }]);
      await expect(
        agent('products').insert({ sku: 'X', name: 'x', category: 'c', unit_price: 1, created_at: now }),
      ).rejects.toThrow(/denied/i);
      await expect(agent.raw('drop table orders')).rejects.toThrow(/denied/i);
      await expect(agent.raw('select * from knex_migrations')).rejects.toThrow(/denied/i);
      await expect(agent.raw('select * from mysql.user')).rejects.toThrow(/denied/i);
    } finally {
      await agent.destroy();
      await admin.destroy();
      await fresh.cleanup();
    }
  });
});
