import autocannon from 'autocannon';
import type { Db } from '../../services/shared/db/connection.ts';
import { toDbTime } from '../../services/shared/db/time.ts';
import { EVENT_TYPES } from '../../services/shared/domain/event-types.ts';
import { countRows } from '../helpers/pipeline-env.ts';
import { percentile, round, sleep } from './bench-util.ts';

export const P99_GOAL_MS = 250;

export interface RateStep {
  offeredPerSecond: number;
  acceptedOrders: number;
  achievedPerSecond: number;
  httpLatencyMs: { p50: number; p99: number };
  /** Event time the API stamps → the consumer's audit row of the order (recorded in its batch). */
  endToEndMs: { samples: number; p50: number; p99: number; max: number };
  /** Every accepted order reached the database within the drain timeout. */
  drained: boolean;
  met: boolean;
}

/**
 * Offers each rate for `seconds` to a running API whose consumer writes to `db`, waits for the
 * consumer to drain, and reads each order's end-to-end latency from the database. A step is met when
 * the API accepted ≥ 90 % of the offered rate (autocannon ramps up in the first second), everything
 * drained, and p99 ≤ 250 ms. A warm-up at the first rate comes first and is not reported (freshly
 * started processes run unoptimised code and are still claiming partitions). Stops after two
 * consecutive misses: one step on a shared machine can miss by bad luck.
 */
export async function stepOfferedRate(
  apiPort: number,
  db: Db,
  body: string,
  options: { rates: number[]; seconds: number; warmUpSeconds: number; log(msg: string): void },
): Promise<{ steps: RateStep[]; sustainedPerSecond: number }> {
  const steps: RateStep[] = [];
  options.log(`sustained rate: warm-up at ${options.rates[0]} orders/s for ${options.warmUpSeconds} s`);
  await autocannon({
    url: `http://127.0.0.1:${apiPort}/api/orders`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections: 50,
    overallRate: options.rates[0],
    duration: options.warmUpSeconds,
  });
  await sleep(2000);
  let expected = await countRows(db, 'orders');
  let misses = 0;
  for (const rate of options.rates) {
    options.log(`sustained rate: ${rate} orders/s offered for ${options.seconds} s`);
    const from = new Date();
    const offered = await autocannon({
      url: `http://127.0.0.1:${apiPort}/api/orders`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      connections: Math.max(50, Math.ceil(rate / 20)),
      overallRate: rate,
      duration: options.seconds,
    });
    const to = new Date();
    expected += offered['2xx'];
    const deadline = Date.now() + 30_000;
    const drainedBy = async () => (await countRows(db, 'orders')) >= expected;
    let drained = await drainedBy();
    while (!drained && Date.now() < deadline) {
      await sleep(100);
      drained = await drainedBy();
    }
    const rows = (await db('order_events as e')
      .join('orders as o', 'o.id', 'e.order_id')
      .where('e.type', EVENT_TYPES.orderPlaced)
      .where('o.placed_at', '>=', toDbTime(from))
      .where('o.placed_at', '<=', toDbTime(to))
      .select('o.placed_at', 'e.recorded_at')) as { placed_at: string; recorded_at: string }[];
    const latencies = rows
      .map(
        (r) =>
          Date.parse(`${r.recorded_at.replace(' ', 'T')}Z`) - Date.parse(`${r.placed_at.replace(' ', 'T')}Z`),
      )
      .sort((a, b) => a - b);
    const achieved = offered['2xx'] / options.seconds;
    const p99 = percentile(latencies, 99);
    const step: RateStep = {
      offeredPerSecond: rate,
      acceptedOrders: offered['2xx'],
      achievedPerSecond: Math.round(achieved),
      httpLatencyMs: { p50: offered.latency.p50, p99: offered.latency.p99 },
      endToEndMs: {
        samples: latencies.length,
        p50: percentile(latencies, 50),
        p99,
        max: latencies.at(-1) ?? Number.NaN,
      },
      drained,
      met: drained && achieved >= 0.9 * rate && p99 <= P99_GOAL_MS,
    };
    steps.push(step);
    options.log(
      `  achieved ${step.achievedPerSecond}/s, e2e p50 ${step.endToEndMs.p50} ms p99 ${p99} ms → ${step.met ? 'met' : 'missed'}`,
    );
    misses = step.met ? 0 : misses + 1;
    if (misses >= 2) break;
    await sleep(1000);
  }
  const sustained = Math.max(0, ...steps.filter((s) => s.met).map((s) => s.offeredPerSecond));
  return { steps, sustainedPerSecond: round(sustained) };
}
