import type { FieldId, Filter, Subject } from '../intent.ts';
import {
  COUNTRY_NAME_PATTERN,
  DEMONYM_PATTERN,
  ISO_CODES,
  codeForDemonym,
  codeForName,
} from './countries.ts';
import {
  CANCEL_REASON_TERMS,
  CHANNEL_TERMS,
  NOTIFICATION_CHANNEL_TERMS,
  ORDER_STATUS_GROUPS,
  ORDER_STATUS_TERMS,
  PAYMENT_METHOD_TERMS,
  RETURN_REASON_TERMS,
  SENTIMENT_TERMS,
  STATUS_TERMS_BY_SUBJECT,
  alternation,
  termFor,
  type Term,
} from './lexicon.ts';
import { SCHEMA } from '../../../services/shared/db/schema.ts';
import type { QuestionText } from './question-text.ts';
import { looseStem } from '../../catalog/schema-words.ts';
import { BASE, TABLE } from '../plan/join-graph.ts';
import type { VocabularyTerms } from './vocabulary-terms.ts';

/**
 * Conditions in a question: statuses, channels, countries, cities, categories, products, carriers,
 * payment methods, reasons, sentiments. Each may be negated ("not from Germany", "excluding cancelled")
 * and several values of one field are alternatives ("Germany or France"). Which table a word belongs to
 * can depend on the subject ("declined" payments vs orders cancelled for a declined payment).
 */

/** A filter plus what the parser needs to settle it: was it said about customers, or as an event verb? */
export interface ReadFilter extends Filter {
  customerScoped?: boolean;
  /** The word was a verb of an order event ("were delivered"), which a date range turns into that event. */
  eventWord?: string;
}

/** A SKU as products.sku's description writes its example: letters for letters, digits for digits. */
const SKU_PATTERN = (() => {
  const example = /`([^`]+)`/.exec(SCHEMA.products.columns.find((c) => c.name === 'sku')?.description ?? '');
  const shape = (example?.[1] ?? 'AAA-0000')
    .toLowerCase()
    .replace(/[a-z]/g, 'L')
    .replace(/\d/g, 'D')
    .replace(/L+/g, (l) => `[a-z]{${l.length}}`)
    .replace(/D+/g, (d) => `\\d{${d.length}}`);
  return new RegExp(`\\b(?:(?:of|for|the|sku) )*(${shape})\\b`);
})();

/** notifications.template values the schema names as examples (`order_confirmation`, `order_shipped`). */
const TEMPLATE_EXAMPLES: readonly string[] = [
  ...(SCHEMA.notifications.columns.find((c) => c.name === 'template')?.description ?? '').matchAll(
    /`([a-z_]+)`/g,
  ),
].map((m) => m[1] as string);

const NEG =
  "not|non|never|excluding|exclude|except(?: for)?|other than|apart from|besides|without|isn't|aren't|wasn't|weren't|outside(?: of)?|but not";

export function recogniseFilters(text: QuestionText, subject: Subject, vocab: VocabularyTerms): ReadFilter[] {
  const filters: ReadFilter[] = [];
  const add = (
    field: FieldId,
    value: string | number,
    m: RegExpExecArray,
    negated = false,
    extra: Partial<ReadFilter> = {},
  ) => {
    filters.push({ field, op: negated ? '!=' : '=', values: [value], at: m.index, ...extra });
  };
  const termsFilter = (
    field: FieldId,
    terms: readonly Term[],
    prefix = '',
    suffix = '',
    extra: Partial<ReadFilter> = {},
  ) => {
    if (terms.length === 0) return;
    // "not yet captured", "never been refunded": a negation may stand apart from the value by "yet",
    // "been", "ever"; a term that itself starts with the negation ("not yet sent") is tried first.
    const re = new RegExp(
      `\\b(?:${prefix}(${alternation(terms)})|(${NEG}) (?:(?:yet|been|ever) )*${prefix}(${alternation(terms)}))${suffix}\\b`,
    );
    for (const m of text.take(re)) {
      const term = termFor(terms, (m[1] ?? m[3]) as string);
      // A group term ("open orders") stands for several values.
      if (term) for (const value of term.value.split(',')) add(field, value, m, m[2] !== undefined, extra);
    }
  };

  // Products before categories and countries: "Language Course Spanish" is a product, not Spain.
  termsFilter('product', vocab.products, '(?:the |of |for )?');
  // SKUs, in the shape of the schema's own example (products.sku: "`ELE-0003`").
  for (const m of text.take(SKU_PATTERN)) add('sku', (m[1] as string).toUpperCase(), m);
  if (subject === 'products') {
    for (const m of text.take(
      /\b(?:(not|no longer) )?(?:(in)?active|discontinued|deactivated|disabled|enabled|live|available for sale|for sale)\b|\b(?:(?:that |which )?(?:we |you )?(no longer|don't|do not|stopped|have stopped) (?:sell(?:ing)?|offer(?:ing)?|carry(?:ing)?|stock(?:ing)?))\b|\b(?:(?:that |which )?(?:we |you )?still (?:sell|offer|carry)|(?:are )?still (?:being sold|on sale|for sale|offered|sold))\b/,
    )) {
      const inactive =
        m[3] !== undefined ||
        ((m[1] !== undefined) !== /\b(?:inactive|discontinued|deactivated|disabled)\b/.test(m[0]) &&
          !/\bstill\b/.test(m[0]));
      add('active', inactive ? 0 : 1, m);
    }
    for (const m of text.take(
      /\b(?:low (?:on )?stock|low inventory|(?:(?:fallen|fell|dropped|gone|slipped|sunk) )?(?:below|under|beneath) (?:the |their |its )?re ?order (?:level|point|threshold)s?|(?:that )?needs? (?:re ?order(?:ing)?|restocking|replenishment)|needs? to be (?:re ?ordered|restocked|replenished)|to re ?order|running (?:low|out)|short on stock|re ?order (?:candidates|list))\b/,
    )) {
      add('stock_state', 'low', m);
    }
    for (const m of text.take(
      /\b(?:out of stock|sold out|no (?:available )?stock|zero stock|stock ?outs?|unavailable|without stock|not in stock|(?:have |has )?(?:nothing|none|no units|no stock) left(?: to sell)?(?: (?:right )?now)?)\b/,
    )) {
      add('stock_state', 'out', m);
    }
  }
  termsFilter(
    'category',
    vocab.categories,
    '(?:in |from |of |within |for )?(?:the )?',
    '(?: (?:category|categories|products?|items?|goods|section|department|range))?',
  );
  text.take(/\bcategor(?:y|ies)\b/, () => filters.some((f) => f.field === 'category'));

  const own = STATUS_TERMS_BY_SUBJECT[subject];
  if (subject === 'returns') {
    // "returns requested in November": the verb dates the returns, it is not the status 'requested'.
    for (const m of text.take(/\b(?:were|was|been|got|get) requested\b/)) {
      add('return_status', 'requested', m, false, { eventWord: 'requested' });
    }
  }
  if (own) termsFilter(own.field, own.terms);
  if (subject === 'notifications') {
    termsFilter('notification_channel', NOTIFICATION_CHANNEL_TERMS, '(?:via |by |over |through )?');
    // "shipping notifications", "order confirmation e-mails": a template named by the words of its
    // value, in any inflection, right before the table's noun.
    for (const template of TEMPLATE_EXAMPLES) {
      const words = template.split('_').filter((w) => w !== 'order');
      if (words.length === 0) continue;
      const re = new RegExp(
        `\\b(?:order )?${words.map((w) => `${looseStem(w)}[a-z]*`).join(' ')}(?= (?:notifications?|e ?mails?|messages?|sms|texts?|webhooks?)\\b)`,
      );
      for (const m of text.take(re)) add('notification_template', template, m);
    }
  }

  // Destinations before statuses: "shipped to Germany" is a place, not the status shipped.
  if (subject !== 'products' && subject !== 'dead_letters') places(text, vocab, add);
  if (subject !== 'products') {
    termsFilter(
      'carrier',
      vocab.carriers,
      '(?:(?:(?:shipped|sent|went|gone|go|going|goes) out|shipped|sent|delivered|handled|carried|moved|shipping|going) )?(?:(?:with|by|via|through|using) )?',
    );
    termsFilter(
      'payment_method',
      PAYMENT_METHOD_TERMS,
      '(?:(?:paid|pay|paying|settled|purchased|bought) )?(?:(?:by|with|via|using|through) )?(?:a |an )?',
      '(?: payments?)?',
    );
  }
  if (subject !== 'notifications') {
    const channelTerms = [...vocab.channels, ...CHANNEL_TERMS];
    termsFilter(
      'channel',
      channelTerms,
      '(?:(?:placed |made |ordered |bought |sold |coming |that came |came )?(?:through|via|from|on|in|using|over|by|with) (?:the |our )?)?',
      '(?: (?:sales )?channels?)?',
    );
  }
  existence(text, subject, add);
  // "repeat customers" ordered more than once; "one-time customers" exactly once.
  for (const m of text.take(
    /\b(repeat|returning|loyal|recurring|regular|one ?time|single purchase|first ?time)(?= (?:customers?|buyers?|shoppers?|clients?)\b)/,
  )) {
    const once = /one ?time|single|first/.test(m[1] as string);
    filters.push({
      field: 'customer_orders',
      op: once ? '=' : '>',
      values: [1],
      at: m.index,
      customerScoped: true,
    });
  }
  if (subject !== 'products') {
    const mentionsReturns = text.mentions(/\breturn(?:s|ed)?\b|\brefund/);
    if (subject === 'returns' || mentionsReturns) {
      termsFilter(
        'return_reason',
        RETURN_REASON_TERMS,
        '(?:(?:because|as|since) (?:the )?(?:items? |products? |goods |they |it |customers? )?(?:was |were |had |arrived |came )?|due to (?:a |the )?|for (?:being )?|over |citing )?',
        '(?: (?:items?|products?|goods|articles?|parcels?|packages?|deliver(?:y|ies)|orders?))?',
      );
    }
    termsFilter(
      'sentiment',
      SENTIMENT_TERMS,
      '(?:with |having |of )?(?:an? )?',
      '(?: (?:sentiment|comments?|feedback|tone|reviews?|reactions?))?',
    );
    if (subject !== 'payments') {
      termsFilter(
        'cancel_reason',
        CANCEL_REASON_TERMS,
        '(?:(?:cancell?ed|blocked|stopped|rejected|killed)(?: orders?)? )?(?:(?:because|as a result|as) (?:of )?|due to |for |over |owing to |on (?:the )?grounds of |after |with (?:a )?|as |since )?(?:the |a |an )?',
        '(?: (?:cancell?ations?|reasons?))?',
      );
    }
  }
  if (subject === 'orders' || subject === 'items' || subject === 'customers' || !own) {
    termsFilter('status', ORDER_STATUS_GROUPS.slice(0, 1));
    termsFilter('status', ORDER_STATUS_GROUPS.slice(1), '', '(?= orders?\\b)');
    const re = new RegExp(
      `\\b(?:(${NEG}) )?(?:(?:yet |been |being |got |get |gets |getting ))?(${alternation(ORDER_STATUS_TERMS)})\\b`,
    );
    for (const m of text.take(re)) {
      const term = termFor(ORDER_STATUS_TERMS, m[2] as string);
      if (!term) continue;
      const eventWord = /^(?:shipped|dispatched|sent out|delivered|cancell?ed|confirmed)$/.test(
        m[2] as string,
      )
        ? term.value
        : undefined;
      add('status', term.value, m, m[1] !== undefined, eventWord ? { eventWord } : {});
    }
  }
  nullableStamps(text, subject, add);
  return filters;
}

/**
 * "dead letters that have not been retried yet", "… that were retried": a nullable timestamp of the
 * subject's own table (services/shared/db/schema.ts) records whether its event happened, so the verb
 * the column is named after is a condition on that column being set. Read after the statuses, so a
 * status word ("shipped") keeps meaning the status; geographic position likewise ("with a GPS location").
 */
function nullableStamps(text: QuestionText, subject: Subject, add: Add): void {
  const alias = BASE[subject];
  const table = SCHEMA[TABLE[alias]];
  for (const c of table.columns) {
    if (c.type.kind !== 'datetime' || !c.nullable || !c.name.endsWith('_at')) continue;
    const stem = looseStem(c.name.slice(0, -3));
    if (stem.length < 4) continue;
    const re = new RegExp(
      `\\b(?:(not|never|haven't|hasn't|weren't|wasn't|isn't|aren't)(?: (?:yet|been|ever))* |(?:have|has|had) (?:already )?been |(?:was|were|got|already) )${stem}[a-z]*(?: (?:yet|already))?\\b`,
    );
    for (const m of text.take(re)) add('column_set', `${alias}.${c.name}`, m, m[1] !== undefined);
  }
  if (table.columns.some((c) => c.name === 'latitude')) {
    const re =
      /\b(?:(without|no|lacking|missing)|with|having|that (?:has|have|had)|(?:came|come|comes|arrived) with)(?: an?| any)? (?:gps (?:location|position|coordinates|fix)|gps|geo ?location|coordinates)\b/;
    // Both halves of a position: the schema keeps them NULL together; both are tested all the same.
    for (const m of text.take(re)) add('column_set', 'o.latitude,o.longitude', m, m[1] !== undefined);
  }
}

/**
 * Whether related rows exist: "orders with returns", "orders without a shipment", "customers who never
 * ordered", "products that were never sold".
 */
function existence(text: QuestionText, subject: Subject, add: Add): void {
  const never = "never|not|no|without|haven't|hasn't|hadn't|didn't|did not|have not|has not|had not|with no";
  const fill = '(?: (?:been|ever|yet|any|an?|placed|made|got|received|had|have|has))*';
  if (subject === 'orders' || subject === 'items') {
    const re = new RegExp(
      `\\b(?:(${never})|with|having|that have|that had|which have|which had|have|has|had|got|get)${fill} (returns?|refunds?|return requests?|shipments?|payments?|notifications?)\\b`,
    );
    for (const m of text.take(re)) {
      const noun = (m[2] as string).replace(/s$/, '');
      const table = noun.startsWith('return') || noun.startsWith('refund') ? 'returns' : `${noun}s`;
      add('has', table, m, m[1] !== undefined);
    }
  }
  if (subject === 'customers') {
    const re = new RegExp(
      `\\b(${never})${fill} (?:ordered|bought|purchased|shopped|orders?|purchases?|placed (?:an? |any )?orders?)\\b`,
    );
    for (const m of text.take(re)) add('has', 'orders', m, true);
  }
  if (subject === 'products') {
    const re = new RegExp(`\\b(${never})${fill} (?:sold|ordered|bought|purchased|sales|orders?)\\b`);
    for (const m of text.take(re)) add('has', 'sales', m, true);
  }
}

type Add = (
  field: FieldId,
  value: string | number,
  m: RegExpExecArray,
  negated?: boolean,
  extra?: Partial<ReadFilter>,
) => void;

/** Countries and cities, scoped to the customer when the words say so ("customers from Spain"). */
function places(text: QuestionText, vocab: VocabularyTerms, add: Add): void {
  const customerBefore =
    /\b(?:customers?|buyers?|shoppers?|clients?|people|users|accounts)(?:(?: who| that)? (?:are|is|were|live|lives|living|located|based|registered|come|comes|coming|reside|residing))?(?: (?:in|from|out of))?(?: the)? $/;
  const scopeOf = (m: RegExpExecArray): boolean =>
    customerBefore.test(text.lower.slice(Math.max(0, m.index - 50), m.index));
  const prep =
    '(?:(?:shipped|shipping|sent|delivered|going|destined|headed|bound|ordered|placed|coming|came|bought|sold|located|based|living|who live|that live) )?(?:to|from|in|into|for|within|inside|out of)? ?(?:the )?';

  const countryRe = new RegExp(`\\b(?:(${NEG}) )?${prep}(${COUNTRY_NAME_PATTERN})\\b`);
  for (const m of text.take(countryRe)) {
    const code = codeForName(m[2] as string);
    if (code) add('ship_country', code, m, m[1] !== undefined, { customerScoped: scopeOf(m) });
  }
  for (const m of text.take(
    new RegExp(
      `\\b(?:(${NEG}) )?(${DEMONYM_PATTERN})(?= (?:customers?|buyers?|shoppers?|clients?|orders?|market|revenue|sales|addresses)\\b)`,
    ),
  )) {
    const code = codeForDemonym(m[2] as string);
    const customer = /^\s*(?:customers?|buyers?|shoppers?|clients?)\b/.test(
      text.lower.slice(m.index + m[0].length),
    );
    if (code) add('ship_country', code, m, m[1] !== undefined, { customerScoped: customer });
  }
  // Upper-case ISO codes ("DE", "FR"): only codes the shop ships to, or any code right after "country".
  const known = new Set([...vocab.countryCodes].filter((c) => ISO_CODES.has(c)));
  const cased = text.cased;
  for (const m of text.take(
    /\b(?:(not|excluding|except) )?(?:(?:to|from|in|for) )?(?:(?:the )?country (?:code )?)?([a-z]{2})\b/,
    (match) => {
      const original = cased.slice(match.index, match.index + match[0].length);
      const code = original.slice(-2);
      if (code !== code.toUpperCase() || !ISO_CODES.has(code)) return false;
      return known.has(code) || /country/i.test(original);
    },
  )) {
    const code = cased.slice(m.index + m[0].length - 2, m.index + m[0].length);
    const before = /^\s*(?:customers?|buyers?|shoppers?|clients?)\b/.test(
      text.lower.slice(m.index + m[0].length),
    );
    add('ship_country', code, m, m[1] !== undefined, { customerScoped: scopeOf(m) || before });
  }
  if (vocab.cities.length > 0) {
    const cityRe = new RegExp(`\\b(?:(${NEG}) )?${prep}(${alternation(vocab.cities)})\\b`);
    for (const m of text.take(cityRe)) {
      const term = termFor(vocab.cities, m[2] as string);
      if (term) add('ship_city', term.value, m, m[1] !== undefined, { customerScoped: scopeOf(m) });
    }
  }
}

/** Several conditions on one field are alternatives; negated ones exclude each value. */
export function mergeFilters(filters: ReadFilter[]): ReadFilter[] {
  const merged: ReadFilter[] = [];
  for (const f of filters) {
    const same = merged.find(
      (g) =>
        g.field === f.field &&
        g.op === f.op &&
        (f.op === '=' || f.op === '!=') &&
        !!g.customerScoped === !!f.customerScoped,
    );
    if (same) {
      for (const v of f.values) if (!same.values.includes(v)) same.values.push(v);
    } else {
      merged.push({ ...f, values: [...f.values] });
    }
  }
  return merged;
}
