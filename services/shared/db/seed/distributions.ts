import {
  base,
  de,
  de_AT,
  en,
  en_GB,
  en_US,
  es,
  fr,
  it,
  nl,
  nl_BE,
  pl,
  sv,
  type LocaleDefinition,
} from '@faker-js/faker';
import type { CARRIERS, Channel, PaymentMethod, ReturnReason } from '../../domain/vocabulary.ts';

/**
 * The shape of the seeded world: how customers, channels, payment methods, carriers and return reasons
 * are distributed, and the sample texts. Changing a number here changes every seeded data set.
 */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Customer share per country: a clear leader and a long tail, as a European shop would see. */
export const COUNTRY_WEIGHTS: Record<string, number> = {
  DE: 22,
  FR: 15,
  ES: 12,
  GB: 10,
  IT: 10,
  NL: 8,
  US: 8,
  PL: 5,
  SE: 4,
  BE: 3,
  AT: 3,
};

export const LOCALES: Record<string, LocaleDefinition[]> = {
  DE: [de, en, base],
  FR: [fr, en, base],
  ES: [es, en, base],
  GB: [en_GB, en, base],
  IT: [it, en, base],
  NL: [nl, en, base],
  US: [en_US, en, base],
  PL: [pl, en, base],
  SE: [sv, en, base],
  BE: [nl_BE, nl, en, base],
  AT: [de_AT, de, en, base],
};

export const CHANNEL_WEIGHTS: readonly (readonly [Channel, number])[] = [
  ['web', 45],
  ['mobile_app', 25],
  ['marketplace', 15],
  ['pos', 7],
  ['partner_api', 5],
  ['file_import', 3],
];

export const PAYMENT_WEIGHTS: readonly (readonly [PaymentMethod, number])[] = [
  ['card', 55],
  ['paypal', 28],
  ['bank_transfer', 10],
  ['gift_card', 7],
];

export const RETURN_REASON_WEIGHTS: readonly (readonly [ReturnReason, number])[] = [
  ['damaged', 18],
  ['wrong_item', 14],
  ['not_as_described', 22],
  ['changed_mind', 28],
  ['late_delivery', 10],
  ['other', 8],
];

export const CARRIER_WEIGHTS: readonly (readonly [(typeof CARRIERS)[number], number])[] = [
  ['DHL', 32],
  ['UPS', 18],
  ['DPD', 16],
  ['GLS', 12],
  ['FedEx', 12],
  ['PostNL', 10],
];

/** Typical door-to-door days per carrier, so delivery-time reports show real differences. */
export const CARRIER_DAYS: Record<string, readonly [number, number]> = {
  DHL: [1, 4],
  UPS: [1, 3],
  DPD: [2, 5],
  GLS: [2, 6],
  FedEx: [1, 3],
  PostNL: [2, 5],
};

export const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
export const EMAIL_DOMAINS = ['example.com', 'example.org', 'example.net', 'mail.example.com'];
export const NOTIFICATION_ERRORS = [
  'SMTP 550: mailbox unavailable',
  'webhook answered 503 Service Unavailable',
  'SMS gateway timeout after 10 s',
];
export const DEAD_LETTER_SAMPLES: readonly (readonly [string, string])[] = [
  [
    'invalid JSON: Unexpected token } in JSON at position 112',
    '{"specversion":"1.0","type":"com.mygreatcompany.order.placed",}',
  ],
  [
    'unknown event type com.mygreatcompany.order.teleported',
    '{"specversion":"1.0","id":"x","source":"/web","type":"com.mygreatcompany.order.teleported","data":{}}',
  ],
  [
    "missing required CloudEvents attribute 'source'",
    '{"specversion":"1.0","id":"y","type":"com.mygreatcompany.order.placed","data":{}}',
  ],
  [
    'data.items.0.quantity: must be a positive integer',
    '{"specversion":"1.0","id":"z","source":"/web","type":"com.mygreatcompany.order.placed","data":{"items":[{"sku":"ELE-0001","quantity":0}]}}',
  ],
];
