import { randomUUID } from 'node:crypto';
import { EventHubProducerClient, type EventData } from '@azure/event-hubs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Db } from '../../services/shared/db/connection.ts';
import { migrateLatest } from '../../services/shared/db/migrate.ts';
import { seedCatalog } from '../../services/shared/db/seed/index.ts';
import { EVENT_TYPES } from '../../services/shared/domain/event-types.ts';
import { newOrderId } from '../../services/shared/domain/order-id.ts';
import {
  CLOUDEVENTS_CONTENT_TYPE,
  createOrderEvent,
  encodeEvent,
  type OrderCloudEvent,
} from '../../services/shared/events/cloud-event.ts';
import { freshSqliteDatabase } from '../helpers/sqlite.ts';
import {
  FAST_FAILOVER_CONSUMER,
  startOms,
  startPipelineEnv,
  waitFor,
  type ChildService,
  type PipelineEnv,
} from '../helpers/pipeline-env.ts';

/**
 * Issue 11's race: two `oms consumer` processes own different partitions of `orders` and decide, at the
 * same moment, many more orders for one SKU than it has units. Each consumer's batch reads the stock
 * (locked FOR UPDATE on MariaDB) and draws it down in its own transaction; whichever commits second must
 * see what the first took. Never oversold: exactly the units that existed are reserved, every other order
 * is cancelled out_of_stock with nothing reserved, and available stock is never negative — also not
 * while the rounds are in flight. The same scenario then runs on SQLite, whose single writer must give the
 * same answer.
 */
const PARTITIONS = ['0', '1', '2', '3'];
const UNITS = 5;
const ROUNDS = 4;
const SINGLE_UNIT_ORDERS = 40;
/** Orders of 2 or 3 units: an all-or-nothing order wanting 3 when 2 are left must get none. */
const MULTI_UNIT_ORDERS = 12;

interface Product {
  id: number;
  sku: string;
  unitPrice: number;
}

interface RoundOutcome {
  engine: string;
  round: number;
  delivery: Delivery;
  orders: number;
  unitsSold: number;
  confirmed: number;
  cancelled: number;
  ordersPerPartition: Record<string, number>;
  decidedBy: Record<string, number>;
  /** Units the kept orders of each consumer's partitions hold: the race had two real contenders. */
  unitsSoldBy: Record<string, number>;
  lowestAvailableSeen: number;
}

/** A valid order for `quantity` units of one product, from a fresh customer (no fraud history). */
function orderFor(product: Product, quantity: number): OrderCloudEvent<typeof EVENT_TYPES.orderPlaced> {
  return createOrderEvent(EVENT_TYPES.orderPlaced, '/channels/web', {
    orderId: newOrderId(),
    customer: {
      email: `racer-${randomUUID().slice(0, 12)}@example.com`,
      fullName: 'Race Shopper',
      country: 'DE',
      city: 'Berlin',
    },
    items: [{ sku: product.sku, quantity, unitPrice: product.unitPrice }],
    shippingAddress: { line1: 'Unter den Linden 1', city: 'Berlin', postalCode: '10117', country: 'DE' },
    payment: { method: 'card', token: 'tok_visa' },
    location: { lat: 52.52, lon: 13.405 },
    channel: 'web',
  });
}

/** Fisher–Yates, so single- and multi-unit orders interleave differently every round. */
function shuffled<T>(items: T[]): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/**
 * Which consumer owns which partition, from the `partition claimed` / `partition released` lines each
 * consumer logs (LOG_LEVEL=info). Later lines win; the consumers' own logs are the only ground truth.
 */
function ownership(consumers: ChildService[]): Map<string, number> {
  const owner = new Map<string, number>();
  consumers.forEach((c, index) => {
    for (const line of c.output().split('\n')) {
      if (!line.startsWith('{')) continue;
      let entry: { msg?: string; partitionId?: string };
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch {
        continue;
      }
      if (entry.msg === 'partition claimed' && entry.partitionId) owner.set(entry.partitionId, index);
      if (entry.msg === 'partition released' && entry.partitionId && owner.get(entry.partitionId) === index)
        owner.delete(entry.partitionId);
    }
  });
  return owner;
}

/** The consumers' database retries (deadlocks, busy SQLite), by error code: contention, not failure. */
function databaseRetries(consumers: ChildService[]): Record<string, number> {
  const codes: Record<string, number> = {};
  for (const c of consumers) {
    for (const line of c.output().split('\n')) {
      if (!line.includes('database unavailable')) continue;
      const code = /"code":"([A-Z_]+)"/.exec(line)?.[1] ?? 'other';
      codes[code] = (codes[code] ?? 0) + 1;
    }
  }
  return codes;
}

/** Starts two consumers and waits until they have split the four partitions between them. */
async function twoBalancedConsumers(env: Record<string, string>): Promise<ChildService[]> {
  const consumers = [
    await startOms(FAST_FAILOVER_CONSUMER, { ...env, LOG_LEVEL: 'info' }),
    await startOms(FAST_FAILOVER_CONSUMER, { ...env, LOG_LEVEL: 'info' }),
  ];
  let lastSeen = '';
  let stableSince = Date.now();
  await waitFor(
    async () => {
      const owner = ownership(consumers);
      const view = JSON.stringify([...owner].sort());
      if (view !== lastSeen) {
        lastSeen = view;
        stableSince = Date.now();
      }
      const counts = [0, 1].map((i) => [...owner.values()].filter((o) => o === i).length);
      // Balanced (2 + 2) and unchanged for a few load-balancing intervals.
      return owner.size === PARTITIONS.length && counts[0] === 2 && Date.now() - stableSince > 4_000;
    },
    90_000,
    'two consumers own two partitions each',
  );
  return consumers;
}

/**
 * How a round's orders reach the hub, dealt round-robin over the partitions. `burst`: one batch per
 * partition, all sent in parallel, so each consumer's first transaction holds many orders and the two
 * transactions fight over the stock row. `trickle`: one order per partition per wave, waves sent back to
 * back, so batches are small and the consumers' transactions alternate, splitting the last units.
 */
type Delivery = 'burst' | 'trickle';

async function publish(
  producer: EventHubProducerClient,
  events: OrderCloudEvent[],
  delivery: Delivery,
): Promise<void> {
  const data = (e: OrderCloudEvent): EventData => ({
    body: encodeEvent(e),
    contentType: CLOUDEVENTS_CONTENT_TYPE,
    messageId: e.id,
  });
  const send = async (partitionId: string, items: OrderCloudEvent[]) => {
    const batch = await producer.createBatch({ partitionId });
    for (const e of items) if (!batch.tryAdd(data(e))) throw new Error('batch full');
    await producer.sendBatch(batch);
  };
  const partitionOf = (i: number) => PARTITIONS[i % PARTITIONS.length]!;
  if (delivery === 'burst') {
    await Promise.all(
      PARTITIONS.map((p) =>
        send(
          p,
          events.filter((_, i) => partitionOf(i) === p),
        ),
      ),
    );
    return;
  }
  for (let i = 0; i < events.length; i += PARTITIONS.length) {
    await Promise.all(events.slice(i, i + PARTITIONS.length).map((e, j) => send(partitionOf(i + j), [e])));
  }
}

/** The cheapest active products (no "large first order" fraud indicator), one per round. */
async function cheapProducts(db: Db, n: number): Promise<Product[]> {
  const rows = (await db('products')
    .where({ active: true })
    .orderBy('unit_price')
    .orderBy('id')
    .limit(n)
    .select('id', 'sku', 'unit_price')) as { id: number; sku: string; unit_price: number | string }[];
  return rows.map((r) => ({ id: Number(r.id), sku: r.sku, unitPrice: Number(r.unit_price) }));
}

/**
 * One round: UNITS on hand for a fresh product, many more units ordered at once across all partitions.
 * Returns what happened and asserts the never-oversold invariants.
 */
async function raceRound(
  engine: string,
  round: number,
  delivery: Delivery,
  db: Db,
  producer: EventHubProducerClient,
  product: Product,
  consumers: ChildService[],
): Promise<RoundOutcome> {
  await db('inventory').where({ product_id: product.id }).update({ on_hand: UNITS, reserved: 0 });
  const quantities = shuffled([
    ...Array.from({ length: SINGLE_UNIT_ORDERS }, () => 1),
    ...Array.from({ length: MULTI_UNIT_ORDERS }, (_, i) => 2 + (i % 2)),
  ]);
  const events = quantities.map((q) => orderFor(product, q));
  const ids = events.map((e) => e.data.orderId);
  const wanted = new Map(events.map((e) => [e.data.orderId, e.data.items[0]!.quantity]));

  let lowestAvailable = UNITS;
  const stock = async () => {
    const s = (await db('inventory').where({ product_id: product.id }).first('on_hand', 'reserved')) as {
      on_hand: number | string;
      reserved: number | string;
    };
    return { onHand: Number(s.on_hand), reserved: Number(s.reserved) };
  };
  await publish(producer, events, delivery);
  await waitFor(
    async () => {
      const s = await stock();
      lowestAvailable = Math.min(lowestAvailable, s.onHand - s.reserved);
      const [row] = (await db('orders').whereIn('id', ids).count({ n: '*' })) as [{ n: number | string }];
      return Number(row.n) === ids.length;
    },
    120_000,
    `${engine} round ${round}: all ${ids.length} orders decided`,
  );

  const orders = (await db('orders').whereIn('id', ids).select('id', 'status', 'cancel_reason')) as {
    id: string;
    status: string;
    cancel_reason: string | null;
  }[];
  const kept = orders.filter((o) => o.status === 'confirmed' || o.status === 'on_hold');
  const cancelled = orders.filter((o) => o.status === 'cancelled');
  const unitsKept = kept.reduce((sum, o) => sum + wanted.get(o.id)!, 0);
  const s = await stock();

  // Never oversold: what the kept orders hold is exactly what the ledger says is reserved, within stock.
  expect(s.reserved).toBe(unitsKept);
  expect(s.reserved).toBeLessThanOrEqual(s.onHand);
  expect(s.onHand).toBe(UNITS);
  expect(lowestAvailable).toBeGreaterThanOrEqual(0);
  // More single-unit orders than units: whatever the order of decisions, every unit is taken.
  expect(unitsKept).toBe(UNITS);
  // Every other order is cancelled as out of stock, and reserves nothing (all-or-nothing).
  expect(kept.length + cancelled.length).toBe(ids.length);
  expect(kept.every((o) => o.status === 'confirmed' && o.cancel_reason === null)).toBe(true);
  expect(new Set(cancelled.map((o) => o.cancel_reason))).toEqual(new Set(['out_of_stock']));
  // Each kept order holds an authorized payment, each cancelled one a voided or no authorization.
  const payments = (await db('payments').whereIn('order_id', ids).select('order_id', 'status')) as {
    order_id: string;
    status: string;
  }[];
  const keptIds = new Set(kept.map((o) => o.id));
  for (const p of payments) expect(p.status === 'authorized').toBe(keptIds.has(p.order_id));

  // The audit trail: which partition carried each order, and so which consumer decided it.
  const placed = (await db('order_events')
    .whereIn('order_id', ids)
    .where({ type: EVENT_TYPES.orderPlaced })
    .select('order_id', 'partition_id')) as { order_id: string; partition_id: string }[];
  expect(placed).toHaveLength(ids.length);
  const owner = ownership(consumers);
  const ordersPerPartition: Record<string, number> = {};
  const decidedBy: Record<string, number> = {};
  const unitsSoldBy: Record<string, number> = {};
  for (const p of placed) {
    ordersPerPartition[p.partition_id] = (ordersPerPartition[p.partition_id] ?? 0) + 1;
    const by = `consumer-${owner.get(p.partition_id) ?? '?'}`;
    decidedBy[by] = (decidedBy[by] ?? 0) + 1;
    if (keptIds.has(p.order_id)) unitsSoldBy[by] = (unitsSoldBy[by] ?? 0) + wanted.get(p.order_id)!;
  }
  // Both consumers decided orders of this round, each on its own partitions.
  expect(Object.keys(ordersPerPartition).sort()).toEqual(PARTITIONS);
  expect(Object.keys(decidedBy).sort()).toEqual(['consumer-0', 'consumer-1']);

  return {
    engine,
    round,
    delivery,
    orders: ids.length,
    unitsSold: unitsKept,
    confirmed: kept.length,
    cancelled: cancelled.length,
    ordersPerPartition,
    decidedBy,
    unitsSoldBy,
    lowestAvailableSeen: lowestAvailable,
  };
}

describe('two consumers on different partitions race for the last units of one SKU', () => {
  let env: PipelineEnv;
  let producer: EventHubProducerClient;
  let consumers: ChildService[] = [];
  let sqlite: ReturnType<typeof freshSqliteDatabase> | undefined;
  let sqliteDb: Db | undefined;

  beforeAll(async () => {
    env = await startPipelineEnv();
    producer = new EventHubProducerClient(env.env.EVENTHUB_CONNECTION_STRING, 'orders');
  }, 180_000);
  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.kill('SIGKILL')));
    await producer?.close();
    await sqliteDb?.destroy();
    sqlite?.cleanup();
    await env?.stop();
  });

  it('never oversells on MariaDB (stock rows locked FOR UPDATE)', async () => {
    consumers = await twoBalancedConsumers(env.env);
    const products = await cheapProducts(env.db, ROUNDS);
    const outcomes: RoundOutcome[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const delivery = round % 2 === 0 ? 'burst' : 'trickle';
      outcomes.push(
        await raceRound('mariadb', round, delivery, env.db, producer, products[round]!, consumers),
      );
    }
    console.log(JSON.stringify({ outcomes, databaseRetries: databaseRetries(consumers) }));
    // Graceful stop checkpoints, so the SQLite consumers below start after these events.
    await Promise.all(consumers.map((c) => c.stop()));
    consumers = [];
    expect(await env.db('dead_letters').count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  it('never oversells on SQLite (one writer at a time)', async () => {
    sqlite = freshSqliteDatabase();
    sqliteDb = await connect(sqlite.url);
    await migrateLatest(sqliteDb);
    await seedCatalog(sqliteDb, { seed: 7, stock: 1_000_000, now: new Date('2026-11-20T00:00:00Z') });
    consumers = await twoBalancedConsumers({ ...env.env, DATABASE_URL: sqlite.url });
    // Products the MariaDB rounds did not use, so redelivered events of those rounds cannot interfere.
    const products = (await cheapProducts(sqliteDb, 2 * ROUNDS)).slice(ROUNDS);
    const outcomes: RoundOutcome[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const delivery = round % 2 === 0 ? 'burst' : 'trickle';
      outcomes.push(
        await raceRound('sqlite', round, delivery, sqliteDb, producer, products[round]!, consumers),
      );
    }
    console.log(JSON.stringify({ outcomes, databaseRetries: databaseRetries(consumers) }));
    await Promise.all(consumers.map((c) => c.stop()));
    consumers = [];
    const deadLetters = (await sqliteDb('dead_letters').select('reason')) as { reason: string }[];
    expect(deadLetters).toEqual([]);
  });
});
