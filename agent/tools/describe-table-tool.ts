import { tool } from '@langchain/core/tools';
import { z } from 'zod';
import { CONTRACT_TABLES } from '../../services/shared/db/contract.ts';
import { TABLES, definitionsFor } from '../catalog/contract-catalog.ts';
import type { QueryRunner } from '../query/query-runner.ts';
import { sqlBuilder } from '../query/sql-builder.ts';
import { runAudited } from './audited-query.ts';
import type { ToolArtifact } from './tool-artifact.ts';

export const DESCRIBE_TABLE = 'describe_table';
const SAMPLE_ROWS = 3;

/**
 * `describe_table`: a table's columns and types, a few sample rows (masked like any result) and the
 * business definitions of design §5 that involve it.
 */
export function describeTableTool(runner: QueryRunner) {
  return tool(
    async ({ table }, config): Promise<[string, ToolArtifact]> => {
      const info = TABLES[table];
      const sampleSql = sqlBuilder(runner.dialect).select('*').from(table).limit(SAMPLE_ROWS).toQuery();
      const run = await runAudited(runner, DESCRIBE_TABLE, sampleSql, config?.signal);
      const sample = run.ok ? { columns: run.result.columns, rows: run.result.rows } : { error: run.message };
      const content = {
        table,
        purpose: info.purpose,
        columns: info.columns,
        businessDefinitions: definitionsFor(table).map((d) => `${d.term}: ${d.definition}`),
        sampleRows: sample,
      };
      return [
        JSON.stringify(content),
        {
          tool: DESCRIBE_TABLE,
          queries: [run.audit],
          result: {
            sql: '',
            columns: ['column', 'type', 'note'],
            rows: info.columns.map((c) => [c.name, c.type, c.note ?? '']),
            truncated: false,
          },
        },
      ];
    },
    {
      name: DESCRIBE_TABLE,
      description:
        'Describe one table: columns with types and meaning, a few sample rows, and the business definitions that use it.',
      schema: z.object({ table: z.enum(CONTRACT_TABLES).describe('Table name') }),
      responseFormat: 'content_and_artifact',
    },
  );
}
