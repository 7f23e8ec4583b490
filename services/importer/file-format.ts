import fs from 'node:fs/promises';
import path from 'node:path';
import { ImportFileError } from './file-orders.ts';

export type FileFormat = 'csv' | 'jsonl';

const BY_EXTENSION: Record<string, FileFormat> = { '.csv': 'csv', '.jsonl': 'jsonl', '.ndjson': 'jsonl' };

/**
 * The format by extension (.csv, .jsonl, .ndjson); for any other name, by content: a first character
 * `{` is JSON Lines, a first line naming `order_ref` is our CSV. Anything else is refused rather than
 * guessed at.
 */
export async function detectFormat(file: string): Promise<FileFormat> {
  const byName = BY_EXTENSION[path.extname(file).toLowerCase()];
  if (byName) return byName;
  const handle = await fs.open(file, 'r');
  try {
    const buffer = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const head = buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
    if (head.trimStart().startsWith('{')) return 'jsonl';
    if (/order_ref/i.test(head.split(/\r?\n/, 1)[0] ?? '')) return 'csv';
  } finally {
    await handle.close();
  }
  throw new ImportFileError(
    `cannot tell the format of ${path.basename(file)}: name it .csv, .jsonl or .ndjson (see docs/imports.md)`,
  );
}
