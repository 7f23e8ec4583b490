import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobServiceClient } from '@azure/storage-blob';
import { verifyArchive } from '../../services/archive/verify-archive.ts';
import { createEventHubPublisher, type EventPublisher } from '../../services/order-api/event-publisher.ts';
import { eventHubConnection } from '../../services/shared/azure/event-hub-connection.ts';
import { operatorHeaders } from '../helpers/auth.ts';
import { placedEvent } from '../helpers/order-events.ts';
import {
  countRows,
  startOms,
  startPipelineEnv,
  waitFor,
  FAST_FAILOVER_CONSUMER,
  type ChildService,
  type PipelineEnv,
} from '../helpers/pipeline-env.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The consumer's checkpoints (partition → sequence number), read straight from the Blob store. */
async function checkpoints(env: PipelineEnv): Promise<Record<string, number>> {
  const container = BlobServiceClient.fromConnectionString(
    env.env.STORAGE_CONNECTION_STRING,
  ).getContainerClient('oms-checkpoints');
  const out: Record<string, number> = {};
  for await (const blob of container.listBlobsFlat({ prefix: undefined, includeMetadata: true })) {
    if (!blob.name.includes('/checkpoint/')) continue;
    out[blob.name.split('/').pop()!] = Number(blob.metadata?.sequencenumber);
  }
  return out;
}

async function maxAppliedSequence(env: PipelineEnv): Promise<Record<string, number>> {
  const rows = (await env
    .db('order_events')
    .whereNotNull('partition_id')
    .groupBy('partition_id')
    .select('partition_id')
    .max({ last: 'sequence_number' })) as {
    partition_id: string;
    last: number;
  }[];
  return Object.fromEntries(rows.map((r) => [r.partition_id, Number(r.last)]));
}

describe('outages: the consumer pauses, resumes and loses nothing', () => {
  let env: PipelineEnv;
  let publisher: EventPublisher;
  let consumer: ChildService;
  let skus: { sku: string; unit_price: number }[];
  let expected = 0;

  const publishPaced = async (count: number, perTick: number, tickMs: number) => {
    for (let i = 0; i < count; i += perTick) {
      const batch = Array.from({ length: Math.min(perTick, count - i) }, (_, j) => {
        const p = skus[(i + j) % skus.length]!;
        return placedEvent([{ sku: p.sku, quantity: 1, unitPrice: Number(p.unit_price) }]);
      });
      await Promise.all(batch.map((e) => publisher.publish(e)));
      await sleep(tickMs);
    }
  };

  beforeAll(async () => {
    env = await startPipelineEnv({ captureWindowSeconds: 2 });
    publisher = createEventHubPublisher(
      eventHubConnection({ connectionString: env.env.EVENTHUB_CONNECTION_STRING, eventHubName: 'orders' }),
    );
    skus = (await env.db('products').where({ active: true }).select('sku', 'unit_price')) as typeof skus;
    consumer = await startOms(FAST_FAILOVER_CONSUMER, env.env);
  });
  afterAll(async () => {
    await consumer?.stop();
    await publisher?.close();
    await env?.stop();
  });

  it('MariaDB stopped for 10 s mid-stream: no checkpoint moves while it is down, then every order lands once', async () => {
    await publishPaced(1000, 100, 0);
    expected += 1000;
    await waitFor(async () => (await countRows(env.db, 'orders')) === expected, 60_000, 'warm-up applied');

    const streaming = publishPaced(4000, 50, 100);
    expected += 4000;
    await sleep(1500);
    await env.mariadb.stop();
    await sleep(1000); // a batch committed just before the stop may still checkpoint
    const atStart = await checkpoints(env);
    await sleep(8500);
    const atEnd = await checkpoints(env);
    await env.mariadb.start();
    await streaming;

    expect(atEnd).toEqual(atStart);
    await waitFor(
      async () => (await countRows(env.db, 'orders').catch(() => -1)) === expected,
      120_000,
      'all orders after the outage',
    );
    // Everything up to each checkpoint taken during the outage is in the database.
    const applied = await maxAppliedSequence(env);
    for (const [partition, seq] of Object.entries(atEnd))
      expect(applied[partition]).toBeGreaterThanOrEqual(seq);

    const metrics = await (
      await fetch(`http://127.0.0.1:${consumer.port}/metrics`, { headers: operatorHeaders() })
    ).text();
    const retries = Number(/oms_consumer_retries_total\{stage="database"\} (\d+)/.exec(metrics)?.[1] ?? 0);
    expect(retries).toBeGreaterThan(0);
  });

  it('Azurite (checkpoints and Capture) away for 5 s: processing resumes, nothing is lost or doubled, the archive still matches', async () => {
    const streaming = publishPaced(3000, 50, 100);
    expected += 3000;
    await sleep(1000);
    await env.azurite.stop();
    await sleep(5000);
    await env.azurite.start();
    await streaming;

    await waitFor(
      async () => (await countRows(env.db, 'orders')) === expected,
      120_000,
      'all orders after the Blob outage',
    );
    await waitFor(
      async () => {
        const [cp, applied] = [await checkpoints(env), await maxAppliedSequence(env)];
        return Object.entries(applied).every(([p, seq]) => cp[p] === seq);
      },
      60_000,
      'checkpoints caught up with the applied events',
    );
    expect(await countRows(env.db, 'orders')).toBe(expected);
    expect(await countRows(env.db, 'dead_letters')).toBe(0);

    await env.hub.flushCapture();
    const container = BlobServiceClient.fromConnectionString(
      env.env.STORAGE_CONNECTION_STRING,
    ).getContainerClient('order-archive');
    const report = await verifyArchive(env.db, container, { namespace: 'mgc-test', eventHub: 'orders' });
    expect({
      match: report.match,
      archived: report.archivedEvents,
      missing: report.missing.length,
      extra: report.extra.length,
    }).toEqual({
      match: true,
      archived: expected,
      missing: 0,
      extra: 0,
    });
  });
});
