import type { AuditedQuery } from '../audit/audit-log.ts';
import { GuardRefusal } from '../guard/guard-refusal.ts';
import {
  QueryCancelledError,
  QueryFailedError,
  QueryRefusedError,
  QueryTimeoutError,
} from '../query/query-executor.ts';
import type { QueryResult, QueryRunner } from '../query/query-runner.ts';

export type AuditedRun =
  | { ok: true; result: QueryResult; audit: AuditedQuery }
  | { ok: false; code: string; message: string; audit: AuditedQuery };

/**
 * Runs one statement through the guard and the executor and describes what happened for the audit log.
 * Refusals and database errors become values, not exceptions: the model must read them and move on.
 * A statement stopped by a cap (time, cell or result size) or by the engine check counts as refused.
 */
export async function runAudited(
  runner: QueryRunner,
  tool: string,
  sql: string,
  signal?: AbortSignal,
): Promise<AuditedRun> {
  const t0 = performance.now();
  try {
    const result = await runner.run(sql, signal ? { signal } : {});
    return {
      ok: true,
      result,
      audit: {
        tool,
        sql,
        executedSql: result.sql,
        outcome: 'ok',
        rowCount: result.rows.length,
        elapsedMs: round(result.elapsedMs),
      },
    };
  } catch (err) {
    const elapsedMs = round(performance.now() - t0);
    if (
      err instanceof GuardRefusal ||
      err instanceof QueryRefusedError ||
      err instanceof QueryTimeoutError ||
      err instanceof QueryCancelledError
    ) {
      runner.onRefusal?.(err.code);
      return {
        ok: false,
        code: err.code,
        message: err.message,
        audit: { tool, sql, outcome: 'refused', code: err.code, message: err.message, elapsedMs },
      };
    }
    if (err instanceof QueryFailedError) {
      return {
        ok: false,
        code: err.code,
        message: err.message,
        audit: { tool, sql, outcome: 'failed', code: err.code, message: err.message, elapsedMs },
      };
    }
    throw err;
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
