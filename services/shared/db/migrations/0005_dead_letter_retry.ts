import type { Knex } from 'knex';

/**
 * `dead_letters.retried_at`: when an operator sent a dead letter's payload back through the hub
 * (`POST /api/ops/dead-letters/:id/retry`). Set once, by an update that only matches a row not yet
 * retried, so two operators clicking at once send it once and the second answer is 409.
 *
 * Migration 0001 builds from the schema module, so a database created after this change already has
 * the column: it is added only where it is missing.
 */
export async function up(knex: Knex): Promise<void> {
  if (await knex.schema.hasColumn('dead_letters', 'retried_at')) return;
  await knex.schema.alterTable('dead_letters', (t) => {
    t.datetime('retried_at', { precision: 3 }).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  if (!(await knex.schema.hasColumn('dead_letters', 'retried_at'))) return;
  await knex.schema.alterTable('dead_letters', (t) => {
    t.dropColumn('retried_at');
  });
}
