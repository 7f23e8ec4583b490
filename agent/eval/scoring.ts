/**
 * Execution accuracy as ../shared/agent-eval/README.md defines it: the agent's final query must return
 * the gold query's values. Every gold column must appear among the agent's columns (extra columns are
 * fine; names and column order do not matter); row order matters only for order-sensitive questions;
 * numbers agree to 0.01 absolute, or to `tolerance` relative; for rate questions a fraction or a
 * percentage both count.
 */

export interface ResultTable {
  columns: string[];
  rows: unknown[][];
}

export interface ScoringRules {
  orderSensitive?: boolean;
  /** Relative tolerance for numbers (0.05 = 5 %). */
  tolerance?: number;
  /** Rate question: the agent may answer 0.1167 or 11.67. */
  rate?: boolean;
}

export interface Verdict {
  correct: boolean;
  reason?: string;
}

export function scoreResult(
  gold: ResultTable,
  agent: ResultTable | undefined,
  rules: ScoringRules = {},
): Verdict {
  if (!agent) return { correct: false, reason: 'the agent ran no query' };
  if (agent.rows.length !== gold.rows.length) {
    return { correct: false, reason: `row count ${agent.rows.length}, expected ${gold.rows.length}` };
  }
  const goldCols = gold.columns.map((_, j) => gold.rows.map((r) => r[j]));
  const agentCols = agent.columns.map((_, j) => agent.rows.map((r) => r[j]));
  const scales = rules.rate ? [1, 100] : [1];

  // Candidate agent columns (and scale) for each gold column, judged column by column first.
  const candidates = goldCols.map((g) => {
    const found: Array<{ index: number; scale: number }> = [];
    agentCols.forEach((a, index) => {
      for (const scale of scales) {
        if (columnMatches(g, a, scale, rules)) found.push({ index, scale });
      }
    });
    return found;
  });
  const missing = candidates.findIndex((c) => c.length === 0);
  if (missing >= 0) {
    return {
      correct: false,
      reason: `no agent column matches gold column ${gold.columns[missing] ?? missing}`,
    };
  }
  if (rules.orderSensitive || gold.rows.length <= 1) return { correct: true };

  // Several gold columns: the rows must line up, so try the candidate combinations (there are few).
  for (const choice of combinations(candidates)) {
    if (rowsMatch(gold.rows, agent.rows, choice, rules)) return { correct: true };
  }
  return { correct: false, reason: 'columns match one by one but not row by row' };
}

function columnMatches(gold: unknown[], agent: unknown[], scale: number, rules: ScoringRules): boolean {
  if (rules.orderSensitive) return gold.every((g, i) => valuesEqual(g, agent[i], scale, rules));
  const used = new Array<boolean>(agent.length).fill(false);
  const sortedGold = [...gold].sort(compareLoose);
  const sortedAgent = [...agent].sort(compareLoose);
  // Sorted comparison is exact for strings and nearly always right for numbers; fall back to matching.
  if (sortedGold.every((g, i) => valuesEqual(g, sortedAgent[i], scale, rules))) return true;
  return gold.every((g) => {
    const i = agent.findIndex((a, j) => !used[j] && valuesEqual(g, a, scale, rules));
    if (i < 0) return false;
    used[i] = true;
    return true;
  });
}

function rowsMatch(
  goldRows: unknown[][],
  agentRows: unknown[][],
  choice: Array<{ index: number; scale: number }>,
  rules: ScoringRules,
): boolean {
  const used = new Array<boolean>(agentRows.length).fill(false);
  return goldRows.every((g) => {
    const i = agentRows.findIndex(
      (a, j) => !used[j] && choice.every((c, col) => valuesEqual(g[col], a[c.index], c.scale, rules)),
    );
    if (i < 0) return false;
    used[i] = true;
    return true;
  });
}

function* combinations<T>(lists: T[][], prefix: T[] = []): Generator<T[]> {
  if (prefix.length === lists.length) {
    yield prefix;
    return;
  }
  for (const item of lists[prefix.length] ?? []) yield* combinations(lists, [...prefix, item]);
}

export function valuesEqual(gold: unknown, agent: unknown, scale = 1, rules: ScoringRules = {}): boolean {
  if (gold === null || gold === undefined) return agent === null || agent === undefined;
  if (agent === null || agent === undefined) return false;
  const g = asNumber(gold);
  const a = asNumber(agent);
  if (g !== undefined && a !== undefined) {
    const expected = g * scale;
    const diff = Math.abs(a - expected);
    if (diff <= 0.01 + 1e-9) return true;
    return rules.tolerance !== undefined && diff <= rules.tolerance * Math.abs(expected);
  }
  return String(gold).trim() === String(agent).trim();
}

function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(v.trim())) return Number(v);
  return undefined;
}

function compareLoose(x: unknown, y: unknown): number {
  const a = asNumber(x);
  const b = asNumber(y);
  if (a !== undefined && b !== undefined) return a - b;
  return String(x).localeCompare(String(y));
}
