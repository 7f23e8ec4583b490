import { tool } from '@langchain/core/tools';
import { z } from 'zod';
import { CONTRACT_TABLES } from '../../services/shared/db/contract.ts';
import { TABLES } from '../catalog/contract-catalog.ts';
import type { ToolArtifact } from './tool-artifact.ts';

export const LIST_TABLES = 'list_tables';

/** `list_tables`: the tables the agent may read, each with what it holds. */
export function listTablesTool() {
  return tool(
    async (): Promise<[string, ToolArtifact]> => {
      const tables = CONTRACT_TABLES.map((name) => ({ table: name, purpose: TABLES[name].purpose }));
      return [
        JSON.stringify({ tables }),
        {
          tool: LIST_TABLES,
          queries: [],
          result: {
            sql: '',
            columns: ['table', 'purpose'],
            rows: tables.map((t) => [t.table, t.purpose]),
            truncated: false,
          },
        },
      ];
    },
    {
      name: LIST_TABLES,
      description: 'List the tables of the orders database the agent may read, with what each one holds.',
      schema: z.object({}),
      responseFormat: 'content_and_artifact',
    },
  );
}
