import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumerMetrics } from '../../services/oms-consumer/metrics.ts';
import { applyWithRetry } from '../../services/oms-consumer/retrying-steps.ts';
import { connect, type Db } from '../../services/shared/db/connection.ts';
import { migrateLatest } from '../../services/shared/db/migrate.ts';
import { seedCatalog } from '../../services/shared/db/seed/index.ts';
import {
  GatewayUnavailableError,
  SimulatedGateway,
  type Authorization,
  type AuthorizationRequest,
  type PaymentGateway,
} from '../../services/shared/domain/order-decision/index.ts';
import { createLogger } from '../../services/shared/logger.ts';
import { asMessages, placedEvent } from '../helpers/order-events.ts';
import { freshSqliteDatabase } from '../helpers/sqlite.ts';

/**
 * A gateway that fails its first calls, then answers as a real one does with idempotency keys: the
 * same key returns the first charge instead of creating a second (Stripe's Idempotency-Key).
 */
class FlakyGateway implements PaymentGateway {
  calls = 0;
  readonly charges = new Map<string, Authorization>();
  private readonly inner = new SimulatedGateway();
  constructor(private failures: number) {}
  authorize(request: AuthorizationRequest): Authorization {
    this.calls++;
    if (this.failures > 0) {
      this.failures--;
      // The worst case: the charge went through, but its answer was lost on the way back.
      this.charges.set(request.idempotencyKey, this.inner.authorize(request));
      throw new GatewayUnavailableError('gateway timed out after 10 s');
    }
    const known = this.charges.get(request.idempotencyKey);
    if (known) return known;
    const answer = this.inner.authorize(request);
    this.charges.set(request.idempotencyKey, answer);
    return answer;
  }
}

describe('a payment gateway outage inside the consumer', () => {
  let db: Db;
  let cleanup: () => void;
  let line: { sku: string; quantity: number; unitPrice: number };

  beforeAll(async () => {
    const fresh = freshSqliteDatabase();
    cleanup = fresh.cleanup;
    db = await connect(fresh.url);
    await migrateLatest(db);
    await seedCatalog(db, { seed: 3, stock: 1000, now: new Date('2026-11-20T00:00:00Z') });
    const p = (await db('products').where({ active: true }).first('sku', 'unit_price')) as {
      sku: string;
      unit_price: number;
    };
    line = { sku: p.sku, quantity: 1, unitPrice: Number(p.unit_price) };
  });
  afterAll(async () => {
    await db?.destroy();
    cleanup?.();
  });

  it('retries the batch with the same idempotency key: one charge, one payment, no dead letter', async () => {
    // Four failures in a row: past the point where a batch failing for other reasons is split and
    // dead-lettered, so this also proves a gateway outage is treated as transient.
    const gateway = new FlakyGateway(4);
    const registry = new Registry();
    const ctx = {
      db,
      logger: createLogger({ level: 'silent', pretty: false }),
      metrics: consumerMetrics(registry),
      stopping: new AbortController().signal,
      placement: { gateway },
    };
    const order = placedEvent([line]);
    const outcome = await applyWithRetry(ctx, asMessages([order], '0', 0), '0');

    expect(outcome).toEqual({ applied: 1, duplicates: 0, deadLettered: 0 });
    expect(gateway.calls).toBe(5);
    expect([...gateway.charges.keys()]).toEqual([order.data.orderId]);
    const payments = await db('payments')
      .where({ order_id: order.data.orderId })
      .select('status', 'provider_ref');
    expect(payments).toEqual([{ status: 'authorized', provider_ref: expect.stringMatching(/^ch_sim_/) }]);
    const charge = gateway.charges.get(order.data.orderId) as { chargeId: string };
    expect(payments[0]!.provider_ref).toBe(charge.chargeId);
    expect((await db('orders').where({ id: order.data.orderId }).first('status'))!.status).toBe('confirmed');
    expect(await db('dead_letters').count({ n: '*' })).toEqual([{ n: 0 }]);
    const retries = await registry.getSingleMetric('oms_consumer_retries_total')!.get();
    expect(retries.values.find((v) => v.labels.stage === 'gateway')?.value).toBe(4);
  });
});
