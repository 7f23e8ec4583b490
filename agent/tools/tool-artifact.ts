import type { AuditedQuery } from '../audit/audit-log.ts';

/** A result set a tool produced, as the fronts show it (design §7: `{ answer, sql, columns, rows }`). */
export interface ResultSet {
  sql: string;
  columns: string[];
  rows: unknown[][];
  truncated: boolean;
}

/**
 * What every tool attaches to its ToolMessage besides the text the model reads: the statements it ran
 * (for the audit log) and the result set it produced (for the answer's table). Kept on the message, not in
 * shared state, so concurrent questions never see each other's results.
 */
export interface ToolArtifact {
  tool: string;
  queries: AuditedQuery[];
  result?: ResultSet;
}

export function isToolArtifact(value: unknown): value is ToolArtifact {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ToolArtifact).tool === 'string' &&
    Array.isArray((value as ToolArtifact).queries)
  );
}
