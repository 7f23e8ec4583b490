import type { Db } from '../../services/shared/db/connection.ts';
import {
  QueryFailedError,
  QueryTimeoutError,
  type ExecutorOptions,
  type QueryExecutor,
  type QueryRows,
} from './query-executor.ts';

/** The callback API of a mysql2 connection as knex hands it out of its pool. */
interface PooledConnection {
  query(
    options: { sql: string; rowsAsArray?: boolean; timeout?: number },
    callback: (
      err: (Error & { code?: string; errno?: number }) | null,
      rows: unknown,
      fields?: unknown,
    ) => void,
  ): void;
}

/** Server error numbers for "statement timed out": MariaDB max_statement_time, MySQL max_execution_time. */
const TIMEOUT_ERRNOS = new Set([1969, 3024]);
/** Extra time the client waits beyond the server-side timeout before it gives up on the connection. */
const CLIENT_GRACE_MS = 5_000;

/**
 * Runs guarded statements on MySQL or MariaDB through the knex pool of the agent's read-only user. Each
 * statement runs in a READ ONLY transaction that is rolled back, with a server-side statement timeout:
 * MariaDB takes `SET STATEMENT max_statement_time=… FOR <select>`, MySQL a session `max_execution_time`.
 * The engine is detected once from `VERSION()`.
 */
export async function createMysqlExecutor(db: Db, options: ExecutorOptions): Promise<QueryExecutor> {
  const version = (await db.raw('SELECT VERSION() AS v')) as [[{ v: string }]];
  const engine = /mariadb/i.test(version[0][0].v) ? 'mariadb' : 'mysql';
  const seconds = (options.timeoutMs / 1000).toFixed(3);

  async function run(sql: string): Promise<QueryRows> {
    const conn = (await db.client.acquireConnection()) as PooledConnection;
    try {
      await query(conn, 'START TRANSACTION READ ONLY', options.timeoutMs);
      try {
        if (engine === 'mysql') {
          await query(
            conn,
            `SET SESSION max_execution_time = ${Math.ceil(options.timeoutMs)}`,
            options.timeoutMs,
          );
        }
        const statement =
          engine === 'mariadb' ? `SET STATEMENT max_statement_time=${seconds} FOR ${sql}` : sql;
        const { rows, fields } = await query(conn, statement, options.timeoutMs, true);
        return {
          columns: Array.isArray(fields) ? fields.map((f: { name: string }) => f.name) : [],
          rows: Array.isArray(rows) ? (rows as unknown[][]) : [],
        };
      } finally {
        await query(conn, 'ROLLBACK', options.timeoutMs).catch(() => undefined);
      }
    } finally {
      await db.client.releaseConnection(conn);
    }
  }

  return { dialect: 'mysql', engine, run, close: async () => undefined };
}

function query(
  conn: PooledConnection,
  sql: string,
  timeoutMs: number,
  rowsAsArray = false,
): Promise<{ rows: unknown; fields: unknown }> {
  return new Promise((resolve, reject) => {
    conn.query({ sql, rowsAsArray, timeout: timeoutMs + CLIENT_GRACE_MS }, (err, rows, fields) => {
      if (!err) return resolve({ rows, fields });
      if (
        (err.errno !== undefined && TIMEOUT_ERRNOS.has(err.errno)) ||
        err.code === 'PROTOCOL_SEQUENCE_TIMEOUT'
      ) {
        return reject(new QueryTimeoutError(timeoutMs));
      }
      reject(new QueryFailedError(err.message, err.code));
    });
  });
}
