import { lineTotalCents, priceOrder } from '../pricing.ts';
import type { CatalogView, OrderInput } from './decision-input.ts';
import type { DecisionPolicy } from './decision-policy.ts';

/** A business rule an order must pass before any check runs; a failure cancels it as `validation_failed`. */
export interface ValidationRule {
  /** Stable id, recorded in the audit trail when the rule fails. */
  id: string;
  message: string;
  passes(order: OrderInput, catalog: CatalogView, policy: DecisionPolicy): boolean;
}

// Deliberately plain: a mailbox, one @, a domain with a dot and no empty labels.
const EMAIL = /^[^\s@]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}$/;

const blank = (s: string) => s.trim() === '';

export const VALIDATION_RULES: readonly ValidationRule[] = [
  {
    id: 'sku.known_and_active',
    message: 'Every item must be a product the shop sells (known SKU, still active).',
    passes: (order, catalog) => order.items.every((item) => catalog.get(item.sku)?.active === true),
  },
  {
    id: 'items.no_duplicate_sku',
    message: 'Each SKU may appear on one line only.',
    passes: (order) => new Set(order.items.map((i) => i.sku)).size === order.items.length,
  },
  {
    id: 'quantity.per_line',
    message: 'Each line must order between 1 and the per-line maximum of units.',
    passes: (order, _catalog, policy) =>
      order.items.every(
        (i) => Number.isInteger(i.quantity) && i.quantity >= 1 && i.quantity <= policy.maxQuantityPerLine,
      ),
  },
  {
    id: 'quantity.per_order',
    message: 'The order must not exceed the per-order maximum of units.',
    passes: (order, _catalog, policy) =>
      order.items.reduce((sum, i) => sum + i.quantity, 0) <= policy.maxUnitsPerOrder,
  },
  {
    id: 'price.catalog',
    message: "Every line must carry the catalogue's price: the client never sets a price.",
    passes: (order, catalog) =>
      order.items.every((i) => {
        const product = catalog.get(i.sku);
        // An unknown SKU is sku.known_and_active's failure, not a price failure.
        return !product || lineTotalCents(i.unitPrice, 1) === lineTotalCents(product.unitPrice, 1);
      }),
  },
  {
    id: 'customer.email',
    message: 'The customer email must be a valid address.',
    passes: (order) => order.email.length <= 254 && EMAIL.test(order.email),
  },
  {
    id: 'address.shippable',
    message: 'The shipping address must be complete and in a country the shop ships to.',
    passes: (order, _catalog, policy) => {
      const a = order.shippingAddress;
      return !blank(a.line1) && !blank(a.city) && !blank(a.postalCode) && policy.shipsTo.includes(a.country);
    },
  },
  {
    id: 'total.within_limits',
    message: 'The order total must lie within the configured limits.',
    passes: (order, _catalog, policy) => {
      const { total } = priceOrder(order.items, order.shippingAddress.country);
      return total >= policy.minTotalCents && total <= policy.maxTotalCents;
    },
  },
  {
    id: 'payment.method_allowed',
    message: 'The payment method must be offered for the shipping country and the channel.',
    passes: (order, _catalog, policy) => {
      const scope = policy.paymentMethods[order.paymentMethod];
      if (!scope) return false;
      return (
        (!scope.countries || scope.countries.includes(order.shippingAddress.country)) &&
        (!scope.channels || scope.channels.includes(order.channel))
      );
    },
  },
  {
    id: 'payment.card_token',
    message: "A card payment must carry the gateway's card token: the shop never sees card numbers.",
    passes: (order) => order.paymentMethod !== 'card' || (order.paymentToken ?? '') !== '',
  },
];

/** The ids of the rules `order` fails, in rule order; empty when it passes them all. */
export function failedRules(
  order: OrderInput,
  catalog: CatalogView,
  policy: DecisionPolicy,
  rules: readonly ValidationRule[] = VALIDATION_RULES,
): string[] {
  return rules.filter((rule) => !rule.passes(order, catalog, policy)).map((rule) => rule.id);
}
