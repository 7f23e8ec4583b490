import type { RequestHandler } from 'express';
import type { FieldError } from '../problem.ts';
import { sendProblem } from '../problem.ts';

/** Digits in groups as people write card numbers: "4111 1111 1111 1111", "4111-1111-…", or run together. */
const DIGIT_RUN = /\d+(?:[ \t\u00a0-]{1,3}\d+)*/g;
const GROUP_SEPARATOR = /[ \t\u00a0-]+/;

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * True when `text` holds a Luhn-valid number of 12–19 digits: a whole run of digits, or consecutive
 * digit groups of a longer run ("4111 1111 1111 1111 12/29" still holds the card). Linear in the text:
 * each group starts at most 19 digits' worth of candidates.
 */
export function containsCardNumber(text: string): boolean {
  for (const [run] of text.matchAll(DIGIT_RUN)) {
    if (run.length < 12) continue;
    const groups = run.split(GROUP_SEPARATOR);
    for (let start = 0; start < groups.length; start++) {
      let digits = '';
      for (let end = start; end < groups.length && digits.length < 19; end++) {
        digits += groups[end];
        if (digits.length >= 12 && digits.length <= 19 && luhnValid(digits)) return true;
      }
    }
  }
  return false;
}

/**
 * The fields of a parsed JSON body that hold a card number, named by path (`payment.token`,
 * `items.0.sku`); keys are checked too. Iterative, so a deeply nested body cannot overflow the stack.
 */
export function cardNumberFields(body: unknown): string[] {
  const found: string[] = [];
  const stack: { value: unknown; path: string }[] = [{ value: body, path: '' }];
  const at = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));
  while (stack.length) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      if (containsCardNumber(value)) found.push(path || '(body)');
    } else if (typeof value === 'number') {
      // A card number sent as a JSON number; String() writes integers below 1e21 digit by digit.
      if (Number.isInteger(value) && Math.abs(value) >= 1e11 && containsCardNumber(String(Math.abs(value))))
        found.push(path || '(body)');
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => stack.push({ value: v, path: at(path, i) }));
    } else if (value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        // Never name a field by a key that is itself the number.
        if (containsCardNumber(key)) found.push(at(path, '(key)'));
        stack.push({ value: v, path: containsCardNumber(key) ? at(path, '(key)') : at(path, key) });
      }
    }
  }
  return [...new Set(found)].sort();
}

/**
 * Card data must never enter the order stream: Capture keeps every event for ten years on immutable
 * storage, where it could never be deleted. Refuses any JSON body holding a card number with 400,
 * naming the fields and never echoing the number.
 */
export const refuseCardNumbers: RequestHandler = (req, res, next) => {
  const fields = cardNumberFields(req.body);
  if (fields.length === 0) return next();
  const errors: FieldError[] = fields.map((field) => ({
    field,
    message: 'looks like a payment card number; card data is never accepted',
  }));
  sendProblem(
    res,
    400,
    'Card number refused',
    'Payment card numbers must not be sent to this API: pay through the payment gateway and send its token (tok_… or pm_…).',
    { errors },
  );
};
