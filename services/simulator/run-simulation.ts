import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { SimulatorApi } from './api-client.ts';
import type { SimulationSettings } from './bounds.ts';
import { followOrder, type JourneyTally } from './journey.ts';
import { TokenBucket, requestCap } from './pacing.ts';
import { orderPlan, type CatalogProduct, type Intent, type PlannedOrder } from './plan.ts';
import { bump, type SimulationSummary } from './summary.ts';

export interface SimulationProgress {
  elapsedSeconds: number;
  placed: number;
  /** Orders the run means to place (rate × duration). */
  target: number;
  phase: 'placing' | 'draining';
  /** Accepted orders by their last seen status. */
  live: Record<string, number>;
}

export interface SimulationOptions extends SimulationSettings {
  /** The API's base URL; the simulator sends nothing anywhere else. */
  api: string;
  /** Bearer token for fulfilment and ops routes; without it orders are only placed and tracked. */
  operatorToken?: string | undefined;
  onProgress?: (p: SimulationProgress) => void;
  onWarning?: (message: string) => void;
  /** Stops the run early (Ctrl+C): placing ends at once, journeys at the end of the drain or now. */
  signal?: AbortSignal;
}

interface Placed {
  orderId: string;
  orderToken: string;
}

/** The active catalogue as the shop lists it: what a shopper could add to the basket. */
async function fetchCatalog(api: SimulatorApi): Promise<CatalogProduct[]> {
  const r = await api.request<{ products: CatalogProduct[] }>('GET', '/api/products?limit=500');
  if (r.status !== 200 || !r.body?.products?.length) {
    throw new Error(
      r.status === 0
        ? `no answer from ${api.baseUrl}: is the API running (npm start)?`
        : `GET /api/products answered ${r.status}: cannot learn the catalogue`,
    );
  }
  return r.body.products;
}

/**
 * Runs the simulator: places the planned orders at `rate` for `durationSeconds` through
 * `POST /api/orders`, follows each accepted order through its journey, and after the placement window
 * lets journeys finish for at most `drainSeconds`. Everything goes through the one API URL.
 */
export async function runSimulation(options: SimulationOptions): Promise<SimulationSummary> {
  const started = Date.now();
  const runId = randomBytes(4).toString('hex');
  const stopAll = new AbortController();
  // Every sleeping journey and request listens to this one signal.
  setMaxListeners(0, stopAll.signal);
  const outer = options.signal;
  const onOuterAbort = () => stopAll.abort();
  outer?.addEventListener('abort', onOuterAbort, { once: true });

  const lanes = { place: requestCap(options.concurrency), follow: requestCap(options.concurrency) };
  const api = new SimulatorApi(options.api, lanes, stopAll.signal, options.operatorToken);
  const warnings: string[] = [];
  const warned = new Set<string>();
  const warnOnce = (key: string, message: string) => {
    if (warned.has(key)) return;
    warned.add(key);
    warnings.push(message);
    options.onWarning?.(message);
  };
  if (!options.operatorToken) {
    warnOnce(
      'operator',
      'no operator token: orders are placed and tracked, but none is reviewed, shipped or delivered (--operator-token)',
    );
  }

  const catalog = await fetchCatalog(api);
  const tally: JourneyTally = {
    decisions: {},
    byStatus: {},
    byCancelReason: {},
    actions: {
      addressChanges: 0,
      customerCancels: 0,
      released: 0,
      rejected: 0,
      shipped: 0,
      delivered: 0,
      returnsRequested: 0,
      conflicts: 0,
      unavailable: 0,
    },
    unfinished: 0,
    live: {},
  };
  const intents: Partial<Record<Intent, number>> = {};
  const rejected: Record<string, number> = {};
  let placed = 0;
  let accepted = 0;
  const journeys = new Set<Promise<void>>();
  const ctx = { api, daySeconds: options.daySeconds, signal: stopAll.signal, tally, warnOnce };

  const target = Math.round(options.rate * options.durationSeconds);
  let phase: SimulationProgress['phase'] = 'placing';
  const report = () =>
    options.onProgress?.({
      elapsedSeconds: (Date.now() - started) / 1000,
      placed,
      target,
      phase,
      live: { ...tally.live },
    });
  const ticker = setInterval(report, 500);

  const plan = orderPlan(options.seed, catalog);
  // The window opens with the first order: drawing the plan's first shoppers takes a moment.
  let next = plan.next();
  const placeStart = Date.now();
  const placeEnd = placeStart + options.durationSeconds * 1000;
  // The hard end of the run: placements still retrying (429, 503) and journeys both stop there.
  const drainTimer = setTimeout(() => stopAll.abort(), placeEnd - Date.now() + options.drainSeconds * 1000);
  const place = async (order: PlannedOrder) => {
    placed++;
    bump(intents, order.intent);
    const r = await api.request<Placed>('POST', '/api/orders', {
      body: order.request,
      // Retries of one order land on one order id; a new run (new run id) places new orders.
      idempotencyKey: `sim-${runId}-${order.index}`,
      lane: 'place',
    });
    if (r.status !== 202 || !r.body?.orderId) {
      bump(rejected, String(r.status));
      return;
    }
    accepted++;
    const journey = followOrder(ctx, order, r.body).catch((err: unknown) =>
      warnOnce('journey', `a journey failed: ${err instanceof Error ? err.message : String(err)}`),
    );
    journeys.add(journey);
    void journey.finally(() => journeys.delete(journey));
  };

  // Up to half a second of orders may go out at once after the process was starved.
  const bucket = new TokenBucket(options.rate, Math.max(1, options.rate / 2));
  const inFlight = new Set<Promise<void>>();
  let checkedLimits = false;
  for (; !next.done; next = plan.next()) {
    const order = next.value;
    if (!(await bucket.take(placeEnd, stopAll.signal))) break;
    while (inFlight.size >= options.concurrency) await Promise.race(inFlight);
    const placing = place(order);
    inFlight.add(placing);
    void placing.finally(() => inFlight.delete(placing));
    if (!checkedLimits && api.limits.has('orders')) {
      checkedLimits = true;
      const limit = api.limits.get('orders')!;
      const perSecond = limit.limit / limit.windowSeconds;
      if (perSecond < options.rate) {
        warnOnce(
          'limit',
          `the API allows ${limit.limit} order requests per ${limit.windowSeconds} s from one address (${perSecond.toFixed(1)}/s), below --rate ${options.rate}: expect 429s; see docs/simulator.md for RATE_LIMIT_ORDERS_PER_MINUTE`,
        );
      }
    }
  }
  await Promise.all(inFlight);
  const placementSeconds = Math.max(0.001, (Math.min(Date.now(), placeEnd) - placeStart) / 1000);

  phase = 'draining';
  while (journeys.size > 0) await Promise.race(journeys);
  clearTimeout(drainTimer);
  clearInterval(ticker);
  report();
  outer?.removeEventListener('abort', onOuterAbort);

  return {
    api: options.api,
    runId,
    seed: options.seed,
    rate: options.rate,
    durationSeconds: options.durationSeconds,
    drainSeconds: options.drainSeconds,
    daySeconds: options.daySeconds,
    startedAt: new Date(started).toISOString(),
    elapsedSeconds: (Date.now() - started) / 1000,
    placed,
    http: { accepted, rejected },
    retries: api.retries,
    rateAchieved: Math.round((placed / placementSeconds) * 10) / 10,
    intents,
    decisions: tally.decisions,
    outcomes: { byStatus: tally.byStatus, byCancelReason: tally.byCancelReason },
    actions: tally.actions,
    unfinished: tally.unfinished,
    warnings,
  };
}
