import type { Dialect } from '../../../services/shared/db/connection.ts';
import { compileKpi, findKpi, type KpiDefinition } from '../../../services/shared/kpis/index.ts';
import { sqlBuilder } from '../../query/sql-builder.ts';
import type { KpiIntent } from '../intent.ts';
import type { PlannedQuery, ValueUnit } from './build-query.ts';

/**
 * A KPI question's SQL, compiled from the KPI catalogue (design §9: one semantic layer). The KPI's own
 * source, window, grouping and breakdown come from the catalogue's own compiler (compileKpi, as runKpi
 * uses it); this adds the measures as one column runKpi computes in JavaScript (a ratio's value), so the
 * agent's result table shows the figure itself. The KPI's definition is therefore never written a second time here.
 */

/** The answer's unit for a KPI's unit; a unit the agent does not know (turns) reads as a plain number. */
function valueUnit(unit: KpiDefinition['unit']): ValueUnit {
  const units: Partial<Record<string, ValueUnit>> = {
    count: 'count',
    eur: 'money',
    ratio: 'rate',
    days: 'days',
  };
  return units[unit] ?? 'number';
}

export interface PlannedKpi extends PlannedQuery {
  kpi: KpiDefinition;
}

export function planKpi(intent: KpiIntent, dialect: Dialect): PlannedKpi {
  const kpi = findKpi(intent.kpiId);
  if (!kpi) throw new Error(`Unknown KPI ${intent.kpiId}`);
  const k = sqlBuilder(dialect);
  const quote = (alias: string) => k.raw('??', [alias]).toQuery();
  const window = {
    ...(intent.time?.from ? { from: new Date(`${intent.time.from}T00:00:00Z`) } : {}),
    ...(intent.time?.to ? { to: new Date(`${intent.time.to}T00:00:00Z`) } : {}),
  };
  const { query: q, labelColumns } = compileKpi(k, kpi, window, intent.groupBy, {
    group: intent.groupBy ?? 'group',
    key: kpi.breakdown?.label ?? 'key',
  });
  const measures = kpi.measures(k);
  const valueColumn = kpi.id;
  let part: string | undefined;
  let whole: string | undefined;
  if ('value' in measures) {
    q.select(k.raw(`${measures.value} AS ${quote(valueColumn)}`));
  } else {
    // runKpi divides in JavaScript; here the database divides, 0 wholes giving NULL as runKpi's null.
    const numerator = dialect === 'sqlite' ? `(${measures.numerator}) * 1.0` : `(${measures.numerator})`;
    q.select(k.raw(`${numerator} / NULLIF(${measures.denominator}, 0) AS ${quote(valueColumn)}`));
    part = kpi.unit === 'ratio' ? 'numerator' : 'total';
    whole = kpi.unit === 'ratio' ? 'denominator' : 'count';
    q.select(
      k.raw(`${measures.numerator} AS ${quote(part)}`),
      k.raw(`${measures.denominator} AS ${quote(whole)}`),
    );
  }
  if (kpi.breakdown?.top) {
    q.orderByRaw(`${quote(valueColumn)} DESC, ${quote(kpi.breakdown.label)} ASC`);
    q.limit(kpi.breakdown.top);
  } else if (labelColumns.length) {
    q.orderByRaw(labelColumns.map((c) => `${quote(c)} ASC`).join(', '));
  }
  return {
    kpi,
    sql: q.toQuery(),
    valueColumn,
    unit: valueUnit(kpi.unit),
    labelColumns,
    ...(part && whole && kpi.unit === 'ratio' ? { partColumn: part, wholeColumn: whole } : {}),
  };
}
