import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../shared/db/connection.ts';
import type { PriceList } from '../shared/events/order-intake.ts';
import { readCsvOrders } from './csv-orders.ts';
import { readJsonlOrders } from './jsonl-orders.ts';
import { detectFormat, type FileFormat } from './file-format.ts';
import type { FileEntry } from './file-orders.ts';
import type { EventSender } from './hub-sender.ts';
import { prepareOrder, type PreparedOrder } from './prepare-order.ts';

/** One order (or unreadable row) that was not imported, with where and why. */
export interface RejectedRow {
  line: number;
  orderRef?: string | undefined;
  reason: string;
}

export interface ImportSummary {
  file: string;
  format: FileFormat;
  /** File rows read (CSV: order lines; JSON Lines: orders), header and blank lines excluded. */
  rows: number;
  /**
   * Orders found (a CSV order spans several rows), counting a row that is no order at all as one:
   * orders = accepted + duplicates + rejected + failed.
   */
  orders: number;
  /** Orders published to the hub in this run. */
  accepted: number;
  /** Orders not published again: repeated within the file, or already applied by an earlier import. */
  duplicates: number;
  duplicatesInFile: number;
  duplicatesImportedBefore: number;
  /** Orders (or unreadable rows) refused, each reported with its line. */
  rejected: number;
  /** Orders the hub did not take (the import is incomplete; run it again — ids are deterministic). */
  failed: number;
  publishError?: string;
  /** The first rejections (all of them go to `onRejected`). */
  errors: RejectedRow[];
  durationMs: number;
}

export interface ImportProgress {
  bytesRead: number;
  totalBytes: number;
  rows: number;
  orders: number;
}

export interface ImportOptions {
  file: string;
  db: Db;
  sender: EventSender;
  catalog: PriceList;
  onRejected?: (row: RejectedRow) => void;
  onProgress?: (progress: ImportProgress) => void;
  /** Orders checked against the database and handed to the sender together. */
  chunkSize?: number;
}

const ERRORS_KEPT = 100;

type Ready = Extract<PreparedOrder, { kind: 'ok' }>;

/**
 * Imports one partner file, streaming: orders are parsed, validated and published in chunks while the
 * file is read, so memory stays flat whatever the file's size (only a short fingerprint per order is
 * kept, to spot repeats within the file). A bad order is reported and skipped; the rest go on.
 */
export async function importOrderFile(options: ImportOptions): Promise<ImportSummary> {
  const started = Date.now();
  const { db, sender, catalog } = options;
  const format = await detectFormat(options.file);
  const totalBytes = fs.statSync(options.file).size;
  const input = fs.createReadStream(options.file, { highWaterMark: 256 * 1024 });
  const summary: ImportSummary = {
    file: path.resolve(options.file),
    format,
    rows: 0,
    orders: 0,
    accepted: 0,
    duplicates: 0,
    duplicatesInFile: 0,
    duplicatesImportedBefore: 0,
    rejected: 0,
    failed: 0,
    errors: [],
    durationMs: 0,
  };
  const reject = (row: RejectedRow) => {
    summary.rejected++;
    if (summary.errors.length < ERRORS_KEPT) summary.errors.push(row);
    options.onRejected?.(row);
  };
  // Order id → "<event id prefix>@<line>": a repeat with the same content is a duplicate, with other
  // content a conflict. ~60 bytes an order: 100 000 orders hold ~6 MB.
  const seen = new Map<string, string>();
  const chunkSize = options.chunkSize ?? 500;
  let chunk: Ready[] = [];

  const publishChunk = async () => {
    const batch = chunk;
    chunk = [];
    if (batch.length === 0) return;
    // Already applied by the consumer (an earlier import of these rows)? Then nothing is sent again.
    const known = new Set(
      (await db('order_events')
        .whereIn(
          'event_id',
          batch.map((o) => o.event.id),
        )
        .pluck('event_id')) as string[],
    );
    const existing = new Set(
      (await db('orders')
        .whereIn(
          'id',
          batch.map((o) => o.orderId),
        )
        .pluck('id')) as string[],
    );
    for (const o of batch) {
      if (known.has(o.event.id)) {
        summary.duplicatesImportedBefore++;
      } else if (existing.has(o.orderId)) {
        reject({
          line: o.line,
          orderRef: o.ref,
          reason: `order_ref ${o.ref} was imported before with different content (order ${o.orderId}); a placed order cannot be changed by a new file`,
        });
      } else {
        await options.sender.send(o.event);
      }
    }
    options.onProgress?.({
      bytesRead: input.bytesRead,
      totalBytes,
      rows: summary.rows,
      orders: summary.orders,
    });
  };

  const entries: AsyncGenerator<FileEntry> = format === 'csv' ? readCsvOrders(input) : readJsonlOrders(input);
  try {
    for await (const entry of entries) {
      summary.rows += entry.rows;
      summary.orders++;
      if (entry.kind === 'bad') {
        reject({ line: entry.line, orderRef: entry.ref, reason: entry.reason });
        continue;
      }
      const prepared = prepareOrder(entry, catalog);
      if (prepared.kind === 'rejected') {
        reject({ line: prepared.line, orderRef: prepared.ref, reason: prepared.reason });
        continue;
      }
      const fingerprint = `${prepared.event.id.slice(0, 18)}@${prepared.line}`;
      const before = seen.get(prepared.orderId);
      if (before === undefined) {
        seen.set(prepared.orderId, fingerprint);
      } else if (before.slice(0, 18) === fingerprint.slice(0, 18)) {
        summary.duplicatesInFile++;
        continue;
      } else {
        reject({
          line: prepared.line,
          orderRef: prepared.ref,
          reason: `order_ref ${prepared.ref} appears again with different content (first at line ${before.slice(19)})`,
        });
        continue;
      }
      chunk.push(prepared);
      if (chunk.length >= chunkSize) await publishChunk();
    }
    await publishChunk();
  } finally {
    input.destroy();
  }
  const sent = await sender.flush();
  summary.accepted = sent.sent;
  summary.failed = sent.failed;
  if (sent.error) summary.publishError = sent.error;
  summary.duplicates = summary.duplicatesInFile + summary.duplicatesImportedBefore;
  summary.durationMs = Date.now() - started;
  options.onProgress?.({ bytesRead: totalBytes, totalBytes, rows: summary.rows, orders: summary.orders });
  return summary;
}
