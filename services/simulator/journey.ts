import { setTimeout as delay } from 'node:timers/promises';
import type { OrderView } from '../shared/events/order-view.ts';
import type { SimulatorApi } from './api-client.ts';
import type { PlannedOrder } from './plan.ts';
import { bump, type ActionCounts } from './summary.ts';

/** What every journey reports into; one per run. */
export interface JourneyTally {
  decisions: Record<string, number>;
  byStatus: Record<string, number>;
  byCancelReason: Record<string, number>;
  actions: ActionCounts;
  unfinished: number;
  /** Orders by their last seen status while the run goes on (progress line). */
  live: Record<string, number>;
}

export interface JourneyContext {
  api: SimulatorApi;
  /** Wall-clock seconds per simulated day. */
  daySeconds: number;
  /** Aborted when the drain time is over: every journey stops where it is. */
  signal: AbortSignal;
  tally: JourneyTally;
  warnOnce(key: string, message: string): void;
}

/** How long one step waits for the consumer to show its effect before giving up on the order. */
const STEP_TIMEOUT_MS = 30_000;
/** The first look at a new order: the consumer decides in batches, typically within a second. */
const FIRST_LOOK_MS = 1000;
const MAX_POLL_MS = 3000;

type ActResult = 'ok' | 'refused' | 'unavailable' | 'failed';

/**
 * One accepted order's life after placement, driven only through the API: learn the decision by
 * tracking it with the order token, then act as the people around it would — an operator reviews a
 * held order, the shopper changes the address or cancels, the warehouse ships, the carrier delivers,
 * the shopper returns — each after its planned delay. A step whose precondition did not come true is
 * skipped; the last status seen is the order's outcome.
 */
export async function followOrder(
  ctx: JourneyContext,
  order: PlannedOrder,
  placed: { orderId: string; orderToken: string },
): Promise<void> {
  const { api, tally } = ctx;
  const id = placed.orderId;
  const j = order.journey;
  let view: OrderView | undefined;
  let lastLive: string | undefined;

  const sleep = async (ms: number): Promise<boolean> => {
    try {
      await delay(ms, undefined, { signal: ctx.signal });
      return true;
    } catch {
      return false;
    }
  };
  const sleepDays = (days: number) => sleep(days * ctx.daySeconds * 1000);
  const see = (v: OrderView) => {
    view = v;
    if (lastLive) bump(tally.live, lastLive, -1);
    bump(tally.live, v.status);
    lastLive = v.status;
  };
  const read = async () => {
    const r = await api.request<OrderView>('GET', `/api/orders/${id}`, { orderToken: placed.orderToken });
    if (r.status === 200 && r.body) see(r.body);
    return r.status;
  };
  /** Polls with growing pauses until `done` holds for the order as the API shows it. */
  const waitUntil = async (done: (v: OrderView) => boolean, firstMs: number): Promise<boolean> => {
    const deadline = Date.now() + STEP_TIMEOUT_MS;
    for (let pause = firstMs; Date.now() + pause <= deadline; pause = Math.min(pause * 1.5, MAX_POLL_MS)) {
      if (!(await sleep(pause))) return false;
      await read();
      if (view && done(view)) return true;
    }
    return false;
  };
  /**
   * One action. On a 409 the order is read again: when it already shows the action's effect (`reached`:
   * an earlier attempt whose answer was lost did get through) the action counts as done; while it still
   * shows `notYet` (the previous step's event is on its way through the hub) it is retried a few times;
   * otherwise it is a conflict.
   */
  const act = async (
    method: string,
    path: string,
    options: Parameters<SimulatorApi['request']>[2],
    reached: (v: OrderView) => boolean,
    notYet?: string,
  ): Promise<ActResult> => {
    for (let attempt = 1; ; attempt++) {
      const r = await api.request(method, path, options);
      if (r.status >= 200 && r.status < 300) return 'ok';
      if (r.status === 409) {
        await read();
        if (view && reached(view)) return 'ok';
        if (notYet && view?.status === notYet && attempt < 6 && (await sleep(1000))) continue;
      }
      if (r.status === 409) {
        tally.actions.conflicts++;
        return 'refused';
      }
      if ([401, 403, 404, 405].includes(r.status)) {
        tally.actions.unavailable++;
        const route = `${method} ${path.replace(/ORD-[0-9A-Z]+/, ':id')}`;
        ctx.warnOnce(
          route,
          `${route} answered ${r.status}: ${r.status === 404 || r.status === 405 ? 'this API does not offer it' : 'the operator token was refused'}; orders that need it stop there`,
        );
        return 'unavailable';
      }
      return 'failed';
    }
  };
  const finish = (completed: boolean) => {
    if (!completed) tally.unfinished++;
    bump(tally.byStatus, view?.status ?? 'unseen');
    if (view?.status === 'cancelled') bump(tally.byCancelReason, view.cancelReason ?? 'unknown');
  };

  if (!(await waitUntil((v) => v.status !== 'pending', FIRST_LOOK_MS)) || !view) {
    bump(tally.decisions, 'undecided');
    return finish(false);
  }
  const decided: OrderView = view;
  bump(
    tally.decisions,
    decided.status === 'cancelled' ? `cancelled:${decided.cancelReason}` : decided.status,
  );

  if (decided.status === 'on_hold') {
    if (!api.hasOperator) return finish(true);
    if (!(await sleepDays(j.reviewAfterDays))) return finish(false);
    const note =
      j.review === 'release'
        ? 'Simulated review: customer confirmed the order by phone.'
        : 'Simulated review: shipping address and payer do not match.';
    const r = await act(
      'POST',
      `/api/ops/orders/${id}/${j.review}`,
      { operator: true, body: { note } },
      (v) => v.status !== 'on_hold',
    );
    if (r !== 'ok') return finish(r !== 'failed');
    tally.actions[j.review === 'release' ? 'released' : 'rejected']++;
    if (!(await waitUntil((v) => v.status !== 'on_hold', 500))) return finish(false);
  }

  if (view.status === 'confirmed' && j.addressChange) {
    if (!(await sleepDays(j.addressChange.afterDays))) return finish(false);
    const r = await act(
      'PATCH',
      `/api/orders/${id}`,
      {
        orderToken: placed.orderToken,
        body: { shippingAddress: j.addressChange.address },
      },
      (v) => v.shippingAddress.line1 === j.addressChange?.address.line1,
    );
    if (r === 'ok') tally.actions.addressChanges++;
  }

  if (view.status === 'confirmed' && j.cancelAfterDays !== undefined) {
    if (!(await sleepDays(j.cancelAfterDays))) return finish(false);
    const r = await act(
      'POST',
      `/api/orders/${id}/cancel`,
      {
        orderToken: placed.orderToken,
        body: { reason: 'customer_request' },
      },
      (v) => v.status === 'cancelled',
    );
    if (r !== 'ok') return finish(r !== 'failed');
    tally.actions.customerCancels++;
    return finish(await waitUntil((v) => v.status === 'cancelled', 500));
  }

  if (view.status !== 'confirmed' || !api.hasOperator) return finish(true);
  if (!(await sleepDays(j.ship.afterDays))) return finish(false);
  const shipped = await act(
    'POST',
    '/api/fulfilment/shipments',
    {
      operator: true,
      body: { orderId: id, carrier: j.ship.carrier, trackingNumber: j.ship.trackingNumber },
    },
    (v) => ['shipped', 'delivered', 'returned'].includes(v.status),
  );
  if (shipped !== 'ok') return finish(shipped !== 'failed');
  tally.actions.shipped++;

  if (!(await sleepDays(j.deliverAfterDays))) return finish(false);
  const delivered = await act(
    'POST',
    '/api/fulfilment/deliveries',
    { operator: true, body: { orderId: id, deliveredAt: new Date().toISOString() } },
    (v) => ['delivered', 'returned'].includes(v.status),
    'confirmed',
  );
  if (delivered !== 'ok') return finish(delivered !== 'failed');
  tally.actions.delivered++;

  if (!j.return) return finish(await waitUntil((v) => v.status === 'delivered', 500));
  if (!(await sleepDays(j.return.afterDays))) return finish(false);
  const returned = await act(
    'POST',
    `/api/orders/${id}/returns`,
    { orderToken: placed.orderToken, body: { reason: j.return.reason, comment: j.return.comment } },
    // The order stays delivered while the consumer decides; a second request finds the return on file.
    (v) => v.status === 'returned',
    'shipped',
  );
  if (returned !== 'ok') return finish(returned !== 'failed');
  tally.actions.returnsRequested++;
  // A return inside the window is approved and refunded at once; a rejected one leaves it delivered.
  return finish(await waitUntil((v) => v.status === 'returned', 500));
}
