import type { TimeRange } from '../intent.ts';
import type { QuestionText } from './question-text.ts';
import { NUMBER_WORD_PATTERN, parseNumberWord } from './numbers.ts';

/**
 * Dates in questions → half-open UTC ranges [from, to). Explicit forms ("October 2026", "2026-11-01",
 * "between 2026-11-01 and 2026-11-07", "Q3 2026", "since 2026-10-01") and relative ones ("last month",
 * "last 7 days", "yesterday", "year to date"), which are measured from `today` (ADR 0006: the current
 * UTC date, or the date the caller pins, e.g. the seed's --now in the evaluation). A month without a
 * year is the latest such month up to today. "Between A and B" includes all of B.
 */

const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const MONTH_ABBR: Readonly<Record<string, number>> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  sept: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};
const MONTH = `(?:${MONTH_NAMES.filter((m) => m !== 'may').join('|')}|${Object.keys(MONTH_ABBR).join('|')}|may(?= \\d))`;
const DAY = '\\d{1,2}(?:st|nd|rd|th)?';
const YEAR = '(?:19|20)\\d{2}';
const ORDINAL_QUARTER = '(?:first|second|third|fourth|last|1st|2nd|3rd|4th)';

/** One date-ish phrase: a day, a month, a quarter or a year. Alternatives from most to least specific. */
const DATE_PHRASE = [
  '\\d{4}-\\d{2}-\\d{2}',
  `${MONTH}\\.? ${DAY}(?:,? ${YEAR})?(?![\\d-])`,
  `${DAY} (?:of )?${MONTH}(?:,? ${YEAR})?`,
  '\\d{4}-\\d{2}(?![\\d-])',
  `${MONTH}(?:,? (?:of )?${YEAR})?`,
  `q[1-4](?: (?:of )?${YEAR})?`,
  `(?:the )?${ORDINAL_QUARTER} quarter(?: of)?(?: ${YEAR})?`,
  YEAR,
].join('|');

interface Span {
  from: string;
  to: string;
  label: string;
}

export function parseTimeRange(text: QuestionText, today: string): TimeRange | undefined {
  let range = parseOneRange(text, today);
  // "the first half of November, from 2026-11-01 to 2026-11-15": every range named applies.
  for (let more = range && parseOneRange(text, today); range && more; more = parseOneRange(text, today)) {
    range = intersect(range, more);
  }
  // "July and September 2026": ranges that do not overlap leave nothing; no period is better than a
  // wrong one, so the words stay unread and the question is refused.
  if (range?.from && range.to && range.from >= range.to) return { ...range, empty: true };
  // "for the week of 2026-11-09 to 2026-11-15": the words around an explicit range add nothing.
  if (range)
    text.take(
      /\b(?:for |in |during |over )?(?:the )?(?:week|month|period|days?|time|window) (?:of|from|between)\b/,
    );
  return range;
}

function intersect(a: TimeRange, b: TimeRange): TimeRange {
  const from = [a.from, b.from]
    .filter((d): d is string => d !== undefined)
    .sort()
    .at(-1);
  const to = [a.to, b.to].filter((d): d is string => d !== undefined).sort()[0];
  const narrower = width(a) <= width(b) ? a : b;
  return { ...(from ? { from } : {}), ...(to ? { to } : {}), label: narrower.label };
}

function width(r: TimeRange): number {
  return r.from && r.to ? Date.parse(r.to) - Date.parse(r.from) : Number.POSITIVE_INFINITY;
}

function parseOneRange(text: QuestionText, today: string): TimeRange | undefined {
  const ref = parseIso(today);
  const D = `(${DATE_PHRASE})`;

  const between = text.takeOne(
    new RegExp(`\\b(?:between|from) (?:the )?${D} (?:and|to|until|till|through|thru|-) (?:the )?${D}\\b`),
  );
  if (between) return rangeBetween(between[1], between[2], ref);
  const days = text.takeOne(
    new RegExp(
      `\\b(?:(?:from|between) (?:the )?)?(\\d{1,2})(?:st|nd|rd|th)? (?:to|and|until|till|through|thru|-) (?:the )?(\\d{1,2})(?:st|nd|rd|th)? (?:of )?(${MONTH})(?:,? (${YEAR}))?\\b`,
    ),
  );
  if (days) {
    const month = days[3] as string;
    const year = days[4] ? ` ${days[4]}` : '';
    return rangeBetween(`${days[1]} ${month}${year}`, `${days[2]} ${month}${year}`, ref);
  }
  // "over the summer, July and August 2026": two neighbouring months named together are one span (a
  // season word only announces them); months that are not neighbours are no single range.
  const pair = text.takeOne(
    new RegExp(
      `\\b(?:(?:over|in|during|for|across) )?(?:the )?(?:(?:summer|winter|spring|autumn|fall|season|months)(?: months)? ?,? )?(?:of )?(${MONTH}) ?,? (?:and|&) (${MONTH}) ?,? (${YEAR})\\b`,
    ),
    (m) => {
      const a = spanOf(`${m[1]} ${m[3]}`, ref);
      const b = spanOf(`${m[2]} ${m[3]}`, ref);
      return a !== undefined && b !== undefined && a.to === b.from;
    },
  );
  if (pair) return rangeBetween(`${pair[1]} ${pair[3]}`, `${pair[2]} ${pair[3]}`, ref);
  const arrow = text.takeOne(new RegExp(`\\b${D} (?:to|until|till|through|thru|-) ${D}\\b`));
  if (arrow) return rangeBetween(arrow[1], arrow[2], ref);

  const half = text.takeOne(
    new RegExp(
      `\\b(?:(?:in|during|for) )?(?:the )?(first|second|1st|2nd|last) half of (?:the )?(?:year )?${D}`,
    ),
  );
  if (half) {
    const span = spanOf(half[2] as string, ref);
    if (!span) return undefined;
    const mid = midpoint(span);
    const first = half[1] === 'first' || half[1] === '1st';
    return first
      ? { from: span.from, to: mid, label: `the first half of ${span.label}` }
      : { from: mid, to: span.to, label: `the second half of ${span.label}` };
  }
  const week = text.takeOne(
    new RegExp(
      `\\b(?:(?:in|during|for) )?(?:the )?week (?:of|starting|beginning|from|commencing) (?:the )?${D}`,
    ),
  );
  if (week) {
    const span = spanOf(week[1] as string, ref);
    if (!span) return undefined;
    const to = iso(new Date(Date.parse(`${span.from}T00:00:00Z`) + 7 * 86_400_000));
    return { from: span.from, to, label: `the week of ${span.from}` };
  }

  const since = text.takeOne(
    new RegExp(
      `\\b(since|starting(?: from| on)?|as of|after|on or after|from) (?:the )?(?:(?:start|beginning) of (?:the )?)?${D}( onwards?| and later| or later)?\\b`,
    ),
    // "from October" alone reads as "in October"; only "from … onwards" opens the range.
    (m) => m[1] !== 'from' || m[3] !== undefined,
  );
  if (since) {
    const span = spanOf(since[2] as string, ref);
    if (!span) return undefined;
    const exclusive = since[1] === 'after';
    const from = exclusive ? span.to : span.from;
    return { from, label: `${exclusive ? 'after' : 'since'} ${span.label}` };
  }
  const until = text.takeOne(
    new RegExp(`\\b(before|until|till|up to|through|on or before|prior to) (?:the )?${D}\\b`),
  );
  if (until) {
    const span = spanOf(until[2] as string, ref);
    if (!span) return undefined;
    const inclusive = until[1] !== 'before' && until[1] !== 'prior to';
    return { to: inclusive ? span.to : span.from, label: `${inclusive ? 'up to' : 'before'} ${span.label}` };
  }

  const relative = relativeRange(text, ref);
  if (relative) return relative;

  const single = text.takeOne(
    new RegExp(
      `(?:\\b(?:in|on|during|for|of|at|within|throughout) (?:the (?:month of |year |day )?|the |month of |year )?)?\\b${D}\\b`,
    ),
    (m) => !/^(?:19|20)\d{2}$/.test(m[1] as string) || /^\D/.test(m[0]),
  );
  if (single) {
    const span = spanOf(single[1] as string, ref);
    if (span) return { from: span.from, to: span.to, label: span.label };
  }
  return undefined;
}

function rangeBetween(a: string | undefined, b: string | undefined, ref: Date): TimeRange | undefined {
  const start = spanOf(a ?? '', ref);
  const end = spanOf(b ?? '', ref);
  if (!start || !end) return undefined;
  return { from: start.from, to: end.to, label: `from ${start.label} to ${end.label}` };
}

function relativeRange(text: QuestionText, ref: Date): TimeRange | undefined {
  const y = ref.getUTCFullYear();
  const m = ref.getUTCMonth();
  const day = (d: Date) => iso(d);
  const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);
  const tomorrow = addDays(ref, 1);

  if (text.takeOne(/\b(?:(?:for |of )?today|so far today)\b/))
    return { from: day(ref), to: day(tomorrow), label: `today (${day(ref)})` };
  if (text.takeOne(/\byesterday\b/)) {
    const d = addDays(ref, -1);
    return { from: day(d), to: day(ref), label: `yesterday (${day(d)})` };
  }
  const rolling = text.takeOne(
    new RegExp(
      `\\b(?:in |over |during |within |for )?(?:the )?(?:last|past|previous|trailing) (\\d+|${NUMBER_WORD_PATTERN}) (days?|weeks?|months?)\\b`,
    ),
  );
  if (rolling) {
    const n = parseNumberWord(rolling[1] as string) ?? 0;
    const unit = (rolling[2] as string).replace(/s$/, '');
    let from: Date;
    if (unit === 'day') from = addDays(ref, -(n - 1));
    else if (unit === 'week') from = addDays(ref, -(7 * n - 1));
    else from = new Date(Date.UTC(y, m - n, ref.getUTCDate() + 1));
    return {
      from: day(from),
      to: day(tomorrow),
      label: `in the last ${n} ${unit}${n === 1 ? '' : 's'} (${day(from)} to ${day(ref)})`,
    };
  }
  const calendar = text.takeOne(
    /\b(?:(?:in|during|for|of|over) )?(?:the )?(this|current|last|previous|past|prior) (week|month|quarter|year)(?:'s)?\b/,
  );
  if (calendar) {
    const which = calendar[1] === 'this' || calendar[1] === 'current' ? 0 : -1;
    const unit = calendar[2] as string;
    let from: Date;
    let to: Date;
    if (unit === 'week') {
      const monday = addDays(ref, -((ref.getUTCDay() + 6) % 7));
      from = addDays(monday, 7 * which);
      to = addDays(from, 7);
    } else if (unit === 'month') {
      from = new Date(Date.UTC(y, m + which, 1));
      to = new Date(Date.UTC(y, m + which + 1, 1));
    } else if (unit === 'quarter') {
      const q = Math.floor(m / 3) + which;
      from = new Date(Date.UTC(y, q * 3, 1));
      to = new Date(Date.UTC(y, q * 3 + 3, 1));
    } else {
      from = new Date(Date.UTC(y + which, 0, 1));
      to = new Date(Date.UTC(y + which + 1, 0, 1));
    }
    if (which === 0 && to > tomorrow) to = tomorrow;
    const name = unit === 'month' ? monthLabel(from) : `${day(from)} to ${day(addDays(to, -1))}`;
    return { from: day(from), to: day(to), label: `${which === 0 ? 'this' : 'last'} ${unit} (${name})` };
  }
  if (text.takeOne(/\b(?:year to date|ytd|so far this year|this year so far)\b/)) {
    return { from: `${y}-01-01`, to: day(tomorrow), label: `year to date (${y}-01-01 to ${day(ref)})` };
  }
  if (text.takeOne(/\b(?:month to date|mtd|so far this month|this month so far)\b/)) {
    const from = new Date(Date.UTC(y, m, 1));
    return { from: day(from), to: day(tomorrow), label: `month to date (${day(from)} to ${day(ref)})` };
  }
  return undefined;
}

/** The days a date phrase covers. */
function spanOf(phrase: string, ref: Date): Span | undefined {
  const p = phrase.trim().replace(/^the /, '');
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(p);
  if (m) return daySpan(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  m = /^(\d{4})-(\d{2})$/.exec(p);
  if (m) return monthSpan(Number(m[1]), Number(m[2]) - 1);
  m = new RegExp(`^(${MONTH})\\.? (\\d{1,2})(?:st|nd|rd|th)?(?:,? (${YEAR}))?$`).exec(p);
  if (m) return dayOfMonth(monthIndex(m[1] as string), Number(m[2]), m[3], ref);
  m = new RegExp(`^(\\d{1,2})(?:st|nd|rd|th)? (?:of )?(${MONTH})(?:,? (${YEAR}))?$`).exec(p);
  if (m) return dayOfMonth(monthIndex(m[2] as string), Number(m[1]), m[3], ref);
  m = new RegExp(`^(${MONTH})(?:,? (?:of )?(${YEAR}))?$`).exec(p);
  if (m) {
    const month = monthIndex(m[1] as string);
    const year = m[2] ? Number(m[2]) : latestYearFor(month, ref);
    return monthSpan(year, month);
  }
  m = new RegExp(`^q([1-4])(?: (?:of )?(${YEAR}))?$`).exec(p);
  if (m) return quarterSpan(Number(m[1]), m[2], ref);
  m = new RegExp(`^(${ORDINAL_QUARTER}) quarter(?: of)?(?: (${YEAR}))?$`).exec(p);
  if (m) {
    const ord = m[1] as string;
    if (ord === 'last') {
      const q = Math.floor(ref.getUTCMonth() / 3);
      const year = m[2] ? Number(m[2]) : q === 0 ? ref.getUTCFullYear() - 1 : ref.getUTCFullYear();
      return quarterSpan(m[2] ? 4 : q === 0 ? 4 : q, String(year), ref);
    }
    const n = { first: 1, second: 2, third: 3, fourth: 4, '1st': 1, '2nd': 2, '3rd': 3, '4th': 4 }[ord] ?? 1;
    return quarterSpan(n, m[2], ref);
  }
  m = new RegExp(`^(${YEAR})$`).exec(p);
  if (m) {
    const year = Number(m[1]);
    return { from: `${year}-01-01`, to: `${year + 1}-01-01`, label: String(year) };
  }
  return undefined;
}

/** Where a month or a year splits into halves: the 16th of the month, the 1st of July. */
function midpoint(span: Span): string {
  const from = new Date(`${span.from}T00:00:00Z`);
  const to = new Date(`${span.to}T00:00:00Z`);
  const days = (to.getTime() - from.getTime()) / 86_400_000;
  if (days > 300) return `${from.getUTCFullYear()}-07-01`;
  if (days >= 28) return iso(new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 16)));
  return iso(new Date(from.getTime() + Math.floor(days / 2) * 86_400_000));
}

function dayOfMonth(month: number, dayNum: number, year: string | undefined, ref: Date): Span | undefined {
  const y = year ? Number(year) : latestYearFor(month, ref, dayNum);
  return daySpan(y, month, dayNum);
}

function daySpan(year: number, month: number, dayNum: number): Span | undefined {
  const d = new Date(Date.UTC(year, month, dayNum));
  if (d.getUTCMonth() !== month || d.getUTCDate() !== dayNum) return undefined;
  const next = new Date(Date.UTC(year, month, dayNum + 1));
  return { from: iso(d), to: iso(next), label: iso(d) };
}

function monthSpan(year: number, month: number): Span | undefined {
  if (month < 0 || month > 11) return undefined;
  const from = new Date(Date.UTC(year, month, 1));
  const to = new Date(Date.UTC(year, month + 1, 1));
  return { from: iso(from), to: iso(to), label: monthLabel(from) };
}

function quarterSpan(q: number, year: string | undefined, ref: Date): Span {
  const y = year
    ? Number(year)
    : q * 3 - 3 > ref.getUTCMonth()
      ? ref.getUTCFullYear() - 1
      : ref.getUTCFullYear();
  const from = new Date(Date.UTC(y, (q - 1) * 3, 1));
  const to = new Date(Date.UTC(y, q * 3, 1));
  return { from: iso(from), to: iso(to), label: `Q${q} ${y}` };
}

/** The year of the latest occurrence of a month (and day) that is not after the reference date. */
function latestYearFor(month: number, ref: Date, dayNum = 1): number {
  const y = ref.getUTCFullYear();
  const candidate = Date.UTC(y, month, dayNum);
  return candidate <= ref.getTime() ? y : y - 1;
}

function monthIndex(name: string): number {
  const full = MONTH_NAMES.indexOf(name);
  return full >= 0 ? full : (MONTH_ABBR[name] ?? 0);
}

function monthLabel(d: Date): string {
  const name = MONTH_NAMES[d.getUTCMonth()] as string;
  return `${name[0]?.toUpperCase()}${name.slice(1)} ${d.getUTCFullYear()}`;
}

function parseIso(day: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) throw new Error(`today must be YYYY-MM-DD, got ${day}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
}

function iso(d: Date): string {
  return d.toISOString().slice(0, 10);
}
