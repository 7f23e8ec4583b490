import type { Db } from '../db/connection.ts';
import { KPI_CATALOGUE, type KpiDefinition, type KpiUnit } from './catalogue.ts';
import { runKpi, type KpiRow } from './run-kpi.ts';

const DAY_MS = 86_400_000;

export interface DailyReportLine {
  id: string;
  label: string;
  unit: KpiUnit;
  /** The breakdown value (reason, SKU) of a breakdown KPI. */
  key?: string;
  value: number | null;
  numerator?: number;
  denominator?: number;
  previousDay: number | null;
  changePreviousDay: number | null;
  changePctPreviousDay: number | null;
  sameWeekdayLastWeek: number | null;
  changeSameWeekdayLastWeek: number | null;
  changePctSameWeekdayLastWeek: number | null;
}

export interface DailyReport {
  /** YYYY-MM-DD, UTC. */
  date: string;
  previousDay: string;
  sameWeekdayLastWeek: string;
  lines: DailyReportLine[];
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const dayWindow = (start: Date) => ({ from: start, to: new Date(start.getTime() + DAY_MS) });
const round = (n: number, decimals: number) => Math.round(n * 10 ** decimals) / 10 ** decimals;

function change(value: number | null, before: number | null): { abs: number | null; pct: number | null } {
  if (value === null || before === null) return { abs: null, pct: null };
  return {
    // Rounded so float noise (0.1 + 0.2) does not show as a change in the report.
    abs: round(value - before, 6),
    pct: before === 0 ? null : round(((value - before) / Math.abs(before)) * 100, 1),
  };
}

function withDroppedKeys(
  breakdown: KpiDefinition['breakdown'],
  today: KpiRow[],
  comparisons: (KpiRow[] | undefined)[],
): KpiRow[] {
  if (!breakdown || breakdown.top) return today;
  const seen = new Set(today.map((r) => r.key));
  const dropped = comparisons
    .flatMap((rows) => rows ?? [])
    .filter((r) => !seen.has(r.key) && (seen.add(r.key), true))
    .map((r) => ({ key: r.key, value: 0 }));
  return [...today, ...dropped].sort((a, b) => (String(a.key) < String(b.key) ? -1 : 1));
}

/**
 * Every catalogue KPI for one UTC day against the previous day and the same weekday a week earlier.
 * Breakdowns list the day's keys and, except top-N lists, keys seen only on a comparison day (at 0), so a
 * reason that disappeared still shows; a key absent on a comparison day counts 0 there.
 * A snapshot KPI (stock) has no history, so its comparisons are empty rather than invented.
 */
export async function dailyReport(db: Db, date: Date): Promise<DailyReport> {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const previous = new Date(day.getTime() - DAY_MS);
  const lastWeek = new Date(day.getTime() - 7 * DAY_MS);
  const lines: DailyReportLine[] = [];
  for (const kpi of KPI_CATALOGUE) {
    const today = (await runKpi(db, kpi, dayWindow(day))).rows;
    const [before, weekBefore] = kpi.timeColumn
      ? [
          (await runKpi(db, kpi, dayWindow(previous), undefined, { all: true })).rows,
          (await runKpi(db, kpi, dayWindow(lastWeek), undefined, { all: true })).rows,
        ]
      : [undefined, undefined];
    const valueOf = (rows: KpiRow[] | undefined, key: string | undefined): number | null => {
      if (!rows) return null;
      const row = rows.find((r) => r.key === key);
      return row ? row.value : kpi.breakdown ? 0 : null;
    };
    for (const row of withDroppedKeys(kpi.breakdown, today, [before, weekBefore])) {
      const previousDay = valueOf(before, row.key);
      const sameWeekdayLastWeek = valueOf(weekBefore, row.key);
      const d1 = change(row.value, previousDay);
      const d7 = change(row.value, sameWeekdayLastWeek);
      lines.push({
        id: kpi.id,
        label: kpi.label,
        unit: kpi.unit,
        ...(row.key !== undefined ? { key: row.key } : {}),
        value: row.value,
        ...(row.denominator !== undefined ? { numerator: row.numerator, denominator: row.denominator } : {}),
        previousDay,
        changePreviousDay: d1.abs,
        changePctPreviousDay: d1.pct,
        sameWeekdayLastWeek,
        changeSameWeekdayLastWeek: d7.abs,
        changePctSameWeekdayLastWeek: d7.pct,
      });
    }
  }
  return { date: isoDay(day), previousDay: isoDay(previous), sameWeekdayLastWeek: isoDay(lastWeek), lines };
}
