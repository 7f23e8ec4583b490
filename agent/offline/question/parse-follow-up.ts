import type { Filter, Intent } from '../intent.ts';
import { resolveDimension } from './dimensions.ts';
import { FILLER_WORDS } from './filler-words.ts';
import { QuestionText } from './question-text.ts';
import { recogniseComparisons } from './recognise-comparisons.ts';
import { mergeFilters, recogniseFilters, type ReadFilter } from './recognise-filters.ts';
import { recogniseGrouping, recogniseRanking } from './recognise-ranking.ts';
import type { ParseContext } from './parse-question.ts';
import { parseTimeRange } from './time-range.ts';

/**
 * A follow-up in a chat refines the previous question: "and in September?", "what about France?",
 * "by channel", "only marketplace orders". What it names replaces the same part of the previous intent;
 * everything else carries over. Returns undefined when the text is not such a refinement.
 */
export function parseFollowUp(question: string, previous: Intent, ctx: ParseContext): Intent | undefined {
  const text = new QuestionText(question);
  text.take(
    /^(?:and|but|ok(?:ay)?|now|then|also|so)\b|\b(?:what|how) about\b|\bsame (?:for|but|thing for)\b|\binstead\b|\bonly\b|\bjust\b|\bwhat if\b|\bthe same\b/,
  );
  const subject = previous.measure.subject;
  const time = parseTimeRange(text, ctx.today);
  if (time?.empty) return undefined;
  const comparisons = recogniseComparisons(text, subject === 'products' ? 'products' : 'other');
  const ranking = recogniseRanking(text);
  const grouping = recogniseGrouping(text, ranking.limit !== undefined || ranking.superlative !== undefined);
  const filters = recogniseFilters(text, subject, ctx.vocabulary);
  text.take(/\b(?:orders?|customers?|products?|returns?|payments?|shipments?)\b/);
  if (text.unreadWords(FILLER_WORDS).length > 0) return undefined;
  const named = ([...comparisons, ...filters] as ReadFilter[]).map((f) =>
    (f.field === 'ship_country' || f.field === 'ship_city') && (f.customerScoped || subject === 'customers')
      ? {
          ...f,
          field: f.field === 'ship_country' ? ('customer_country' as const) : ('customer_city' as const),
        }
      : f,
  );
  if (!time && named.length === 0 && !grouping.dim && ranking.limit === undefined && !ranking.order)
    return undefined;

  const replaced = new Set(named.map((f) => f.field));
  const kept = previous.filters.filter((f: Filter) => !replaced.has(f.field));
  const merged: Intent = { ...previous, filters: mergeFilters([...kept, ...named]) };
  if (time) merged.time = { ...time, ...(previous.time?.event ? { event: previous.time.event } : {}) };
  if (grouping.dim) merged.groupBy = resolveDimension(grouping.dim, subject, false);
  if (ranking.limit !== undefined) merged.limit = ranking.limit;
  if (ranking.order) merged.order = ranking.order;
  const productLevel =
    merged.groupBy === 'product' ||
    merged.groupBy === 'category' ||
    merged.filters.some((f) => f.field === 'product' || f.field === 'category');
  if (merged.measure.id === 'revenue' && productLevel)
    merged.measure = { ...merged.measure, id: 'product_revenue', subject: 'items' };
  return merged;
}
