import fs from 'node:fs';
import { dialect, type Db } from '../../services/shared/db/connection.ts';
import type { ExecutorOptions, QueryExecutor } from './query-executor.ts';
import { QueryFailedError } from './query-executor.ts';
import { createWorkerPool } from './query-worker-pool.ts';

/**
 * The executor for a knex handle: statements run in worker processes that open the same database — the
 * MySQL connection settings of `db` (open it with the read-only agent user's URL), or its SQLite file
 * read-only.
 */
export async function createQueryExecutor(db: Db, options: ExecutorOptions): Promise<QueryExecutor> {
  const connection = db.client.config.connection as Record<string, unknown> & { filename?: string };
  if (dialect(db) === 'mysql') {
    // knex keeps the password as a hidden (non-enumerable) property; the worker needs it copied over.
    const settings = { ...connection, password: connection.password };
    return createWorkerPool({ engine: 'mysql', connection: settings }, options);
  }
  if (!connection?.filename || connection.filename === ':memory:') {
    throw new Error('The agent needs a SQLite database file (in-memory databases cannot be shared).');
  }
  if (!fs.existsSync(connection.filename)) {
    throw new QueryFailedError(`SQLite database ${connection.filename} does not exist`);
  }
  return createWorkerPool({ engine: 'sqlite', filename: connection.filename }, options);
}
