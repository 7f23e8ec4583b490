import knexFactory, { type Knex } from 'knex';
import type { Dialect } from '../../services/shared/db/connection.ts';

const builders = new Map<Dialect, Knex>();

/**
 * A knex instance with no connection, used only to compile queries to SQL text for a dialect. The offline
 * model and the tools build queries with it, so one query description serves MySQL and SQLite alike.
 */
export function sqlBuilder(dialect: Dialect): Knex {
  let builder = builders.get(dialect);
  if (!builder) {
    builder =
      dialect === 'mysql'
        ? knexFactory({ client: 'mysql2' })
        : knexFactory({ client: 'better-sqlite3', useNullAsDefault: true });
    builders.set(dialect, builder);
  }
  return builder;
}
