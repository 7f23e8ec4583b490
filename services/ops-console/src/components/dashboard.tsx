import { getJson } from '../api.ts';
import { formatValue, words } from '../format.ts';
import { change, findKpi, ordersByStatus, scalar, tileKpis } from '../kpi-views.ts';
import { daysOf, periodDays, previousPeriod, type Period } from '../period.ts';
import type { ForecastAnswer, KpiAnswer, KpiResult } from '../types.ts';
import { useLoad } from '../use-load.ts';
import { Chart } from './chart.tsx';

const COLORS = { blue: '#1d4ed8', orange: '#c2410c', green: '#15803d', purple: '#7e22ce', grey: '#6b7280' };

/** Catalogue KPIs that are a snapshot of now (the period does not apply), so they have no change. */
const SNAPSHOTS = new Set(['out_of_stock_products']);

interface DashboardData {
  current: KpiAnswer;
  previous: KpiAnswer;
  daily: KpiAnswer;
  byCountry: KpiAnswer;
  byChannel: KpiAnswer;
  sentiment: KpiAnswer;
  forecast: ForecastAnswer | { error: string };
}

const kpis = (p: Period, extra: Record<string, string> = {}, signal?: AbortSignal) =>
  getJson<KpiAnswer>(`/api/kpis?${new URLSearchParams({ from: p.from, to: p.to, ...extra })}`, signal);

async function loadDashboard(period: Period, signal: AbortSignal): Promise<DashboardData> {
  const [current, previous, daily, byCountry, byChannel, sentiment, forecast] = await Promise.all([
    kpis(period, {}, signal),
    kpis(previousPeriod(period), {}, signal),
    kpis(period, { groupBy: 'day', kpis: 'revenue,orders_placed' }, signal),
    kpis(period, { groupBy: 'country', kpis: 'revenue' }, signal),
    kpis(period, { groupBy: 'channel', kpis: 'revenue' }, signal),
    kpis(period, { groupBy: 'week', kpis: 'return_negative_share,return_reasons' }, signal),
    // Too little history is an answer (422), not a broken dashboard.
    getJson<ForecastAnswer>('/api/kpis/forecast?days=14', signal).catch((err: unknown) => ({
      error: err instanceof Error ? err.message : String(err),
    })),
  ]);
  return { current, previous, daily, byCountry, byChannel, sentiment, forecast };
}

/** One value per label, from a grouped KPI's rows (missing groups are 0 for counts, none for ratios). */
function byGroup(kpi: KpiResult | undefined, labels: string[]): (number | null)[] {
  const values = new Map(kpi?.rows.map((r) => [r.group ?? '', r.value]));
  return labels.map((l) => values.get(l) ?? (kpi?.unit === 'ratio' ? null : 0));
}

function Tiles({ data, period }: { data: DashboardData; period: Period }) {
  const days = periodDays(period);
  return (
    <ul class="tiles">
      {tileKpis(data.current).map((kpi) => {
        const now = kpi.rows[0]!.value;
        const before = scalar(data.previous, kpi.id)?.value;
        const delta = SNAPSHOTS.has(kpi.id) ? undefined : change(now, before, kpi.unit);
        return (
          <li class="tile" key={kpi.id} data-kpi={kpi.id}>
            <p class="tile-label">{kpi.label}</p>
            <p class="tile-value">{formatValue(now, kpi.unit)}</p>
            <p class={`tile-change ${delta?.direction ?? ''}`}>
              {SNAPSHOTS.has(kpi.id)
                ? 'now'
                : delta
                  ? `${delta.text} vs previous ${days} days (${formatValue(before, kpi.unit)})`
                  : 'no figure to compare'}
            </p>
          </li>
        );
      })}
    </ul>
  );
}

function Charts({ data, period }: { data: DashboardData; period: Period }) {
  const days = daysOf(period);
  const revenue = findKpi(data.daily, 'revenue');
  const orders = findKpi(data.daily, 'orders_placed');
  const status = ordersByStatus(data.current);
  const top = findKpi(data.current, 'top_products');
  const reasons = findKpi(data.current, 'return_reasons');
  const country = findKpi(data.byCountry, 'revenue');
  const channel = findKpi(data.byChannel, 'revenue');
  const negative = findKpi(data.sentiment, 'return_negative_share');
  const weeks = [...new Set(negative?.rows.map((r) => r.group ?? '') ?? [])].sort();
  const weeklyReturns = findKpi(data.sentiment, 'return_reasons');
  const returnsPerWeek = weeks.map((w) =>
    (weeklyReturns?.rows ?? []).filter((r) => r.group === w).reduce((sum, r) => sum + (r.value ?? 0), 0),
  );
  const countries = (country?.rows ?? []).slice().sort((a, b) => (b.value ?? 0) - (a.value ?? 0));
  const channels = (channel?.rows ?? []).slice().sort((a, b) => (b.value ?? 0) - (a.value ?? 0));

  const forecast = 'forecast' in data.forecast ? data.forecast : undefined;
  const history = forecast ? days.filter((d) => d < forecast.now) : [];
  const fcDays = forecast?.forecast ?? [];
  const actual = byGroup(revenue, history);
  const fcX = [...history, ...fcDays.map((d) => d.date)];
  const pad = (values: number[]) => [...history.map(() => null), ...values];

  return (
    <div class="charts">
      <Chart
        id="daily"
        title="Daily revenue and orders"
        kind="time"
        xLabel="Day"
        x={days}
        series={[
          { label: 'Revenue', values: byGroup(revenue, days), color: COLORS.blue, unit: 'eur' },
          {
            label: 'Orders placed',
            values: byGroup(orders, days),
            color: COLORS.orange,
            unit: 'count',
            axis: 'right',
          },
        ]}
      />
      {status && (
        <Chart
          id="status"
          title="Orders by status"
          kind="bars"
          xLabel="Status (now)"
          x={status.map((r) => words(r.status))}
          series={[
            { label: 'Orders', values: status.map((r) => r.orders), color: COLORS.purple, unit: 'count' },
          ]}
          note="Orders placed in the period, by their status now."
        />
      )}
      <Chart
        id="top-products"
        title="Top products by revenue"
        kind="bars"
        xLabel="SKU"
        x={(top?.rows ?? []).map((r) => r.key ?? '')}
        series={[
          {
            label: 'Product revenue',
            values: (top?.rows ?? []).map((r) => r.value),
            color: COLORS.green,
            unit: 'eur',
          },
        ]}
      />
      <Chart
        id="country"
        title="Revenue by country"
        kind="bars"
        xLabel="Country"
        x={countries.map((r) => r.group ?? '')}
        series={[
          { label: 'Revenue', values: countries.map((r) => r.value), color: COLORS.blue, unit: 'eur' },
        ]}
      />
      <Chart
        id="channel"
        title="Revenue by channel"
        kind="bars"
        xLabel="Channel"
        x={channels.map((r) => words(r.group ?? ''))}
        series={[
          { label: 'Revenue', values: channels.map((r) => r.value), color: COLORS.orange, unit: 'eur' },
        ]}
      />
      <Chart
        id="return-reasons"
        title="Returns by reason"
        kind="bars"
        xLabel="Reason"
        x={(reasons?.rows ?? []).map((r) => words(r.key ?? ''))}
        series={[
          {
            label: 'Returns',
            values: (reasons?.rows ?? []).map((r) => r.value),
            color: COLORS.grey,
            unit: 'count',
          },
        ]}
      />
      <Chart
        id="sentiment"
        title="Return sentiment: share of negative comments per week"
        kind="time"
        xLabel="Week (from Monday)"
        x={weeks}
        series={[
          {
            label: 'Negative comments',
            values: byGroup(negative, weeks),
            color: COLORS.orange,
            unit: 'ratio',
          },
          {
            label: 'Returns requested',
            values: returnsPerWeek,
            color: COLORS.grey,
            unit: 'count',
            axis: 'right',
            dash: true,
          },
        ]}
      />
      {forecast ? (
        <Chart
          id="forecast"
          title={`Revenue forecast, next ${forecast.days} days`}
          kind="time"
          xLabel="Day"
          x={fcX}
          series={[
            {
              label: 'Revenue',
              values: [...actual, ...fcDays.map(() => null)],
              color: COLORS.grey,
              unit: 'eur',
            },
            {
              label: 'Forecast',
              values: pad(fcDays.map((d) => d.value)),
              color: COLORS.blue,
              unit: 'eur',
              dash: true,
            },
            {
              label: 'Upper bound',
              values: pad(fcDays.map((d) => d.upper)),
              color: COLORS.blue,
              unit: 'eur',
              bandEdge: true,
            },
            {
              label: 'Lower bound',
              values: pad(fcDays.map((d) => d.lower)),
              color: COLORS.blue,
              unit: 'eur',
              bandEdge: true,
            },
          ]}
          band={{ upper: 2, lower: 3, label: 'Forecast interval' }}
          note="Holt-Winters with weekly seasonality (oms report forecast); the band is the forecast's interval."
        />
      ) : (
        <section class="chart-card">
          <h3>Revenue forecast</h3>
          <p class="muted">{'error' in data.forecast ? data.forecast.error : ''}</p>
        </section>
      )}
    </div>
  );
}

/** KPI tiles and charts for a period, from GET /api/kpis and GET /api/kpis/forecast. */
export function Dashboard({ period }: { period: Period }) {
  const { data, error, loading } = useLoad(
    (signal) => loadDashboard(period, signal),
    `${period.from}/${period.to}`,
  );
  return (
    <>
      <section aria-labelledby="kpis-title" id="kpis">
        <h2 id="kpis-title">Key figures</h2>
        {error && (
          <p role="alert" class="error">
            Could not load the KPIs: {error}
          </p>
        )}
        {loading && !data && <p class="muted">Loading…</p>}
        {data && <Tiles data={data} period={period} />}
      </section>
      <section aria-labelledby="charts-title" id="charts" aria-busy={loading}>
        <h2 id="charts-title">Charts</h2>
        {data && <Charts data={data} period={period} />}
      </section>
    </>
  );
}
