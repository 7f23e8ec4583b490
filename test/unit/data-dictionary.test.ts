import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DATA_DICTIONARY, renderDataDictionary } from '../../scripts/data-dictionary.ts';
import { contractTables } from '../../services/shared/db/schema.ts';

describe('docs/data-dictionary.md', () => {
  it('is what scripts/data-dictionary.ts writes from services/shared/db/schema.ts', async () => {
    const current = await readFile(DATA_DICTIONARY, 'utf8');
    expect(await renderDataDictionary(current)).toBe(current);
  });

  it('lists every contract column, and a stale copy is rewritten', async () => {
    const current = await readFile(DATA_DICTIONARY, 'utf8');
    for (const [table, spec] of contractTables()) {
      expect(current, table).toContain(`## ${table}\n`);
      for (const column of spec.columns)
        expect(current, `${table}.${column.name}`).toContain(`| \`${column.name}\``);
    }
    const stale = current.replace(/^\| `tracking_number`.*\n/m, '');
    expect(stale).not.toBe(current);
    expect(await renderDataDictionary(stale)).toBe(current);
  });
});
