import type { Knex } from 'knex';
import { ORDER_STATUSES } from '../../domain/order-status.ts';
import {
  NOTIFICATION_CHANNELS,
  NOTIFICATION_STATUSES,
  PAYMENT_METHODS,
  PAYMENT_STATUSES,
  RETURN_REASONS,
  RETURN_STATUSES,
  SENTIMENTS,
  SHIPMENT_STATUSES,
} from '../../domain/vocabulary.ts';

/**
 * The orders database contract of design §5, identical on MySQL/MariaDB and SQLite.
 * Enumerations become MySQL ENUMs / SQLite CHECK constraints so bad values cannot be stored.
 */

const money = (t: Knex.CreateTableBuilder, name: string) => t.decimal(name, 12, 2);
const ts = (t: Knex.CreateTableBuilder, name: string) => t.datetime(name, { precision: 3 });

function mysqlTable(t: Knex.CreateTableBuilder, knex: Knex) {
  if (knex.client.config.client === 'mysql2') {
    t.engine('InnoDB');
    t.charset('utf8mb4');
    t.collate('utf8mb4_unicode_ci');
  }
}

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('customers', (t) => {
    mysqlTable(t, knex);
    t.increments('id').primary();
    t.string('email', 254).notNullable().unique();
    t.string('full_name', 200).notNullable();
    t.specificType('country', 'char(2)').notNullable();
    t.string('city', 100).notNullable();
    ts(t, 'created_at').notNullable();
    t.index(['country']);
  });

  await knex.schema.createTable('products', (t) => {
    mysqlTable(t, knex);
    t.increments('id').primary();
    t.string('sku', 64).notNullable().unique();
    t.string('name', 200).notNullable();
    t.string('category', 64).notNullable();
    money(t, 'unit_price').notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    ts(t, 'created_at').notNullable();
    t.index(['category']);
  });

  await knex.schema.createTable('inventory', (t) => {
    mysqlTable(t, knex);
    t.integer('product_id').unsigned().primary().references('id').inTable('products');
    t.integer('on_hand').notNullable().defaultTo(0);
    t.integer('reserved').notNullable().defaultTo(0);
    t.integer('reorder_level').notNullable().defaultTo(0);
    ts(t, 'updated_at').notNullable();
  });

  await knex.schema.createTable('orders', (t) => {
    mysqlTable(t, knex);
    t.string('id', 32).primary();
    t.integer('customer_id').unsigned().notNullable().references('id').inTable('customers');
    t.enu('status', [...ORDER_STATUSES]).notNullable();
    t.string('channel', 32).notNullable();
    t.specificType('currency', 'char(3)').notNullable().defaultTo('EUR');
    money(t, 'subtotal').notNullable();
    money(t, 'shipping_fee').notNullable().defaultTo(0);
    money(t, 'tax').notNullable().defaultTo(0);
    money(t, 'total').notNullable();
    t.string('ship_line1', 200).notNullable();
    t.string('ship_city', 100).notNullable();
    t.string('ship_postal_code', 20).notNullable();
    t.specificType('ship_country', 'char(2)').notNullable();
    t.decimal('latitude', 9, 6).nullable();
    t.decimal('longitude', 9, 6).nullable();
    t.smallint('fraud_score').nullable();
    t.string('cancel_reason', 32).nullable();
    ts(t, 'placed_at').notNullable();
    ts(t, 'confirmed_at').nullable();
    ts(t, 'shipped_at').nullable();
    ts(t, 'delivered_at').nullable();
    ts(t, 'cancelled_at').nullable();
    ts(t, 'updated_at').notNullable();
    t.index(['placed_at']);
    t.index(['status', 'placed_at']);
    t.index(['customer_id']);
  });

  await knex.schema.createTable('order_items', (t) => {
    mysqlTable(t, knex);
    t.string('order_id', 32).notNullable().references('id').inTable('orders');
    t.smallint('line_no').notNullable();
    t.integer('product_id').unsigned().notNullable().references('id').inTable('products');
    t.string('sku', 64).notNullable();
    t.integer('quantity').notNullable();
    money(t, 'unit_price').notNullable();
    money(t, 'line_total').notNullable();
    t.primary(['order_id', 'line_no']);
    t.index(['product_id']);
  });

  await knex.schema.createTable('payments', (t) => {
    mysqlTable(t, knex);
    t.increments('id').primary();
    t.string('order_id', 32).notNullable().references('id').inTable('orders');
    t.enu('method', [...PAYMENT_METHODS]).notNullable();
    t.enu('status', [...PAYMENT_STATUSES]).notNullable();
    money(t, 'amount').notNullable();
    t.string('provider_ref', 64).nullable();
    ts(t, 'created_at').notNullable();
    ts(t, 'updated_at').notNullable();
    t.index(['order_id']);
  });

  await knex.schema.createTable('shipments', (t) => {
    mysqlTable(t, knex);
    t.increments('id').primary();
    t.string('order_id', 32).notNullable().references('id').inTable('orders');
    t.string('carrier', 32).notNullable();
    t.string('tracking_number', 64).notNullable();
    t.enu('status', [...SHIPMENT_STATUSES]).notNullable();
    ts(t, 'shipped_at').nullable();
    ts(t, 'delivered_at').nullable();
    t.index(['order_id']);
  });

  await knex.schema.createTable('returns', (t) => {
    mysqlTable(t, knex);
    t.increments('id').primary();
    t.string('order_id', 32).notNullable().references('id').inTable('orders');
    t.enu('reason', [...RETURN_REASONS]).notNullable();
    t.text('comment').nullable();
    t.enu('sentiment', [...SENTIMENTS]).nullable();
    t.decimal('sentiment_score', 4, 3).nullable();
    t.enu('status', [...RETURN_STATUSES]).notNullable();
    money(t, 'refund_amount').nullable();
    ts(t, 'requested_at').notNullable();
    ts(t, 'resolved_at').nullable();
    t.index(['order_id']);
  });

  await knex.schema.createTable('order_events', (t) => {
    mysqlTable(t, knex);
    t.bigIncrements('id').primary();
    t.string('event_id', 64).notNullable().unique();
    t.string('order_id', 32).notNullable();
    t.string('type', 100).notNullable();
    t.string('source', 200).notNullable();
    t.string('partition_id', 16).nullable();
    t.bigInteger('sequence_number').nullable();
    ts(t, 'occurred_at').notNullable();
    ts(t, 'recorded_at').notNullable();
    t.json('payload').nullable();
    t.index(['order_id']);
  });

  await knex.schema.createTable('notifications', (t) => {
    mysqlTable(t, knex);
    t.increments('id').primary();
    t.string('order_id', 32).notNullable();
    t.enu('channel', [...NOTIFICATION_CHANNELS]).notNullable();
    t.string('recipient', 254).notNullable();
    t.string('template', 64).notNullable();
    t.enu('status', [...NOTIFICATION_STATUSES])
      .notNullable()
      .defaultTo('pending');
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error').nullable();
    ts(t, 'created_at').notNullable();
    ts(t, 'sent_at').nullable();
    t.index(['order_id']);
    t.index(['status']);
  });

  await knex.schema.createTable('dead_letters', (t) => {
    mysqlTable(t, knex);
    t.increments('id').primary();
    t.string('event_id', 200).nullable();
    t.string('partition_id', 16).nullable();
    t.bigInteger('sequence_number').nullable();
    t.string('reason', 1000).notNullable();
    // Raw text, not JSON: a dead letter is often exactly the payload that failed to parse.
    t.text('payload', 'mediumtext').nullable();
    ts(t, 'created_at').notNullable();
    t.index(['created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'dead_letters',
    'notifications',
    'order_events',
    'returns',
    'shipments',
    'payments',
    'order_items',
    'orders',
    'inventory',
    'products',
    'customers',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
