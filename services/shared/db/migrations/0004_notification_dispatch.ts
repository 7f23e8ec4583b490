import type { Knex } from 'knex';

/**
 * The outbox dispatcher's columns (docs/notifications.md): the template data (`payload`) and language a
 * message is rendered from at send time, the retry schedule (`next_attempt_at`) and the claim lease
 * (`claimed_by`, `claimed_until`) that lets several dispatchers share the table without sending a row
 * twice; and `order_id` becomes nullable for operator alerts, which concern no order.
 *
 * Migration 0001 builds from the schema module, so a database created after this change already has all
 * of it: every step here runs only where its column is missing (or still NOT NULL).
 */
const ADDED = ['payload', 'language', 'next_attempt_at', 'claimed_by', 'claimed_until'] as const;

export async function up(knex: Knex): Promise<void> {
  const info = await knex('notifications').columnInfo();
  const missing = ADDED.filter((c) => !(c in info));
  if (missing.length > 0) {
    await knex.schema.alterTable('notifications', (t) => {
      if (missing.includes('payload')) t.json('payload').nullable();
      if (missing.includes('language')) t.string('language', 8).nullable();
      if (missing.includes('next_attempt_at')) t.datetime('next_attempt_at', { precision: 3 }).nullable();
      if (missing.includes('claimed_by')) t.string('claimed_by', 64).nullable();
      if (missing.includes('claimed_until')) t.datetime('claimed_until', { precision: 3 }).nullable();
      if (missing.includes('next_attempt_at')) t.index(['status', 'next_attempt_at']);
    });
  }
  if (info.order_id && !info.order_id.nullable) {
    // On SQLite knex rebuilds the table for this (indexes and rows are copied).
    await knex.schema.alterTable('notifications', (t) => {
      t.string('order_id', 32).nullable().alter();
    });
  }
}

export async function down(knex: Knex): Promise<void> {
  // order_id stays nullable: alert rows without an order may exist by now.
  const info = await knex('notifications').columnInfo();
  await knex.schema.alterTable('notifications', (t) => {
    if ('next_attempt_at' in info) t.dropIndex(['status', 'next_attempt_at']);
    for (const c of ADDED) if (c in info) t.dropColumn(c);
  });
}
