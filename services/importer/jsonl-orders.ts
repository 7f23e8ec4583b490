import readline from 'node:readline';
import type { Readable } from 'node:stream';
import type { FileEntry } from './file-orders.ts';

/**
 * JSON Lines (`.jsonl`, `.ndjson`): one order per line, the body of `POST /api/orders` plus the
 * partner's `orderRef`. Blank lines are skipped; a line that is not a JSON object is a bad entry.
 */
export async function* readJsonlOrders(input: Readable): AsyncGenerator<FileEntry> {
  const lines = readline.createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  for await (const raw of lines) {
    line++;
    // A UTF-8 byte order mark is not part of the first object.
    const text = (line === 1 ? raw.replace(/^\uFEFF/, '') : raw).trim();
    if (text === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      yield { kind: 'bad', line, reason: `invalid JSON: ${(err as Error).message}`, rows: 1 };
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      yield { kind: 'bad', line, reason: 'each line must be one JSON object (an order)', rows: 1 };
      continue;
    }
    const body = value as Record<string, unknown>;
    const ref = typeof body.orderRef === 'string' ? body.orderRef : undefined;
    const at = line;
    yield { kind: 'order', line, ref, body, rows: 1, locate: (field) => ({ line: at, name: field }) };
  }
}
