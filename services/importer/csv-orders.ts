import type { Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import { ImportFileError, type FileEntry, type FileOrder } from './file-orders.ts';

/**
 * The partner CSV layout (docs/imports.md): a header row, then ONE ROW PER ORDER LINE. Consecutive rows
 * with the same `order_ref` are the lines of one order and repeat its order-level columns — what
 * marketplaces and ERP exports produce. Column names are matched case-insensitively; extra columns
 * are ignored.
 */
export const CSV_ORDER_COLUMNS = [
  'order_ref',
  'customer_email',
  'customer_name',
  'customer_country',
  'customer_city',
  'ship_line1',
  'ship_city',
  'ship_postal_code',
  'ship_country',
  'payment_method',
] as const;
export const CSV_LINE_COLUMNS = ['sku', 'quantity'] as const;
export const CSV_OPTIONAL_COLUMNS = ['payment_token', 'lat', 'lon'] as const;

type Column =
  | (typeof CSV_ORDER_COLUMNS)[number]
  | (typeof CSV_LINE_COLUMNS)[number]
  | (typeof CSV_OPTIONAL_COLUMNS)[number];

/** The CSV column a field of the API body came from, to name it in a partner's error report. */
const COLUMN_OF: Record<string, Column> = {
  orderRef: 'order_ref',
  'customer.email': 'customer_email',
  'customer.fullName': 'customer_name',
  'customer.country': 'customer_country',
  'customer.city': 'customer_city',
  'shippingAddress.line1': 'ship_line1',
  'shippingAddress.city': 'ship_city',
  'shippingAddress.postalCode': 'ship_postal_code',
  'shippingAddress.country': 'ship_country',
  'payment.method': 'payment_method',
  'payment.token': 'payment_token',
  'location.lat': 'lat',
  'location.lon': 'lon',
};

/** Order lines beyond this are not kept: the schema allows 100, so the order is refused anyway. */
const MAX_LINES_KEPT = 101;

type Row = Partial<Record<Column, string>>;

interface Group {
  ref: string;
  line: number;
  first: Row;
  items: { sku: string; quantity: string; line: number }[];
  rows: number;
  conflict?: { line: number; column: string };
}

const ORDER_LEVEL: readonly Column[] = [...CSV_ORDER_COLUMNS, ...CSV_OPTIONAL_COLUMNS];

/** A whole number as a number; anything else stays text so the schema names the problem. */
function numeric(value: string | undefined, integer: boolean): number | string | undefined {
  if (value === undefined || value === '') return undefined;
  const pattern = integer ? /^[+-]?\d+$/ : /^[+-]?(\d+\.?\d*|\.\d+)$/;
  return pattern.test(value) ? Number(value) : value;
}

const text = (v: string | undefined): string | undefined => (v === '' ? undefined : v);

function toOrder(g: Group): FileEntry {
  if (g.conflict) {
    return {
      kind: 'bad',
      line: g.conflict.line,
      ref: g.ref,
      reason: `${g.conflict.column} differs from line ${g.line} of the same order_ref (order-level columns repeat on every line of an order)`,
      rows: g.rows,
    };
  }
  const r = g.first;
  const lat = numeric(r.lat, false);
  const lon = numeric(r.lon, false);
  const body: Record<string, unknown> = {
    customer: {
      email: r.customer_email ?? '',
      fullName: r.customer_name ?? '',
      country: r.customer_country ?? '',
      city: r.customer_city ?? '',
    },
    items: g.items.map((i) => ({ sku: i.sku, quantity: numeric(i.quantity, true) ?? '' })),
    shippingAddress: {
      line1: r.ship_line1 ?? '',
      city: r.ship_city ?? '',
      postalCode: r.ship_postal_code ?? '',
      country: r.ship_country ?? '',
    },
    payment: {
      method: r.payment_method ?? '',
      ...(text(r.payment_token) ? { token: r.payment_token } : {}),
    },
    ...(lat !== undefined || lon !== undefined ? { location: { lat, lon } } : {}),
  };
  const items = g.items;
  const order: FileOrder = {
    kind: 'order',
    line: g.line,
    ref: g.ref === '' ? undefined : g.ref,
    body,
    rows: g.rows,
    locate(field) {
      const m = /^items\.(\d+)\.(sku|quantity)/.exec(field);
      if (m) return { line: items[Number(m[1])]?.line ?? g.line, name: m[2]! };
      const column = COLUMN_OF[field] ?? (field.startsWith('location') ? 'lat/lon' : undefined);
      return { line: g.line, name: column ?? field };
    },
  };
  return order;
}

/** Maps the header row to column positions. @throws {ImportFileError} when a required column is missing. */
function headerIndex(header: string[]): Map<Column, number> {
  const index = new Map<Column, number>();
  const known = new Set<string>([...CSV_ORDER_COLUMNS, ...CSV_LINE_COLUMNS, ...CSV_OPTIONAL_COLUMNS]);
  header.forEach((name, i) => {
    const key = name.trim().toLowerCase();
    if (known.has(key) && !index.has(key as Column)) index.set(key as Column, i);
  });
  const missing = [...CSV_ORDER_COLUMNS, ...CSV_LINE_COLUMNS].filter((c) => !index.has(c));
  if (missing.length) {
    throw new ImportFileError(
      `the CSV header lacks ${missing.join(', ')} (see docs/imports.md for the layout; line 1 must be the header)`,
    );
  }
  return index;
}

/**
 * Streams the orders of a CSV file. A malformed row (wrong number of fields, a broken quote) becomes a
 * bad entry with its line and the parser carries on; only a missing header stops the file.
 */
export async function* readCsvOrders(input: Readable): AsyncGenerator<FileEntry> {
  const parser = input.pipe(
    parse({
      bom: true,
      info: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      skip_records_with_error: true,
    }),
  );
  input.on('error', (err) => parser.destroy(err));
  // The parser reports skipped records as events while records wait in its buffer; merging by line
  // number keeps the report in file order.
  const skipped: { line: number; reason: string }[] = [];
  let overcount = 0;
  parser.on('skip', (err: CsvError & { lines?: number }) =>
    skipped.push({ line: (err.lines ?? 0) - overcount, reason: `unreadable CSV row: ${err.message}` }),
  );

  let index: Map<Column, number> | undefined;
  let width = 0;
  let group: Group | undefined;
  const flush = function* (): Generator<FileEntry> {
    if (group) yield toOrder(group);
    group = undefined;
  };
  const skippedBefore = function* (line: number): Generator<FileEntry> {
    while (skipped.length && skipped[0]!.line < line) {
      const s = skipped.shift()!;
      yield* flush();
      yield { kind: 'bad', line: s.line, reason: s.reason, rows: 1 };
    }
  };

  for await (const { record, info } of parser as AsyncIterable<{
    record: string[];
    info: { lines: number };
  }>) {
    // csv-parse's `info.lines` is the record's last line, and counts a CRLF inside a quoted field as
    // two lines; the partner's editor shows where the record starts.
    let inside = 0;
    for (const field of record) {
      if (!field.includes('\n') && !field.includes('\r')) continue;
      inside += field.match(/\r\n|\r|\n/g)!.length;
      overcount += field.match(/\r\n/g)?.length ?? 0;
    }
    const line = info.lines - overcount - inside;
    yield* skippedBefore(line);
    if (!index) {
      index = headerIndex(record);
      width = record.length;
      continue;
    }
    if (record.length !== width) {
      yield* flush();
      yield {
        kind: 'bad',
        line,
        reason: `expected ${width} fields as in the header, found ${record.length}`,
        rows: 1,
      };
      continue;
    }
    const row: Row = {};
    for (const [column, i] of index) row[column] = record[i];
    const ref = row.order_ref ?? '';
    if (group && ref !== '' && ref === group.ref) {
      group.rows++;
      if (!group.conflict) {
        const differs = ORDER_LEVEL.find((c) => (row[c] ?? '') !== (group!.first[c] ?? ''));
        if (differs) group.conflict = { line, column: differs };
      }
      if (group.items.length < MAX_LINES_KEPT)
        group.items.push({ sku: row.sku ?? '', quantity: row.quantity ?? '', line });
      continue;
    }
    yield* flush();
    group = {
      ref,
      line,
      first: row,
      items: [{ sku: row.sku ?? '', quantity: row.quantity ?? '', line }],
      rows: 1,
    };
  }
  if (!index) throw new ImportFileError('the CSV file is empty (line 1 must be the header)');
  yield* skippedBefore(Number.POSITIVE_INFINITY);
  yield* flush();
}
