import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { QueryExecutor } from '../query/query-executor.ts';

/** One evaluation question (../shared/agent-eval/README.md format). */
export const evalQuestionSchema = z.object({
  id: z.string().min(1),
  question: z.string().min(1),
  sql: z.string().min(1),
  order_sensitive: z.boolean().optional(),
  rate: z.boolean().optional(),
  tolerance: z.number().positive().optional(),
});
export type EvalQuestion = z.infer<typeof evalQuestionSchema>;

export interface QuestionSet {
  name: string;
  files: string[];
  questions: EvalQuestion[];
}

export function loadQuestionSet(name: string, files: string[]): QuestionSet {
  // Sets written apart may reuse ids ("k01" in holdout-2 and holdout-5): a later file's colliding id is
  // qualified by its file name, so every id of a pooled set names one question.
  const seen = new Set<string>();
  const questions = files.flatMap((file) =>
    readQuestions(file).map((q) => {
      const id = seen.has(q.id) ? `${path.basename(file, '.jsonl')}/${q.id}` : q.id;
      seen.add(id);
      return { ...q, id };
    }),
  );
  return { name, files, questions };
}

function readQuestions(file: string): EvalQuestion[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((line, i) => ({ line: line.trim(), n: i + 1 }))
    .filter(({ line }) => line !== '' && !line.startsWith('//'))
    .map(({ line, n }) => {
      const parsed = evalQuestionSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${n}: ${parsed.error.message}`);
      return parsed.data;
    });
}

/**
 * Placeholders filled from the seeded database before asking: the shared README defines
 * `{latest_order_id}`; the project's own sets add a few more of the same kind.
 */
export const PLACEHOLDER_QUERIES: Readonly<Record<string, string>> = {
  latest_order_id: 'SELECT id FROM orders ORDER BY placed_at DESC, id LIMIT 1',
  cancelled_order_id: "SELECT id FROM orders WHERE status = 'cancelled' ORDER BY placed_at DESC, id LIMIT 1",
  shipped_order_id:
    'SELECT o.id FROM orders o JOIN shipments s ON s.order_id = o.id ORDER BY o.placed_at DESC, o.id LIMIT 1',
  delivered_order_id: "SELECT id FROM orders WHERE status = 'delivered' ORDER BY placed_at DESC, id LIMIT 1",
  returned_order_id:
    'SELECT o.id FROM orders o JOIN returns r ON r.order_id = o.id ORDER BY o.placed_at DESC, o.id LIMIT 1',
  top_customer_email:
    "SELECT c.email FROM customers c JOIN orders o ON o.customer_id = c.id WHERE o.status IN ('confirmed','shipped','delivered') GROUP BY c.id, c.email ORDER BY SUM(o.total) DESC, c.id LIMIT 1",
  some_customer_email: 'SELECT email FROM customers ORDER BY id LIMIT 1',
};

export async function resolvePlaceholders(
  questions: EvalQuestion[],
  gold: QueryExecutor,
): Promise<EvalQuestion[]> {
  const names = new Set(
    questions.flatMap((q) => [...`${q.question} ${q.sql}`.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string)),
  );
  const values = new Map<string, string>();
  for (const name of names) {
    const sql = PLACEHOLDER_QUERIES[name];
    if (!sql) throw new Error(`Unknown placeholder {${name}}`);
    const result = await gold.run(sql);
    const value = result.rows[0]?.[0];
    if (value === undefined || value === null)
      throw new Error(`Placeholder {${name}} has no value in this database`);
    values.set(name, String(value));
  }
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (_, n: string) => values.get(n) ?? `{${n}}`);
  return questions.map((q) => ({ ...q, question: fill(q.question), sql: fill(q.sql) }));
}
