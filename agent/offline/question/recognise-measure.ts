import type { Aggregate, Measure, MeasureId, Subject } from '../intent.ts';
import { SCHEMA } from '../../../services/shared/db/schema.ts';
import { looseStem } from '../../catalog/schema-words.ts';
import { recogniseColumnMeasure } from './schema-column.ts';
import type { QuestionText } from './question-text.ts';

/**
 * Any inflection of an order timestamp's event ("placing", "placement", "shipping", "delivery"), as a
 * word pattern; `stampOf` maps it back to the column.
 */
const STAMP_WORD = `(?:${SCHEMA.orders.columns
  .filter((c) => c.type.kind === 'datetime' && c.name.endsWith('_at') && c.name !== 'updated_at')
  .map((c) => `${looseStem(c.name.slice(0, -3))}[a-z]*`)
  .join('|')})`;
/** Words that may stand around the two events: "between an order being confirmed and it being shipped". */
const PAIR_FILL = `(?:(?:being|an?|the|it|they|its|their|order|orders|was|were|is|are|getting|got) )*`;
const STAMP_PAIR_BODY = `${PAIR_FILL}(${STAMP_WORD}) ${PAIR_FILL}(?:to|and|until|till|before) ${PAIR_FILL}(${STAMP_WORD})\\b`;

function stampOf(word: string): string | undefined {
  return SCHEMA.orders.columns.find(
    (c) =>
      c.type.kind === 'datetime' &&
      c.name !== 'updated_at' &&
      word.startsWith(looseStem(c.name.slice(0, -3))),
  )?.name;
}

/** An aggregate word anywhere in the unread text ("slowest … ever"), read. */
function aggregateAnywhere(text: QuestionText): Aggregate | undefined {
  for (const [agg, re] of AGG_WORDS) {
    if (agg === 'sum') continue;
    if (text.takeOne(re)) return agg;
  }
  return undefined;
}

/**
 * What a question measures: a count, a sum, an average, a rate or a share, and of what. Specific phrases
 * are tried before general ones ("average order value" before "average", "product revenue" before
 * "revenue"), and each one read is marked so nothing is counted twice.
 */

export interface MeasureReading {
  measure?: Partial<Measure> & { id: MeasureId };
  /** "how many", "number of", "count": a count whose subject follows. */
  countAt?: number;
  /** share: the index after "share of <subject>", where the part's own words start. */
  shareAt?: number;
  aggregate?: Aggregate;
  /** "best selling": a ranking, most first. */
  impliedOrder?: 'desc' | 'asc';
  /** A statistic the model cannot compute (median, percentile …). */
  unsupported?: string;
}

const AGG_WORDS: ReadonlyArray<[Aggregate, RegExp]> = [
  ['avg', /\b(?:average|avg|mean|typical)\b/],
  ['max', /\b(?:maximum|max|highest|largest|biggest|longest|slowest|greatest|peak|most expensive|worst)\b/],
  ['min', /\b(?:minimum|min|lowest|smallest|shortest|fastest|quickest|cheapest|least expensive)\b/],
  ['sum', /\b(?:total|sum|overall|combined|cumulative|altogether|in total|aggregate)\b/],
];

/** The aggregate word just before a measure phrase ("average delivery time") or just after ("… on average"). */
function aggregateNear(text: QuestionText, start: number, end: number): Aggregate | undefined {
  const before = text.rest.slice(Math.max(0, start - 30), start);
  const after = text.rest.slice(end, end + 16);
  for (const [agg, re] of AGG_WORDS) {
    const tail = new RegExp(
      `(?:${re.source})(?:\\s+(?:the|of|an?|our|number|daily|weekly|monthly|yearly|annual|per))*\\s*$`,
    );
    if (tail.test(before)) return agg;
  }
  if (/^\s*on average\b/.test(after)) return 'avg';
  if (/^\s*(?:in total|overall|altogether)\b/.test(after)) return 'sum';
  return undefined;
}

const UNSUPPORTED =
  /\b(median|percentiles?|p\d{2}|standard deviation|std ?dev|variance|mode|forecast|predict(?:ion)?|projected|growth rate|trend line|correlation|regression)\b/;

export function recogniseMeasure(text: QuestionText): MeasureReading {
  const reading: MeasureReading = {};
  const unsupported = UNSUPPORTED.exec(text.rest);
  if (unsupported) reading.unsupported = unsupported[1];

  let near: { index: number; end: number } | undefined;
  // The first match places the measure (and its aggregate); later ones ("revenue … brought in") are the
  // same measure said twice and are read too.
  const take = (re: RegExp, id: MeasureId, extra: Partial<Measure> = {}): boolean => {
    const m = text.takeOne(re);
    if (!m) return false;
    text.take(re);
    reading.measure = { id, ...extra };
    near = { index: m.index, end: m.index + m[0].length };
    reading.aggregate = aggregateNear(text, m.index, m.index + m[0].length);
    return true;
  };
  // Reads the aggregate word found next to the measure phrase, so it is not read again as a ranking.
  const takeAgg = () => {
    if (!reading.aggregate || !near) return;
    const re = AGG_WORDS.find(([a]) => a === reading.aggregate)?.[1];
    if (!re) return;
    const window = new RegExp(
      `(${re.source.replace(/^\\b|\\b$/g, '')})(?:\\s+(?:the|of|an?|our|number|daily|weekly|monthly|yearly|annual|per))*\\s*$`,
    );
    const before = window.exec(text.rest.slice(0, near.index));
    // Only the aggregate word is read: "daily" in "average daily revenue" is the grouping's.
    if (before) text.markRead(before.index, (before[1] as string).length);
    const after = new RegExp(`^\\s*(?:on average|in total|overall|altogether)\\b`).exec(
      text.rest.slice(near.end),
    );
    if (after) text.markRead(near.end, after[0].length);
  };

  // Shares first: "what share of revenue came from Germany", "percentage of orders cancelled".
  // Up to four words may sit between "share of" and the noun ("share of delivered marketplace orders"):
  // they stay unread here and are read as conditions on the whole.
  const share = text.takeOne(
    /\b(?:what |which )?(?:percentage|percent|per cent|share|proportion|fraction|ratio|part|portion|%)(?: of)?(?: (?:all|our|the|total))?(?= (?:[a-z']+ ){0,4}?(orders?|revenue|sales|payments?|customers?|returns?|shipments?|notifications?)\b)/,
  );
  if (share) {
    const noun = share[1] as string;
    text.takeOne(new RegExp(`\\b${noun}\\b`));
    const subject = nounSubject(noun);
    reading.measure = { id: 'share', subject, of: /revenue|sales/.test(noun) ? 'revenue' : 'count' };
    reading.shareAt = share.index + share[0].length;
  }
  if (!reading.measure && text.has(/\b(?:how many|what) (?:percent|per cent|%)\b/)) {
    text.takeOne(/\b(?:how many|what) (?:percent|per cent|%)(?: of)?\b/);
    reading.measure = { id: 'share', subject: 'orders', of: 'count' };
    reading.shareAt = 0;
  }

  if (!reading.measure) {
    if (
      take(
        /\b(?:order )?cancell?ation rates?|\bcancel rates?|\brate of cancell?ations?/,
        'cancellation_rate',
        { subject: 'orders' },
      )
    ) {
      /* done */
    } else if (
      take(/\b(?:order )?returns? rates?|\brate of returns?/, 'return_rate', { subject: 'orders' })
    ) {
      /* done */
    } else if (
      take(/\b(?:payment )?(?:decline|failure) rates?|\brate of (?:declined|failed) payments?/, 'share', {
        subject: 'payments',
        of: 'count',
        column: 'declined',
      })
    ) {
      reading.shareAt = -1;
    } else if (
      take(/\bfraud rates?|\brate of fraud/, 'share', { subject: 'orders', of: 'count', column: 'fraud' })
    ) {
      reading.shareAt = -1;
    }
  }

  const mark = (m: RegExpExecArray) => {
    near = { index: m.index, end: m.index + m[0].length };
    reading.aggregate = aggregateNear(text, near.index, near.end);
  };
  // Revenue without shipping and tax is the sum of the lines (schema: total = subtotal + shipping_fee +
  // tax, subtotal = Σ line_total): product revenue, as the KPI catalogue defines it.
  if (!reading.measure && text.has(/\b(?:revenue|sales|turnover|income)\b/)) {
    const net = text.takeOne(
      /\b(?:excluding|not counting|not including|without|before|net of|ex|exclusive of|less|minus) (?:the )?(?:shipping(?: (?:fees?|costs?|charges?))?|tax(?:es)?|vat),? (?:and|or|plus|nor) (?:the )?(?:shipping(?: (?:fees?|costs?|charges?))?|tax(?:es)?|vat)\b/,
    );
    if (net) {
      text.take(/\b(?:revenue|sales|turnover|income)\b/);
      reading.measure = { id: 'product_revenue', subject: 'items' };
    }
  }
  if (!reading.measure) measureByPhrase(text, reading, take, takeAgg, mark);

  const count = text.takeOne(
    /\b(?:how many|number of|counts?(?:ing)?(?: of)?|tally of|total (?:number|count) of|# of|quantity of|volume of)\b/,
  );
  if (count) {
    reading.countAt = count.index + count[0].length;
    // "average number of orders per customer"
    const near = aggregateNear(text, count.index, count.index + count[0].length);
    if (near === 'avg' && !reading.measure) {
      reading.aggregate = 'avg';
      const word = /\b(?:average|avg|mean|typical)\b(?=\s+(?:the\s+)?$)/.exec(
        text.rest.slice(0, count.index),
      );
      if (word) text.markRead(word.index, word[0].length);
    }
    // "How many Yoga Mats did we sell?": units sold, unless the count is of orders, customers, ….
    const countsEntities =
      /^\s*(?:[a-z']+\s+){0,3}?(?:orders?|customers?|payments?|shipments?|returns?|notifications?|products?|skus?)\b/.test(
        text.lower.slice(reading.countAt),
      );
    if (!reading.measure && !countsEntities && text.has(/\b(?:sell|sold|selling)\b/)) {
      text.take(/\b(?:sell|sold|selling)\b/);
      reading.measure = { id: 'units', subject: 'items' };
    }
    reading.measure ??= { id: 'count' };
  } else if (!reading.measure && text.has(/^(?:count|tally)\b/)) {
    text.takeOne(/^(?:count|tally)\b/);
    reading.countAt = 0;
    reading.measure = { id: 'count' };
  }
  if (
    !reading.measure &&
    text.has(
      /\bmost (?:common|frequent|popular|used|often|frequently|commonly)\b|\bused (?:the )?most\b|\bcommonest\b|\bleast (?:common|frequent|used|often)\b/,
    )
  ) {
    reading.measure = { id: 'count' };
  }
  // "the amount of revenue", "the sum of refunds": the words around a money measure add nothing.
  if (
    reading.measure &&
    ['revenue', 'product_revenue', 'refund_total', 'payment_amount', 'money'].includes(reading.measure.id)
  ) {
    text.take(/\b(?:the )?(?:amount|sum|total|value) of\b/);
  }
  return reading;
}

function measureByPhrase(
  text: QuestionText,
  reading: MeasureReading,
  take: (re: RegExp, id: MeasureId, extra?: Partial<Measure>) => boolean,
  takeAgg: () => void,
  mark: (m: RegExpExecArray) => void,
): void {
  if (
    take(
      /\b(?:average|avg|mean|typical) (?:order (?:value|size|amount|total|worth)|basket(?! size in units)(?: size| value)?|ticket(?: size)?|(?:spend|spent|amount spent|value) per order|value of (?:an |the |our |all )?orders?)|\baov\b|\baverage (?:value|total) of (?:an |the |our )?orders?/,
      'aov',
      { subject: 'orders' },
    )
  ) {
    reading.aggregate = 'avg';
    return;
  }
  if (
    take(
      /\b(?:(?:average|avg|mean|typical) )?(?:number of )?(?:line items|order lines|lines|different products|distinct products|skus) (?:per|in an?|in each|for each|on an?) order\b|\blines per order\b|\bhow many (?:line items|order lines|lines|different products|distinct products|skus) (?:does|do|is|are) (?:in )?(?:an?|each|the|per|one|the average|an average|a typical|a single) (?:(?:average|typical|single) )?order(?: (?:have|contain|hold|include))?\b/,
      'lines_per_order',
      { subject: 'orders' },
    )
  ) {
    reading.aggregate = 'avg';
    return;
  }
  if (
    take(
      /\b(?:(?:average|avg|mean|typical) )?(?:number of )?(?:units|items|pieces|products|articles|quantity) (?:per|in an?|in each|for each|on an?|of an?) (?:single )?order\b|\b(?:(?:average|avg|mean|typical) )?(?:basket|order) size(?: in units)?\b|\bunits per basket\b|\bhow many (?:units|items|pieces|products|articles) (?:does|do|is|are) (?:in )?(?:an?|each|the|per|one|the average|an average|a typical|a single) (?:(?:average|typical|single) )?order(?: (?:have|contain|hold|include))?\b/,
      'units_per_order',
      { subject: 'orders' },
    )
  ) {
    reading.aggregate = 'avg';
    return;
  }
  // "average hours from placed to shipped", "hours between an order being confirmed and it being
  // shipped", "days from placement to delivery": any two of the orders table's timestamps
  // (services/shared/db/schema.ts), each named in any inflection, not a list of phrases per pair.
  // The period's reader may already have taken "days from" ("days from 2026-…"), so the pair of
  // timestamps is checked on the whole question and read from what is left.
  const between = text.mentions(new RegExp(`\\b(?:from|between) ${STAMP_PAIR_BODY}`))
    ? text.takeOne(
        new RegExp(
          `\\b(?:(?:the )?(?:time|hours?|days?|duration|delay|gap|lead time) )?(?:(?:pass(?:es|ed)?|elapse[sd]?|go(?:es)? by|spen[dt]s?) )?(?:(?:from|between) )?${STAMP_PAIR_BODY}`,
        ),
      )
    : undefined;
  if (between) {
    mark(between);
    const unit = text.mentions(/\bhours?\b/) ? 'hours' : 'days';
    text.take(/\b(?:in |as )?(?:hours?|days?|time)\b/);
    // The verbs of time passing add nothing to the span ("how many hours pass between …").
    text.take(/\b(?:pass(?:es|ed)?|elapse[sd]?|go(?:es)? by|spen[dt]s?|takes?|took)\b/);
    const first = stampOf(between[1] as string);
    const second = stampOf(between[2] as string);
    if (first && second && first !== second) {
      // "the slowest delivery … from placement to delivery": the events named again as nouns are the
      // same span (a verb, "orders that shipped in October", is a condition and stays for the filters).
      text.take(
        new RegExp(`\\b${STAMP_WORD}\\b`),
        (m) => !m[0].endsWith('ed') && [first, second].includes(stampOf(m[0]) ?? ''),
      );
      reading.measure = {
        id: 'delivery_time',
        subject: 'orders',
        unit,
        column: `${first}:${second}`,
      };
      // "the slowest delivery ever, in days from placement to delivery": the aggregate may stand apart.
      reading.aggregate ??= aggregateAnywhere(text);
      reading.aggregate ??= 'avg';
      takeAgg();
      return;
    }
  }
  // "how many days passed before they shipped": from the order's placing, its first timestamp.
  const until = text.takeOne(
    new RegExp(
      `\\b(hours?|days?)(?: on average)? (?:pass(?:es|ed)?|elapse[sd]?|went by|go(?:es)? by) (?:before|until|till) (?:they|it|orders?|the orders?|an order) (?:were |was |got |are |is |get |gets )?(${STAMP_WORD})\\b`,
    ),
  );
  const untilStamp = until ? stampOf(until[2] as string) : undefined;
  if (until && untilStamp && untilStamp !== 'placed_at') {
    mark(until);
    reading.measure = {
      id: 'delivery_time',
      subject: 'orders',
      unit: /hour/.test(until[1] as string) ? 'hours' : 'days',
      column: `placed_at:${untilStamp}`,
    };
    if (/on average/.test(until[0])) reading.aggregate = 'avg';
    reading.aggregate ??= 'avg';
    takeAgg();
    return;
  }
  const delivery = text.takeOne(
    /\b(?:delivery|shipping|fulfil?ment|transit|lead|turnaround) times?\b|\btime (?:it takes )?to (?:deliver|ship|arrive|fulfil)\b|\b(?:days|hours) (?:it takes )?to (?:deliver|arrive|be delivered)\b|\bhow (?:long|fast|quickly) (?:does|did|do|is|are|was|were) (?:it take (?:to|for) |an? |the |our )?(?:orders? |deliver(?:y|ies) |shipping )?(?:take )?(?:to )?(?:be )?(?:delivered|deliver|arrive|arriving|get delivered|take)\b/,
  );
  if (delivery) {
    mark(delivery);
    const unit = text.has(/\bhours?\b/) ? 'hours' : 'days';
    text.takeOne(/\b(?:in |as )?(?:hours?|days?)\b/);
    reading.measure = { id: 'delivery_time', subject: 'orders', unit };
    reading.aggregate ??= 'avg';
    takeAgg();
    return;
  }
  if (take(/\b(?:fraud|risk)(?: risk)? scores?\b/, 'fraud_score', { subject: 'orders' })) {
    reading.aggregate ??= 'avg';
    takeAgg();
    return;
  }
  if (take(/\bsentiment scores?\b/, 'sentiment_score', { subject: 'returns' })) {
    reading.aggregate ??= 'avg';
    takeAgg();
    return;
  }
  // "How many returns have a refund?" counts returns; the refund is a condition, not the measure.
  const countingReturns = text.has(/\b(?:how many|number of|count)\b(?: \w+)? returns?\b/);
  if (
    !countingReturns &&
    take(
      /\b(?:refund(?:ed)? (?:amounts?|totals?|money|value|sums?)|amounts? (?:refunded|paid back|reimbursed)|money (?:refunded|paid back|given back)|refunds? (?:paid|issued|given|total(?:l?ed)?)|(?:total |sum of )?refunds?)\b|\bhow much (?:money )?(?:was|were|has been|have been|did we|have we|we) (?:refund(?:ed)?|pa(?:y|id) back|reimburse(?:d)?)\b/,
      'refund_total',
      { subject: 'returns' },
    )
  ) {
    if (reading.aggregate === 'avg' && reading.measure) reading.measure.id = 'refund_avg';
    takeAgg();
    return;
  }
  if (
    take(
      /\b(?:payment (?:amounts?|volumes?|values?|totals?)|amounts? (?:paid|captured|charged|collected)|payments? (?:volume|value|amount|total)|captured amounts?|money (?:(?:was|were|has been|have been|got) )?(?:captured|collected|charged))\b|\bhow much (?:money )?(?=(?:(?:have|has|did|do) )?(?:we |you |they )?(?:captured|collected|charged)\b)(?![^?]*\b(?:shipping|postage|tax(?:es)?|vat|fees?)\b)|\b(?:the )?(?:amount|value|sum)s? of(?= (?:[a-z']+ ){0,3}?payments?\b)/,
      'payment_amount',
      { subject: 'payments' },
    )
  ) {
    reading.aggregate ??= 'sum';
    takeAgg();
    return;
  }
  const money = text.takeOne(
    /\b(shipping (?:fees?|costs?|charges?)|delivery (?:fees?|costs?|charges?)|postage|tax(?:es)?|vat|subtotals?|sub totals?)\b/,
  );
  if (money) {
    mark(money);
    const word = money[1] as string;
    const column = /tax|vat/.test(word) ? 'tax' : /sub/.test(word) ? 'subtotal' : 'shipping_fee';
    reading.measure = { id: 'money', subject: 'orders', column };
    reading.aggregate ??= 'sum';
    takeAgg();
    return;
  }
  if (
    take(
      /\b(?:unit prices?|list prices?|prices?|priced|how expensive|most expensive|least expensive|cheapest|costliest|costs? of (?:a |the )?products?)\b/,
      'unit_price',
      { subject: 'products' },
    )
  ) {
    if (text.mentions(/most expensive|costliest/)) reading.aggregate = 'max';
    if (text.mentions(/cheapest|least expensive/)) reading.aggregate = 'min';
    reading.aggregate ??= 'avg';
    takeAgg();
    return;
  }
  if (
    take(
      /\b(?:available stock|stock levels?|stock on hand|units? (?:(?:are|is) )?(?:on hand|in stock|available(?: in stock)?)|available in stock|inventory(?: levels?| on hand)?|on hand|in stock|how much stock|reserved (?:stock|units))\b/,
      'stock',
      {
        subject: 'products',
        column: text.mentions(/\breserved\b/)
          ? 'reserved'
          : text.mentions(/on hand/)
            ? 'on_hand'
            : 'available',
      },
    )
  ) {
    reading.aggregate ??= 'sum';
    takeAgg();
    return;
  }
  // Any other numeric column named by its schema name ("attempts", "reserved", "reorder level").
  const column = recogniseColumnMeasure(text);
  if (column) {
    reading.measure = column.measure;
    mark(column.match);
    takeAgg();
    return;
  }
  // "How many units/items/products did we sell", "number of items sold in October".
  // "How many products do we sell?" asks about the catalogue; "did we sell" about units sold.
  if (
    text.has(
      /\b(?:products?|items?|skus?|articles?)\b.*\b(?:do|does) (?:we|you|the shop) (?:sell|offer|carry|have)\b/,
    )
  ) {
    text.takeOne(/\b(?:do|does) (?:we|you|the shop) (?:sell|offer|carry|have)\b/);
    return;
  }
  const sold = text.takeOne(
    /\b(?:how many|number of|count of|total (?:number of )?)(?: the)? (?:units|items|pieces|products|articles)\b(?=.*\b(?:sell|sold|selling|bought|purchased)\b)(?!.*\b(?:still|no longer|stopped|don't|do not) (?:being )?(?:sell|sold|selling|offer)\b)/,
  );
  if (sold) {
    text.take(/\b(?:sell|sold|selling|bought|purchased)\b/);
    reading.measure = { id: 'units', subject: 'items' };
    return;
  }
  // "Which carrier is fastest?": delivery time, shortest first.
  const speed = text.takeOne(/\b(?:the )?(fastest|quickest|slowest)\b/);
  if (speed) {
    reading.measure = { id: 'delivery_time', subject: 'orders', unit: 'days' };
    reading.aggregate = 'avg';
    reading.impliedOrder = speed[1] === 'slowest' ? 'desc' : 'asc';
    return;
  }
  const selling = text.takeOne(
    /\b(?:best|top|most|worst|least|poorest|lowest) ?sell(?:ing|er|ers)\b|\bsold (?:the )?(?:most|least|fewest)\b|\b(?:most|least) sold\b|\bsells? (?:the )?(?:most|least|best|worst)\b|\bmost popular\b|\bleast popular\b/,
  );
  if (selling) {
    reading.measure = { id: 'units', subject: 'items' };
    reading.impliedOrder = /worst|least|poorest|lowest|fewest/.test(selling[0]) ? 'asc' : 'desc';
    text.takeOne(/\b(?:by )?(?:units?|quantity|volume)(?: sold)?\b/);
    return;
  }
  if (
    take(
      /\b(?:units?|items?|pieces?|quantit(?:y|ies)|articles?|volume) (?:sold|ordered|purchased|bought|shipped)\b|\bsales volume\b|\bunits?\b|\bquantit(?:y|ies) sold\b/,
      'units',
      { subject: 'items' },
    )
  ) {
    text.takeOne(/\bsold\b/);
    return;
  }
  if (
    take(/\bproduct (?:revenue|sales)\b|\bline (?:totals?|revenue)\b/, 'product_revenue', {
      subject: 'items',
    })
  )
    return;
  if (
    take(
      /\b(?:gross )?(?:revenue|sales|turnover|gmv|gross merchandise value|income|earnings|takings|proceeds)\b|\b(?:make|made|earn|earned|take in|took in)\b(?=.*\bhow much\b)|(?<=\bhow much\b.*)\b(?:make|made|earn|earned|sell|sold|take in|took in)\b|\b(?:money|cash) (?:made|earned|came in|brought in|generated)\b|\b(?:brought|bring|brings|bringing) in\b|\b(?:total )?(?:spend|spent|spending)\b/,
      'revenue',
      { subject: 'orders' },
    )
  ) {
    takeAgg();
    return;
  }
  // "order value" / "order total" with an aggregate: AOV for averages, revenue for sums, else the column.
  const value = text.takeOne(
    /\b(?:order|basket) (?:values?|totals?|amounts?|sizes?)\b|\bvalue of\b|\bworth of\b|\bvalue\b/,
  );
  if (value) {
    mark(value);
    if (reading.aggregate === 'avg') reading.measure = { id: 'aov', subject: 'orders' };
    // "the highest value orders in total": the sum, ranked.
    else if (text.has(/\bin total\b|\btotal\b|\boverall\b|\bcombined\b/))
      reading.measure = { id: 'revenue', subject: 'orders' };
    else if (reading.aggregate === 'max' || reading.aggregate === 'min')
      reading.measure = { id: 'money', subject: 'orders', column: 'total' };
    else reading.measure = { id: 'revenue', subject: 'orders' };
    takeAgg();
  }
}

export function nounSubject(noun: string): Subject {
  if (/^orders?$/.test(noun) || /revenue|sales/.test(noun)) return 'orders';
  if (/^payments?$/.test(noun)) return 'payments';
  if (/^customers?$/.test(noun)) return 'customers';
  if (/^returns?$/.test(noun)) return 'returns';
  if (/^shipments?$/.test(noun)) return 'shipments';
  if (/^notifications?$/.test(noun)) return 'notifications';
  return 'orders';
}
