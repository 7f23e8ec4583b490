import { describe, expect, it } from 'vitest';
import {
  backtest,
  bandGrowth,
  fillDailySeries,
  fitHoltWinters,
  forecastHoltWinters,
  forecastSeries,
  formatForecastTable,
  seasonalNaive,
  type DayValue,
} from '../../services/shared/kpis/forecast.ts';

const DAY_MS = 86_400_000;
const START = new Date('2026-06-01T00:00:00Z');
const WEEKLY = [100, 120, 130, 125, 160, 220, 90];

/** A known series: a weekly pattern on a linear trend, optionally with deterministic noise. */
function synthetic(days: number, trend: number, noise = 0): DayValue[] {
  return Array.from({ length: days }, (_, t) => ({
    date: new Date(START.getTime() + t * DAY_MS).toISOString().slice(0, 10),
    // A fixed pseudo-random wiggle (sin of a large multiple), so the test is repeatable.
    value: 500 + trend * t + WEEKLY[t % 7]! + noise * Math.sin(t * 12.9898),
  }));
}

describe('daily revenue forecast', () => {
  it('fills days without orders with 0', () => {
    const series = fillDailySeries(
      [
        { group: '2026-06-01', value: 10 },
        { group: '2026-06-04', value: 40 },
        { group: '2026-06-05', value: null },
      ],
      START,
      new Date('2026-06-07T00:00:00Z'),
    );
    expect(series).toEqual([
      { date: '2026-06-01', value: 10 },
      { date: '2026-06-02', value: 0 },
      { date: '2026-06-03', value: 0 },
      { date: '2026-06-04', value: 40 },
      { date: '2026-06-05', value: 0 },
      { date: '2026-06-06', value: 0 },
    ]);
  });

  it('seasonal naive of a pure weekly series is exact', () => {
    const values = synthetic(35, 0).map((d) => d.value);
    const next = synthetic(35 + 14, 0)
      .slice(35)
      .map((d) => d.value);
    expect(seasonalNaive(values, 14)).toEqual(next);
  });

  it('Holt-Winters recovers a weekly pattern on a trend', () => {
    const history = synthetic(112, 2);
    const future = synthetic(112 + 14, 2).slice(112);
    const model = fitHoltWinters(history.map((d) => d.value));
    const forecast = forecastHoltWinters(model, 14);
    for (const [i, point] of forecast.entries()) {
      expect(Math.abs(point.value - future[i]!.value)).toBeLessThan(1);
    }
    // The trend is found, not just the level: seasonal naive lags it by 2 per day × 7 days.
    expect(Math.abs(model.trend - 2)).toBeLessThan(0.05);
  });

  it('beats seasonal naive in the backtest on a trended noisy series, and the band widens with the horizon', () => {
    const series = synthetic(140, 3, 10);
    const result = forecastSeries(series, new Date('2026-10-19T00:00:00Z'), 14);
    expect(result.history).toEqual({ from: '2026-06-01', to: '2026-10-18', days: 140 });
    expect(result.forecast[0]!.date).toBe('2026-10-19');
    expect(result.forecast).toHaveLength(14);
    const widths = result.forecast.map((d) => d.upper - d.lower);
    for (let i = 1; i < widths.length; i++) expect(widths[i]!).toBeGreaterThan(widths[i - 1]!);
    // Wider than the one-step band, but less than √h: a smoothed level forgets its errors slowly.
    expect(widths[13]! / widths[0]!).toBeGreaterThan(1);
    expect(widths[13]! / widths[0]!).toBeLessThan(Math.sqrt(14));
    for (const d of result.forecast) {
      expect(d.lower).toBeLessThanOrEqual(d.value);
      expect(d.upper).toBeGreaterThanOrEqual(d.value);
    }
    expect(result.backtest.origins).toHaveLength(8);
    expect(result.backtest.beatsBaseline).toBe(true);
    expect(result.backtest.bandCoverage!).toBeGreaterThan(50);
    expect(result.backtest.mape.holtWinters!).toBeLessThan(result.backtest.mape.seasonalNaive!);
    expect(formatForecastTable(result)).toContain('Holt-Winters beats the seasonal-naive baseline');
  });

  it('widens the band by the Holt-Winters variance factor', () => {
    const params = { alpha: 0.5, beta: 0, gamma: 0.2 };
    expect(bandGrowth(params, 1)).toBe(1);
    expect(bandGrowth(params, 2)).toBeCloseTo(Math.sqrt(1 + 0.25), 10);
    // Day 8 carries the seasonal term's extra error from day 7 (j = 7): c_7 = 0.5 + 0.2 × 0.5.
    expect(bandGrowth(params, 8) ** 2 - bandGrowth(params, 7) ** 2).toBeCloseTo(0.6 ** 2, 10);
    // With α = 1 (a random walk) the band grows like √h.
    expect(bandGrowth({ alpha: 1, beta: 0, gamma: 0 }, 9)).toBeCloseTo(3, 10);
  });

  it('leaves days with zero actual revenue out of MAPE and counts them', () => {
    const series = synthetic(84, 0).map((d, t) => (t % 7 === 6 ? { ...d, value: 0 } : d));
    const result = backtest(series, 7);
    // Origins 8 weeks back from the end, each needing 3 weeks to fit: 84 days leave 8 origins.
    expect(result.origins).toHaveLength(8);
    expect(result.comparedDays).toBe(8 * 7);
    expect(result.zeroActualDays).toBe(8);
    // A pure weekly series (with its zero day): seasonal naive is exact.
    expect(result.mape.seasonalNaive).toBe(0);
  });
});
