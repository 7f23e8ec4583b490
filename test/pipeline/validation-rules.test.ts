import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyBatch } from '../../services/oms-consumer/apply-batch.ts';
import { connect, type Db } from '../../services/shared/db/connection.ts';
import { migrateLatest } from '../../services/shared/db/migrate.ts';
import { seedDatabase } from '../../services/shared/db/seed/index.ts';
import { EVENT_TYPES } from '../../services/shared/domain/event-types.ts';
import { freshMysqlDatabase } from '../helpers/mariadb.ts';
import { asMessages, placedEvent } from '../helpers/order-events.ts';
import { freshSqliteDatabase } from '../helpers/sqlite.ts';

/**
 * The validation rules inside the consumer's batched transaction: an order that breaks rules is
 * cancelled as `validation_failed` with every failed rule id in its audit record, reserves nothing and
 * gets no payment, while the valid orders of the same batch are confirmed.
 */
describe.each([
  { name: 'sqlite', setup: async () => freshSqliteDatabase() },
  { name: 'mariadb', setup: () => freshMysqlDatabase() },
])('validation rules in a batch on $name', ({ setup }) => {
  let db: Db;
  let cleanup: () => unknown;
  let product: { product_id: number; sku: string; unit_price: number };

  beforeAll(async () => {
    const fresh = await setup();
    cleanup = fresh.cleanup;
    db = await connect(fresh.url);
    await migrateLatest(db);
    await seedDatabase(db, { orders: 30, seed: 5, days: 10, now: new Date('2026-11-20T00:00:00Z') });
    product = (await db('inventory as i')
      .join('products as p', 'p.id', 'i.product_id')
      .where('p.active', true)
      .whereRaw('i.on_hand - i.reserved >= 50')
      .first('i.product_id', 'p.sku', 'p.unit_price')) as typeof product;
    expect(product).toBeTruthy();
  });
  afterAll(async () => {
    await db?.destroy();
    await cleanup?.();
  });

  it('cancels a rule-breaking order naming every failed rule, and confirms the valid one beside it', async () => {
    const price = Number(product.unit_price);
    const good = placedEvent([{ sku: product.sku, quantity: 1, unitPrice: price }]);
    // A client-set price, the same SKU twice, and gift card through a marketplace.
    const bad = placedEvent([
      { sku: product.sku, quantity: 1, unitPrice: 0.01 },
      { sku: product.sku, quantity: 1, unitPrice: 0.01 },
    ]);
    bad.data.payment = { method: 'gift_card' };
    bad.data.channel = 'marketplace';
    const reservedBefore = Number(
      (await db('inventory').where({ product_id: product.product_id }).first('reserved')).reserved,
    );

    const outcome = await applyBatch(db, asMessages([good, bad], '2', 500));
    expect(outcome).toMatchObject({ applied: 2, deadLettered: 0 });

    const orders = await db('orders')
      .whereIn('id', [good.data.orderId, bad.data.orderId])
      .select('id', 'status', 'cancel_reason');
    expect(orders.find((o) => o.id === good.data.orderId)).toMatchObject({ status: 'confirmed' });
    expect(orders.find((o) => o.id === bad.data.orderId)).toMatchObject({
      status: 'cancelled',
      cancel_reason: 'validation_failed',
    });
    const decision = await db('order_events')
      .where({ order_id: bad.data.orderId, type: EVENT_TYPES.orderCancelled })
      .first('payload');
    // mysql2 hands JSON columns back parsed; SQLite as text.
    const payload = typeof decision.payload === 'string' ? JSON.parse(decision.payload) : decision.payload;
    expect(payload).toEqual({
      orderId: bad.data.orderId,
      reason: 'validation_failed',
      failedRules: ['items.no_duplicate_sku', 'price.catalog', 'payment.method_allowed'],
    });
    expect(await db('payments').where({ order_id: bad.data.orderId }).count({ n: '*' })).toEqual([{ n: 0 }]);
    const reservedAfter = Number(
      (await db('inventory').where({ product_id: product.product_id }).first('reserved')).reserved,
    );
    expect(reservedAfter).toBe(reservedBefore + 1);
  });
});
