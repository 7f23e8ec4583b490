import { tool } from '@langchain/core/tools';
import { z } from 'zod';
import type { QueryRunner } from '../query/query-runner.ts';
import { runAudited } from './audited-query.ts';
import type { ToolArtifact } from './tool-artifact.ts';

export const RUN_QUERY = 'run_query';
/** Rows the model reads back; the person asking gets all rows up to the runner's limit. */
export const ROWS_FOR_MODEL = 50;

/**
 * `run_query`: one read-only SELECT over the contract tables, checked by the guard, run with a timeout
 * and a row limit, emails masked unless PII is allowed. The model reads a JSON result or a JSON error.
 */
export function runQueryTool(runner: QueryRunner) {
  return tool(
    async ({ sql }, config): Promise<[string, ToolArtifact]> => {
      const run = await runAudited(runner, RUN_QUERY, sql, config?.signal);
      if (!run.ok) {
        return [
          JSON.stringify({ error: { code: run.code, message: run.message } }),
          { tool: RUN_QUERY, queries: [run.audit] },
        ];
      }
      const { result } = run;
      const shown = result.rows.slice(0, ROWS_FOR_MODEL);
      const content = {
        sql: result.sql,
        columns: result.columns,
        rows: shown,
        rowCount: result.rows.length,
        truncated: result.truncated,
        ...(shown.length < result.rows.length
          ? {
              note: `Only the first ${shown.length} of ${result.rows.length} rows are shown here; the user sees all.`,
            }
          : {}),
      };
      return [
        JSON.stringify(content),
        {
          tool: RUN_QUERY,
          queries: [run.audit],
          result: {
            sql: result.sql,
            columns: result.columns,
            rows: result.rows,
            truncated: result.truncated,
          },
        },
      ];
    },
    {
      name: RUN_QUERY,
      description:
        'Run one read-only SQL SELECT (CTEs allowed) over the orders database and get its rows as JSON. ' +
        'Only the contract tables can be read; writes, system schemas, locking, SLEEP and files are refused. ' +
        'Use the dialect named in the system prompt.',
      schema: z.object({ sql: z.string().min(1).max(20_000).describe('One SELECT statement') }),
      responseFormat: 'content_and_artifact',
    },
  );
}
