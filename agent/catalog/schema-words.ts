import { SCHEMA, type ColumnSpec } from '../../services/shared/db/schema.ts';
import type { ContractTable } from '../../services/shared/db/contract.ts';

/**
 * Words the offline model learns from the schema itself (services/shared/db/schema.ts) rather than from
 * phrase lists: what each table's rows are called in its own description ("Payment attempts of an
 * order", "Outbox of … notifications", "The product catalogue"), which words are column values (and so
 * conditions, never noise), and which are the events the timestamp columns record.
 */

/** A crude stem for comparing inflections: "placing", "placed", "place" and "placement" meet. */
export function looseStem(word: string): string {
  let w = word.toLowerCase().replace(/'s$/, '');
  const cut = /(?:ments?|ings?|ed|es|s)$/.exec(w);
  if (cut && w.length - cut[0].length >= 4) w = w.slice(0, cut.index);
  else if (w.length > 3) w = w.replace(/s$/, '');
  w = w.replace(/e$/, '');
  if (/([b-df-hj-np-tv-z])\1$/.test(w)) w = w.slice(0, -1);
  return w;
}

const words = (text: string): string[] =>
  text
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((w) => w !== '');

const columns = (): Array<[ContractTable, ColumnSpec]> =>
  (Object.entries(SCHEMA) as Array<[ContractTable, (typeof SCHEMA)[ContractTable]]>).flatMap(
    ([table, spec]) => spec.columns.map((c): [ContractTable, ColumnSpec] => [table, c]),
  );

/** Every word of every enum value and known value ("out_of_stock" → out, of, stock): always a condition. */
export const VALUE_WORDS: ReadonlySet<string> = new Set(
  columns().flatMap(([, c]) =>
    [...(c.type.kind === 'enum' ? c.type.values : []), ...(c.knownValues ?? [])].flatMap(words),
  ),
);

/** The events the timestamp columns record ("placed_at" → placed): they date a question, so they count. */
export const EVENT_WORDS: ReadonlySet<string> = new Set(
  columns()
    .filter(([, c]) => c.type.kind === 'datetime')
    .map(([, c]) => c.name.replace(/_at$/, '').replace(/_/g, ' ')),
);

/**
 * Words that change what is counted wherever they appear, and function words of the descriptions: never
 * taken as an echo of the table.
 */
const CONDITION_WORDS = new Set(
  `not no never neither nor without excluding except only high higher low lower below above over under less
  more most least first last once before after when until since false true null none empty each every per
  average total maximum minimum about from that this with where whole could always itself still which
  into their there these those other another`
    .split(/\s+/)
    .filter((w) => w !== ''),
);

const VALUE_STEMS = new Set([...VALUE_WORDS, ...EVENT_WORDS].map(looseStem));

const ANY_COLUMN_WORDS = new Set(columns().flatMap(([, c]) => words(c.name).map(looseStem)));

/** Column kinds whose descriptions describe the rows' parts rather than values or amounts. */
const DESCRIPTIVE_KINDS = new Set(['string', 'text', 'mediumtext', 'json', 'char']);

/** The words of a description; `keepFirst`: a capital at its start is only the sentence's. */
function descriptionWords(description: string, keepFirst: boolean): string[] {
  // `…` is code or a value ("`insufficient_funds`"); capitalised words are named values ("Electronics").
  return description
    .replace(/`[^`]*`/g, ' ')
    .split(/[^A-Za-z]+/)
    .filter((w, i) => w !== '' && ((keepFirst && i === 0) || !/^[A-Z]/.test(w)))
    .map((w) => w.toLowerCase());
}

/**
 * The words a table's description and its descriptive columns' descriptions use for its rows and their
 * parts ("catalogue", "attempts", "outbox", "comment", "message"), minus values, events, column names
 * and condition words. Left out: descriptions of value columns (they describe conditions), of numbers
 * (measures), of timestamps (events) and of nullable columns (they say when the value is missing: a
 * condition). A column's name counts only when the table's own description names it ("with the customer
 * comment") and the column holds free text. When a question is about that table, such a word only says
 * so again.
 */
function echoWords(table: ContractTable): Set<string> {
  const spec = SCHEMA[table];
  const descriptive = spec.columns.filter(
    (c) =>
      DESCRIPTIVE_KINDS.has(c.type.kind) &&
      !c.knownValues &&
      c.type.kind !== 'enum' &&
      // Keys describe identity and constraints ("no foreign key, so events about unknown orders …").
      !c.primary &&
      !c.unique &&
      !c.references,
  );
  const columnNames = new Set(spec.columns.flatMap((c) => words(c.name)));
  const freeText = new Set(descriptive.map((c) => c.name));
  const own = descriptionWords(spec.description, true);
  const fromColumns = descriptive
    .filter((c) => !c.nullable || !/\b(?:null|when|set|only|if|unless)\b/i.test(c.description))
    .flatMap((c) => descriptionWords(c.description, false))
    // A column description naming another column ("reason, carrier, tracking number") names a field.
    .filter((w) => !ANY_COLUMN_WORDS.has(looseStem(w)));
  return new Set(
    [...own, ...fromColumns]
      .filter((w) => w.length >= 4)
      .filter((w) => !VALUE_WORDS.has(w) && !EVENT_WORDS.has(w) && !CONDITION_WORDS.has(w))
      .filter((w) => !columnNames.has(w) || (own.includes(w) && freeText.has(w)))
      .map(looseStem)
      .filter((w) => !VALUE_STEMS.has(w)),
  );
}

const ECHO = new Map<ContractTable, Set<string>>(
  (Object.keys(SCHEMA) as ContractTable[]).map((t) => [t, echoWords(t)]),
);

/** Whether `word` only restates what one of `tables` holds (compared by loose stem). */
export function echoesTable(word: string, tables: readonly ContractTable[]): boolean {
  const stem = looseStem(word);
  return tables.some((t) => ECHO.get(t)?.has(stem) ?? false);
}

/**
 * Whether `word` is what a table's description calls its rows, its first word ("Events the consumer
 * could not process" → dead letters are events): another table's noun, yet here the rows themselves.
 */
export function namesRowsOf(word: string, tables: readonly ContractTable[]): boolean {
  const stem = looseStem(word);
  return tables.some((t) => {
    const head = SCHEMA[t].description
      .toLowerCase()
      .split(/[^a-z]+/)
      .find((w) => w !== '' && !['the', 'a', 'an', 'one'].includes(w));
    return head !== undefined && looseStem(head) === stem;
  });
}

/** For tests and the docs: the echo words of a table. */
export function tableEchoWords(table: ContractTable): string[] {
  return [...(ECHO.get(table) ?? [])].sort();
}
