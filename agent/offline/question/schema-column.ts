import { SCHEMA, type ColumnSpec } from '../../../services/shared/db/schema.ts';
import type { ContractTable } from '../../../services/shared/db/contract.ts';
import type { Measure, Subject } from '../intent.ts';
import { SUBJECT_NOUNS } from './lexicon.ts';
import type { QuestionText } from './question-text.ts';

/**
 * Numeric columns named in a question ("attempts", "reserved", "on hand", "reorder level") become a
 * measure over their own table, read from the schema rather than from a phrase per column. Columns with
 * a measure of their own (revenue, prices, scores, amounts: their business rules live in
 * recognise-measure.ts) and keys are left out.
 */

/** Columns the specific measures already read, each with its own rules (revenue statuses, units sold …). */
const SPECIFIC = new Set([
  'quantity',
  'unit_price',
  'line_total',
  'total',
  'subtotal',
  'shipping_fee',
  'tax',
  'fraud_score',
  'sentiment_score',
  'amount',
  'refund_amount',
  'latitude',
  'longitude',
]);

/** The subject whose rows carry a table's columns without multiplying them (inventory is one-to-one). */
const TABLE_SUBJECT: Partial<Record<ContractTable, { subject: Subject; alias: string }>> = {
  inventory: { subject: 'products', alias: 'i' },
  products: { subject: 'products', alias: 'p' },
  orders: { subject: 'orders', alias: 'o' },
  customers: { subject: 'customers', alias: 'c' },
  payments: { subject: 'payments', alias: 'pay' },
  shipments: { subject: 'shipments', alias: 's' },
  returns: { subject: 'returns', alias: 'r' },
  notifications: { subject: 'notifications', alias: 'n' },
  dead_letters: { subject: 'dead_letters', alias: 'dl' },
  order_events: { subject: 'events', alias: 'e' },
};

interface NumericColumn {
  table: ContractTable;
  column: ColumnSpec;
  subject: Subject;
  alias: string;
  /** The column's name as words, the last one in either number: "reorder levels?". */
  pattern: string;
  /** The noun its description counts in ("units in the warehouse" → units), said around the name. */
  unitNoun?: string;
}

const NUMERIC = new Set(['integer', 'smallint', 'decimal']);

const COLUMNS: readonly NumericColumn[] = (Object.keys(SCHEMA) as ContractTable[]).flatMap((table) => {
  const home = TABLE_SUBJECT[table];
  if (!home) return [];
  const spec = SCHEMA[table];
  return spec.columns
    .filter(
      (c) =>
        NUMERIC.has(c.type.kind) &&
        !c.primary &&
        !c.references &&
        !spec.primaryKey?.includes(c.name) &&
        !SPECIFIC.has(c.name),
    )
    .map((c) => {
      const words = c.name.split('_');
      const last = words.pop() as string;
      const plural = last.endsWith('s') ? `${last.replace(/s$/, '')}s?` : `${last}s?`;
      const unitNoun = /^(units|items|pieces)\b/.exec(c.description)?.[1];
      return {
        table,
        column: c,
        subject: home.subject,
        alias: home.alias,
        pattern: [...words, plural].join('[ _-]?'),
        ...(unitNoun ? { unitNoun } : {}),
      };
    });
});

/**
 * The numeric column a question names, read with the noun it is counted in ("units are reserved",
 * "delivery attempts") and any run of the column description's own words ("for not-yet-shipped
 * orders" after "reserved": the description says so), which restate the column rather than filter it.
 */
export function recogniseColumnMeasure(
  text: QuestionText,
): { measure: Partial<Measure> & { id: 'column' }; match: RegExpExecArray } | undefined {
  for (const col of COLUMNS) {
    const unit = col.unitNoun
      ? `(?:${col.unitNoun.replace(/s$/, '')}s? (?:(?:are|is|were|was|being|currently|still) )*)?`
      : '';
    // An adjective before the name must be the description's own ("delivery attempts so far").
    const described = col.column.description
      .toLowerCase()
      .split(/[^a-z]+/)
      .filter((w) => w.length > 2)
      .join('|');
    const adjective = described ? `(?:(?:${described}) )?` : '';
    // A description that is a place ("units in the warehouse") names the column as well as its name does.
    const place = /^(units|items|pieces) (in|at|on) the ([a-z]+)$/.exec(col.column.description);
    const placed = place
      ? `|${(place[1] as string).replace(/s$/, '')}s? (?:(?:are|is|sitting|kept|stored|held|lying|currently|still|we have) )*${place[2]} (?:the|our) ${place[3]}`
      : '';
    const re = new RegExp(
      `\\b${unit}${adjective}(${col.pattern}${placed})(?: ${col.unitNoun ?? '(?!)'})?\\b`,
    );
    // "payment attempts" are payments, not the notifications' attempts column.
    const otherTable = new RegExp(
      `\\b(?:${SUBJECT_NOUNS.filter(([s]) => s !== col.subject)
        .map(([, p]) => p)
        .join('|')})\\s+$`,
    );
    // "below their reorder level" compares with the column: a condition (recognise-filters.ts), not a measure.
    const compared =
      /\b(?:below|under|beneath|above|over|than|exceeds?|exceeding|reached|reach|at|to) (?:the |their |its |our )?$/;
    const m = text.takeOne(re, (found) => {
      const before = text.lower.slice(0, found.index);
      return !otherTable.test(before) && !compared.test(before);
    });
    if (!m) continue;
    restateDescription(text, col.column.description);
    return {
      measure: { id: 'column', subject: col.subject, column: `${col.alias}.${col.column.name}` },
      match: m,
    };
  }
  return undefined;
}

/** Reads runs of words that all come from the column's description, three or more of them its own. */
function restateDescription(text: QuestionText, description: string): void {
  const own = new Set(
    description
      .toLowerCase()
      .split(/[^a-z]+/)
      .filter((w) => w !== ''),
  );
  const joiners = new Set(['for', 'to', 'the', 'of', 'a', 'an', 'that', 'are', 'is']);
  const words = [...text.rest.matchAll(/[a-z]+/g)].map((m) => ({ word: m[0], at: m.index }));
  let run: typeof words = [];
  const flush = () => {
    if (run.filter((w) => own.has(w.word)).length >= 3) {
      const first = run[0] as { at: number };
      const last = run[run.length - 1] as { word: string; at: number };
      text.markRead(first.at, last.at + last.word.length - first.at);
    }
    run = [];
  };
  for (const w of words) {
    const prev = run[run.length - 1];
    const adjacent = !prev || /^\s+$/.test(text.rest.slice(prev.at + prev.word.length, w.at));
    if (!adjacent) flush();
    if (own.has(w.word) || joiners.has(w.word)) run.push(w);
    else flush();
  }
  flush();
}
