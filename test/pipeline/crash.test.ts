import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventHubPublisher } from '../../services/order-api/event-publisher.ts';
import { eventHubConnection } from '../../services/shared/azure/event-hub-connection.ts';
import { EVENT_TYPES } from '../../services/shared/domain/event-types.ts';
import { placedEvent } from '../helpers/order-events.ts';
import {
  BIN,
  countRows,
  startOms,
  startPipelineEnv,
  waitFor,
  FAST_FAILOVER_CONSUMER,
  type ChildService,
  type PipelineEnv,
} from '../helpers/pipeline-env.ts';

const run = promisify(execFile);
const ORDERS = 20_000;
const KILLS = 5;

describe('crash safety: SIGKILL the consumer while 20 000 orders stream in', () => {
  let env: PipelineEnv;
  let consumer: ChildService | undefined;
  beforeAll(async () => {
    env = await startPipelineEnv({ captureWindowSeconds: 3 });
  });
  afterAll(async () => {
    await consumer?.kill('SIGKILL');
    await env?.stop();
  });

  it('ends with exactly the published orders, no duplicates, no gaps, and a clean archive audit', async () => {
    const publisher = createEventHubPublisher(
      eventHubConnection({ connectionString: env.env.EVENTHUB_CONNECTION_STRING, eventHubName: 'orders' }),
    );
    const skus = (await env.db('products').where({ active: true }).select('sku', 'unit_price')) as {
      sku: string;
      unit_price: number;
    }[];
    const events = Array.from({ length: ORDERS }, (_, i) => {
      const p = skus[i % skus.length]!;
      return placedEvent([{ sku: p.sku, quantity: 1 + (i % 3), unitPrice: Number(p.unit_price) }]);
    });

    consumer = await startOms(FAST_FAILOVER_CONSUMER, env.env);
    let published = 0;
    const publishing = (async () => {
      for (let i = 0; i < events.length; i += 500) {
        await Promise.all(events.slice(i, i + 500).map((e) => publisher.publish(e)));
        published = i + 500;
        // Spread publishing over several seconds so the kills land mid-stream.
        await new Promise((r) => setTimeout(r, 150));
      }
    })();

    // Each kill lands while the consumer is demonstrably mid-stream: after it applied fresh work.
    let kills = 0;
    const appliedAtKill: number[] = [];
    let last = 0;
    while (kills < KILLS) {
      await waitFor(
        async () => (await countRows(env.db, 'orders')) >= last + 200,
        120_000,
        'the consumer makes progress',
      );
      await new Promise((r) => setTimeout(r, Math.random() * 300));
      await consumer!.kill('SIGKILL');
      last = await countRows(env.db, 'orders');
      appliedAtKill.push(last);
      kills++;
      consumer = await startOms(FAST_FAILOVER_CONSUMER, env.env);
    }
    await publishing;
    await publisher.close();
    expect(appliedAtKill.every((n) => n > 0 && n < ORDERS)).toBe(true);
    expect(published).toBeGreaterThanOrEqual(ORDERS);

    await waitFor(async () => (await countRows(env.db, 'orders')) >= ORDERS, 180_000, 'all orders applied');
    // Give a straggling redelivery the chance to (wrongly) add anything before counting.
    await new Promise((r) => setTimeout(r, 1500));
    await consumer.stop();
    consumer = undefined;

    expect(await countRows(env.db, 'orders')).toBe(ORDERS);
    expect(await countRows(env.db, 'order_events', { type: EVENT_TYPES.orderPlaced })).toBe(ORDERS);
    expect(await countRows(env.db, 'order_events', { type: EVENT_TYPES.orderConfirmed })).toBe(ORDERS);
    expect(await countRows(env.db, 'dead_letters')).toBe(0);
    const ids = new Set((await env.db('orders').pluck('id')) as string[]);
    expect(events.every((e) => ids.has(e.data.orderId))).toBe(true);

    // No gaps: each partition's sequence numbers are exactly 0..n-1, each applied once.
    const perPartition = (await env
      .db('order_events')
      .whereNotNull('partition_id')
      .groupBy('partition_id')
      .select('partition_id')
      .count({ n: '*' })
      .countDistinct({ distinct: 'sequence_number' })
      .min({ first: 'sequence_number' })
      .max({ last: 'sequence_number' })) as {
      partition_id: string;
      n: number;
      distinct: number;
      first: number;
      last: number;
    }[];
    expect(perPartition.reduce((s, p) => s + Number(p.n), 0)).toBe(ORDERS);
    for (const p of perPartition) {
      expect(Number(p.distinct)).toBe(Number(p.n));
      expect(Number(p.first)).toBe(0);
      expect(Number(p.last)).toBe(Number(p.n) - 1);
    }

    await env.hub.flushCapture();
    const verify = await run('node', [BIN, 'archive', 'verify', '--json', '--namespace', 'mgc-test'], {
      env: { ...process.env, ...env.env },
    }).catch((err: { stdout: string; stderr: string }) => err);
    const report = JSON.parse(verify.stdout) as {
      match: boolean;
      archivedEvents: number;
      missing: number;
      extra: number;
      duplicates: number;
    };
    expect(report).toMatchObject({
      match: true,
      archivedEvents: ORDERS,
      missing: 0,
      extra: 0,
      duplicates: 0,
    });
  });
});
