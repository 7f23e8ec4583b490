import { maskPersonalText } from './mask-text.ts';

/**
 * Masks the personal data in an event payload (a dead letter's raw body, an `order_events` payload)
 * before an operator sees it. The keys are the event fields that feed the personal columns of
 * services/shared/db/schema.ts — `customer.email` → `customers.email`, `customer.fullName` →
 * `customers.full_name`, `shippingAddress.line1` → `orders.ship_line1`, `recipient` →
 * `notifications.recipient` — plus their column spellings, phone numbers and the payment token (a
 * credential). Everything else stays readable, so the operator can still see why an event failed; free
 * text (a return comment, a reason) passes the e-mail and phone masker, and coordinates are coarsened
 * to about 10 km so a home cannot be located.
 */
const HIDDEN_KEYS = new Set(
  [
    'email',
    'fullName',
    'full_name',
    'name',
    'firstName',
    'lastName',
    'line1',
    'line2',
    'ship_line1',
    'shipLine1',
    'street',
    'phone',
    'phoneNumber',
    'mobile',
    'recipient',
    'token',
  ].map((k) => k.toLowerCase()),
);
const COORDINATE_KEYS = new Set(['lat', 'lon', 'lng', 'latitude', 'longitude']);

export const HIDDEN = '(hidden)';

/** A copy of a parsed JSON value with personal fields replaced by `(hidden)`. */
export function maskPersonalJson(value: unknown, key?: string): unknown {
  const k = key?.toLowerCase();
  if (k !== undefined && HIDDEN_KEYS.has(k) && value !== null && typeof value !== 'object') return HIDDEN;
  if (k !== undefined && COORDINATE_KEYS.has(k) && typeof value === 'number') {
    return Math.round(value * 10) / 10;
  }
  if (typeof value === 'string') return maskPersonalText(value);
  if (Array.isArray(value)) return value.map((v) => maskPersonalJson(v));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([name, v]) => [name, maskPersonalJson(v, name)]));
  }
  return value;
}

/**
 * `"key": "value"` pairs in text that is almost JSON (a truncated or broken body). The alternatives of
 * the value are disjoint and bounded, so the scan stays linear; a value cut off by the end of the text
 * counts too.
 */
const KEY_VALUE = /"([A-Za-z0-9_]{1,40})"(\s{0,20}:\s{0,20})"((?:[^"\\]|\\.){0,4000})("|$)/g;

/**
 * A raw message body with its personal data masked: a JSON body field by field (re-serialised
 * compactly); a body that never parsed as free text, with the personal fields of any JSON-looking
 * `"key": "value"` pairs hidden as well.
 */
export function maskPersonalPayload(raw: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    const pairs = raw.replace(KEY_VALUE, (match, key: string, colon: string, _value: string, end: string) =>
      HIDDEN_KEYS.has(key.toLowerCase()) ? `"${key}"${colon}"${HIDDEN}${end}` : match,
    );
    return maskPersonalText(pairs);
  }
  return JSON.stringify(maskPersonalJson(parsed));
}
