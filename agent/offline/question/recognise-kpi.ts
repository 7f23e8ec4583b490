import { kpiVocabulary, wordStem, type KpiTerms } from '../../catalog/kpi-vocabulary.ts';
import type { GroupBy, KpiDefinition } from '../../../services/shared/kpis/index.ts';
import type { KpiIntent, TimeRange } from '../intent.ts';
import type { GenericDimension } from './dimensions.ts';
import { EVENT_WORDS, VALUE_WORDS, looseStem } from '../../catalog/schema-words.ts';
import { FILLER_WORDS } from './filler-words.ts';
import { QuestionText } from './question-text.ts';
import { recogniseGrouping } from './recognise-ranking.ts';
import { parseTimeRange } from './time-range.ts';

/**
 * Questions a catalogue KPI answers as it stands: the KPI's words, a period, and one grouping the KPI
 * allows — nothing else. The words left after the period and the grouping are compared as a set with
 * each KPI's wordings (kpi-vocabulary.ts), so word order and inflection do not matter, and any word that
 * is neither part of the KPI's name nor a question word nor one that fits the KPI's unit ("rate" for a
 * ratio, "how many" for a count) sends the question to the general parser instead — a filter ("from
 * Germany"), a status, another measure. The general parser never sees a KPI it could define differently.
 */

/** Question words, pronouns, auxiliaries and prepositions: no meaning for which KPI is asked. */
const NEUTRAL = new Set(
  `what what's whats is are was were be been being the a an our we us you i me my did do does have has had
  in for of during over to on at from by per each all there any with show give tell display get find
  please kindly let know see want need it its this that these those so far yet and whole entire
  who whose`
    .split(/\s+/)
    .filter((w) => w !== ''),
);

const UNIT_WORDS: Record<string, readonly string[]> = {
  count: ['how', 'many', 'number', 'count', 'total'],
  eur: ['how', 'much', 'total', 'sum', 'amount', 'value', 'money', 'euro', 'eur'],
  ratio: ['rate', 'share', 'percentage', 'percent', '%', 'proportion', 'ratio', 'fraction', 'level'],
  days: ['average', 'avg', 'mean', 'day', 'how', 'long', 'typical'],
};
/** Words any KPI question may carry: "overall", "across all products", "KPI". */
const ANY_KPI = ['overall', 'across', 'altogether', 'kpi', 'metric', 'figure', 'currently', 'now', 'current'];

function allowedExtras(kpi: KpiDefinition): Set<string> {
  const extra = [...ANY_KPI, ...(UNIT_WORDS[kpi.unit] ?? [])];
  // Every KPI counts or dates orders; item-level ones reach products.
  extra.push('order');
  if (kpi.timeColumn === 'o.placed_at') extra.push('placed', 'made', 'received');
  // The event the KPI is dated by, in any inflection ("returns requested in …", "orders shipped in …").
  const event = kpi.timeColumn?.replace(/^\w+\./, '').replace(/_at$/, '');
  if (event) extra.push(event);
  if (kpi.groupBys.includes('category')) extra.push('product', 'item');
  // "Why are orders cancelled?" asks for a breakdown by reason.
  if (kpi.breakdown?.label === 'reason') extra.push('why');
  return new Set([...extra, ...definitionWords(kpi)].map(looseStem));
}

/**
 * The words of the KPI's own definition ("held for manual fraud review", "first order ever") restate
 * it. Column values ("delivered", "negative"), order events and condition words are left out: in a
 * question they are filters the KPI does not take, and the general parser must see them.
 */
function definitionWords(kpi: KpiDefinition): string[] {
  return kpi.definition
    .replace(/`[^`]*`/g, ' ')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((w) => w.length >= 4 && !VALUE_WORDS.has(w) && !EVENT_WORDS.has(w) && !NOT_RESTATING.has(w));
}

/** Definition words that change what is counted when a question says them. */
const NOT_RESTATING = new Set(
  'neither nor without except excluding only last more less than least most none whose that'.split(' '),
);

/** Filler of the general parser, minus the event verbs that date a question ("placed", "created"). */
const KPI_FILLER = new Set(
  [...FILLER_WORDS].filter(
    (w) =>
      !EVENT_WORDS.has(w) &&
      // "on hold" is a status: a value word is a filter the KPI does not take.
      !VALUE_WORDS.has(w) &&
      // "list …", "which …" ask for rows, not the KPI's figure.
      !/^(?:made|make|received|ordered|registered|list|which|hold|holds)$/.test(w),
  ),
);

const GROUPINGS: Partial<Record<GenericDimension, GroupBy>> = {
  day: 'day',
  week: 'week',
  month: 'month',
  country_any: 'country',
  ship_country: 'country',
  channel_any: 'channel',
  channel: 'channel',
  category: 'category',
};

interface Reading {
  time: TimeRange | undefined;
  groupBy?: GroupBy;
  words: string[];
}

function read(question: string, today: string, withGrouping: boolean): Reading | undefined {
  const text = new QuestionText(question);
  const time = parseTimeRange(text, today);
  if (time?.empty) return undefined;
  let groupBy: GroupBy | undefined;
  if (withGrouping) {
    const grouping = recogniseGrouping(text, false);
    if (!grouping.dim) return undefined;
    groupBy = GROUPINGS[grouping.dim];
    if (!groupBy) return undefined;
  }
  const words = text
    .unreadWords(NEUTRAL)
    .map(wordStem)
    .filter((w) => !NEUTRAL.has(w));
  return { time, words, ...(groupBy ? { groupBy } : {}) };
}

/** The KPI whose wording covers the words, with nothing left over but words fitting it. */
function matchKpi(words: string[], groupBy: GroupBy | undefined, vocabulary: readonly KpiTerms[]) {
  let best: { kpi: KpiDefinition; size: number } | undefined;
  const present = new Set(words);
  for (const { kpi, terms } of vocabulary) {
    if (groupBy && !kpi.groupBys.includes(groupBy)) continue;
    const extras = allowedExtras(kpi);
    for (const term of terms) {
      if (![...term].every((w) => present.has(w))) continue;
      if (!words.every((w) => term.has(w) || extras.has(looseStem(w)) || KPI_FILLER.has(w))) continue;
      if (!best || term.size > best.size) best = { kpi, size: term.size };
    }
  }
  return best?.kpi;
}

let vocabulary: readonly KpiTerms[] | undefined;

export function recogniseKpi(question: string, today: string): KpiIntent | undefined {
  vocabulary ??= kpiVocabulary();
  // With a grouping first ("by week"), then without: "Cancellations by reason" names no grouping.
  for (const withGrouping of [true, false]) {
    const reading = read(question, today, withGrouping);
    if (!reading || reading.words.length === 0) continue;
    const kpi = matchKpi(reading.words, reading.groupBy, vocabulary);
    if (!kpi) continue;
    return {
      kind: 'kpi',
      kpiId: kpi.id,
      ...(reading.time ? { time: reading.time } : {}),
      ...(reading.groupBy ? { groupBy: reading.groupBy } : {}),
    };
  }
  return undefined;
}
