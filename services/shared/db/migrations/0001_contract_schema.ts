import type { Knex } from 'knex';
import { CONTRACT_TABLES } from '../contract.ts';
import { SCHEMA } from '../schema.ts';
import { buildTable } from '../table-builder.ts';

/**
 * The orders database contract of design §5, identical on MySQL/MariaDB and SQLite, built from its one
 * description in services/shared/db/schema.ts. Enumerations become MySQL ENUMs / SQLite CHECK
 * constraints so bad values cannot be stored. Built from the schema only because that produces exactly
 * the DDL this migration shipped with (docs/adr/0010-import-floors-and-schema-as-data.md).
 */

function mysqlTable(t: Knex.CreateTableBuilder, knex: Knex) {
  if (knex.client.config.client === 'mysql2') {
    t.engine('InnoDB');
    t.charset('utf8mb4');
    t.collate('utf8mb4_unicode_ci');
  }
}

export async function up(knex: Knex): Promise<void> {
  // Parents first: the foreign keys name tables that must exist.
  for (const table of CONTRACT_TABLES) {
    await knex.schema.createTable(table, (t) => {
      mysqlTable(t, knex);
      buildTable(t, SCHEMA[table]);
    });
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [...CONTRACT_TABLES].reverse()) {
    await knex.schema.dropTableIfExists(table);
  }
}
