import type { OrdersAgent } from '../orders-agent.ts';
import type { QueryExecutor } from '../query/query-executor.ts';
import { resolvePlaceholders, type QuestionSet } from './question-set.ts';
import { scoreResult } from './scoring.ts';

export interface Failure {
  id: string;
  question: string;
  reason: string;
  answer: string;
  sql: string | null;
}

export interface SetReport {
  name: string;
  questions: number;
  correct: number;
  accuracy: number;
  latencyMs: { p50: number; p95: number; max: number };
  failures: Failure[];
}

/**
 * Asks every question of a set and scores the agent's final query result against the gold query run on
 * the same database (execution accuracy). Latency is the agent's own in-process time per question.
 */
export async function evaluateSet(
  agent: OrdersAgent,
  gold: QueryExecutor,
  set: QuestionSet,
): Promise<SetReport> {
  const questions = await resolvePlaceholders(set.questions, gold);
  const latencies: number[] = [];
  const failures: Failure[] = [];
  let correct = 0;
  for (const q of questions) {
    const answer = await agent.ask(q.question, { source: 'eval' });
    latencies.push(answer.elapsedMs);
    const expected = await gold.run(q.sql);
    const result = answer.sql ? { columns: answer.columns, rows: answer.rows } : undefined;
    const verdict = scoreResult(expected, result, {
      ...(q.order_sensitive !== undefined ? { orderSensitive: q.order_sensitive } : {}),
      ...(q.tolerance !== undefined ? { tolerance: q.tolerance } : {}),
      ...(q.rate !== undefined ? { rate: q.rate } : {}),
    });
    if (verdict.correct) correct += 1;
    else
      failures.push({
        id: q.id,
        question: q.question,
        reason: verdict.reason ?? 'wrong',
        answer: answer.answer.slice(0, 300),
        sql: answer.sql,
      });
  }
  return {
    name: set.name,
    questions: questions.length,
    correct,
    accuracy: questions.length ? round(correct / questions.length, 4) : 0,
    latencyMs: {
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      max: round(Math.max(0, ...latencies), 1),
    },
    failures,
  };
}

/** Nearest-rank percentile. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return round(sorted[rank - 1] as number, 1);
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
