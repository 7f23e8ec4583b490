import type { Dimension, Subject } from '../intent.ts';

/**
 * The things questions group by, as words. Some words mean different columns on different tables
 * ("status" of a payment vs of an order, "reason" of a return vs a cancellation, a customer's country vs
 * the shipping country): those come out generic and are settled once the subject is known.
 */
export type GenericDimension =
  | Dimension
  | 'status_any'
  | 'reason_any'
  | 'channel_any'
  | 'country_any'
  | 'city_any'
  | 'type_any'
  | 'partition_any';

export const DIMENSION_WORDS: ReadonlyArray<[GenericDimension, string]> = [
  [
    'customer_country',
    "customers?'?s? countr(?:y|ies)|countr(?:y|ies) of (?:the )?customers?|customer locations?|home countr(?:y|ies)",
  ],
  ['customer_city', "customers?'?s? cit(?:y|ies)|cit(?:y|ies) of (?:the )?customers?"],
  ['ship_country', '(?:shipping|destination|delivery|ship|shipment) countr(?:y|ies)|ship_country'],
  ['ship_city', '(?:shipping|destination|delivery|ship|shipment) cit(?:y|ies)|ship_city'],
  ['country_any', 'countr(?:y|ies)|markets?|nations?'],
  ['city_any', 'cit(?:y|ies)|towns?|locations?'],
  [
    'payment_method',
    'payment (?:methods?|types?|options?|means)|(?:methods?|ways?|means) of payment|methods?',
  ],
  ['payment_status', 'payment status(?:es)?|payment outcomes?'],
  ['shipment_status', '(?:shipment|delivery|shipping|tracking) status(?:es)?'],
  ['return_status', 'return status(?:es)?|refund status(?:es)?'],
  ['notification_status', 'notification status(?:es)?'],
  ['notification_channel', 'notification channels?'],
  [
    'cancel_reason',
    'cancel(?:l?ation)? reasons?|reasons? for cancell?ations?|reasons? for cancell?ing|cancel(?:l?ation)? causes?|why (?:orders|they) (?:were|are|get|got) cancell?ed',
  ],
  [
    'return_reason',
    'return reasons?|reasons? for (?:returns?|returning)|returns? reasons?|why (?:customers|people) return',
  ],
  ['reason_any', 'reasons?|causes?'],
  [
    'status_any',
    '(?:order )?status(?:es)?|states?|(?:lifecycle )?stages?|where (?:they|it) (?:currently |now )?stands?(?: in (?:their|its|the) lifecycle)?',
  ],
  ['channel_any', '(?:sales |order )?channels?|sources?|integrations?|origins?'],
  [
    'category',
    '(?:product )?categor(?:y|ies)|product (?:types?|groups?|lines?|families)|departments?|segments?',
  ],
  [
    'carrier',
    '(?:shipping |delivery )?carriers?|couriers?|shipping (?:compan(?:y|ies)|providers?)|delivery (?:compan(?:y|ies)|services?)|shippers?|logistics (?:partners?|providers?)',
  ],
  ['sentiment', '(?:return |customer |comment )?sentiments?|moods?|tones?'],
  ['event_type', 'event types?|types? of events?'],
  // Columns of the event tables named by their schema names: "each type", "each hub partition".
  ['type_any', 'types?|kinds?'],
  ['partition_any', '(?:event )?(?:hub )?partitions?(?: ids?)?|partition_id'],
  ['customer', 'customers?|buyers?|shoppers?|clients?|spenders?'],
  ['product', 'products?|items?|skus?|articles?'],
  ['day', 'days?|dates?'],
  ['week', 'weeks?'],
  ['month', 'months?'],
  ['year', 'years?'],
];

/** Calendar buckets, named as adjectives ("daily") or as "per day". */
export const TIME_BUCKETS: ReadonlyArray<[Dimension, string]> = [
  [
    'day',
    'daily|day by day|per day|by day|each day|every day|a day|by date|per date|for each day|day to day',
  ],
  ['week', 'weekly|week by week|per week|by week|each week|every week|a week|for each week'],
  [
    'month',
    'monthly|month by month|month over month|per month|by month|each month|every month|a month|for each month|by calendar month',
  ],
  ['year', 'yearly|annual(?:ly)?|year by year|per year|by year|each year|every year|a year|for each year'],
];

export const DIMENSION_PATTERN = DIMENSION_WORDS.map(([, p]) => p).join('|');

export function dimensionFor(phrase: string): GenericDimension | undefined {
  return DIMENSION_WORDS.find(([, p]) => new RegExp(`^(?:${p})$`).test(phrase))?.[0];
}

/** The column a generic dimension means for a subject. */
export function resolveDimension(
  dim: GenericDimension,
  subject: Subject,
  customerScoped: boolean,
): Dimension {
  switch (dim) {
    case 'status_any':
      return (
        (
          {
            payments: 'payment_status',
            shipments: 'shipment_status',
            returns: 'return_status',
            notifications: 'notification_status',
          } as Partial<Record<Subject, Dimension>>
        )[subject] ?? 'status'
      );
    case 'reason_any':
      return subject === 'returns'
        ? 'return_reason'
        : subject === 'dead_letters'
          ? 'dead_letter_reason'
          : 'cancel_reason';
    case 'channel_any':
      return subject === 'notifications' ? 'notification_channel' : 'channel';
    case 'country_any':
      return subject === 'customers' || customerScoped ? 'customer_country' : 'ship_country';
    case 'city_any':
      return subject === 'customers' || customerScoped ? 'customer_city' : 'ship_city';
    // Only the audit trail has a "type" and only the event tables a hub partition; the parser refuses
    // these words on other tables (genericOnlyFor).
    case 'type_any':
      return 'event_type';
    case 'partition_any':
      return subject === 'dead_letters' ? 'dead_letter_partition' : 'event_partition';
    default:
      return dim;
  }
}

/** The subject a dimension points to when the question names no other ("most common return reason"). */
export function subjectOfDimension(dim: GenericDimension): Subject | undefined {
  switch (dim) {
    case 'return_reason':
    case 'return_status':
    case 'sentiment':
      return 'returns';
    case 'payment_method':
    case 'payment_status':
      return 'payments';
    case 'carrier':
    case 'shipment_status':
      return 'shipments';
    case 'notification_status':
    case 'notification_channel':
      return 'notifications';
    case 'event_type':
    case 'type_any':
    case 'event_partition':
    case 'partition_any':
      return 'events';
    case 'dead_letter_partition':
      return 'dead_letters';
    case 'customer_country':
    case 'customer_city':
      return 'customers';
    default:
      return undefined;
  }
}

/** The subjects a table-specific generic dimension exists on; elsewhere the words mean nothing known. */
export function genericOnlyFor(dim: GenericDimension): Subject[] | undefined {
  if (dim === 'type_any') return ['events'];
  if (dim === 'partition_any') return ['events', 'dead_letters'];
  return undefined;
}
