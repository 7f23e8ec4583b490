import { toDbTime } from '../../services/shared/db/time.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyBatch } from '../../services/oms-consumer/apply-batch.ts';
import { connect, type Db } from '../../services/shared/db/connection.ts';
import { migrateLatest } from '../../services/shared/db/migrate.ts';
import { seedDatabase } from '../../services/shared/db/seed/index.ts';
import { EVENT_TYPES } from '../../services/shared/domain/event-types.ts';
import { createOrderEvent } from '../../services/shared/events/cloud-event.ts';
import { freshMysqlDatabase } from '../helpers/mariadb.ts';
import { asMessages, placedEvent } from '../helpers/order-events.ts';
import { freshSqliteDatabase } from '../helpers/sqlite.ts';

interface Stock {
  product_id: number;
  sku: string;
  unit_price: number;
  on_hand: number;
  reserved: number;
}

describe.each([
  { name: 'sqlite', setup: async () => freshSqliteDatabase() },
  { name: 'mariadb', setup: () => freshMysqlDatabase() },
])('applying a batch on $name', ({ setup }) => {
  let db: Db;
  let cleanup: () => unknown;
  let inStock: Stock;
  let soldOut: Stock;
  let seq = 1000;

  const stockOf = async (productId: number) =>
    (await db('inventory').where({ product_id: productId }).first('on_hand', 'reserved')) as {
      on_hand: number;
      reserved: number;
    };
  const line = (s: Stock, quantity = 1) => ({ sku: s.sku, quantity, unitPrice: Number(s.unit_price) });
  const apply = (bodies: unknown[]) => {
    const messages = asMessages(bodies, '1', seq);
    seq += bodies.length;
    return applyBatch(db, messages);
  };

  beforeAll(async () => {
    const fresh = await setup();
    cleanup = fresh.cleanup;
    db = await connect(fresh.url);
    await migrateLatest(db);
    await seedDatabase(db, { orders: 30, seed: 3, days: 10, now: new Date('2026-11-20T00:00:00Z') });
    const stock = (await db('inventory as i')
      .join('products as p', 'p.id', 'i.product_id')
      .where('p.active', true)
      .select('i.product_id', 'p.sku', 'p.unit_price', 'i.on_hand', 'i.reserved')) as Stock[];
    inStock = stock.find((s) => s.on_hand - s.reserved >= 50)!;
    soldOut = stock.find((s) => s.on_hand - s.reserved <= 0)!;
    expect(inStock && soldOut).toBeTruthy();
  });
  afterAll(async () => {
    await db?.destroy();
    await cleanup?.();
  });

  it('confirms placed orders, reserves stock, records the audit trail, and stores no payment token', async () => {
    const before = await stockOf(inStock.product_id);
    const events = [placedEvent([line(inStock, 2)]), placedEvent([line(inStock, 3)], { country: 'FR' })];
    const outcome = await apply(events);
    expect(outcome).toEqual({ applied: 2, duplicates: 0, deadLettered: 0 });
    const orders = await db('orders')
      .whereIn(
        'id',
        events.map((e) => e.data.orderId),
      )
      .orderBy('id');
    expect(orders.map((o) => o.status)).toEqual(['confirmed', 'confirmed']);
    const fr = orders.find((o) => o.ship_country === 'FR')!;
    const sub = Math.round(Number(inStock.unit_price) * 3 * 100) / 100;
    expect(Number(fr.subtotal)).toBeCloseTo(sub, 2);
    expect(Number(fr.total)).toBeCloseTo(Number(fr.subtotal) + Number(fr.shipping_fee) + Number(fr.tax), 2);
    expect(Number(fr.tax)).toBeCloseTo(Math.round(sub * 20) / 100, 2);
    const after = await stockOf(inStock.product_id);
    expect(after.reserved - before.reserved).toBe(5);
    const audit = await db('order_events').whereIn(
      'order_id',
      events.map((e) => e.data.orderId),
    );
    expect(audit.map((a) => a.type).sort()).toEqual(
      [
        EVENT_TYPES.orderPlaced,
        EVENT_TYPES.orderPlaced,
        EVENT_TYPES.orderConfirmed,
        EVENT_TYPES.orderConfirmed,
      ].sort(),
    );
    expect(JSON.stringify(audit)).not.toContain('tok_secret');
    const placed = audit.find((a) => a.type === EVENT_TYPES.orderPlaced)!;
    expect(placed.partition_id).toBe('1');
  });

  it('treats a redelivered batch as a no-op', async () => {
    const events = [placedEvent([line(inStock)])];
    await apply(events);
    const counts = async () => ({
      orders: (await db('orders').count({ n: '*' }))[0]!.n,
      events: (await db('order_events').count({ n: '*' }))[0]!.n,
      stock: await stockOf(inStock.product_id),
    });
    const before = await counts();
    expect(await applyBatch(db, asMessages(events, '1', 1))).toEqual({
      applied: 0,
      duplicates: 1,
      deadLettered: 0,
    });
    expect(await counts()).toEqual(before);
  });

  it('cancels an order whose stock is short, or whose SKU is unknown', async () => {
    const short = placedEvent([line(soldOut)]);
    const unknown = placedEvent([{ sku: 'NOPE-0001', quantity: 1, unitPrice: 10 }, line(inStock)]);
    await apply([short, unknown]);
    const rows = await db('orders')
      .whereIn('id', [short.data.orderId, unknown.data.orderId])
      .select('id', 'status', 'cancel_reason');
    expect(rows.find((r) => r.id === short.data.orderId)).toMatchObject({
      status: 'cancelled',
      cancel_reason: 'out_of_stock',
    });
    expect(rows.find((r) => r.id === unknown.data.orderId)).toMatchObject({
      status: 'cancelled',
      cancel_reason: 'validation_failed',
    });
  });

  it('dead-letters malformed, unknown and oversize messages, keeps going, and ignores a duplicate event id', async () => {
    const good = placedEvent([line(inStock)]);
    const bodies = [
      Buffer.from('{"specversion": "1.0", not json'),
      { specversion: '1.0', id: 'x-1', type: EVENT_TYPES.orderPlaced, data: {} },
      { specversion: '1.0', id: 'x-2', source: '/x', type: 'com.mygreatcompany.order.teleported', data: {} },
      Buffer.from(JSON.stringify({ pad: 'x'.repeat(300 * 1024) })),
      good,
      good,
    ];
    const dlBefore = Number((await db('dead_letters').count({ n: '*' }))[0]!.n);
    const firstSeq = seq;
    const outcome = await apply(bodies);
    expect(outcome).toEqual({ applied: 1, duplicates: 1, deadLettered: 4 });
    const letters = await db('dead_letters')
      .where('partition_id', '1')
      .where('sequence_number', '>=', firstSeq)
      .orderBy('sequence_number');
    expect(letters.map((l) => l.reason)).toEqual([
      expect.stringMatching(/^invalid JSON/),
      expect.stringMatching(/^invalid CloudEvent: missing required attribute 'source'$/),
      expect.stringMatching(/unknown event type/),
      expect.stringMatching(/exceeds the 262144-byte limit/),
    ]);
    expect((await db('orders').where({ id: good.data.orderId }).first()).status).toBe('confirmed');
    // Redelivering the same messages does not write the dead letters again.
    await applyBatch(db, asMessages(bodies, '1', firstSeq));
    expect(Number((await db('dead_letters').count({ n: '*' }))[0]!.n)).toBe(dlBefore + 4);
  });

  it('moves orders through the state machine and records forbidden moves without dead-lettering them', async () => {
    const a = placedEvent([line(inStock, 2)]);
    const b = placedEvent([line(inStock, 1)]);
    await apply([a, b]);
    const before = await stockOf(inStock.product_id);
    const id = a.data.orderId;
    // Shipped three days ago and delivered two days ago: the return below is inside the window.
    const deliveredAt = new Date(Date.now() - 2 * 86_400_000);
    await apply([
      createOrderEvent(
        EVENT_TYPES.orderShipped,
        '/warehouse',
        { orderId: id, carrier: 'DHL', trackingNumber: 'JVGL1' },
        { time: new Date(Date.now() - 3 * 86_400_000) },
      ),
      createOrderEvent(EVENT_TYPES.orderDelivered, '/carriers/dhl', {
        orderId: id,
        deliveredAt: deliveredAt.toISOString(),
      }),
      createOrderEvent(EVENT_TYPES.returnRequested, '/channels/web', {
        orderId: id,
        reason: 'damaged',
        comment: 'Arrived broken and support never answered.',
      }),
      createOrderEvent(EVENT_TYPES.orderCancelled, '/channels/web', {
        orderId: b.data.orderId,
        reason: 'customer_request',
      }),
      createOrderEvent(EVENT_TYPES.orderDelivered, '/carriers/dhl', {
        orderId: b.data.orderId,
        deliveredAt: '2026-11-21T10:00:00.000Z',
      }),
    ]);
    const orderA = await db('orders').where({ id }).first();
    // Delivered, then returned inside the window: approved and refunded by policy at once.
    expect(orderA.status).toBe('returned');
    expect(orderA.delivered_at).toBe(toDbTime(deliveredAt));
    expect(await db('shipments').where({ order_id: id }).first('status', 'carrier')).toEqual({
      status: 'delivered',
      carrier: 'DHL',
    });
    expect((await db('payments').where({ order_id: id }).first()).status).toBe('refunded');
    const ret = await db('returns').where({ order_id: id }).first();
    expect(ret).toMatchObject({ reason: 'damaged', status: 'refunded', sentiment: 'negative' });
    expect(Number(ret.refund_amount)).toBeCloseTo(Number(orderA.subtotal) + Number(orderA.tax), 2);
    expect(Number(ret.sentiment_score)).toBeLessThan(0);
    const orderB = await db('orders').where({ id: b.data.orderId }).first();
    expect(orderB).toMatchObject({ status: 'cancelled', cancel_reason: 'customer_request' });
    const after = await stockOf(inStock.product_id);
    // A shipped 2 (reservation and stock leave; damaged goods are not restocked), B's 1 is released.
    expect(after.reserved - before.reserved).toBe(-3);
    expect(after.on_hand - before.on_hand).toBe(-2);
    // Delivering the cancelled B is refused: recorded in B's trail, not dead-lettered.
    const refused = await db('order_events').where({
      order_id: b.data.orderId,
      type: EVENT_TYPES.moveRejected,
    });
    expect(refused).toHaveLength(1);
    const payload = refused[0].payload;
    expect(typeof payload === 'string' ? JSON.parse(payload) : payload).toMatchObject({
      request: EVENT_TYPES.orderDelivered,
      status: 'cancelled',
      reason: 'order is cancelled; it cannot become delivered',
    });
    expect(await db('dead_letters').where('reason', 'like', `%${b.data.orderId}%`)).toHaveLength(0);
  });
});
