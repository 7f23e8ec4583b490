import type { Intent } from './plan.ts';

/** The actions the simulator took on placed orders that the API accepted (202). */
export interface ActionCounts {
  addressChanges: number;
  customerCancels: number;
  released: number;
  rejected: number;
  shipped: number;
  delivered: number;
  returnsRequested: number;
  /** Actions the API refused because the order's state forbade them (409). */
  conflicts: number;
  /** Actions the API does not offer (404 on the route) or refused the credential for (401/403). */
  unavailable: number;
}

export interface SimulationSummary {
  api: string;
  runId: string;
  seed: number;
  rate: number;
  durationSeconds: number;
  drainSeconds: number;
  daySeconds: number;
  startedAt: string;
  elapsedSeconds: number;
  /** Orders sent to POST /api/orders (each once, retries not counted). */
  placed: number;
  /** Final HTTP answers to the placements: 202 accepted, the rest by status ("0" = no answer). */
  http: { accepted: number; rejected: Record<string, number> };
  /** Retried requests (all routes) by cause: "429", "503", "network". */
  retries: Record<string, number>;
  /** Placements per second over the placement window. */
  rateAchieved: number;
  intents: Partial<Record<Intent, number>>;
  /** The consumer's first decision per accepted order: confirmed, on_hold, cancelled:<reason>, undecided. */
  decisions: Record<string, number>;
  /** The last status each accepted order was seen in, and the cancel reasons of the cancelled ones. */
  outcomes: { byStatus: Record<string, number>; byCancelReason: Record<string, number> };
  actions: ActionCounts;
  /** Journeys still waiting for a step when the drain time ran out. */
  unfinished: number;
  /** Things the operator should know (rate limits below the requested rate, missing endpoints). */
  warnings: string[];
}

export const bump = (counts: Record<string, number>, key: string, by = 1): void => {
  counts[key] = (counts[key] ?? 0) + by;
};

const list = (counts: Record<string, number>) =>
  Object.entries(counts)
    .sort(([, a], [, b]) => b - a)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ') || '—';

/** The summary as a terminal reads it. */
export function formatSummary(s: SimulationSummary): string {
  const a = s.actions;
  return [
    `Simulated ${s.durationSeconds} s at ${s.rate}/s against ${s.api} (seed ${s.seed}, run ${s.runId}, ${s.elapsedSeconds.toFixed(1)} s in all)`,
    `  placed     ${s.placed} (${s.rateAchieved.toFixed(1)}/s achieved): accepted ${s.http.accepted}, rejected ${list(s.http.rejected)}`,
    `  retried    ${list(s.retries)}`,
    `  intents    ${list(s.intents as Record<string, number>)}`,
    `  decisions  ${list(s.decisions)}`,
    `  outcomes   ${list(s.outcomes.byStatus)}`,
    `  cancelled  ${list(s.outcomes.byCancelReason)}`,
    `  actions    shipped ${a.shipped}, delivered ${a.delivered}, returns ${a.returnsRequested}, released ${a.released}, rejected ${a.rejected}, address changes ${a.addressChanges}, customer cancels ${a.customerCancels}, 409 ${a.conflicts}, unavailable ${a.unavailable}`,
    `  unfinished ${s.unfinished} journeys at the end of the drain`,
    ...s.warnings.map((w) => `  warning    ${w}`),
  ].join('\n');
}
