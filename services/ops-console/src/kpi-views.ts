import type { KpiAnswer, KpiResult, KpiRow } from './types.ts';

/** A KPI's single figure (no grouping, no breakdown), or undefined when the answer lacks it. */
export function scalar(answer: KpiAnswer | undefined, id: string): KpiRow | undefined {
  const kpi = answer?.kpis.find((k) => k.id === id);
  return kpi && kpi.rows.length === 1 && kpi.rows[0]!.key === undefined ? kpi.rows[0] : undefined;
}

export const findKpi = (answer: KpiAnswer | undefined, id: string): KpiResult | undefined =>
  answer?.kpis.find((k) => k.id === id);

/** The KPIs shown as tiles: the ones with one figure per period. */
export function tileKpis(answer: KpiAnswer): KpiResult[] {
  return answer.kpis.filter((k) => k.rows.length === 1 && k.rows[0]!.key === undefined);
}

/** Change against the previous period: relative for amounts, in percentage points for ratios. */
export function change(
  current: number | null | undefined,
  previous: number | null | undefined,
  unit: string,
): { text: string; direction: 'up' | 'down' | 'flat' } | undefined {
  if (current === null || current === undefined || previous === null || previous === undefined)
    return undefined;
  const delta = current - previous;
  const direction = Math.abs(delta) < 1e-9 ? 'flat' : delta > 0 ? 'up' : 'down';
  const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
  if (unit === 'ratio') return { text: `${sign}${Math.abs(delta * 100).toFixed(1)} pts`, direction };
  if (previous === 0) return { text: direction === 'flat' ? '±0%' : 'new', direction };
  return { text: `${sign}${Math.abs((delta / previous) * 100).toFixed(1)}%`, direction };
}

export interface StatusCount {
  status: string;
  orders: number;
}

/** Orders placed in the period by their status now (the catalogue's `orders_by_status`), in lifecycle order. */
export function ordersByStatus(answer: KpiAnswer): StatusCount[] | undefined {
  const kpi = findKpi(answer, 'orders_by_status');
  if (!kpi) return undefined;
  const rank = (status: string) => {
    const i = LIFECYCLE.indexOf(status);
    return i < 0 ? LIFECYCLE.length : i;
  };
  return kpi.rows
    .map((r) => ({ status: r.key ?? '(none)', orders: r.value ?? 0 }))
    .sort((a, b) => rank(a.status) - rank(b.status));
}

const LIFECYCLE = ['pending', 'on_hold', 'confirmed', 'shipped', 'delivered', 'returned', 'cancelled'];
