import type { z } from 'zod';
import { placeOrderRequest } from '../../shared/events/order-request.ts';
import type { CartLine } from './cart.ts';
import { SHIPPING_COUNTRIES } from './countries.ts';

/**
 * The checkout form and its rules. Validity comes from the API's own request schema
 * (shared/events/order-request.ts), so the form refuses exactly what the API would refuse; the storefront
 * only adds plain-language messages and its own choices (a country it ships to, a test card).
 */
export interface CheckoutForm {
  email: string;
  fullName: string;
  line1: string;
  city: string;
  postalCode: string;
  country: string;
  method: string;
  card: string;
}
export type FieldName = keyof CheckoutForm;

/** Form order: the first invalid field in this order gets the focus. */
export const FIELD_ORDER: readonly FieldName[] = [
  'email',
  'fullName',
  'line1',
  'city',
  'postalCode',
  'country',
  'method',
  'card',
];

const MESSAGES: Record<FieldName, string> = {
  email: 'Enter an email address like name@example.com.',
  fullName: 'Enter your full name.',
  line1: 'Enter the street and house number.',
  city: 'Enter the town or city.',
  postalCode: 'Enter the postal code.',
  country: 'Choose the country to ship to.',
  method: 'Choose how you want to pay.',
  card: 'Choose a test card.',
};

/** Where each field of the API's body comes from in the form (and where its errors are shown). */
export function fieldForPath(path: string): FieldName | undefined {
  const map: Record<string, FieldName> = {
    'customer.email': 'email',
    'customer.fullName': 'fullName',
    'customer.country': 'country',
    'customer.city': 'city',
    'shippingAddress.line1': 'line1',
    'shippingAddress.city': 'city',
    'shippingAddress.postalCode': 'postalCode',
    'shippingAddress.country': 'country',
    'payment.method': 'method',
    'payment.token': 'card',
    payment: 'card',
  };
  return map[path];
}

export function orderBody(form: CheckoutForm, lines: readonly CartLine[]) {
  const country = form.country;
  return {
    customer: { email: form.email.trim(), fullName: form.fullName.trim(), country, city: form.city.trim() },
    items: lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
    shippingAddress: {
      line1: form.line1.trim(),
      city: form.city.trim(),
      postalCode: form.postalCode.trim(),
      country,
    },
    payment: form.method === 'card' ? { method: form.method, token: form.card } : { method: form.method },
    channel: 'web',
  };
}

function messageFor(field: FieldName, issue: z.core.$ZodIssue | undefined): string {
  if (issue?.code === 'too_big' && typeof issue.maximum === 'number') {
    return `Use at most ${issue.maximum} characters.`;
  }
  return MESSAGES[field];
}

/** Field → message for every field the API would refuse, plus the storefront's own choices. */
export function validateCheckout(
  form: CheckoutForm,
  lines: readonly CartLine[],
): Partial<Record<FieldName, string>> {
  const errors: Partial<Record<FieldName, string>> = {};
  const parsed = placeOrderRequest.safeParse(orderBody(form, lines));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = fieldForPath(issue.path.join('.'));
      if (field && !errors[field]) errors[field] = messageFor(field, issue);
    }
  }
  if (!SHIPPING_COUNTRIES.some((c) => c.code === form.country)) errors.country ??= MESSAGES.country;
  if (form.method === 'card' && !form.card) errors.card ??= MESSAGES.card;
  return errors;
}

/** One field's message alone, for checking as the shopper leaves it. */
export function validateField(
  field: FieldName,
  form: CheckoutForm,
  lines: readonly CartLine[],
): string | undefined {
  return validateCheckout(form, lines)[field];
}
