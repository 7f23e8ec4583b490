import type { Intent } from '../intent.ts';
import { DIMENSION_PATTERN, TIME_BUCKETS, dimensionFor, type GenericDimension } from './dimensions.ts';
import { NUMBER_WORD_PATTERN, parseNumberWord } from './numbers.ts';
import type { QuestionText } from './question-text.ts';

/**
 * Ranking and grouping: "top 5", "highest first", "which country … most", "by channel", "daily",
 * "most recent orders".
 */

export interface RankingReading {
  limit?: number;
  order?: 'desc' | 'asc';
  /** A superlative ("most", "highest") was read; it ranks groups or, with no group, picks max/min. */
  superlative?: 'desc' | 'asc';
  sortBy?: Intent['sortBy'];
}

export interface GroupingReading {
  dim?: GenericDimension;
  /** "which 3 cities …" */
  limit?: number;
  /** Asked as "which X …": one answer (or a few, when plural) rather than a table. */
  which: boolean;
  plural: boolean;
  /** The group was read from a ranked noun ("the best-selling product"): singular means one row. */
  rankedEntity?: boolean;
}

const N = `(\\d+|${NUMBER_WORD_PATTERN})`;
const byLength = (words: string) =>
  words
    .split('|')
    .sort((a, b) => b.length - a.length)
    .join('|');
const DESC_WORDS = byLength(
  'most|highest|largest|biggest|greatest|maximum|max|top|best|leading|busiest|strongest|favou?rite|heaviest|most common|most frequent|most frequently|most often|most commonly|commonest|most popular|most used',
);
const ASC_WORDS = byLength(
  'least|lowest|smallest|fewest|minimum|min|bottom|worst|weakest|quietest|least common|least frequent|least often|least used|rarest|least popular',
);

export function recogniseRanking(text: QuestionText): RankingReading {
  const r: RankingReading = {};
  const recent = text.takeOne(/\b(?:most recent|latest|newest|last)\b(?! (?:month|week|year|quarter|\d))/);
  if (recent) r.sortBy = 'recent';
  else if (text.takeOne(/\b(?:oldest|earliest)\b/)) r.sortBy = 'oldest';

  const top = text.takeOne(
    new RegExp(
      `\\b(top|bottom|first|best|worst|highest|lowest|largest|smallest|biggest|leading|last) ${N}\\b`,
    ),
  );
  if (top) {
    r.limit = parseNumberWord(top[2] as string);
    const word = top[1] as string;
    if (/bottom|worst|lowest|smallest/.test(word)) r.order = 'asc';
    else if (word === 'last') r.sortBy = 'recent';
    else if (word !== 'first') r.order = 'desc';
  }
  if (r.limit === undefined) {
    const before = text.takeOne(
      new RegExp(
        `\\b(?:the )?${N}(?= (?:${DESC_WORDS}|${ASC_WORDS}|cheapest|most expensive|best ?selling|top ?selling)\\b)`,
      ),
    );
    if (before) r.limit = parseNumberWord(before[1] as string);
  }
  if (r.limit === undefined) {
    const counted = text.takeOne(
      new RegExp(
        `\\b(?:the |show |list |give me )?${N}(?= (?:[a-z]+ )?(?:products|customers|cities|countries|categories|channels|carriers|orders|returns|payments|shipments|items|skus|reasons|methods)\\b)`,
      ),
      (m) => m[1] !== 'one',
    );
    if (counted) r.limit = parseNumberWord(counted[1] as string);
  }

  const desc = text.takeOne(
    /\b(?:(?:sorted|ordered|ranked|listed|sort|order|rank)(?:ed)? )?(?:by [a-z ]+? )?(?:from )?(?:the )?(?:highest|largest|biggest|most|greatest|top|best)(?: (?:frequent|common|popular|used|expensive|valuable|recent))? (?:to (?:the )?(?:lowest|smallest|least|fewest|bottom|worst)(?: (?:frequent|common|popular|used|expensive|valuable|recent))?|first|on top)\b|\b(?:in )?descending(?: order)?\b|\bdesc\b/,
  );
  const asc = text.takeOne(
    /\b(?:(?:sorted|ordered|ranked|listed|sort|order|rank)(?:ed)? )?(?:by [a-z ]+? )?(?:from )?(?:the )?(?:lowest|smallest|least|fewest|bottom|worst)(?: (?:frequent|common|popular|used|expensive|valuable|recent))? (?:to (?:the )?(?:highest|largest|biggest|most|greatest|top|best)(?: (?:frequent|common|popular|used|expensive|valuable|recent))?|first|on top)\b|\b(?:in )?ascending(?: order)?\b|\basc\b/,
  );
  if (desc) r.order = 'desc';
  else if (asc) r.order = 'asc';
  // "Rank the reasons …, from most to least common": the verb only announces the order read.
  if (desc || asc) text.take(/^(?:rank|sort|order|list)\b/);
  text.takeOne(/\b(?:sorted|ordered|ranked|sort|order|rank)(?:ed)? by\b/);
  text.takeOne(/\b(?:in )?(?:chronological|date|time) order\b|\bchronologically\b|\bover time\b/);

  const sup = text.takeOne(new RegExp(`\\b(?:the )?(${DESC_WORDS}|${ASC_WORDS})\\b`));
  if (sup) r.superlative = new RegExp(`^(?:${ASC_WORDS})$`).test(sup[1] as string) ? 'asc' : 'desc';
  return r;
}

export function recogniseGrouping(text: QuestionText, ranked: boolean): GroupingReading {
  const g: GroupingReading = { which: false, plural: false };
  for (const [dim, pattern] of TIME_BUCKETS) {
    if (
      text.takeOne(
        new RegExp(
          `\\b(?:(?:broken down |split |grouped )?(?:by |per |for each |each |every ))?(?:${pattern})\\b`,
        ),
      )
    ) {
      g.dim = dim;
      return g;
    }
  }
  const D = `(${DIMENSION_PATTERN})`;
  const by = text.takeOne(
    new RegExp(
      `(?<!\\b(?:cancell?ed|placed|made|ordered|bought|returned|paid|requested|submitted|created|handled|shipped|delivered|sent|blocked|stopped|rejected) )\\b(?:by|per|for each|for every|in each|for all|across(?: all)?|broken down by|break(?:ing)?(?: it| this| that| them)? down by|breakdown (?:by|per|of)|split (?:by|across|per)|grouped by|group(?:ed)? by|according to|each|every|at each|on each|among(?: the)?|compared (?:by|across)|for (?:the |our )?(?:various|different)) (?:the |their |its |our |a |all |each |every |different |various )?${D}\\b`,
    ),
  );
  // "total revenue across every product", "units across all products combined": one figure over all of
  // them, not one per product.
  // "units in the warehouse across all products" likewise: "across all X" is one total unless the
  // question also asks for the parts ("each", "per", "compare", "breakdown").
  if (
    by &&
    /^(?:across|for all)\b.*\b(?:all|every)\b/.test(by[0]) &&
    (text.mentions(/\b(?:total|combined|overall|altogether|sum)\b/) ||
      !text.mentions(/\b(?:each|per|compare|comparing|breakdown|broken down|split|respectively)\b/))
  )
    return g;
  if (by) {
    g.dim = dimensionFor(by[1] as string);
    // "Stock-outs by category: how many … in each category": the same grouping named again.
    text.take(
      new RegExp(`\\b(?:(?:in|for|per|by) )?(?:each|every|per|by) (?:the )?${D}\\b`),
      (m) => dimensionFor(m[1] as string) === g.dim,
    );
    text.take(
      /\b(?:break(?:ing)? (?:it |this |that |them )?down|broken down|breakdown(?: of)?|split(?: up)?|group(?:ed)?)\b/,
    );
    return g;
  }
  const suffix = text.takeOne(
    new RegExp(`\\b${D} (?:breakdown|split|distribution|mix|wise|ranking|league table|comparison)\\b`),
  );
  if (suffix) {
    g.dim = dimensionFor(suffix[1] as string);
    return g;
  }
  // "Which products are low on stock?" lists products; only a ranking makes "which product" a group.
  const which = text.takeOne(
    new RegExp(
      `\\b(?:in |from |to |through |with |via )?(?:which|what) (?:${N} )?(?:one |is |are |was |were )?(?:the |our )?(?:top |best |most |least |worst |biggest |largest |main |single )?(?:${N} )?${D}\\b`,
    ),
    (m) => ranked || !['product', 'customer'].includes(dimensionFor(m[3] as string) ?? ''),
  );
  if (which) {
    const phrase = which[3] as string;
    g.dim = dimensionFor(phrase);
    // "Which destination country was our biggest market": the group named again as the ranked noun.
    text.take(new RegExp(`\\b${D}\\b`), (m) => sameGroup(dimensionFor(m[1] as string), g.dim));
    g.which = true;
    const n = which[1] ?? which[2];
    if (n) g.limit = parseNumberWord(n);
    g.plural = isPlural(phrase);
    // "which single product": one row.
    if (/\bsingle\b/.test(which[0])) g.limit = 1;
    return g;
  }
  // "Why are orders cancelled?" — the answer is the breakdown by reason.
  if (text.has(/\bwhy\b/)) {
    const reason = text.mentions(/\bcancell?/)
      ? 'cancel_reason'
      : text.mentions(/\breturn/)
        ? 'return_reason'
        : undefined;
    if (reason) {
      text.takeOne(/\bwhy\b/);
      g.dim = reason;
      return g;
    }
  }
  // "revenue trend", "orders over time": a monthly series.
  if (text.takeOne(/\b(?:trends?|evolution|development|history|time series)\b/)) {
    g.dim = 'month';
    return g;
  }
  if (ranked) {
    const entity = text.takeOne(
      new RegExp(`\\b${D}\\b`),
      (m) => dimensionFor(m[1] as string) !== 'status_any',
    );
    if (entity) {
      g.dim = dimensionFor(entity[1] as string);
      g.plural = isPlural(entity[1] as string);
      g.rankedEntity = true;
    }
  }
  if (!g.dim && ranked && text.takeOne(/\bwho\b/)) {
    g.dim = 'customer';
    g.which = true;
  }
  return g;
}

/** "reason for returns" is one reason; "payment methods" several: the head noun decides. */
function isPlural(phrase: string): boolean {
  const head = / (?:for|of) /.test(phrase) ? (phrase.split(/ (?:for|of) /)[0] as string) : phrase;
  const last = head.split(' ').at(-1) ?? head;
  return /(?:s|ies)$/.test(last) && !/^(?:status|sentiments?|sales)$/.test(last);
}

/** "market" (any country) names the same group as "destination country". */
function sameGroup(a: GenericDimension | undefined, b: GenericDimension | undefined): boolean {
  if (!a || !b) return false;
  if (a === b) return true;
  const family = (d: string) => d.replace(/_any$/, '').replace(/^(?:ship|customer)_/, '');
  return (a.endsWith('_any') || b.endsWith('_any')) && family(a) === family(b);
}
