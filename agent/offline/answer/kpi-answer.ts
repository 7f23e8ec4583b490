import type { KpiIntent } from '../intent.ts';
import type { PlannedKpi } from '../plan/kpi-query.ts';
import { countryName } from '../question/countries.ts';
import { failureAnswer, type ToolOutcome } from './write-answer.ts';
import { formatCount, formatValue, humanise } from './format.ts';

/** Rows named in the text of an answer; the full table is shown next to it. */
const SHOWN = 5;

/**
 * The answer to a KPI question: the figure (or the first groups), the period, and the catalogue's
 * definition, so the reader knows exactly what was counted — the same words the daily report and
 * `GET /api/kpis` document.
 */
export function kpiAnswer(intent: KpiIntent, plan: PlannedKpi, outcome: ToolOutcome): string {
  if (!outcome.ok) return failureAnswer(outcome);
  const { kpi } = plan;
  const period = !kpi.timeColumn
    ? ' (now; a snapshot, no period applies)'
    : intent.time
      ? ` ${/^[A-Z0-9]/.test(intent.time.label) ? 'in ' : ''}${intent.time.label}`
      : ' (all time)';
  const definition = `${kpi.label}: ${kpi.definition}`;
  const col = (name: string | undefined) => (name ? outcome.columns.indexOf(name) : -1);
  const valueIndex = col(plan.valueColumn);
  if (outcome.rows.length === 0) return `${kpi.label}${period}: no data. (${definition})`;
  const value = (row: unknown[]) => formatValue(row[valueIndex], plan.unit);
  const parts = (row: unknown[]) =>
    plan.partColumn && plan.wholeColumn
      ? ` (${formatValue(row[col(plan.partColumn)], 'count')} of ${formatValue(row[col(plan.wholeColumn)], 'count')})`
      : '';
  if (plan.labelColumns.length === 0) {
    const row = outcome.rows[0] as unknown[];
    return `${kpi.label}${period}: ${value(row)}${parts(row)}. (${definition})`;
  }
  const labels = plan.labelColumns.map((c) => col(c));
  const name = (row: unknown[]) =>
    labels
      .map((i, j) => {
        const v = row[i];
        if (v === null || v === undefined) return '(none)';
        return plan.labelColumns[j] === 'country' ? countryName(String(v)) : humanise(String(v));
      })
      .join(', ');
  const by = [intent.groupBy, kpi.breakdown?.label].filter(Boolean).join(' and ');
  const shown = outcome.rows
    .slice(0, SHOWN)
    .map((r) => `${name(r as unknown[])}: ${value(r as unknown[])}`)
    .join('; ');
  const more = outcome.rowCount > SHOWN ? `; … (${formatCount(outcome.rowCount)} rows in the table)` : '';
  return `${kpi.label} by ${by}${period}: ${shown}${more}. (${definition})`;
}
