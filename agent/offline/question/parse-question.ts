import type {
  Dimension,
  FieldId,
  Filter,
  Intent,
  Measure,
  ParseOutcome,
  Subject,
  TimeEvent,
  TimeRange,
} from '../intent.ts';
import { genericOnlyFor, resolveDimension, subjectOfDimension, type GenericDimension } from './dimensions.ts';
import { FILLER_WORDS } from './filler-words.ts';
import { echoesTable, looseStem, namesRowsOf } from '../../catalog/schema-words.ts';
import type { ContractTable } from '../../../services/shared/db/contract.ts';
import { SUBJECT_NOUNS } from './lexicon.ts';
import { QuestionText } from './question-text.ts';
import { recogniseComparisons } from './recognise-comparisons.ts';
import { mergeFilters, recogniseFilters, type ReadFilter } from './recognise-filters.ts';
import { recogniseOrderLookup, recogniseSchemaQuestion } from './recognise-lookups.ts';
import { recogniseKpi } from './recognise-kpi.ts';
import { recogniseMeasure, type MeasureReading } from './recognise-measure.ts';
import {
  recogniseGrouping,
  recogniseRanking,
  type GroupingReading,
  type RankingReading,
} from './recognise-ranking.ts';
import { parseTimeRange } from './time-range.ts';
import type { VocabularyTerms } from './vocabulary-terms.ts';

export interface ParseContext {
  /** YYYY-MM-DD; relative dates are measured from it. */
  today: string;
  vocabulary: VocabularyTerms;
  /** false: read catalogue KPIs as general measures too (a chat refines them with filters). */
  kpis?: boolean;
}

const EMAIL = /\b[a-z0-9._%+'-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b/;
/** Words after "share of orders" that start the part being measured ("… were cancelled"). */
const PART_MARKER =
  /\b(?:were|was|are|is|came|come|comes|got|get|gets|ended up|end up|went|go|goes|had|have|has|used|use|using|being|that|which|who|paid|made|placed|shipped|went)\b/g;
const NUMERIC_MEASURES = new Set<Measure['id']>([
  'fraud_score',
  'delivery_time',
  'money',
  'unit_price',
  'sentiment_score',
  'payment_amount',
  'refund_avg',
]);
/** Measures that add up over groups, so "average … per day" is the mean of the daily values. */
const ADDITIVE = new Set<Measure['id']>([
  'count',
  'revenue',
  'units',
  'product_revenue',
  'refund_total',
  'payment_amount',
  'money',
]);

/**
 * Reads a question into what it asks (see intent.ts), or explains what it could not read. It never
 * guesses: a word that no recogniser claimed and that is not filler means "not understood".
 */
export function parseQuestion(question: string, ctx: ParseContext): ParseOutcome {
  const text = new QuestionText(question);
  if (text.lower.trim() === '') return notUnderstood('The question is empty.', []);

  const schema = recogniseSchemaQuestion(text);
  if (schema) return { ok: true, understood: schema };
  // "How many audit trail entries are there for order ORD-…?" counts another table's rows of one order.
  const oneOrder = countedRowsOfOneOrder(text) ?? spanOfOneOrder(text);
  const lookup = oneOrder ? undefined : recogniseOrderLookup(text);
  if (lookup) return { ok: true, understood: lookup };
  // A KPI of the catalogue, asked as it stands, is answered by the catalogue's own definition.
  const kpi = ctx.kpis === false ? undefined : recogniseKpi(question, ctx.today);
  if (kpi) return { ok: true, understood: kpi };

  const email = text.takeOne(EMAIL);
  const time = parseTimeRange(text, ctx.today);
  if (time?.empty)
    return notUnderstood('The periods named do not overlap; ask for one period (or a range).', []);
  // "over the whole history", "for the whole period", "all time": no date condition, said outright.
  if (!time)
    text.take(
      /\b(?:(?:over|for|across|in|during|throughout|of) )?(?:the )?(?:whole|entire|full|complete) (?:period|history|time ?range|data ?set|data)\b|\b(?:of )?all[ -]time\b|\bsince (?:the )?(?:very )?(?:start|beginning)\b/,
    );
  const productish = text.mentions(/\bproducts?\b|\bpric(?:e|es|ed)\b|\bskus?\b|\bcatalog/);
  const comparisons = recogniseComparisons(text, productish ? 'products' : 'other');
  const measure = recogniseMeasure(text);
  if (measure.unsupported) {
    return {
      ok: false,
      reason: 'unsupported',
      detail: `I can't compute a ${measure.unsupported} yet.`,
      unknownWords: [measure.unsupported],
    };
  }
  if ((!measure.aggregate || measure.aggregate === 'avg') && text.takeOne(/\bon average\b/))
    measure.aggregate = 'avg';
  const ranking = recogniseRanking(text);
  const ranked =
    ranking.limit !== undefined || ranking.superlative !== undefined || measure.impliedOrder !== undefined;
  const grouping = recogniseGrouping(text, ranked);
  // "Why were events dead-lettered? Count dead letters per reason": the why is the grouping by reason.
  if (grouping.dim && /reason/.test(grouping.dim)) text.take(/\bwhy\b/);

  const subject = chooseSubject(text, measure, grouping);
  const only = grouping.dim ? genericOnlyFor(grouping.dim) : undefined;
  if (only && !only.includes(subject))
    return notUnderstood(`I don't know which column of the ${subject} table that grouping means.`, []);
  const filters: ReadFilter[] = [...comparisons, ...recogniseFilters(text, subject, ctx.vocabulary)];
  if (email) filters.push({ field: 'email', op: '=', values: [email[0]], at: email.index });
  if (oneOrder) filters.push({ field: 'order_id', op: '=', values: [oneOrder.orderId], at: oneOrder.at });
  // "How many products are running low, with available stock under their reorder level?": the count
  // is of the table named right after "how many"; a column read beside a comparison is the condition.
  if (
    measure.countAt !== undefined &&
    filters.some((f) => f.field === 'stock_available' || f.field === 'stock_state') &&
    (measure.measure?.id === 'stock' || measure.measure?.id === 'column') &&
    /^\s*(?:[a-z']+\s+)?(?:orders|customers|payments|shipments|returns|notifications|products|skus)\b/.test(
      text.lower.slice(measure.countAt),
    )
  ) {
    measure.measure = { id: 'count' };
    delete measure.aggregate;
  }

  const compare =
    text.take(
      /\b(?:compare|compared|comparing|comparison(?: of)?|vs|versus|against|respectively|side by side)\b/,
    ).length > 0;
  if (subject === 'customers')
    text.take(
      /\b(?:placed|made|submitted|have placed|has placed)(?: (?:an?|any|some|their))? (?:orders?|purchases?)\b/,
    );
  const signup = text.take(
    /\b(?:signed up|sign(?:ed)? ?ups?|registered|registrations?|joined|new (?:customers?|accounts?|users?|sign ?ups?)|acquired|onboarded|(?:created|opened) (?:an |their )?accounts?|accounts? (?:were |was |got )?(?:created|opened))\b/,
  );
  const placedVerb = text.mentions(
    /\b(?:placed|ordered|created|received|submitted|came in|come in|made|got|get|bought|purchased|shopped|buy|purchase|order)\b/,
  );
  const listVerb = text.mentions(
    /^(?:show|list|display|give|get|find|which|what are|what were|print|fetch|tell me)\b|\b(?:show|list|display) (?:me )?(?:all |the )?/,
  );
  // "How much did we charge in shipping fees": with a money measure, "charge" is the verb, not the
  // payments table's noun.
  if (measure.measure?.id === 'money') text.take(/\bcharge[sd]?\b(?= (?:in|for|as|on)\b)/);
  // "whatever their status", "regardless of status": said outright that no status condition applies.
  const anyStatus =
    !filters.some((f) => /status$/.test(f.field)) &&
    text.take(
      /\b(?:whatever|regardless of|irrespective of|no matter|independent of) (?:their |its |the |what )?(?:(?:order|payment|return|shipment) )?status(?:es)?(?: (?:is|was|they have|it has))?\b|\b(?:in |of |with )?(?:any|every) status\b/,
    ).length > 0;
  // "VAT on the sales", "count only orders that count as sales": for a measure that follows the revenue
  // rule (design §5) the word restates the rule; it is no further condition.
  if (!anyStatus && ['money', 'revenue', 'aov'].includes(measure.measure?.id ?? ''))
    text.take(
      /\b(?:(?:count )?only )?(?:the )?(?:orders )?(?:that |which )?(?:count|counts|counted) as(?: sales)?\b|\b(?:on|of|from|for) (?:the |our )?sales\b/,
    );
  // "… highest first, with the amount": the measured figure is always a column of the answer, so asking
  // to see it adds nothing (only for amounts of money, so "and the count" is never dropped silently).
  if (
    ['money', 'revenue', 'product_revenue', 'payment_amount', 'refund_total'].includes(
      measure.measure?.id ?? '',
    )
  )
    text.take(/\b(?:with|and|showing|plus|including) (?:the |their |its |each )?(?:amounts?|sums?)\b/);
  consumeSubjectNouns(text, subject, filters);
  consumeTableEchoes(text, subject, measure);
  // Filler by stem ("charge" as "charged"), but never a table's noun: "orders" is not "ordered".
  const unknown = text
    .unreadWords(FILLER_WORDS)
    .filter((w) => !FILLER_STEMS.has(looseStem(w)) || firstSubjectNoun(w) !== undefined);
  if (unknown.length > 0) {
    return notUnderstood(`I did not understand “${unknown.join(' ')}”.`, unknown);
  }
  if (!measure.measure && !grouping.dim && !hasSubjectNoun(text)) {
    return notUnderstood('I could not tell what to count or list.', []);
  }
  const outcome = assemble({
    measure,
    ranking,
    grouping,
    subject,
    filters,
    time,
    signup: signup.length > 0,
    placedVerb,
    listVerb,
    compare,
    text,
    anyStatus,
  });
  if (outcome.ok && !measure.measure && !hasSubjectNoun(text)) outcome.fragment = true;
  return outcome;
}

interface Pieces {
  measure: MeasureReading;
  ranking: RankingReading;
  grouping: GroupingReading;
  subject: Subject;
  filters: ReadFilter[];
  time: TimeRange | undefined;
  signup: boolean;
  placedVerb: boolean;
  listVerb: boolean;
  /** "compare Germany and France", "Germany vs France": one row per named value. */
  compare: boolean;
  text: QuestionText;
  anyStatus: boolean;
}

function assemble(p: Pieces): ParseOutcome {
  const { ranking, grouping, text } = p;
  let subject = p.subject;
  // A bare noun phrase ("orders from the UK") is counted; "show/list/which orders …" is listed.
  const listed =
    p.listVerb ||
    ranking.sortBy !== undefined ||
    ranking.limit !== undefined ||
    (!grouping.dim && ranking.superlative !== undefined);
  let measure: Measure = p.measure.measure
    ? { subject, ...p.measure.measure, ...(p.measure.aggregate ? { aggregate: p.measure.aggregate } : {}) }
    : { id: grouping.dim || !listed ? 'count' : 'list', subject };
  if (!p.measure.measure?.subject) measure.subject = subject;
  else subject = measure.subject;

  let groupBy: Dimension | undefined = grouping.dim
    ? resolveDimension(
        grouping.dim,
        subject,
        grouping.dim === 'customer_country' || grouping.dim === 'customer_city',
      )
    : undefined;
  // Merged after a share is split: "delivered … returned" are the whole and the part, not alternatives.
  let filters: Filter[] = p.filters.map((f) => {
    if (
      (f.field === 'ship_country' || f.field === 'ship_city') &&
      (f.customerScoped || subject === 'customers')
    ) {
      return { ...f, field: f.field === 'ship_country' ? 'customer_country' : 'customer_city' };
    }
    return f;
  });

  // "Germany vs France": group by the field named with several values.
  if (p.compare && !groupBy) {
    const several = filters.find(
      (f) =>
        f.op === '=' &&
        mergeFilters(filters.filter((g) => g.field === f.field)).some((g) => g.values.length > 1),
    );
    const dim = several ? FIELD_DIMENSION[several.field] : undefined;
    if (dim) groupBy = dim;
  }

  // "How many notifications are pending, sent and failed?": statuses listed with "and" in a count are
  // one figure each, not one figure for all of them ("pending or sent" stays one figure).
  if (
    !groupBy &&
    measure.id === 'count' &&
    !p.listVerb &&
    !/\bor\b/.test(text.lower) &&
    /\band\b/.test(text.lower)
  ) {
    const listed = mergeFilters(filters).find(
      (f) => f.op === '=' && f.values.length > 1 && STATUS_FIELDS.includes(f.field),
    );
    if (listed) groupBy = FIELD_DIMENSION[listed.field];
  }

  // A cancellation reason implies the order was cancelled (design §5 "fraud blocked").
  if (
    filters.some((f) => f.field === 'cancel_reason' && f.op === '=') &&
    !filters.some((f) => f.field === 'status')
  ) {
    const at = filters.find((f) => f.field === 'cancel_reason')?.at ?? 0;
    filters.push({ field: 'status', op: '=', values: ['cancelled'], at });
  }

  // Product-level revenue is the sum of line totals (design §5 "product revenue").
  const productLevel =
    groupBy === 'product' ||
    groupBy === 'category' ||
    filters.some((f) => f.field === 'product' || f.field === 'category');
  if (measure.id === 'revenue' && productLevel)
    measure = { ...measure, id: 'product_revenue', subject: 'items' };
  if (measure.id === 'units') subject = measure.subject = 'items';

  if (
    measure.subject === 'customers' &&
    p.placedVerb &&
    !p.signup &&
    !p.time &&
    !filters.some((f) => f.field === 'customer_orders' || f.field === 'has')
  ) {
    // "customers who bought something": at least one order.
    filters.push({ field: 'customer_orders', op: '>=', values: [1], at: 0 });
  }
  const time = p.time ? { ...p.time, event: timeEvent(p, measure, filters) } : undefined;
  if (time || (groupBy && isTimeBucket(groupBy))) {
    // "returns requested in November / each month": the verb dates the returns, it is no status.
    filters = filters.filter(
      (f) => !(f.field === 'return_status' && (f as ReadFilter).eventWord === 'requested'),
    );
  }
  if (
    time?.event &&
    time.event !== 'placed' &&
    (measure.subject === 'orders' || measure.subject === 'items')
  ) {
    // "delivered in October": the event dates the count; the status word is not a filter on today's state.
    filters = filters.filter(
      (f) =>
        !(
          f.field === 'status' &&
          f.op === '=' &&
          f.values.length === 1 &&
          f.values[0] === eventStatus(time.event)
        ),
    );
  }

  let partFilters: Filter[] | undefined;
  if (measure.id === 'share') {
    const split = splitShare(p, filters, measure);
    if (!split.ok) return split.outcome;
    ({ measure, filters, partFilters } = split);
    partFilters = mergeFilters(partFilters);
  }
  filters = mergeFilters(filters);

  // "the highest revenue" has no single-row maximum: with a group it ranks the groups.
  let superlative = ranking.superlative;
  if (
    groupBy &&
    ADDITIVE.has(measure.id) &&
    measure.id !== 'money' &&
    (measure.aggregate === 'max' || measure.aggregate === 'min')
  ) {
    superlative ??= measure.aggregate === 'max' ? 'desc' : 'asc';
    const { aggregate: _dropped, ...rest } = measure;
    measure = rest;
  }
  let order = ranking.order ?? (groupBy ? superlative : undefined) ?? p.measure.impliedOrder;
  let limit = ranking.limit ?? grouping.limit;
  let sortBy = ranking.sortBy;

  if (!groupBy && ranking.superlative && NUMERIC_MEASURES.has(measure.id) && !p.measure.aggregate) {
    measure = { ...measure, aggregate: ranking.superlative === 'desc' ? 'max' : 'min' };
  }
  if (!groupBy && (measure.id === 'units' || measure.id === 'product_revenue') && (order || limit)) {
    groupBy = 'product';
  }
  const namesProduct = text.mentions(/\b(?:products?|items?|articles?|skus?)\b/);
  const superlativePrice = text.mentions(
    /\b(?:most|least) expensive\b|\bcheapest\b|\bcostliest\b|\b(?:highest|lowest)[ -]priced\b/,
  );
  if (
    measure.id === 'unit_price' &&
    !groupBy &&
    (limit !== undefined || grouping.which || ranking.order || (namesProduct && superlativePrice))
  ) {
    const expensive = measure.aggregate !== 'min';
    measure = { id: 'list', subject: 'products' };
    sortBy = expensive ? 'price_desc' : 'price_asc';
    limit ??= text.mentions(/\b(?:products|items|articles|skus)\b/) ? 10 : 1;
  }
  if (!groupBy && measure.id === 'list' && (ranking.superlative || order) && !sortBy) {
    const up = (ranking.superlative ?? order) === 'desc';
    sortBy =
      measure.subject === 'products' ? (up ? 'price_desc' : 'price_asc') : up ? 'total_desc' : 'total_asc';
    limit ??= ranking.superlative && !text.mentions(/\b(?:orders|products)\b/) ? 1 : 10;
  }
  if (
    !groupBy &&
    measure.id === 'money' &&
    (measure.aggregate === 'max' || measure.aggregate === 'min') &&
    limit
  ) {
    measure = { id: 'list', subject: 'orders' };
    sortBy = order === 'asc' || p.measure.aggregate === 'min' ? 'total_asc' : 'total_desc';
  }
  if (groupBy && grouping.which && order && limit === undefined) limit = grouping.plural ? 10 : 1;
  // "our best-selling product", "the biggest market": a superlative over a singular noun is one row.
  if (groupBy && grouping.rankedEntity && !grouping.plural && order && limit === undefined) limit = 1;
  // "the most recent dead letter", "the first order": one row, not the list sorted.
  if (!groupBy && measure.id === 'list' && sortBy && limit === undefined && singularAfterRecency(text.lower))
    limit = 1;
  if (groupBy && !order && limit !== undefined && !isTimeBucket(groupBy)) order = 'desc';
  if (groupBy && order === undefined && superlative) order = superlative;

  if (groupBy && measure.id === 'list') measure = { ...measure, id: 'count' };
  // "Average revenue" per order is the AOV; "average daily revenue" (grouped) is the planner's mean over groups.
  if (!groupBy && measure.aggregate === 'avg' && measure.id === 'revenue')
    measure = { ...measure, id: 'aov' };

  const intent: Intent = {
    kind: 'metric',
    measure,
    filters,
    ...(partFilters ? { partFilters } : {}),
    ...(time ? { time } : {}),
    ...(groupBy ? { groupBy } : {}),
    ...(order ? { order } : {}),
    ...(limit !== undefined ? { limit } : {}),
    ...(sortBy ? { sortBy } : {}),
    ...(p.anyStatus ? { anyStatus: true } : {}),
  };
  return { ok: true, understood: intent };
}

function chooseSubject(text: QuestionText, m: MeasureReading, g: GroupingReading): Subject {
  if (m.measure?.subject && m.measure.id !== 'count') return m.measure.subject;
  const after = m.countAt !== undefined ? firstSubjectNoun(text.lower.slice(m.countAt)) : undefined;
  if (after) return after;
  const anywhere = firstSubjectNoun(text.unreadText);
  if (anywhere) return anywhere;
  if (g.dim) {
    const fromDim = subjectOfDimension(g.dim as GenericDimension);
    if (fromDim) return fromDim;
  }
  return 'orders';
}

/**
 * A count of some other table's rows ("how many events / payments / notifications … for order ORD-…"):
 * the order number is a condition, not a lookup of the order.
 */
function countedRowsOfOneOrder(text: QuestionText): { orderId: string; at: number } | undefined {
  const count = /^\s*(?:how many|count|number of|what is the number of)\b/.exec(text.lower);
  if (!count) return undefined;
  const counted = firstSubjectNoun(text.lower.slice(count[0].length));
  if (!counted || counted === 'orders' || counted === 'items') return undefined;
  const m = text.takeOne(/\b(?:(?:for|of|on|about|in) )?(?:the )?(?:order )?ord[- ]?([0-9a-z]{10})\b/);
  return m ? { orderId: `ORD-${(m[1] as string).toUpperCase()}`, at: m.index } : undefined;
}

/**
 * "How many days did order ORD-… take from being placed to being delivered?": a span between two of the
 * order's timestamps, measured for one order — a metric filtered to that order, not its story.
 */
function spanOfOneOrder(text: QuestionText): { orderId: string; at: number } | undefined {
  if (!/\bhow (?:many (?:days|hours)|long)\b/.test(text.lower)) return undefined;
  if (!/\b(?:from|between)\b.*\b(?:to|and|until|till)\b/.test(text.lower)) return undefined;
  const m = text.takeOne(/\b(?:(?:for|of|did|does) )?(?:the )?(?:order )?ord[- ]?([0-9a-z]{10})\b/);
  return m ? { orderId: `ORD-${(m[1] as string).toUpperCase()}`, at: m.index } : undefined;
}

/** "the latest dead letter" (one) against "the latest dead letters" (several): the next two words decide. */
function singularAfterRecency(lower: string): boolean {
  const m =
    /\b(?:most recent|latest|newest|last|oldest|earliest|first)\b((?: (?!(?:one|two|three|four|five|ten)\b)[a-z-]+){1,2})/.exec(
      lower,
    );
  if (!m) return false;
  return !(m[1] as string)
    .trim()
    .split(' ')
    .some((w) => /[^su]s$|ies$/.test(w) && !/^(?:status|was|has|is|does|its)$/.test(w));
}

function firstSubjectNoun(s: string): Subject | undefined {
  let best: { subject: Subject; at: number } | undefined;
  for (const [subject, pattern] of SUBJECT_NOUNS) {
    const m = new RegExp(`\\b(?:${pattern})\\b`).exec(s);
    if (m && (!best || m.index < best.at)) best = { subject, at: m.index };
  }
  return best?.subject;
}

function hasSubjectNoun(text: QuestionText): boolean {
  return firstSubjectNoun(text.lower) !== undefined;
}

function consumeSubjectNouns(text: QuestionText, subject: Subject, filters: ReadFilter[]): void {
  const own = SUBJECT_NOUNS.find(([s]) => s === subject)?.[1];
  if (own) text.take(new RegExp(`\\b(?:${own})\\b`));
  if (subject === 'items') text.take(/\b(?:orders?|products?|items?)\b/);
  if (filters.some((f) => f.customerScoped || f.field === 'email'))
    text.take(/\b(?:customers?|buyers?|shoppers?|clients?)\b/);
  if (subject === 'products') text.take(/\b(?:inventory|stock)\b/);
  // Parcels, refunds and messages go "to customers" by definition: said plainly, it is no condition (a
  // condition on the customers — "to German customers", "to repeat customers" — was read above).
  if (subject !== 'customers' && subject !== 'orders' && subject !== 'items')
    text.take(/\bto (?:the |our |their )?customers?\b/);
  // "DHL shipments", "PayPal payments", "damaged returns": the noun names the table the condition is on.
  for (const [table, fields] of RELATED_NOUNS) {
    if (filters.some((f) => fields.includes(f.field))) {
      const nouns = SUBJECT_NOUNS.find(([s]) => s === table)?.[1];
      if (nouns) text.take(new RegExp(`\\b(?:${nouns})\\b`));
    }
  }
}

/** The contract tables a subject's rows live in (products: their stock too). */
const SUBJECT_TABLES: Record<Subject, ContractTable[]> = {
  orders: ['orders'],
  items: ['order_items'],
  customers: ['customers'],
  returns: ['returns'],
  shipments: ['shipments'],
  payments: ['payments'],
  products: ['products', 'inventory'],
  notifications: ['notifications'],
  dead_letters: ['dead_letters'],
  events: ['order_events'],
};

/**
 * Words the schema's descriptions use for the rows being counted ("payment attempts", "the product
 * catalogue", "return comments", "the notification outbox") only restate the table: read them as such.
 * Values, events, column names and condition words never qualify (agent/catalog/schema-words.ts).
 */
function consumeTableEchoes(text: QuestionText, subject: Subject, measure: MeasureReading): void {
  const tables = [...SUBJECT_TABLES[subject]];
  const measured = measure.measure?.subject;
  if (measured) tables.push(...SUBJECT_TABLES[measured]);
  // Another table's noun ("orders" in "People who placed orders") is never an echo: it may be a condition.
  text.take(/\b[a-z]+\b/, (m) => {
    const noun = firstSubjectNoun(m[0]);
    return (noun === undefined || noun === subject || namesRowsOf(m[0], tables)) && echoesTable(m[0], tables);
  });
}

const FILLER_STEMS: ReadonlySet<string> = new Set([...FILLER_WORDS].map(looseStem));

const STATUS_FIELDS: FieldId[] = [
  'status',
  'payment_status',
  'shipment_status',
  'return_status',
  'notification_status',
];

const FIELD_DIMENSION: Partial<Record<FieldId, Dimension>> = {
  status: 'status',
  payment_status: 'payment_status',
  shipment_status: 'shipment_status',
  return_status: 'return_status',
  notification_status: 'notification_status',
  notification_channel: 'notification_channel',
  channel: 'channel',
  ship_country: 'ship_country',
  customer_country: 'customer_country',
  ship_city: 'ship_city',
  customer_city: 'customer_city',
  category: 'category',
  product: 'product',
  carrier: 'carrier',
  payment_method: 'payment_method',
  return_reason: 'return_reason',
  sentiment: 'sentiment',
  cancel_reason: 'cancel_reason',
};

const RELATED_NOUNS: ReadonlyArray<[Subject, FieldId[]]> = [
  ['shipments', ['carrier', 'shipment_status']],
  ['payments', ['payment_method', 'payment_status']],
  ['returns', ['return_reason', 'return_status', 'sentiment']],
  ['products', ['product', 'category']],
];

function timeEvent(p: Pieces, measure: Measure, filters: ReadFilter[]): TimeEvent {
  switch (measure.subject) {
    case 'customers':
      return p.signup || !p.placedVerb ? 'signed_up' : 'placed';
    case 'returns':
      return 'requested';
    case 'shipments':
      return p.text.mentions(/\bdelivered\b/) ? 'delivered' : 'shipped';
    case 'payments':
      return 'paid';
    case 'products':
    case 'notifications':
    case 'dead_letters':
      return 'created';
    case 'events':
      return 'occurred';
    default: {
      // "orders that shipped in October": an event verb right before the period dates it, whatever is
      // measured.
      const adjacent = filters.find(
        (f) =>
          f.field === 'status' &&
          f.eventWord &&
          f.op === '=' &&
          p.text.mentions(
            new RegExp(
              `\\b${f.eventWord} (?:in|during|on|between|from|since|before|after|over|last|this)\\b`,
            ),
          ),
      );
      if (measure.id !== 'count' && adjacent?.eventWord && adjacent.eventWord !== 'placed')
        return adjacent.eventWord as TimeEvent;
      if (
        measure.id !== 'count' ||
        p.text.mentions(/\b(?:placed|ordered|created|received|submitted|came in|come in)\b/)
      )
        return 'placed';
      const verbs = filters.filter(
        (f) => f.field === 'status' && f.eventWord && f.op === '=' && f.values.length === 1,
      );
      const word = verbs[0]?.eventWord;
      if (verbs.length === 1 && word && ['shipped', 'delivered', 'cancelled', 'confirmed'].includes(word))
        return word as TimeEvent;
      return 'placed';
    }
  }
}

function eventStatus(event: TimeEvent | undefined): string | undefined {
  return event === 'shipped' || event === 'delivered' || event === 'cancelled' || event === 'confirmed'
    ? event
    : undefined;
}

type ShareSplit =
  | { ok: true; measure: Measure; filters: Filter[]; partFilters: Filter[] }
  | { ok: false; outcome: ParseOutcome };

/**
 * "What share of orders from Germany were cancelled": filters before the verb describe the whole,
 * filters after it the part. The design's rates are recognised by their shape.
 */
function splitShare(p: Pieces, filters: Filter[], measure: Measure): ShareSplit {
  const shareAt = p.measure.shareAt ?? 0;
  let part: Filter[];
  let whole: Filter[];
  if (measure.column === 'declined') {
    part = [{ field: 'payment_status', op: '=', values: ['declined'], at: 0 }];
    whole = filters;
  } else if (measure.column === 'fraud') {
    part = [
      { field: 'cancel_reason', op: '=', values: ['fraud_suspected'], at: 0 },
      { field: 'status', op: '=', values: ['cancelled'], at: 0 },
    ];
    whole = filters;
  } else {
    const marker = [...p.text.lower.matchAll(PART_MARKER)].find((m) => m.index >= shareAt)?.index;
    part = filters.filter((f) => marker === undefined || f.at >= marker);
    whole = filters.filter((f) => !part.includes(f));
  }
  if (part.length === 0 && p.grouping.dim) {
    // "share of orders by channel": each group's part of the whole.
    return { ok: true, measure, filters, partFilters: [] };
  }
  if (part.length === 0) {
    return {
      ok: false,
      outcome: notUnderstood(
        'I could not tell which part of the whole to measure (for example “share of orders that were cancelled”).',
        [],
      ),
    };
  }
  const returned = part.length === 1 && part[0]?.field === 'status' && part[0].values.join() === 'returned';
  const deliveredWhole = whole.find((f) => f.field === 'status' && f.values.includes('delivered'));
  if (
    measure.subject === 'orders' &&
    returned &&
    (deliveredWhole || whole.length === 0) &&
    measure.of !== 'revenue'
  ) {
    return {
      ok: true,
      measure: { id: 'return_rate', subject: 'orders' },
      filters: whole.filter((f) => f !== deliveredWhole),
      partFilters: [],
    };
  }
  const cancelled =
    part.length === 1 &&
    part[0]?.field === 'status' &&
    part[0].values.join() === 'cancelled' &&
    part[0].op === '=';
  if (measure.subject === 'orders' && cancelled && measure.of !== 'revenue') {
    return {
      ok: true,
      measure: { id: 'cancellation_rate', subject: 'orders' },
      filters: whole,
      partFilters: [],
    };
  }
  return { ok: true, measure, filters: whole, partFilters: part };
}

function isTimeBucket(d: Dimension): boolean {
  return d === 'day' || d === 'week' || d === 'month' || d === 'year';
}

function notUnderstood(detail: string, unknownWords: string[]): ParseOutcome {
  return { ok: false, reason: 'not_understood', detail, unknownWords };
}
