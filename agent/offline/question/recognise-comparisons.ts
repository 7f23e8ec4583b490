import type { Comparison, FieldId, Filter } from '../intent.ts';
import { NUMBER_WORD_PATTERN, parseNumberWord } from './numbers.ts';
import type { QuestionText } from './question-text.ts';

/**
 * Thresholds: "orders over €500", "more than 3 units", "customers with more than 5 orders",
 * "fraud score above 80", "products priced under 20 euros", "between €100 and €200".
 * What the number measures comes from the noun after it (units, orders) or before it (fraud score,
 * price); a bare amount is an order total.
 */

const CMP: ReadonlyArray<[Comparison, string]> = [
  ['>=', 'at least|no less than|not less than|minimum of|>='],
  ['<=', 'at most|no more than|not more than|up to|maximum of|<='],
  ['>', 'over|above|more than|greater than|exceeding|in excess of|bigger than|larger than|higher than|>'],
  ['<', 'under|below|less than|fewer than|lower than|smaller than|cheaper than|<'],
  ['=', 'exactly|equal to|equals|of exactly|='],
];
const CMP_PATTERN = CMP.map(([, p]) => p).join('|');

const BEFORE: ReadonlyArray<[FieldId, string]> = [
  ['fraud_score', 'fraud (?:risk )?scores?|risk scores?'],
  ['unit_price', 'unit prices?|prices?|priced|costs?|costing'],
  [
    'order_total',
    '(?:order )?totals?|(?:order |basket )?values?|(?:order )?amounts?|worth|spend(?:ing)?|spent',
  ],
];
const AFTER: ReadonlyArray<[FieldId, string]> = [
  [
    'order_lines',
    'line items?|lines|different (?:products|items|skus)|distinct (?:products|items|skus)|skus',
  ],
  ['order_units', '(?:units?|items?|pieces?|articles?|products?)(?: (?:available|in stock|on hand|left))?'],
  ['customer_orders', 'orders?|purchases?|times'],
];
const CURRENCY = 'euros?|eur|€';
const NUMBER = `(\\d+(?:\\.\\d+)?|${NUMBER_WORD_PATTERN})`;

export function recogniseComparisons(text: QuestionText, subject: 'products' | 'other'): Filter[] {
  const filters: Filter[] = [];
  const before = BEFORE.map(([, p]) => `(${p})`).join('|');
  const after = AFTER.map(([, p]) => `(${p})`).join('|');

  // "between €100 and €200": a money range (dates were read first, so these are amounts).
  for (const m of text.take(
    new RegExp(
      `\\b(?:(?:${before}) )?(?:of )?between (?:€ ?)?(\\d+(?:\\.\\d+)?) (?:${CURRENCY} )?and (?:€ ?)?(\\d+(?:\\.\\d+)?)(?: ?(?:${CURRENCY}))?`,
    ),
  )) {
    const field = fieldBefore(m, subject);
    const lo = Number(m[m.length - 2]);
    const hi = Number(m[m.length - 1]);
    filters.push(
      { field, op: '>=', values: [lo], at: m.index },
      { field, op: '<=', values: [hi], at: m.index },
    );
  }

  const re = new RegExp(
    `\\b(?:(?:${before})(?: of| is| was| are| were)? )?(?:(?:is|was|are|were|with|having|has|have|had|of|that (?:is|are|was|were|cost|costs)) )?(${CMP_PATTERN}) (?:€ ?)?${NUMBER}(?: ?(k))?(?: ?(${CURRENCY}))?(?: (?:(?:different|distinct|total) )?(?:${after}))?(?= |$)`,
  );
  for (const m of text.take(
    re,
    (match) => !/^(?:19|20)\d{2}$/.test(groupValue(match)) || hasCurrency(match),
  )) {
    const op = CMP.find(([, p]) => new RegExp(`^(?:${p})$`).test(cmpWord(m)))?.[0] ?? '=';
    let value = parseNumberWord(groupValue(m)) ?? 0;
    if (/\bk\b/.test(m[0])) value *= 1000;
    let field = fieldAfter(m) ?? fieldBefore(m, subject);
    // For products, "fewer than 10 units" is about stock, not the units of an order.
    if (subject === 'products' && field === 'order_units') field = 'stock_available';
    filters.push({ field, op, values: [value], at: m.index });
  }

  // "scored 80 or more on the fraud check": the score named after the number, by the check that gives it.
  for (const m of text.take(
    new RegExp(
      `\\b(?:scored|scoring|rated|scores?) (?:(${CMP_PATTERN}|at least|at most) )?${NUMBER}(?: (or (?:more|higher|above|over|greater|less|lower|below|fewer)))? (?:on|in|at|from) (?:the |their |its )?(?:fraud|risk)(?: (?:check|checks|risk|score|screening|assessment))?\\b`,
    ),
  )) {
    const word = m[1] ?? m[3] ?? '';
    const op: Comparison = /at least|or (?:more|higher|above|over|greater)/.test(word)
      ? '>='
      : /at most|or (?:less|lower|below|fewer)/.test(word)
        ? '<='
        : ((CMP.find(([, p]) => new RegExp(`^(?:${p})$`).test(word))?.[0] ?? '=') as Comparison);
    filters.push({ field: 'fraud_score', op, values: [parseNumberWord(m[2] as string) ?? 0], at: m.index });
  }

  // "5 or more units", "3+ items", "10 orders or more".
  for (const m of text.take(
    new RegExp(
      `\\b${NUMBER}(?: ?\\+| or more| or fewer| or less)? (${AFTER.map(([, p]) => p).join('|')})(?: or more| or fewer| or less)?\\b`,
    ),
    (match) => /or more|or fewer|or less|\+/.test(match[0]),
  )) {
    const op: Comparison = /or more|\+/.test(m[0]) ? '>=' : '<=';
    const noun = m[2] as string;
    const field = AFTER.find(([, p]) => new RegExp(`^(?:${p})$`).test(noun))?.[0] ?? 'order_units';
    filters.push({ field, op, values: [parseNumberWord(m[1] as string) ?? 0], at: m.index });
  }
  return filters;
}

function cmpWord(m: RegExpExecArray): string {
  const words = m[0].match(new RegExp(CMP_PATTERN));
  return words?.[0] ?? '';
}

function groupValue(m: RegExpExecArray): string {
  const n = new RegExp(`(?:${CMP_PATTERN}) (?:€ ?)?${NUMBER}`).exec(m[0]);
  return n?.[1] ?? '0';
}

function hasCurrency(m: RegExpExecArray): boolean {
  return new RegExp(`€|\\beur|\\beuros?\\b`).test(m[0]);
}

function fieldAfter(m: RegExpExecArray): FieldId | undefined {
  const tail = m[0]
    .replace(new RegExp(`^.*?(?:${CMP_PATTERN}) (?:€ ?)?${NUMBER}(?: ?k)?(?: ?(?:${CURRENCY}))?`), '')
    .trim();
  if (tail === '') return undefined;
  const noun = tail.replace(/^(?:different|distinct|total) /, '');
  for (const [field, p] of AFTER) {
    if (new RegExp(`^(?:${p})$`).test(noun) || new RegExp(`^(?:${p})$`).test(tail)) return field;
  }
  return undefined;
}

function fieldBefore(m: RegExpExecArray, subject: 'products' | 'other'): FieldId {
  for (const [field, p] of BEFORE) {
    if (new RegExp(`^(?:${p})\\b`).test(m[0]))
      return field === 'unit_price' && subject !== 'products' ? 'order_total' : field;
  }
  return subject === 'products' ? 'unit_price' : 'order_total';
}
