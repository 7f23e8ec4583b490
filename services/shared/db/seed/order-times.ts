import { DAY, HOUR } from './distributions.ts';
import type { Rng } from './rng.ts';

/** Hourly order rhythm of a European shop: quiet nights, busy evenings. */
const HOUR_WEIGHTS = [
  1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2, 3, 3.5, 4, 4, 4.5, 4, 3.5, 3.5, 4, 4.5, 5, 6, 6.5, 5.5, 3.5, 2,
];

/** When each order is placed, ascending: a gentle upward trend, busier weekends and evenings. */
export function drawPlacedTimes(rng: Rng, orders: number, days: number, startMs: number): number[] {
  const dayWeights = Array.from({ length: days }, (_, d) => {
    const weekday = new Date(startMs + d * DAY).getUTCDay();
    return (1 + (0.35 * d) / days) * (weekday === 0 || weekday === 6 ? 1.25 : 1);
  });
  const dayChoices = dayWeights.map((w, d) => [d, w] as const);
  const hourChoices = HOUR_WEIGHTS.map((w, h) => [h, w] as const);
  return Array.from(
    { length: orders },
    () => startMs + rng.weighted(dayChoices) * DAY + rng.weighted(hourChoices) * HOUR + rng.int(HOUR),
  ).sort((a, b) => a - b);
}
