/**
 * `npx tsx scripts/data-dictionary.ts` rewrites the table sections of docs/data-dictionary.md from
 * services/shared/db/schema.ts; test/unit/data-dictionary.test.ts fails while the file differs from what
 * this would write. Only the text between the two markers is generated; the prose around it (units,
 * business definitions, seed data) is written by hand.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { allowedNext, ORDER_STATUSES } from '../services/shared/domain/order-status.ts';
import { contractTables, sqlType, valuesOf, type ColumnSpec } from '../services/shared/db/schema.ts';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DATA_DICTIONARY = path.join(REPO_ROOT, 'docs', 'data-dictionary.md');

export const BEGIN =
  '<!-- generated from services/shared/db/schema.ts by scripts/data-dictionary.ts: begin -->';
export const END = '<!-- generated: end -->';

const code = (s: string) => `\`${s}\``;
/** A table cell cannot hold a raw pipe. */
const cell = (s: string) => s.replaceAll('|', '\\|');

function typeCell(column: ColumnSpec, compositeKey: readonly string[]): string {
  const parts = [sqlType(column.type)];
  if (column.primary) parts.push('PK');
  if (column.unique) parts.push('UNIQUE');
  if (column.references?.constraint !== false && column.references) {
    parts.push(`FK → ${column.references.table}.${column.references.column}`);
  }
  if (column.nullable && !column.primary) parts.push('NULL');
  const type = parts.join(' ');
  const key = compositeKey.indexOf(column.name);
  return key >= 0 ? `${type}, PK part ${key + 1}` : type;
}

function meaningCell(column: ColumnSpec): string {
  const values = valuesOf(column);
  const parts = [
    values ? `${values.map(code).join(', ')}${column.type.kind === 'enum' ? '' : ', …'}` : '',
    column.references?.constraint === false
      ? `refers to ${column.references.table}.${column.references.column} (not enforced)`
      : '',
    column.description,
    column.personal ? 'personal data: masked by the agent unless `AGENT_ALLOW_PII=true`' : '',
  ];
  return parts.filter((p) => p !== '').join('; ');
}

function statusMoves(): string {
  const moves = ORDER_STATUSES.filter((s) => allowedNext(s).length > 0).map(
    (s) => `${s}→${allowedNext(s).join('|')}`,
  );
  return `Allowed status moves: ${moves.join('; ')}. Anything else is rejected and recorded (\`services/shared/domain/order-status.ts\`).`;
}

/** The generated part: one section per contract table, in foreign-key order. */
export function renderTables(): string {
  const sections = contractTables().map(([table, spec]) => {
    const rows = spec.columns.map(
      (c) => `| ${code(c.name)} | ${cell(typeCell(c, spec.primaryKey ?? []))} | ${cell(meaningCell(c))} |`,
    );
    const lines = [
      `## ${table}`,
      '',
      spec.description,
      '',
      '| column | type | meaning |',
      '| --- | --- | --- |',
    ];
    lines.push(...rows);
    const indexes = (spec.indexes ?? []).map((index) =>
      index.length === 1 ? code(index[0] ?? '') : `(${index.map(code).join(', ')})`,
    );
    if (indexes.length > 0) lines.push('', `Indexes: ${indexes.join('; ')}.`);
    if (table === 'orders') lines.push('', statusMoves());
    return lines.join('\n');
  });
  return sections.join('\n\n');
}

/** The whole file as it should be: `current` with its generated part replaced, formatted by prettier. */
export async function renderDataDictionary(current: string): Promise<string> {
  const begin = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  if (begin < 0 || end < begin) throw new Error(`${DATA_DICTIONARY} lacks the markers ${BEGIN} … ${END}`);
  const text = `${current.slice(0, begin + BEGIN.length)}\n\n${renderTables()}\n\n${current.slice(end)}`;
  const options = (await prettier.resolveConfig(DATA_DICTIONARY)) ?? {};
  return prettier.format(text, { ...options, filepath: DATA_DICTIONARY });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const current = await readFile(DATA_DICTIONARY, 'utf8');
  const next = await renderDataDictionary(current);
  await writeFile(DATA_DICTIONARY, next);
  console.log(next === current ? 'docs/data-dictionary.md is current' : 'docs/data-dictionary.md rewritten');
}
