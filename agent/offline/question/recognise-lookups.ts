import { CONTRACT_TABLES } from '../../../services/shared/db/contract.ts';
import type { OrderFact, OrderLookup, SchemaQuestion } from '../intent.ts';
import type { QuestionText } from './question-text.ts';

/** Order numbers as customers read them out: ORD- and ten base32 characters (the hyphen may be dropped). */
const ORDER_ID = /\bord[- ]?([0-9a-z]{10})\b/;

const FACTS: ReadonlyArray<[OrderFact, RegExp]> = [
  ['cancel_reason', /\bwhy\b|\breasons?\b|\bcause\b|\bcancell?(?:ed|ation)\b/],
  [
    'shipment',
    /\bwhere is\b|\btrack(?:ing)?\b|\bcarriers?\b|\bcouriers?\b|\bshipments?\b|\bparcels?\b|\bpackages?\b|\b(?:shipping|delivering|handling|handles|handled|carrying)\b/,
  ],
  ['delivered_at', /\bwhen\b.*\b(?:delivered|arrived?|arriving|delivery)\b/],
  ['shipped_at', /\bwhen\b.*\b(?:shipped|ship|dispatched|sent)\b/],
  ['placed_at', /\bwhen\b.*\b(?:placed|ordered|created|made|received)\b|\border date\b|\bdate\b/],
  ['total', /\btotal\b|\bhow much\b|\bamount\b|\bvalue\b|\bcost\b|\bprice\b|\bworth\b/],
  [
    'items',
    /\bitems?\b|\bproducts?\b|\bwhat (?:is|was|'s) in\b|\bcontents?\b|\blines?\b|\bbought\b|\bcontain/,
  ],
  ['customer', /\bwho\b|\bcustomer\b|\bbuyer\b|\bemail\b/],
  ['payment', /\bpa(?:id|y|yment|yments)\b/],
  ['return', /\breturn(?:ed|s)?\b|\brefund/],
  ['status', /\bstatus\b|\bstate\b|\bstage\b|\bprogress\b|\bhas it\b|\bis it\b/],
];

const STORY =
  /\btell me (?:about|everything)|\bstory\b|\bhistory\b|\btimeline\b|\bwhat happened\b|\bdetails?\b|\bsummary\b|\beverything\b|\boverview\b|\bevents?\b|\baudit\b|\btrail\b|\bfull\b|\blook ?up\b/;

/**
 * A question about one order ("status of ORD-…", "why was ORD-… cancelled?"). With no specific fact asked,
 * or several from different places, the whole story is looked up.
 */
export function recogniseOrderLookup(text: QuestionText): OrderLookup | undefined {
  const m = text.takeOne(ORDER_ID);
  if (!m) return undefined;
  const orderId = `ORD-${(m[1] as string).toUpperCase()}`;
  const rest = text.unreadText;
  if (STORY.test(rest)) return { kind: 'order_lookup', orderId, facts: [] };
  // "tracking/shipment status" is the parcel's status, not the order's.
  if (/\b(?:tracking|shipment|shipping|delivery|parcel|package) status\b/.test(rest)) {
    return { kind: 'order_lookup', orderId, facts: ['shipment'] };
  }
  const facts = FACTS.filter(([, re]) => re.test(rest)).map(([fact]) => fact);
  // "when was it shipped" also says "shipped": the date is the fact, not the shipment.
  const dated = facts.filter((f) => f.endsWith('_at'));
  const chosen = dated.length > 0 ? dated : facts;
  return { kind: 'order_lookup', orderId, facts: chosen.slice(0, 3) };
}

const TABLE_NAMES = CONTRACT_TABLES.map((t) => t.replace('_', '[ _]')).join('|');

/** "What tables are there?", "describe the returns table", "which columns does orders have?" */
export function recogniseSchemaQuestion(text: QuestionText): SchemaQuestion | undefined {
  const describe = new RegExp(
    `\\b(?:describe|structure of|schema of|columns? (?:of|in)|fields? (?:of|in)|what (?:columns|fields) (?:are in|does|do) (?:the )?) ?(?:the )?(${TABLE_NAMES})(?: table)?\\b`,
  ).exec(text.lower);
  if (describe) return { kind: 'schema', table: (describe[1] as string).replace(' ', '_') };
  if (
    /\b(?:what|which) tables\b|\b(?:list|show)(?: me)?(?: all)?(?: the)? tables\b|\bdatabase schema\b|\bwhat data (?:do you have|is (?:there|available))\b|\bwhat can i ask\b/.test(
      text.lower,
    )
  ) {
    return { kind: 'schema' };
  }
  return undefined;
}
