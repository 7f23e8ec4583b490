import type { AuditedQuery } from '../audit/audit-log.ts';
import { GuardRefusal } from '../guard/guard-refusal.ts';
import { QueryFailedError, QueryTimeoutError } from '../query/query-executor.ts';
import type { QueryResult, QueryRunner } from '../query/query-runner.ts';

export type AuditedRun =
  | { ok: true; result: QueryResult; audit: AuditedQuery }
  | { ok: false; code: string; message: string; audit: AuditedQuery };

/**
 * Runs one statement through the guard and the executor and describes what happened for the audit log.
 * Refusals and database errors become values, not exceptions: the model must read them and move on.
 */
export async function runAudited(runner: QueryRunner, tool: string, sql: string): Promise<AuditedRun> {
  const t0 = performance.now();
  try {
    const result = await runner.run(sql);
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
    if (err instanceof GuardRefusal) {
      return {
        ok: false,
        code: err.code,
        message: err.message,
        audit: { tool, sql, outcome: 'refused', code: err.code, message: err.message, elapsedMs },
      };
    }
    if (err instanceof QueryTimeoutError || err instanceof QueryFailedError) {
      const outcome = err instanceof QueryTimeoutError ? 'timeout' : 'failed';
      return {
        ok: false,
        code: err.code,
        message: err.message,
        audit: { tool, sql, outcome, code: err.code, message: err.message, elapsedMs },
      };
    }
    throw err;
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
