import { dialect, type Db } from '../../services/shared/db/connection.ts';
import { createMysqlExecutor } from './mysql-executor.ts';
import type { ExecutorOptions, QueryExecutor } from './query-executor.ts';
import { createSqliteExecutor } from './sqlite-executor.ts';

/**
 * The executor for a knex handle: MySQL/MariaDB queries go through its pool (open it with the read-only
 * agent user's URL), SQLite queries through a read-only child process on the same file.
 */
export async function createQueryExecutor(db: Db, options: ExecutorOptions): Promise<QueryExecutor> {
  if (dialect(db) === 'mysql') return createMysqlExecutor(db, options);
  const connection = db.client.config.connection as { filename?: string } | undefined;
  if (!connection?.filename || connection.filename === ':memory:') {
    throw new Error('The agent needs a SQLite database file (in-memory databases cannot be shared).');
  }
  return createSqliteExecutor(connection.filename, options);
}
