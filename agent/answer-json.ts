import type { AgentAnswer } from './orders-agent.ts';

/** The JSON shape of `oms ask --json` (and of each line when questions come from stdin). */
export function answerJson(a: AgentAnswer): Record<string, unknown> {
  return {
    question: a.question,
    answer: a.answer,
    sql: a.sql,
    columns: a.columns,
    rows: a.rows,
    truncated: a.truncated,
    outcome: a.outcome,
    provider: a.provider,
    elapsedMs: a.elapsedMs,
  };
}
