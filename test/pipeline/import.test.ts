import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHubSender,
  importOrderFile,
  runImportWatcher,
  type EventSender,
  type ImportSummary,
  type WatchedFileResult,
} from '../../services/importer/index.ts';
import type { RunningOmsConsumer } from '../../services/oms-consumer/index.ts';
import { eventHubConnection } from '../../services/shared/azure/event-hub-connection.ts';
import { EVENT_TYPES } from '../../services/shared/domain/event-types.ts';
import { loadPriceList } from '../../services/shared/events/order-intake.ts';
import { createLogger } from '../../services/shared/logger.ts';
import {
  BIN,
  countRows,
  startInProcessConsumer,
  startPipelineEnv,
  waitFor,
  type PipelineEnv,
} from '../helpers/pipeline-env.ts';

/**
 * Partner file imports end to end (issue 12 part 5): files read by the importer, published to the dev
 * hub, applied by the real consumer into MariaDB. Exact counts for good, bad and duplicate rows, exact
 * line numbers, nothing new on a re-import, and the drop folder's processed/ and rejected/.
 */
const FIXTURES = new URL('../fixtures/imports/', import.meta.url).pathname;
const MIXED_CSV = path.join(FIXTURES, 'mixed-orders.csv');
const MIXED_JSONL = path.join(FIXTURES, 'mixed-orders.jsonl');
const logger = createLogger({ level: 'silent', pretty: false });

describe('partner file imports through the hub and the consumer', () => {
  let env: PipelineEnv;
  let consumer: RunningOmsConsumer;
  let sender: EventSender;

  const hub = () =>
    eventHubConnection({ connectionString: env.env.EVENTHUB_CONNECTION_STRING, eventHubName: 'orders' });
  const importFile = async (file: string) =>
    importOrderFile({ file, db: env.db, sender, catalog: await loadPriceList(env.db) });
  const imported = () => countRows(env.db, 'orders', { channel: 'file_import' });
  const placedEvents = () => countRows(env.db, 'order_events', { type: EVENT_TYPES.orderPlaced });
  const untilOrders = (n: number) =>
    waitFor(async () => (await imported()) >= n, 60_000, `${n} imported orders applied`);
  const counts = (s: ImportSummary) => ({
    rows: s.rows,
    orders: s.orders,
    accepted: s.accepted,
    duplicates: s.duplicates,
    duplicatesInFile: s.duplicatesInFile,
    duplicatesImportedBefore: s.duplicatesImportedBefore,
    rejected: s.rejected,
    failed: s.failed,
  });

  beforeAll(async () => {
    env = await startPipelineEnv();
    consumer = await startInProcessConsumer(env, { logger, eventHub: hub() });
    sender = createHubSender(hub());
  });

  afterAll(async () => {
    await sender?.close();
    await consumer?.close();
    await env?.stop();
  });

  it('imports the good orders of a CSV file and reports each bad one with its exact line', async () => {
    const summary = await importFile(MIXED_CSV);
    expect(counts(summary)).toEqual({
      rows: 12,
      orders: 10,
      accepted: 3,
      duplicates: 1,
      duplicatesInFile: 1,
      duplicatesImportedBefore: 0,
      rejected: 6,
      failed: 0,
    });
    expect(summary.errors.map((e) => [e.line, e.orderRef, e.reason.split(':')[0]])).toEqual([
      [5, 'M-3', 'quantity'],
      [7, 'M-4', 'sku'],
      [8, undefined, 'expected 15 fields as in the header, found 4'],
      [
        10,
        'M-6',
        'customer_email differs from line 9 of the same order_ref (order-level columns repeat on every line of an order)',
      ],
      [11, undefined, 'order_ref'],
      [12, 'M-7', 'payment_token'],
    ]);
    await untilOrders(3);
    const orders = (await env.db('orders').where({ channel: 'file_import' }).orderBy('id')) as {
      id: string;
    }[];
    expect(orders).toHaveLength(3);
    const lines = await env.db('order_items').whereIn(
      'order_id',
      orders.map((o) => o.id),
    );
    // M-1 has two lines (rows 2 and 3), M-2 and M-8 one each.
    expect(lines).toHaveLength(4);
  });

  it('publishes nothing new when the same file is imported again', async () => {
    const ordersBefore = await countRows(env.db, 'orders');
    const eventsBefore = await countRows(env.db, 'order_events');
    const summary = await importFile(MIXED_CSV);
    expect(counts(summary)).toMatchObject({
      accepted: 0,
      duplicates: 4,
      duplicatesInFile: 1,
      duplicatesImportedBefore: 3,
      rejected: 6,
    });
    // Give the consumer the time it would need to apply anything that slipped through.
    await new Promise((r) => setTimeout(r, 3000));
    expect(await countRows(env.db, 'orders')).toBe(ordersBefore);
    expect(await countRows(env.db, 'order_events')).toBe(eventsBefore);
    expect(await countRows(env.db, 'dead_letters')).toBe(0);
  });

  it('imports JSON Lines, and knows an order already imported from CSV', async () => {
    const summary = await importFile(MIXED_JSONL);
    expect(counts(summary)).toEqual({
      rows: 7,
      orders: 7,
      accepted: 2,
      duplicates: 2,
      duplicatesInFile: 1,
      duplicatesImportedBefore: 1,
      rejected: 3,
      failed: 0,
    });
    expect(summary.errors.map((e) => [e.line, e.orderRef])).toEqual([
      [2, undefined],
      [3, 'J-3'],
      [7, undefined],
    ]);
    expect(summary.errors[1]!.reason).toMatch(/^customer\.email: /);
    await untilOrders(5);
    const placed = await placedEvents();
    // Even events that skip the importer's check (sent twice) are applied once by the consumer.
    const twice = await importFile(MIXED_JSONL);
    expect(twice.accepted).toBe(0);
    await new Promise((r) => setTimeout(r, 2000));
    expect(await placedEvents()).toBe(placed);
    expect(await imported()).toBe(5);
  });

  it('refuses a changed order under a reference already imported', async () => {
    const dir = fs.mkdtempSync(path.join(env.dataDir, 'changed-'));
    const file = path.join(dir, 'changed.csv');
    const [header, , , m2] = fs.readFileSync(MIXED_CSV, 'utf8').split('\n');
    fs.writeFileSync(file, `${header}\n${m2!.replace(',ELE-0003,1,', ',ELE-0003,5,')}\n`);
    const summary = await importFile(file);
    expect(counts(summary)).toMatchObject({ accepted: 0, duplicates: 0, rejected: 1 });
    expect(summary.errors[0]).toMatchObject({ line: 2, orderRef: 'M-2' });
    expect(summary.errors[0]!.reason).toMatch(/imported before with different content/);
  });

  it('counts lines as an editor does: BOM, CRLF and a quoted field over two lines', async () => {
    const dir = fs.mkdtempSync(path.join(env.dataDir, 'crlf-'));
    const file = path.join(dir, 'windows.csv');
    const [header] = fs.readFileSync(MIXED_CSV, 'utf8').split('\n');
    const row = (ref: string, name: string, quantity: number) =>
      `${ref},${ref.toLowerCase()}@example.com,${name},DE,Berlin,Str 1,Berlin,10115,DE,card,tok_visa,ELE-0001,${quantity},,`;
    fs.writeFileSync(
      file,
      `\uFEFF${[header, row('W-1', '"Two\r\nLines"', 1), row('W-2', 'Zero', 0), row('W-3', 'Fine', 2)].join('\r\n')}\r\n`,
    );
    const summary = await importFile(file);
    expect(counts(summary)).toMatchObject({ rows: 3, accepted: 2, rejected: 1 });
    expect(summary.errors).toEqual([
      { line: 4, orderRef: 'W-2', reason: 'quantity: Too small: expected number to be >=1' },
    ]);
  });

  it('oms import --json prints the summary and exits 3 when orders were rejected', async () => {
    const child = spawn('node', [BIN, 'import', MIXED_JSONL, '--json'], {
      env: { ...process.env, ...env.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code, err).toBe(3);
    const summary = JSON.parse(out) as ImportSummary;
    expect(counts(summary)).toMatchObject({ accepted: 0, duplicates: 4, rejected: 3 });
  });

  it('the drop folder moves files to processed/ and rejected/, with an error report, and skips partial uploads', async () => {
    const dir = fs.mkdtempSync(path.join(env.dataDir, 'drop-'));
    const results: WatchedFileResult[] = [];
    const watcher = await runImportWatcher({
      dir,
      db: env.db,
      eventHub: hub(),
      logger,
      pollMs: 100,
      settleMs: 300,
      onFile: (r) => results.push(r),
    });
    try {
      const fresh = fs
        .readFileSync(path.join(FIXTURES, 'partner-orders.jsonl'), 'utf8')
        .replaceAll('ACME-', 'DROP-');
      fs.writeFileSync(path.join(dir, 'fresh.ndjson'), fresh);
      fs.copyFileSync(MIXED_CSV, path.join(dir, 'mixed.csv'));
      fs.writeFileSync(path.join(dir, 'garbage.csv'), 'just,some,columns\n1,2,3\n');
      fs.writeFileSync(path.join(dir, 'upload.csv.part'), 'order_ref,customer_email\n');
      await waitFor(async () => results.length >= 3, 60_000, 'three files handled');

      expect(Object.fromEntries(results.map((r) => [r.file, r.movedTo]))).toEqual({
        'fresh.ndjson': 'processed',
        'garbage.csv': 'rejected',
        'mixed.csv': 'processed',
      });
      expect(fs.readdirSync(path.join(dir, 'processed')).sort()).toEqual(['fresh.ndjson', 'mixed.csv']);
      expect(fs.readdirSync(path.join(dir, 'rejected')).sort()).toEqual([
        'garbage.csv',
        'garbage.csv.errors.jsonl',
        'mixed.csv.errors.jsonl',
      ]);
      const report = fs
        .readFileSync(path.join(dir, 'rejected', 'mixed.csv.errors.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { line: number });
      expect(report.map((r) => r.line)).toEqual([5, 7, 8, 10, 11, 12]);
      expect(fs.readFileSync(path.join(dir, 'rejected', 'garbage.csv.errors.jsonl'), 'utf8')).toMatch(
        /lacks order_ref/,
      );
      // The partial upload is never read.
      expect(fs.existsSync(path.join(dir, 'upload.csv.part'))).toBe(true);
      expect(results.find((r) => r.file === 'fresh.ndjson')!.summary!.accepted).toBe(2);
      await untilOrders(7);
    } finally {
      await watcher.close();
    }
  });
});
