import { guardSql } from '../guard/sql-guard.ts';
import { maskRows } from '../../services/shared/privacy/mask-text.ts';
import type { QueryExecutor } from './query-executor.ts';

export interface QueryRunnerOptions {
  /** Rows a query may return; more are cut and the result says so. */
  maxRows: number;
  /** AGENT_ALLOW_PII: with false, personal columns are masked stand-ins and free text is masked too. */
  allowPii: boolean;
}

export interface QueryResult {
  /** The statement that ran: the guard's regenerated SQL with its row limit. */
  sql: string;
  columns: string[];
  rows: unknown[][];
  /** True when the query had more than maxRows rows and the rest were dropped. */
  truncated: boolean;
  elapsedMs: number;
}

/**
 * The one path from SQL text to rows: guard, execute read-only under a timeout in a query process, cut
 * to the row limit, mask personal data in free text. Every tool that reads the database goes through it.
 * @throws {GuardRefusal} when the guard refuses; {QueryRefusedError}, {QueryTimeoutError},
 *   {QueryCancelledError} or {QueryFailedError} from the executor.
 */
export class QueryRunner {
  /** Told the reason code of every refused statement (the refusal counter). */
  onRefusal?: (code: string) => void;

  constructor(
    readonly executor: QueryExecutor,
    readonly options: QueryRunnerOptions,
  ) {}

  get dialect() {
    return this.executor.dialect;
  }

  async run(sql: string, options: { signal?: AbortSignal } = {}): Promise<QueryResult> {
    const t0 = performance.now();
    const guarded = guardSql(sql, {
      dialect: this.executor.dialect,
      maxRows: this.options.maxRows,
      allowPii: this.options.allowPii,
    });
    const result = await this.executor.run(guarded.sql, options);
    const truncated = result.rows.length > this.options.maxRows;
    const rows = truncated ? result.rows.slice(0, this.options.maxRows) : result.rows;
    return {
      sql: guarded.sql,
      columns: result.columns,
      rows: this.options.allowPii ? rows : maskRows(rows),
      truncated,
      elapsedMs: performance.now() - t0,
    };
  }
}
