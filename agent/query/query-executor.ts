import type { Dialect } from '../../services/shared/db/connection.ts';

/**
 * Runs one statement that already passed the SQL guard, under a statement timeout, without the right to
 * change anything (read-only transaction on MySQL, read-only connection on SQLite), off the caller's
 * event loop. One implementation for both engines (query-worker-pool.ts); callers never see which.
 */
export interface QueryExecutor {
  readonly dialect: Dialect;
  /** 'mariadb' or 'mysql' on the MySQL dialect (they time statements out differently); 'sqlite' otherwise. */
  readonly engine: 'mysql' | 'mariadb' | 'sqlite';
  run(sql: string, options?: { signal?: AbortSignal }): Promise<QueryRows>;
  close(): Promise<void>;
}

export interface QueryRows {
  columns: string[];
  rows: unknown[][];
}

export interface ExecutorOptions {
  /** Statement timeout; the statement is stopped after this long. */
  timeoutMs: number;
  /** AGENT_ALLOW_PII; without it the SQLite engine check refuses reads of personal columns. */
  allowPii?: boolean;
  /** The SQLite engine check (contract tables only, no personal columns); on unless turned off (gold queries). */
  engineChecks?: boolean;
  /** Statements that may run at once, each in its own process (default 3). */
  maxWorkers?: number;
  /** Longest string a result cell may hold (default 16 384 characters). */
  maxCellChars?: number;
  /** Largest result, counted as characters of strings plus 8 per other value (default 4 MiB). */
  maxResultBytes?: number;
  /** Told what a query process printed before it died (never row data: the program prints none). */
  onWorkerError?: (text: string) => void;
}

/** The statement ran longer than the timeout and was stopped. */
export class QueryTimeoutError extends Error {
  readonly code = 'QUERY_TIMEOUT';
  constructor(timeoutMs: number) {
    super(`The query ran longer than ${timeoutMs} ms and was stopped.`);
    this.name = 'QueryTimeoutError';
  }
}

/** The caller went away (or asked to stop) before the statement finished; it was stopped. */
export class QueryCancelledError extends Error {
  readonly code = 'QUERY_CANCELLED';
  constructor() {
    super('The query was cancelled.');
    this.name = 'QueryCancelledError';
  }
}

/**
 * The engine refused the statement after the guard let it through (the last line of defence), or the
 * result went over a cap. The message is the project's own, never the database's.
 */
export class QueryRefusedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'QueryRefusedError';
  }
}

/**
 * The database rejected the statement (bad column, permission denied, …). `message` is a safe summary;
 * the server's own text can echo data (`bad JSON path: 'name@example.net'`) and is never shown.
 */
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
