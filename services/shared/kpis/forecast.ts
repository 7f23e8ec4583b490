import type { Db } from '../db/connection.ts';
import { findKpi } from './catalogue.ts';
import { runKpi } from './run-kpi.ts';

/**
 * Daily revenue forecast (issue 13): additive Holt-Winters with a weekly season, a prediction band, a
 * seasonal-naive baseline and a rolling-origin backtest. Everything but `revenueForecast` is pure, so the
 * method is tested on synthetic series (test/unit/forecast.test.ts). Hand-written rather than a library:
 * it is ~60 lines and npm's Holt-Winters packages are small, old and unmaintained.
 */

const DAY_MS = 86_400_000;
/** One week: orders follow the weekday. */
export const SEASON = 7;
/** The band's z: ±1.96σ is a 95 % interval if one-step errors are normal and independent. */
const Z95 = 1.96;
/** Rolling origins of the backtest: one per week over the last 8 weeks. */
export const BACKTEST_WEEKS = 8;

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const round2 = (n: number) => Math.round(n * 100) / 100;

export interface DayValue {
  /** YYYY-MM-DD, UTC. */
  date: string;
  value: number;
}

/** Every day of [from, to) with its value; days without a row (no orders) are 0, not missing. */
export function fillDailySeries(
  rows: readonly { group?: string; value: number | null }[],
  from: Date,
  to: Date,
): DayValue[] {
  const byDay = new Map(rows.map((r) => [r.group, r.value ?? 0]));
  const series: DayValue[] = [];
  for (let t = from.getTime(); t < to.getTime(); t += DAY_MS) {
    const date = isoDay(new Date(t));
    series.push({ date, value: byDay.get(date) ?? 0 });
  }
  return series;
}

export interface HoltWintersParams {
  alpha: number;
  beta: number;
  gamma: number;
}

export interface HoltWintersModel extends HoltWintersParams {
  level: number;
  trend: number;
  /** Seasonal terms indexed by position in the series modulo the season (not by weekday). */
  season: number[];
  /** Length of the fitted series, to place the forecast's seasonal terms. */
  n: number;
  /** Sum of squared one-step-ahead errors over the series after the first season. */
  sse: number;
  /** √(SSE / number of one-step errors): the in-sample error of a one-day-ahead forecast. */
  sigma: number;
}

/**
 * Runs the additive Holt-Winters recursions over `values` with fixed smoothing parameters. Start: the
 * level is the first season's mean, the trend the change between the first two seasons' means per day,
 * the seasonal terms the first season's deviations from its mean; one-step errors count from day m.
 */
export function holtWinters(
  values: readonly number[],
  params: HoltWintersParams,
  m = SEASON,
): HoltWintersModel {
  if (values.length < 2 * m)
    throw new Error(`Holt-Winters needs at least ${2 * m} days, got ${values.length}`);
  const mean = (from: number) => values.slice(from, from + m).reduce((a, b) => a + b, 0) / m;
  const { alpha, beta, gamma } = params;
  let level = mean(0);
  let trend = (mean(m) - level) / m;
  const season = values.slice(0, m).map((v) => v - level);
  // The level stands for the middle of the first season; move it to its last day.
  level += (trend * (m - 1)) / 2;
  let sse = 0;
  for (let t = m; t < values.length; t++) {
    const y = values[t]!;
    const s = season[t % m]!;
    const error = y - (level + trend + s);
    sse += error * error;
    const previous = level;
    level = alpha * (y - s) + (1 - alpha) * (level + trend);
    trend = beta * (level - previous) + (1 - beta) * trend;
    season[t % m] = gamma * (y - level) + (1 - gamma) * s;
  }
  const sigma = Math.sqrt(sse / (values.length - m));
  return { ...params, level, trend, season, n: values.length, sse, sigma };
}

/** The grid searched for the smoothing parameters (a small grid: 8 × 5 × 5 fits, each O(n)). */
const ALPHAS = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.7, 0.9];
const BETAS = [0, 0.01, 0.05, 0.1, 0.2];
const GAMMAS = [0.05, 0.1, 0.2, 0.3, 0.5];

/** The Holt-Winters fit with the least one-step-ahead SSE over the grid. */
export function fitHoltWinters(values: readonly number[], m = SEASON): HoltWintersModel {
  let best: HoltWintersModel | undefined;
  for (const alpha of ALPHAS) {
    for (const beta of BETAS) {
      for (const gamma of GAMMAS) {
        const model = holtWinters(values, { alpha, beta, gamma }, m);
        if (!best || model.sse < best.sse) best = model;
      }
    }
  }
  return best!;
}

export interface ForecastPoint {
  /** Steps ahead, 1 = the first day after the history. */
  h: number;
  value: number;
  lower: number;
  upper: number;
}

/**
 * The factor by which the one-step error's standard deviation grows h steps ahead, for additive
 * Holt-Winters (Hyndman et al., "Forecasting with exponential smoothing", class 1 variance):
 * √(1 + Σ_{j=1}^{h-1} c_j²) with c_j = α(1 + jβ) + γ(1 − α)·[j mod m = 0]. The textbook's β and γ are
 * αβ and (1 − α)γ of the classic recursions used here. A plain √h would widen far faster than a model
 * with small α predicts and leave the band at 0 after a few days.
 */
export function bandGrowth(model: HoltWintersParams, h: number, m = SEASON): number {
  let sum = 1;
  for (let j = 1; j < h; j++) {
    const c = model.alpha * (1 + j * model.beta) + (j % m === 0 ? model.gamma * (1 - model.alpha) : 0);
    sum += c * c;
  }
  return Math.sqrt(sum);
}

/**
 * h-step forecasts with a 95 % band: ±1.96·σ·bandGrowth(h), σ of the in-sample one-step errors. The
 * band widens with the horizon; it assumes the errors are normal and independent (the backtest reports
 * how often the actuals fell inside). Revenue cannot be negative, so the point and band are cut at 0.
 */
export function forecastHoltWinters(model: HoltWintersModel, horizon: number): ForecastPoint[] {
  const m = model.season.length;
  return Array.from({ length: horizon }, (_, i) => {
    const h = i + 1;
    const raw = model.level + h * model.trend + model.season[(model.n - 1 + h) % m]!;
    const half = Z95 * model.sigma * bandGrowth(model, h, m);
    return { h, value: Math.max(0, raw), lower: Math.max(0, raw - half), upper: Math.max(0, raw + half) };
  });
}

/** Seasonal naive: each future day is the same weekday's value in the last week of the history. */
export function seasonalNaive(values: readonly number[], horizon: number, m = SEASON): number[] {
  if (values.length < m) throw new Error(`Seasonal naive needs at least ${m} days, got ${values.length}`);
  return Array.from({ length: horizon }, (_, i) => values[values.length - m + (i % m)]!);
}

export interface Backtest {
  /** First forecast day of each rolling origin (weekly steps), oldest first. */
  origins: string[];
  horizon: number;
  /** Forecast days compared with an actual (the last origins see fewer than `horizon` actual days). */
  comparedDays: number;
  /** Compared days left out of MAPE because the actual revenue was 0 (the percentage is undefined). */
  zeroActualDays: number;
  /** Mean absolute percentage error, in %, over compared days with non-zero actuals. */
  mape: { holtWinters: number | null; seasonalNaive: number | null };
  /** Share (%) of compared days whose actual fell inside the Holt-Winters 95 % band. */
  bandCoverage: number | null;
  beatsBaseline: boolean | null;
}

/**
 * Rolling-origin backtest: for each origin one week apart over the last `weeks` weeks of the series, fit
 * on the days before it, forecast `horizon` days and compare with the actuals that exist.
 */
export function backtest(series: readonly DayValue[], horizon: number, weeks = BACKTEST_WEEKS): Backtest {
  const values = series.map((d) => d.value);
  const origins: string[] = [];
  const errors = { holtWinters: [] as number[], seasonalNaive: [] as number[] };
  let comparedDays = 0;
  let zeroActualDays = 0;
  let inBand = 0;
  for (let k = weeks; k >= 1; k--) {
    const origin = values.length - k * SEASON;
    // At least three weeks to fit on: the start takes two, the grid search needs errors to compare.
    if (origin < 3 * SEASON) continue;
    origins.push(series[origin]!.date);
    const history = values.slice(0, origin);
    const hw = forecastHoltWinters(fitHoltWinters(history), horizon);
    const naive = seasonalNaive(history, horizon);
    for (let h = 0; h < horizon && origin + h < values.length; h++) {
      const actual = values[origin + h]!;
      comparedDays++;
      if (actual >= hw[h]!.lower && actual <= hw[h]!.upper) inBand++;
      if (actual === 0) {
        zeroActualDays++;
        continue;
      }
      errors.holtWinters.push(Math.abs((actual - hw[h]!.value) / actual));
      errors.seasonalNaive.push(Math.abs((actual - naive[h]!) / actual));
    }
  }
  const mape = (e: number[]) =>
    e.length ? Math.round((e.reduce((a, b) => a + b, 0) / e.length) * 10_000) / 100 : null;
  const result = { holtWinters: mape(errors.holtWinters), seasonalNaive: mape(errors.seasonalNaive) };
  return {
    origins,
    horizon,
    comparedDays,
    zeroActualDays,
    mape: result,
    bandCoverage: comparedDays ? Math.round((inBand / comparedDays) * 1000) / 10 : null,
    beatsBaseline:
      result.holtWinters === null || result.seasonalNaive === null
        ? null
        : result.holtWinters < result.seasonalNaive,
  };
}

export interface ForecastDay {
  date: string;
  value: number;
  lower: number;
  upper: number;
  /** The baseline's value for the day (same weekday, last week of the history). */
  seasonalNaive: number;
}

export interface RevenueForecast {
  /** The first forecast day; the history is every day before it. */
  now: string;
  days: number;
  history: { from: string; to: string; days: number };
  model: HoltWintersParams & { sigma: number };
  forecast: ForecastDay[];
  backtest: Backtest;
}

/** The forecast, baseline and backtest of a filled daily series whose last day is the day before `now`. */
export function forecastSeries(series: readonly DayValue[], now: Date, days: number): RevenueForecast {
  const values = series.map((d) => d.value);
  const model = fitHoltWinters(values);
  const naive = seasonalNaive(values, days);
  const forecast = forecastHoltWinters(model, days).map((p, i) => ({
    date: isoDay(new Date(now.getTime() + i * DAY_MS)),
    value: round2(p.value),
    lower: round2(p.lower),
    upper: round2(p.upper),
    seasonalNaive: round2(naive[i]!),
  }));
  return {
    now: isoDay(now),
    days,
    history: { from: series[0]!.date, to: series[series.length - 1]!.date, days: series.length },
    model: {
      alpha: model.alpha,
      beta: model.beta,
      gamma: model.gamma,
      sigma: round2(model.sigma),
    },
    forecast,
    backtest: backtest(series, days),
  };
}

/** The history considered: at most this many days before `now` (a year and a bit carries the season). */
const MAX_HISTORY_DAYS = 3 * 366;

export class ForecastHistoryError extends Error {
  readonly code = 'FORECAST_HISTORY';
}

/**
 * The daily revenue forecast from the database: the catalogue's `revenue` grouped by day, from the first
 * day with revenue to the day before `now` (gaps filled with 0), then `forecastSeries`.
 */
export async function revenueForecast(db: Db, now: Date, days: number): Promise<RevenueForecast> {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const from = new Date(start.getTime() - MAX_HISTORY_DAYS * DAY_MS);
  const { rows } = await runKpi(db, findKpi('revenue')!, { from, to: start }, 'day');
  const first = rows.find((r) => (r.value ?? 0) > 0)?.group;
  const series = first ? fillDailySeries(rows, new Date(`${first}T00:00:00.000Z`), start) : [];
  if (series.length < 3 * SEASON) {
    throw new ForecastHistoryError(
      `The forecast needs at least ${3 * SEASON} days of revenue before ${isoDay(start)}, found ${series.length}`,
    );
  }
  return forecastSeries(series, start, days);
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const money = (n: number) => n.toFixed(2);

/** The forecast as a terminal table, then the backtest and a plain verdict against the baseline. */
export function formatForecastTable(f: RevenueForecast): string {
  const header = ['date', 'day', 'forecast', 'lower 95%', 'upper 95%', 'seasonal naive'];
  const body = f.forecast.map((d) => [
    d.date,
    WEEKDAYS[new Date(`${d.date}T00:00:00.000Z`).getUTCDay()]!,
    money(d.value),
    money(d.lower),
    money(d.upper),
    money(d.seasonalNaive),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const b = f.backtest;
  const pct = (n: number | null) => (n === null ? 'n/a' : `${n.toFixed(2)} %`);
  const verdict =
    b.beatsBaseline === null
      ? 'Not enough history to compare with the baseline.'
      : b.beatsBaseline
        ? 'Holt-Winters beats the seasonal-naive baseline on the backtest.'
        : 'Holt-Winters does NOT beat the seasonal-naive baseline on the backtest.';
  return [
    `Daily revenue forecast (EUR) from ${f.now}, ${f.days} days; history ${f.history.from} … ${f.history.to} (${f.history.days} days)`,
    `Additive Holt-Winters, weekly season: alpha ${f.model.alpha}, beta ${f.model.beta}, gamma ${f.model.gamma}; 95 % band ±1.96·σ·growth(h), σ ${money(f.model.sigma)}`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...body.map(line),
    '',
    `Backtest: ${b.origins.length} weekly origins (${b.origins[0] ?? '—'} … ${b.origins[b.origins.length - 1] ?? '—'}), horizon ${b.horizon} days, ${b.comparedDays} forecast days compared (${b.zeroActualDays} with zero actual revenue left out of MAPE)`,
    `  MAPE Holt-Winters:    ${pct(b.mape.holtWinters)}`,
    `  MAPE seasonal naive:  ${pct(b.mape.seasonalNaive)}`,
    `  actuals inside the Holt-Winters 95 % band: ${b.bandCoverage === null ? 'n/a' : `${b.bandCoverage} %`}`,
    verdict,
    '',
  ].join('\n');
}
