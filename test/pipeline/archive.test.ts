import { EventHubProducerClient } from '@azure/event-hubs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningOmsConsumer } from '../../services/oms-consumer/run-oms-consumer.ts';
import { createEventHubPublisher } from '../../services/order-api/event-publisher.ts';
import { eventHubConnection } from '../../services/shared/azure/event-hub-connection.ts';
import { connect } from '../../services/shared/db/connection.ts';
import { migrateLatest } from '../../services/shared/db/migrate.ts';
import { seedCatalog } from '../../services/shared/db/seed/index.ts';
import { EVENT_TYPES } from '../../services/shared/domain/event-types.ts';
import { createOrderEvent, encodeEvent } from '../../services/shared/events/cloud-event.ts';
import { createLogger } from '../../services/shared/logger.ts';
import { placedEvent } from '../helpers/order-events.ts';
import {
  countRows,
  runOms,
  startInProcessConsumer,
  startPipelineEnv,
  waitFor,
  type PipelineEnv,
} from '../helpers/pipeline-env.ts';

const oms = runOms;

describe('the capture archive: bad messages through the hub, ls, verify and replay', () => {
  let env: PipelineEnv;
  let consumer: RunningOmsConsumer;
  const ORDERS = 300;
  let cancelled: string[] = [];

  beforeAll(async () => {
    env = await startPipelineEnv({ captureWindowSeconds: 2 });
    const eventHub = eventHubConnection({
      connectionString: env.env.EVENTHUB_CONNECTION_STRING,
      eventHubName: 'orders',
    });
    consumer = await startInProcessConsumer(env, {
      logger: createLogger({ level: 'silent', pretty: false }),
      eventHub,
    });
    const skus = (await env.db('products').where({ active: true }).select('sku', 'unit_price')) as {
      sku: string;
      unit_price: number;
    }[];
    const events = Array.from({ length: ORDERS }, (_, i) =>
      placedEvent([
        {
          sku: skus[i % skus.length]!.sku,
          quantity: 1,
          unitPrice: Number(skus[i % skus.length]!.unit_price),
        },
      ]),
    );
    const publisher = createEventHubPublisher(eventHub);
    await Promise.all(events.map((e) => publisher.publish(e)));
    cancelled = events.slice(0, 10).map((e) => e.data.orderId);
    await Promise.all(
      cancelled.map((orderId) =>
        publisher.publish(
          createOrderEvent(EVENT_TYPES.orderCancelled, '/channels/web', {
            orderId,
            reason: 'customer_request',
          }),
        ),
      ),
    );
    await publisher.close();

    // Malformed traffic straight through the SDK, as a buggy producer would send it.
    const raw = new EventHubProducerClient(env.env.EVENTHUB_CONNECTION_STRING);
    const good = placedEvent([{ sku: skus[0]!.sku, quantity: 1, unitPrice: Number(skus[0]!.unit_price) }]);
    await raw.sendBatch(
      [
        { body: Buffer.from('{"specversion":"1.0", oops') },
        {
          body: Buffer.from(
            JSON.stringify({ specversion: '1.0', id: 'no-source', type: EVENT_TYPES.orderPlaced, data: {} }),
          ),
        },
        {
          body: Buffer.from(
            JSON.stringify({
              specversion: '1.0',
              id: 'u-1',
              source: '/x',
              type: 'com.example.unknown',
              data: {},
            }),
          ),
        },
        { body: Buffer.alloc(300 * 1024, 0x61) },
        { body: encodeEvent(good) },
        { body: encodeEvent(good) },
      ],
      { partitionId: '2' },
    );
    await raw.close();
    await waitFor(
      async () =>
        (await countRows(env.db, 'orders')) === ORDERS + 1 && (await countRows(env.db, 'dead_letters')) === 4,
      30_000,
      'all orders and dead letters applied',
    );
    await waitFor(
      async () => (await countRows(env.db, 'orders', { status: 'cancelled' })) === 10,
      30_000,
      'cancellations applied',
    );
    await consumer.close();
    await env.hub.flushCapture();
  });
  afterAll(async () => {
    await env?.stop();
  });

  it('dead-letters each bad message with its reason, applies the duplicate once, and keeps consuming', async () => {
    const reasons = (
      (await env.db('dead_letters').orderBy('sequence_number').pluck('reason')) as string[]
    ).map((r) => r.split(':')[0]);
    expect(reasons).toEqual([
      'invalid JSON',
      'invalid CloudEvent',
      'unknown event type com.example.unknown',
      'message body of 307200 bytes exceeds the 262144-byte limit',
    ]);
    expect(await countRows(env.db, 'orders')).toBe(ORDERS + 1);
  });

  it('oms archive ls lists the Capture files by partition and window', async () => {
    const r = await oms(['archive', 'ls', '--json', '--namespace', 'mgc-test'], env.env);
    expect(r.code, r.stderr).toBe(0);
    const files = JSON.parse(r.stdout) as { name: string; partitionId: string; sizeBytes: number }[];
    expect(files.length).toBeGreaterThan(0);
    for (const f of files)
      expect(f.name).toMatch(/^mgc-test\/orders\/[0-3]\/\d{4}\/\d{2}\/\d{2}\/\d{2}\/\d{2}\/\d{2}\.avro$/);
    expect(new Set(files.map((f) => f.partitionId)).size).toBe(4);
    const human = await oms(['archive', 'ls', '--namespace', 'mgc-test', '--partition', '2'], env.env);
    expect(human.stdout).toMatch(/file\(s\)/);
    const bad = await oms(['archive', 'ls', '--from', 'yesterday'], env.env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--from must be a date/);
  });

  it('oms archive verify matches, and fails with the missing events when the database lost some', async () => {
    const ok = await oms(['archive', 'verify', '--json', '--namespace', 'mgc-test'], env.env);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      match: true,
      archivedEvents: ORDERS + 10 + 6,
      missing: 0,
      extra: 0,
      duplicates: 1,
    });

    const victims = (await env
      .db('order_events')
      .where({ type: EVENT_TYPES.orderCancelled })
      .whereNotNull('partition_id')
      .limit(3)) as {
      id: number;
    }[];
    const saved = await env.db('order_events').whereIn(
      'id',
      victims.map((v) => v.id),
    );
    await env
      .db('order_events')
      .whereIn(
        'id',
        victims.map((v) => v.id),
      )
      .del();
    const bad = await oms(['archive', 'verify', '--json', '--namespace', 'mgc-test'], env.env);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ match: false, missing: 3 });
    await env.db('order_events').insert(saved);
  });

  it('oms archive replay rebuilds the same orders in an empty database, and a second replay changes nothing', async () => {
    const url = await env.mariadb.createDatabase();
    const fresh = await connect(url);
    await migrateLatest(fresh);
    await seedCatalog(fresh, { seed: 7, stock: 1_000_000_000, now: new Date('2026-11-20T00:00:00Z') });
    const replayEnv = { ...env.env, DATABASE_URL: url };
    const first = await oms(['archive', 'replay', '--json', '--namespace', 'mgc-test'], replayEnv);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({
      events: ORDERS + 16,
      applied: ORDERS + 11,
      duplicates: 1,
      deadLettered: 4,
    });
    const summary = async (db: typeof fresh) =>
      (await db('orders').orderBy('id').select('id', 'status', 'total', 'customer_id')).map((o) => [
        o.id,
        o.status,
        Number(o.total),
      ]);
    expect(await summary(fresh)).toEqual(await summary(env.db));
    const second = await oms(['archive', 'replay', '--json', '--namespace', 'mgc-test'], replayEnv);
    expect(JSON.parse(second.stdout)).toMatchObject({ applied: 0, duplicates: ORDERS + 16, deadLettered: 0 });
    await fresh.destroy();
  });
});
