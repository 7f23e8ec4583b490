import type { QueryRunner } from '../query/query-runner.ts';
import { describeTableTool } from './describe-table-tool.ts';
import { listTablesTool } from './list-tables-tool.ts';
import { orderStoryTool } from './order-story-tool.ts';
import { runQueryTool } from './run-query-tool.ts';

export { DESCRIBE_TABLE } from './describe-table-tool.ts';
export { LIST_TABLES } from './list-tables-tool.ts';
export { ORDER_STORY } from './order-story-tool.ts';
export { RUN_QUERY } from './run-query-tool.ts';

/** The agent's tools over the orders database; all reads go through the runner (guard, timeout, masking). */
export function createTools(runner: QueryRunner) {
  return [listTablesTool(), describeTableTool(runner), runQueryTool(runner), orderStoryTool(runner)];
}
