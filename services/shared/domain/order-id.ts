import { randomInt } from 'node:crypto';

/** Crockford base32: no I, L, O, U, so an id read over the phone is not misheard. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 10;
export const ORDER_ID_PATTERN = /^ORD-[0-9A-HJKMNP-TV-Z]{10}$/;

/**
 * Order numbers shown to customers: `ORD-` and ten base32 characters (50 bits), e.g. `ORD-7K2M9Q4XHB`.
 * `nextInt(n)` supplies randomness in [0, n); the seed passes its deterministic generator.
 */
export function newOrderId(nextInt: (n: number) => number = randomInt): string {
  let s = 'ORD-';
  for (let i = 0; i < LENGTH; i++) s += ALPHABET[nextInt(ALPHABET.length)];
  return s;
}

export function isOrderId(value: string): boolean {
  return ORDER_ID_PATTERN.test(value);
}
