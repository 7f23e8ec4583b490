import type { Dialect } from '../../services/shared/db/connection.ts';

/**
 * Runs one statement that already passed the SQL guard, under a statement timeout, without the right to
 * change anything (read-only transaction on MySQL, read-only connection on SQLite). One implementation per
 * engine; callers never see which.
 */
export interface QueryExecutor {
  readonly dialect: Dialect;
  /** 'mariadb' or 'mysql' on the MySQL dialect (they time statements out differently); 'sqlite' otherwise. */
  readonly engine: 'mysql' | 'mariadb' | 'sqlite';
  run(sql: string): Promise<QueryRows>;
  close(): Promise<void>;
}

export interface QueryRows {
  columns: string[];
  rows: unknown[][];
}

export interface ExecutorOptions {
  /** Statement timeout; the server stops the query after this long. */
  timeoutMs: number;
}

/** The statement ran longer than the timeout and was stopped. */
export class QueryTimeoutError extends Error {
  readonly code = 'QUERY_TIMEOUT';
  constructor(timeoutMs: number) {
    super(`The query ran longer than ${timeoutMs} ms and was stopped.`);
    this.name = 'QueryTimeoutError';
  }
}

/** The database rejected the statement (bad column, permission denied, …); the message is the server's. */
export class QueryFailedError extends Error {
  readonly code = 'QUERY_FAILED';
  constructor(
    message: string,
    readonly serverCode?: string,
  ) {
    super(message);
    this.name = 'QueryFailedError';
  }
}
