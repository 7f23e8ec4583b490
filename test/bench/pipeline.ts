import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import autocannon from 'autocannon';
import { connect, type Db } from '../../services/shared/db/connection.ts';
import { migrateLatest } from '../../services/shared/db/migrate.ts';
import { seedCatalog } from '../../services/shared/db/seed/index.ts';
import { EVENT_TYPES } from '../../services/shared/domain/event-types.ts';
import { MariaDbServer } from '../helpers/mariadb.ts';
import { startTestAzurite } from '../helpers/azurite.ts';
import { startDevHubProcess } from '../helpers/dev-hub.ts';
import { countRows, startOms, type ChildService } from '../helpers/pipeline-env.ts';
import { securityEnv } from '../helpers/auth.ts';

const INGEST_SECONDS = Number(process.env.BENCH_INGEST_SECONDS ?? 10);
const NAIVE_SECONDS = Number(process.env.BENCH_NAIVE_SECONDS ?? 15);
const E2E_RATE = 1000;
const E2E_SECONDS = Number(process.env.BENCH_E2E_SECONDS ?? 10);

/** The production entry and heap sizing (what the container images run), not the tsx dev loader. */
const ENTRY = new URL('../../dist/main.js', import.meta.url).pathname;
const NODE_OPTIONS = process.env.BENCH_NODE_OPTIONS ?? '--max-old-space-size=96 --max-semi-space-size=8';

const log = (msg: string) => process.stderr.write(`[bench pipeline] ${msg}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function orderBody(sku: string): string {
  return JSON.stringify({
    customer: { email: 'bench@example.com', fullName: 'Bench Mark', country: 'DE', city: 'Berlin' },
    items: [{ sku, quantity: 1 }],
    shippingAddress: { line1: 'Benchstr. 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
    payment: { method: 'card', token: 'tok_visa' },
    channel: 'web',
  });
}

async function freshDb(server: MariaDbServer): Promise<{ url: string; db: Db }> {
  const url = await server.createDatabase();
  const db = await connect(url);
  await migrateLatest(db);
  await seedCatalog(db, { seed: 7, stock: 1_000_000_000, now: new Date('2026-11-20T00:00:00Z') });
  return { url, db };
}

/**
 * Drains the hub into a database with one consumer process and measures events/s from the first
 * committed order to the last, sampling the consumer's RSS. `untilCount` undefined ⇒ run `seconds`.
 */
async function measureConsumer(
  args: string[],
  env: Record<string, string>,
  db: Db,
  target: { untilCount?: number; seconds?: number },
): Promise<{ events: number; seconds: number; eventsPerSecond: number; rssMaxMb: number }> {
  const consumer: ChildService = await startOms(args, env, ENTRY);
  let rssMax = 0;
  const sampler = setInterval(() => {
    try {
      rssMax = Math.max(rssMax, rssMb(consumer.child.pid!));
    } catch {
      /* the process is gone */
    }
  }, 200);
  let firstAt = 0;
  let firstCount = 0;
  let lastCount = 0;
  let lastAt = 0;
  const deadline = Date.now() + 300_000;
  for (;;) {
    const n = await countRows(db, 'orders');
    const now = performance.now();
    if (n > 0 && firstAt === 0) {
      firstAt = now;
      firstCount = n;
    }
    if (n !== lastCount) {
      lastCount = n;
      lastAt = now;
    }
    if (target.untilCount !== undefined && n >= target.untilCount) break;
    if (target.seconds !== undefined && firstAt > 0 && now - firstAt >= target.seconds * 1000) break;
    if (Date.now() > deadline) throw new Error(`consumer stalled at ${n} orders`);
    await sleep(100);
  }
  clearInterval(sampler);
  await consumer.stop();
  const seconds = (lastAt - firstAt) / 1000;
  const events = lastCount - firstCount;
  return {
    events,
    seconds: round(seconds),
    eventsPerSecond: Math.round(events / seconds),
    rssMaxMb: round(rssMax),
  };
}

export async function benchPipeline() {
  log('building the production bundle (npm run build)');
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
  const mariadb = await MariaDbServer.create();
  const azurite = await startTestAzurite();
  // In a process of its own, as Event Hubs is remote in production: sharing the load generator's event
  // loop would measure the benchmark, not the pipeline.
  const hub = await startDevHubProcess([
    '--namespace',
    'mgc-bench',
    '--hub',
    'orders:4',
    ...['oms', 'naive', 'e2e'].flatMap((g) => ['--consumer-group', g]),
    '--capture-connection-string',
    azurite.connectionString,
    '--capture-container',
    'order-archive',
    '--capture-window-seconds',
    '60',
  ]);
  const base = {
    EVENTHUB_CONNECTION_STRING: hub.connectionStrings.orders!,
    STORAGE_CONNECTION_STRING: azurite.connectionString,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    NODE_OPTIONS,
    // The order-token secret production requires, and rate limits far above the offered load.
    ...securityEnv(),
  };
  const cleanup: (() => Promise<unknown>)[] = [];
  try {
    // 1. Ingest: one order-api process, autocannon at full speed.
    const main = await freshDb(mariadb);
    cleanup.push(() => main.db.destroy());
    const sku = ((await main.db('products').where({ active: true }).first('sku')) as { sku: string }).sku;
    const api = await startOms(['api'], { ...base, DATABASE_URL: main.url }, ENTRY);
    cleanup.push(() => api.stop());
    log(`ingest: ${INGEST_SECONDS} s of POST /api/orders`);
    const ingest = await autocannon({
      url: `http://127.0.0.1:${api.port}/api/orders`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: orderBody(sku),
      connections: 64,
      duration: INGEST_SECONDS,
    });
    const accepted = ingest['2xx'];
    // A 2xx means the event is on the hub, so the accepted count is what the consumers will drain.
    const published = accepted;

    // 2. Consume, batched (the product): drain everything ingest published.
    log(`consume (batched): ${published} events`);
    const batched = await measureConsumer(['consumer'], { ...base, DATABASE_URL: main.url }, main.db, {
      untilCount: published,
    });

    // 3. Consume, naive baseline: one transaction and one checkpoint per event, same hub, same data.
    const naiveDb = await freshDb(mariadb);
    cleanup.push(() => naiveDb.db.destroy());
    log(`consume (naive per-event baseline): ${NAIVE_SECONDS} s`);
    const naive = await measureConsumer(
      ['consumer', '--per-event'],
      { ...base, DATABASE_URL: naiveDb.url, EVENTHUB_CONSUMER_GROUP: 'naive' },
      naiveDb.db,
      { seconds: NAIVE_SECONDS },
    );

    // 4. End to end at 1 000 orders/s offered: API → hub → consumer → MariaDB, latency from the
    //    event time the API stamps to the consumer's commit of the order.
    const e2eDb = await freshDb(mariadb);
    cleanup.push(() => e2eDb.db.destroy());
    const e2eApi = await startOms(['api'], { ...base, DATABASE_URL: e2eDb.url }, ENTRY);
    cleanup.push(() => e2eApi.stop());
    const e2eConsumer = await startOms(
      ['consumer'],
      { ...base, DATABASE_URL: e2eDb.url, EVENTHUB_CONSUMER_GROUP: 'e2e' },
      ENTRY,
    );
    cleanup.push(() => e2eConsumer.stop());
    // Let the e2e consumer catch up with the backlog of the earlier phases first.
    while ((await countRows(e2eDb.db, 'orders')) < published) await sleep(200);
    const before = await countRows(e2eDb.db, 'orders');
    log(`end to end: ${E2E_RATE} orders/s for ${E2E_SECONDS} s`);
    let rssMax = 0;
    const sampler = setInterval(() => (rssMax = Math.max(rssMax, rssMb(e2eConsumer.child.pid!))), 200);
    const phaseStart = new Date();
    const offered = await autocannon({
      url: `http://127.0.0.1:${e2eApi.port}/api/orders`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: orderBody(sku),
      connections: 50,
      overallRate: E2E_RATE,
      duration: E2E_SECONDS,
    });
    const expected = before + offered['2xx'];
    const deadline = Date.now() + 60_000;
    while ((await countRows(e2eDb.db, 'orders')) < expected && Date.now() < deadline) await sleep(100);
    clearInterval(sampler);
    const rows = (await e2eDb
      .db('order_events as e')
      .join('orders as o', 'o.id', 'e.order_id')
      .where('e.type', EVENT_TYPES.orderPlaced)
      .where('o.placed_at', '>=', phaseStart.toISOString().replace('T', ' ').replace('Z', ''))
      .select('o.placed_at', 'e.recorded_at')) as { placed_at: string; recorded_at: string }[];
    const latencies = rows
      .map(
        (r) =>
          Date.parse(`${r.recorded_at.replace(' ', 'T')}Z`) - Date.parse(`${r.placed_at.replace(' ', 'T')}Z`),
      )
      .sort((a, b) => a - b);

    const result = {
      bench: 'pipeline',
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
      runtime: { entry: 'dist/main.js (npm run build)', nodeOptions: NODE_OPTIONS },
      ingest: {
        apiProcesses: 1,
        seconds: INGEST_SECONDS,
        acceptedOrders: accepted,
        ordersPerSecond: Math.round(accepted / INGEST_SECONDS),
        httpLatencyMs: { p50: ingest.latency.p50, p99: ingest.latency.p99 },
        non2xx: ingest.non2xx,
        errors: ingest.errors,
      },
      consume: {
        batched,
        naivePerEvent: naive,
        speedup: round(batched.eventsPerSecond / naive.eventsPerSecond),
      },
      endToEnd: {
        offeredPerSecond: E2E_RATE,
        seconds: E2E_SECONDS,
        acceptedOrders: offered['2xx'],
        achievedPerSecond: Math.round(offered['2xx'] / E2E_SECONDS),
        samples: latencies.length,
        latencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) },
        consumerRssMaxMb: round(rssMax),
      },
      targets: {
        ingestOrdersPerSecond: { target: 5000, met: accepted / INGEST_SECONDS >= 5000 },
        consumeEventsPerSecond: { target: 5000, met: batched.eventsPerSecond >= 5000 },
        endToEndP99Ms: { target: 250, met: percentile(latencies, 99) <= 250 },
        batchedVsNaive: { target: 10, met: batched.eventsPerSecond / naive.eventsPerSecond >= 10 },
        consumerRssMb: { target: 200, met: Math.max(batched.rssMaxMb, rssMax) <= 200 },
      },
    };
    return result;
  } finally {
    for (const stop of cleanup.reverse()) await stop().catch(() => undefined);
    hub.child.kill('SIGTERM');
    await azurite.destroy().catch(() => undefined);
    await mariadb.destroy().catch(() => undefined);
  }
}

const round = (n: number) => Math.round(n * 100) / 100;
