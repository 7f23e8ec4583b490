import type { Knex } from 'knex';
import type { Db } from '../db/connection.ts';
import { toDbTime } from '../db/time.ts';
import { findKpi, KPI_CATALOGUE, type GroupBy, type KpiDefinition, type KpiUnit } from './catalogue.ts';
import { timeBucketSql } from './dialect-sql.ts';

/** A half-open period [from, to). */
export interface KpiWindow {
  from: Date;
  to: Date;
}

export interface KpiRow {
  /** The day/week/month bucket, country, channel or category; absent without a grouping. */
  group?: string;
  /** The breakdown value (reason, SKU) of a breakdown KPI. */
  key?: string;
  /** null when a ratio's denominator is 0. */
  value: number | null;
  numerator?: number;
  denominator?: number;
}

export interface KpiResult {
  id: string;
  label: string;
  unit: KpiUnit;
  groupBy: GroupBy | null;
  rows: KpiRow[];
}

/** A KPI asked for a grouping it does not support (e.g. revenue per category: use product_revenue). */
export class KpiGroupingError extends Error {
  readonly code = 'KPI_GROUPING';
  constructor(kpi: KpiDefinition, groupBy: GroupBy) {
    super(
      `KPI ${kpi.id} cannot be grouped by ${groupBy} (it can be by: ${kpi.groupBys.join(', ') || 'nothing'})`,
    );
    this.name = 'KpiGroupingError';
  }
}

const DIMENSION_COLUMNS = {
  country: 'o.ship_country',
  channel: 'o.channel',
  category: 'p.category',
} as const;

function groupSql(db: Db, kpi: KpiDefinition, groupBy: GroupBy): string {
  if (groupBy === 'day' || groupBy === 'week' || groupBy === 'month') {
    return timeBucketSql(db, kpi.timeColumn ?? 'o.placed_at', groupBy);
  }
  return DIMENSION_COLUMNS[groupBy];
}

/** Money to the cent and durations to a thousandth of a day, so both engines' float sums agree. */
const DECIMALS: Record<KpiUnit, number> = { count: 0, eur: 2, ratio: 6, days: 3, turns: 4 };
const round = (n: number, decimals: number) => Math.round(n * 10 ** decimals) / 10 ** decimals;

interface RawRow {
  grp?: string | null;
  k?: string | null;
  value?: number | string | null;
  numerator?: number | string | null;
  denominator?: number | string | null;
}

function toRow(kpi: KpiDefinition, raw: RawRow): KpiRow {
  const decimals = DECIMALS[kpi.unit];
  const row: KpiRow = { value: null };
  if (raw.grp !== undefined) row.group = raw.grp ?? '(none)';
  if (raw.k !== undefined) row.key = raw.k ?? '(none)';
  if (raw.denominator === undefined) {
    // SUM over no rows is NULL in SQL; no orders means 0 revenue.
    row.value = round(Number(raw.value ?? 0), decimals);
    return row;
  }
  // An average's numerator is in the KPI's unit; a rate's or a turnover's numerator is a count.
  const countNumerator = kpi.unit === 'ratio' || kpi.unit === 'turns';
  row.numerator = round(Number(raw.numerator ?? 0), countNumerator ? 0 : decimals);
  row.denominator = Number(raw.denominator);
  row.value = row.denominator === 0 ? null : round(row.numerator / row.denominator, decimals);
  return row;
}

const compareText = (a = '', b = '') => (a < b ? -1 : a > b ? 1 : 0);
const byGroupAndKey = (a: KpiRow, b: KpiRow) => compareText(a.group, b.group) || compareText(a.key, b.key);

/** Column names of a compiled KPI query's group and breakdown columns. */
export interface KpiColumnNames {
  group: string;
  key: string;
}

/**
 * The one compiler from a KPI definition to SQL: the KPI's source with the window on its time column,
 * the grouping and the breakdown selected (under `names`) and grouped. The caller adds the measures:
 * runKpi as numerator and denominator, the agent as the figure itself.
 */
export function compileKpi(
  db: Db,
  kpi: KpiDefinition,
  window: Partial<KpiWindow>,
  groupBy?: GroupBy,
  names: KpiColumnNames = { group: 'grp', key: 'k' },
): { query: Knex.QueryBuilder; labelColumns: string[] } {
  if (groupBy && !kpi.groupBys.includes(groupBy)) throw new KpiGroupingError(kpi, groupBy);
  const query = kpi.source(db);
  if (kpi.timeColumn && window.from) query.where(kpi.timeColumn, '>=', toDbTime(window.from));
  if (kpi.timeColumn && window.to) query.where(kpi.timeColumn, '<', toDbTime(window.to));
  const quote = (alias: string) => db.raw('??', [alias]).toQuery();
  const groups: string[] = [];
  const labelColumns: string[] = [];
  const select = (expr: string, alias: string) => {
    query.select(db.raw(`${expr} AS ${quote(alias)}`));
    groups.push(expr);
    labelColumns.push(alias);
  };
  if (groupBy) select(groupSql(db, kpi, groupBy), names.group);
  if (kpi.breakdown) {
    const column = kpi.breakdown.column;
    select(typeof column === 'string' ? column : column(db), names.key);
  }
  if (groups.length) query.groupByRaw(groups.join(', '));
  return { query, labelColumns };
}

/** Runs one KPI for a period, optionally grouped. */
export async function runKpi(
  db: Db,
  kpi: KpiDefinition,
  window: KpiWindow,
  groupBy?: GroupBy,
  /** `all` lifts a top-N breakdown's limit, to compare the same keys across periods. */
  options: { all?: boolean } = {},
): Promise<KpiResult> {
  const { query: q } = compileKpi(db, kpi, window, groupBy);
  const measures = kpi.measures(db);
  if ('value' in measures) q.select(db.raw(`${measures.value} AS value`));
  else
    q.select(db.raw(`${measures.numerator} AS numerator`), db.raw(`${measures.denominator} AS denominator`));
  if (kpi.breakdown?.top) {
    q.orderBy([{ column: 'value', order: 'desc' }, { column: 'k' }]);
    if (!options.all) q.limit(kpi.breakdown.top);
  }
  const rows = ((await q) as RawRow[]).map((r) => toRow(kpi, r));
  return {
    id: kpi.id,
    label: kpi.label,
    unit: kpi.unit,
    groupBy: groupBy ?? null,
    // Sorted here, not in SQL: MySQL orders an ENUM column (reason, category) by its position in the type.
    rows: kpi.breakdown?.top ? rows : rows.sort(byGroupAndKey),
  };
}

export interface KpiQuery extends KpiWindow {
  groupBy?: GroupBy;
  /** KPI ids; all of the catalogue when absent. */
  ids?: readonly string[];
}

/**
 * Runs several KPIs for one period. With a grouping, KPIs that cannot take it are listed in `skipped`
 * rather than failing the whole answer (revenue has no category; top products no grouping at all).
 */
export async function runKpis(db: Db, query: KpiQuery): Promise<{ kpis: KpiResult[]; skipped: string[] }> {
  const wanted = query.ids
    ? query.ids.map((id) => {
        const kpi = findKpi(id);
        if (!kpi) throw new Error(`Unknown KPI ${id}`);
        return kpi;
      })
    : KPI_CATALOGUE;
  const kpis: KpiResult[] = [];
  const skipped: string[] = [];
  for (const kpi of wanted) {
    if (query.groupBy && !kpi.groupBys.includes(query.groupBy)) skipped.push(kpi.id);
    else kpis.push(await runKpi(db, kpi, query, query.groupBy));
  }
  return { kpis, skipped };
}
