import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { connect } from '../../services/shared/db/connection.ts';
import { migrateLatest } from '../../services/shared/db/migrate.ts';
import { seedCatalog } from '../../services/shared/db/seed/index.ts';
import type { ImportSummary } from '../../services/importer/index.ts';
import { startDevHubProcess } from '../helpers/dev-hub.ts';
import { BIN } from '../helpers/pipeline-env.ts';
import { freshSqliteDatabase } from '../helpers/sqlite.ts';
import { loadAverage, logTo, round, rssMb } from './bench-util.ts';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
/** The heap sizing of the container images (as in the pipeline bench): memory is bounded, not just lucky. */
const NODE_OPTIONS = process.env.BENCH_NODE_OPTIONS ?? '--max-old-space-size=96 --max-semi-space-size=8';
const log = logTo('import');

const HEADER =
  'order_ref,customer_email,customer_name,customer_country,customer_city,ship_line1,ship_city,ship_postal_code,ship_country,payment_method,payment_token,sku,quantity,lat,lon';

/** A partner CSV of `rows` order lines: orders of 1–3 lines, written as a stream. */
async function writeCsv(file: string, rows: number): Promise<number> {
  const out = fs.createWriteStream(file);
  out.write(`${HEADER}\n`);
  let written = 0;
  let orders = 0;
  while (written < rows) {
    const lines = Math.min(1 + (orders % 3), rows - written);
    const ref = `BENCH-${orders}`;
    const order = `${ref},buyer${orders % 5000}@example.com,Bench Buyer ${orders % 5000},DE,Berlin,Benchstr. ${orders % 200},Berlin,10115,DE,card,tok_visa`;
    for (let l = 0; l < lines; l++) {
      const sku = `ELE-${String(1 + ((orders + l) % 12)).padStart(4, '0')}`;
      if (!out.write(`${order},${sku},${1 + (l % 3)},52.52,13.40\n`)) await once(out, 'drain');
    }
    written += lines;
    orders++;
  }
  out.end();
  await once(out, 'finish');
  return orders;
}

/** The same orders as JSON Lines (one order per line). */
async function writeJsonl(file: string, rows: number): Promise<void> {
  const out = fs.createWriteStream(file);
  for (let i = 0; i < rows; i++) {
    const line = JSON.stringify({
      orderRef: `BENCH-J-${i}`,
      customer: {
        email: `buyer${i % 5000}@example.com`,
        fullName: 'Bench Buyer',
        country: 'DE',
        city: 'Berlin',
      },
      items: [{ sku: `ELE-${String(1 + (i % 12)).padStart(4, '0')}`, quantity: 1 }],
      shippingAddress: { line1: `Benchstr. ${i % 200}`, city: 'Berlin', postalCode: '10115', country: 'DE' },
      payment: { method: 'card', token: 'tok_visa' },
    });
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** Runs `oms import <file> --json` as its own process, sampling its RSS every 100 ms. */
async function runImport(file: string, env: Record<string, string>) {
  const child = spawn('node', [BIN, 'import', file, '--json'], {
    env: { ...process.env, ...env, NODE_OPTIONS },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
  const samples: number[] = [];
  const timer = setInterval(() => {
    try {
      samples.push(rssMb(child.pid!));
    } catch {
      // exited between ticks
    }
  }, 100);
  const t0 = performance.now();
  const [code] = (await once(child, 'exit')) as [number | null];
  const wallSeconds = (performance.now() - t0) / 1000;
  clearInterval(timer);
  if (code !== 0) throw new Error(`oms import exited with ${code}: ${err}`);
  const summary = JSON.parse(out) as ImportSummary;
  // RSS over the run in quarters: flat when streaming works (start-up is the first quarter's rise).
  const quarter = (q: number) =>
    round(
      Math.max(
        ...samples.slice(Math.floor((q * samples.length) / 4), Math.ceil(((q + 1) * samples.length) / 4)),
      ),
      1,
    );
  return {
    rows: summary.rows,
    orders: summary.orders,
    accepted: summary.accepted,
    duplicates: summary.duplicates,
    rejected: summary.rejected,
    importSeconds: round(summary.durationMs / 1000),
    rowsPerSecond: Math.round(summary.rows / (summary.durationMs / 1000)),
    ordersPerSecond: Math.round(summary.orders / (summary.durationMs / 1000)),
    wallSecondsWithStartup: round(wallSeconds),
    peakRssMb: round(Math.max(...samples), 1),
    rssMbByQuarter: [0, 1, 2, 3].map(quarter),
  };
}

/**
 * `npm run bench -- import`: a generated 100 000-row partner CSV (and a 100 000-order JSON Lines file)
 * through `oms import` into a standalone dev hub (its own process), with the importer's peak RSS and
 * rate (the orders are not consumed: this measures reading, validating and publishing).
 */
export async function benchImport() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-bench-import-'));
  const sqlite = freshSqliteDatabase();
  const hub = await startDevHubProcess([
    '--hub',
    'orders:4:24',
    '--consumer-group',
    'oms',
    '--fsync',
    'interval',
  ]);
  try {
    const db = await connect(sqlite.url);
    await migrateLatest(db);
    await seedCatalog(db, { seed: 7, stock: 1_000_000_000, now: new Date('2026-11-20T00:00:00Z') });
    await db.destroy();
    const csv = path.join(dir, 'orders.csv');
    const jsonl = path.join(dir, 'orders.jsonl');
    log(`writing ${ROWS} CSV rows and ${ROWS} JSON lines…`);
    const csvOrders = await writeCsv(csv, ROWS);
    await writeJsonl(jsonl, ROWS);
    const env = {
      DATABASE_URL: sqlite.url,
      EVENTHUB_CONNECTION_STRING: hub.connectionStrings.orders!,
      OMS_DATA_DIR: dir,
      LOG_LEVEL: 'warn',
    };
    log('importing the CSV…');
    const csvRun = await runImport(csv, env);
    log('importing the JSON Lines…');
    const jsonlRun = await runImport(jsonl, env);
    return {
      bench: 'import',
      cpus: os.cpus().length,
      node: process.version,
      nodeOptions: NODE_OPTIONS,
      command: `NODE_OPTIONS='${NODE_OPTIONS}' oms import <file> --json`,
      loadAverage: loadAverage(),
      csvBytes: fs.statSync(csv).size,
      jsonlBytes: fs.statSync(jsonl).size,
      csv: { ...csvRun, ordersInFile: csvOrders },
      jsonl: jsonlRun,
    };
  } finally {
    hub.child.kill('SIGTERM');
    await hub.exited;
    sqlite.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
