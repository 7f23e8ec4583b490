import type { FieldId, Subject } from '../intent.ts';

/**
 * The words analysts use for the closed value sets of design §5, as regex sources over lower-case text.
 * Each entry says which column value the words mean. Longer phrases come first within a list so
 * "gift card" is read before "card".
 */
export interface Term {
  value: string;
  pattern: string;
}

const t = (value: string, pattern: string): Term => ({ value, pattern });

export const ORDER_STATUS_TERMS: readonly Term[] = [
  t('on_hold', 'on[ _]hold|held(?: back)?|under review|in review|flagged for review'),
  t('pending', 'pending|awaiting confirmation|unconfirmed|not yet confirmed'),
  t('confirmed', 'confirmed|accepted|awaiting shipment|not yet shipped|waiting to be shipped|ready to ship'),
  t('shipped', 'shipped|dispatched|sent out|in transit|on (?:the|their) way'),
  t('delivered', 'delivered|fulfill?ed|completed|arrived'),
  // Verbs in their base form too ("did the fraud check stop", "had to cancel", "did we lose to fraud").
  t(
    'cancelled',
    'cancell?ed|cancell?ations?|aborted|blocked|block|stopped|stop|rejected|reject|killed|(?:had|have|has) to cancel|cancel|lose|lost',
  ),
  t('returned', 'returned|sent back'),
];

/** Groups of statuses people name with one word. */
export const ORDER_STATUS_GROUPS: readonly Term[] = [
  t('pending,on_hold,confirmed', 'open|unfulfill?ed|outstanding|in progress'),
  t('confirmed,shipped,delivered', 'revenue|paid|successful|valid|billable'),
];

export const PAYMENT_STATUS_TERMS: readonly Term[] = [
  t('authorized', 'authori[sz]ed|authori[sz]ations?|pre ?authori[sz]ed'),
  t('captured', 'captured|settled|successful|completed|collected'),
  t('declined', 'declined|failed|rejected|unsuccessful|refused|bounced'),
  t('voided', 'voided|void|cancell?ed'),
  t('refunded', 'refunded|refunds?|reversed'),
];

export const SHIPMENT_STATUS_TERMS: readonly Term[] = [
  t(
    'label_created',
    'label[ _]created|labels? (?:created|printed)|awaiting (?:pick ?up|collection)|not yet picked up',
  ),
  t('in_transit', 'in[ _]transit|on (?:the|their) way|en route|underway|out for delivery'),
  t('delivered', 'delivered|arrived|completed'),
];

export const RETURN_STATUS_TERMS: readonly Term[] = [
  t(
    'requested',
    'requested|open|pending|(?:a)?waiting (?:for |on )?(?:an? )?(?:approval|review|decision)|undecided|new',
  ),
  t('approved', 'approved|accepted'),
  t('rejected', 'rejected|denied|declined|refused'),
  t('refunded', 'refunded|reimbursed|paid out|(?:an? |with an? )?refunds?'),
];

export const NOTIFICATION_STATUS_TERMS: readonly Term[] = [
  t('pending', 'pending|queued|waiting|unsent|not (?:yet )?sent'),
  t(
    'sent',
    '(?:been )?sent(?: out)?(?: successfully)?|(?:successfully )?sent|(?:gone|went|go) out(?: successfully)?|delivered|successful(?:ly)?|send successfully',
  ),
  t(
    'failed',
    'failed(?: to (?:go out|be sent|send|deliver))?|failing|undelivered|bounced|errored|unsuccessful',
  ),
];

export const NOTIFICATION_CHANNEL_TERMS: readonly Term[] = [
  t('email', 'e ?mails?'),
  t('webhook', 'webhooks?|web hooks?'),
  t('sms', 'sms|text messages?|texts'),
];

export const CHANNEL_TERMS: readonly Term[] = [
  t('mobile_app', 'mobile[ _]app(?:lication)?s?|mobile|(?:the )?app|ios|android|phone app|smartphone app'),
  t('partner_api', 'partner[ _]api|partners?(?: integrations?)?|(?:the )?api|b2b'),
  t(
    'file_import',
    'file[ _]imports?|imported from (?:a |the )?files?|(?:from |via |through )?(?:a |the )?files?|imports?|imported|csv(?: imports?| uploads?)?|batch(?: imports?| uploads?)?|bulk uploads?',
  ),
  t('marketplace', 'market ?places?|third party marketplaces?'),
  t(
    'pos',
    'pos|point of sales?|points of sale|in ?store|physical stores?|retail stores?|brick and mortar|shops? tills?|tills?',
  ),
  t('web', 'web ?(?:shop|store|site)?|online (?:shop|store)|desktop|browser|e ?commerce site'),
];

export const PAYMENT_METHOD_TERMS: readonly Term[] = [
  t('gift_card', 'gift[ _]?cards?|vouchers?|gift vouchers?|store credit'),
  t('bank_transfer', 'bank[ _]transfers?|wire(?: transfers?)?|bank|sepa(?: transfers?)?|direct transfers?'),
  t('paypal', 'pay ?pal'),
  t('card', '(?:credit |debit )?cards?|credit|debit|visa|mastercard|amex'),
];

export const RETURN_REASON_TERMS: readonly Term[] = [
  t(
    'not_as_described',
    "not[ _]as[ _]described|(?:did ?n.t|does ?n.t|didn't) match (?:the )?description|different from (?:the )?description|misdescribed",
  ),
  t(
    'wrong_item',
    'wrong[ _](?:items?|products?|size|colou?r|articles?)(?: (?:being |was |were |got )?(?:sent|delivered|shipped|received))?|incorrect (?:items?|products?)|(?:were|was|got) sent the wrong',
  ),
  t(
    'changed_mind',
    "changed[ _](?:their |his |her |my |your )?minds?|no longer (?:wanted|needed)|(?:did ?n.t|didn't) want (?:it|them) any ?more|buyer.?s remorse",
  ),
  t(
    'late_delivery',
    'late[ _]deliver(?:y|ies)|(?:arrived|delivered|came|shipped) (?:too )?late|too late|delay(?:ed|s)?(?: deliver(?:y|ies))?|slow deliver(?:y|ies)',
  ),
  t('damaged', 'damaged|broken|defective|faulty|arrived damaged|damage'),
  t('other', 'other (?:reasons?|causes?)|other'),
];

export const SENTIMENT_TERMS: readonly Term[] = [
  t('positive', 'positive|happy|satisfied|pleased|good'),
  t('neutral', 'neutral|mixed|indifferent'),
  t('negative', 'negative|unhappy|angry|dissatisfied|upset|bad|annoyed|frustrated|critical'),
];

export const CANCEL_REASON_TERMS: readonly Term[] = [
  t(
    'fraud_suspected',
    'fraud[ _]suspected|suspected fraud|suspicion of fraud|possible fraud|fraud(?:ulent)?(?: suspicion| risk| checks?| concerns?)?|fraud',
  ),
  t(
    'payment_declined',
    'payment[ _]declined|(?:the )?payment(?:s)? (?:was |were |got |being )?(?:declined|failed|rejected|refused)|declined payments?|failed payments?|payment (?:failures?|issues?|problems?|errors?)',
  ),
  t(
    'out_of_stock',
    'out[ _]of[ _]stock|(?:products|items|goods|articles|it|they) (?:were|was) (?:out of stock|unavailable|not available|not in stock)|stock ?outs?|no stock|stock shortages?|(?:lack|shortage) of stock|insufficient (?:stock|inventory)|(?:stock|inventory) (?:issues?|problems?|shortages?)|unavailable (?:items|products|stock)|missing stock',
  ),
  t(
    'customer_request',
    'customer[ _]requests?|(?:the )?customers? (?:asked|requested|wanted|chose|decided) (?:to cancel|it|so)?|(?:at|on) (?:the )?customer.?s? requests?|customer cancell?ations?|cancell?ed by (?:the )?customers?|requested by (?:the )?customers?|customer.?s? own requests?|customer choice',
  ),
  t(
    'validation_failed',
    'validation[ _]failed|fail(?:ed|ing|s)? (?:the )?(?:validation|checks?)|failed validation|validation (?:failures?|errors?|problems?|issues?)|invalid (?:data|orders?|addresses?|details)|bad data',
  ),
];

/** How each subject says "status": the same word means different columns on different tables. */
export const STATUS_TERMS_BY_SUBJECT: Partial<Record<Subject, { field: FieldId; terms: readonly Term[] }>> = {
  payments: { field: 'payment_status', terms: PAYMENT_STATUS_TERMS },
  shipments: { field: 'shipment_status', terms: SHIPMENT_STATUS_TERMS },
  returns: { field: 'return_status', terms: RETURN_STATUS_TERMS },
  notifications: { field: 'notification_status', terms: NOTIFICATION_STATUS_TERMS },
};

/** Nouns naming what a question counts; the subject of "how many …". */
export const SUBJECT_NOUNS: ReadonlyArray<[Subject, string]> = [
  [
    'dead_letters',
    'dead[ _]?letter(?:s|ed)?(?: queue| table)?|dlq|poison messages?|failed events?|unprocessable events?',
  ],
  [
    'events',
    '(?:order |audit )?events?|(?:order )?audit (?:trail |log )?(?:entries|records?)|(?:order )?audit trail|(?:order )?audit log|event log(?: entries)?',
  ],
  [
    'notifications',
    'notifications?|(?:e ?mails?|messages?|webhooks?|sms) sent|webhooks?|sms messages?|text messages?|outbox (?:messages?|entries)',
  ],
  [
    'returns',
    'return requests?|refund requests?|returns?|rmas?|(?:sending|send|sends|sent) (?:things|items|goods|products|them|it) back',
  ],
  ['shipments', 'shipments?|parcels?|packages?|consignments?|deliveries'],
  ['payments', 'payments?|(?:payment )?transactions?|charges?'],
  [
    'customers',
    'customer base|customers?|buyers?|shoppers?|clients?|accounts?|sign ?ups?|signups?|registrations?|users?',
  ],
  ['products', 'products?|skus?|articles?|catalog(?:ue)? items?|items in (?:the |our )?catalog(?:ue)?'],
  ['orders', 'orders?|purchases?|baskets?|checkouts?|sales orders?'],
];

export function alternation(terms: readonly Term[]): string {
  return terms.map((term) => term.pattern).join('|');
}

/** The term whose pattern matches the whole of `phrase`. */
export function termFor(terms: readonly Term[], phrase: string): Term | undefined {
  return terms.find((term) => new RegExp(`^(?:${term.pattern})$`).test(phrase));
}
