import { COUNTRIES, type City } from '../shared/domain/geography.ts';
import {
  APPROVING_TEST_TOKENS,
  DECLINING_TEST_TOKENS,
  DEFAULT_POLICY,
  ELEVATED_RISK_TEST_TOKEN,
  FRAUD_TEST_TOKEN,
  distanceKm,
  type AddressInput,
} from '../shared/domain/order-decision/index.ts';
import type { Customer } from '../shared/db/seed/customers.ts';
import {
  CARRIER_DAYS,
  CARRIER_WEIGHTS,
  CHANNEL_WEIGHTS,
  PAYMENT_WEIGHTS,
  RETURN_REASON_WEIGHTS,
} from '../shared/db/seed/distributions.ts';
import { trackingNumber } from '../shared/db/seed/identifiers.ts';
import { drawOrderLines } from '../shared/db/seed/order-lines.ts';
import type { ProductRow } from '../shared/db/seed/products.ts';
import { RETURN_COMMENTS } from '../shared/db/seed/return-comments.ts';
import { Rng } from '../shared/db/seed/rng.ts';
import type { PlaceOrderRequest } from '../shared/events/order-request.ts';
import type { Channel, PaymentMethod, ReturnReason } from '../shared/domain/vocabulary.ts';
import { Shoppers } from './shoppers.ts';

/**
 * What each simulated order is meant to show. The decision is the real consumer's: the plan only builds
 * orders that carry the signals (a declining test card, a throwaway mailbox, a position far from the
 * shipping city, …) that make the documented checks decide as the intent says.
 */
export const INTENTS = [
  'ordinary',
  'declined_card',
  'risky_review',
  'fraud',
  'sold_out',
  'invalid',
  'bad_request',
] as const;
export type Intent = (typeof INTENTS)[number];

/** Shares per 1000 orders: mostly ordinary shopping, a realistic trickle of everything else. */
export const INTENT_WEIGHTS: readonly (readonly [Intent, number])[] = [
  ['ordinary', 800],
  ['declined_card', 70],
  ['risky_review', 50],
  ['fraud', 30],
  ['sold_out', 20],
  ['invalid', 20],
  ['bad_request', 10],
];

/** A product as `GET /api/products` lists it. */
export interface CatalogProduct {
  sku: string;
  category: string;
  unitPrice: number;
  available: number;
}

/**
 * What happens to an order after the decision, in simulated days (`--day-seconds` turns them into
 * wall-clock seconds). Steps that do not apply to the order's real outcome are skipped.
 */
export interface Journey {
  /** An operator's verdict on a held order, after `reviewAfterDays`. */
  review: 'release' | 'reject';
  reviewAfterDays: number;
  /** The shopper corrects the shipping address before shipment. */
  addressChange?: { afterDays: number; address: AddressInput };
  /** The shopper cancels the confirmed order before shipment. */
  cancelAfterDays?: number;
  ship: { afterDays: number; carrier: string; trackingNumber: string };
  /** Carrier transit time. */
  deliverAfterDays: number;
  /** The shopper returns the delivered order. */
  return?: { afterDays: number; reason: ReturnReason; comment: string };
}

export interface PlannedOrder {
  /** 0-based position in the plan. */
  index: number;
  intent: Intent;
  /** How the order carries its intent, for logs and tests ("tok_chargeDeclinedExpiredCard"). */
  recipe: string;
  request: PlaceOrderRequest;
  journey: Journey;
}

const ORDER_CHANNELS = CHANNEL_WEIGHTS.filter(([c]) => c !== 'file_import');
const RESHIPPING_DELAY_DAYS: readonly [number, number] = [0.5, 1.5];

function methodAllowed(method: PaymentMethod, channel: string, country: string): boolean {
  const scope = DEFAULT_POLICY.paymentMethods[method];
  return (
    (!scope.countries || scope.countries.includes(country)) &&
    (!scope.channels || scope.channels.includes(channel))
  );
}

function between(rng: Rng, [lo, hi]: readonly [number, number]): number {
  return Math.round((lo + rng.next() * (hi - lo)) * 100) / 100;
}

/**
 * The deterministic order plan: an endless sequence of orders drawn from `seed` and the catalogue
 * alone (same seed and catalogue ⇒ the same orders, journeys included), so a run can be repeated and a
 * test can know what it asked for. Lazy, so an hour at 500 orders/s never holds the plan in memory.
 */
export function* orderPlan(seed: number, catalog: readonly CatalogProduct[]): Generator<PlannedOrder> {
  const rng = new Rng(seed ^ 0x51a1);
  const shoppers = new Shoppers(rng, seed);
  const products = [...catalog].sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
  const asRows = (list: readonly CatalogProduct[]) =>
    list.map((p, i): ProductRow => ({
      id: i + 1,
      sku: p.sku,
      name: p.sku,
      category: p.category,
      unit_price: p.unitPrice,
      active: true,
      created_at: '',
    }));
  // Popularity as the seed ranks it: a seeded shuffle, the first products selling far more.
  const inStock = asRows(products.filter((p) => p.available > 0))
    .map((p) => ({ p, key: rng.next() }))
    .sort((x, y) => x.key - y.key)
    .map((x) => x.p);
  const scarce = products.filter((p) => p.available < DEFAULT_POLICY.maxQuantityPerLine);
  if (inStock.length === 0) throw new Error('the catalogue has no product in stock: nothing to order');

  for (let index = 0; ; index++) {
    let intent = rng.weighted(INTENT_WEIGHTS);
    if (intent === 'sold_out' && scarce.length === 0) intent = 'ordinary';
    const fresh = intent === 'risky_review' || intent === 'fraud';
    const customer = fresh ? shoppers.newCustomer() : shoppers.anyCustomer(0.3);
    const country = customer.country.code;
    const city = shoppers.shipCity(customer);

    let channel: Channel = rng.weighted(ORDER_CHANNELS);
    let method: PaymentMethod = rng.weighted(PAYMENT_WEIGHTS);
    if (!methodAllowed(method, channel, country)) method = 'card';
    let token: string | undefined = method === 'card' ? rng.pick(APPROVING_TEST_TOKENS) : undefined;
    let email = customer.email;
    let shipCity: City = city;
    let shippingAddress = shoppers.address(country, city);
    let location: { lat: number; lon: number } | undefined =
      channel === 'partner_api' && rng.chance(0.5) ? undefined : shoppers.near(city);
    const lines = drawOrderLines(rng, inStock, `SIM-${index}`).items.map((i) => ({
      sku: i.sku,
      quantity: i.quantity,
    }));
    let recipe = 'catalogue products in stock, an approving payment';

    const card = (t: string) => {
      method = 'card';
      token = t;
    };
    const shipAbroad = () => {
      const other = rng.pick(COUNTRIES.filter((c) => c.code !== country));
      shipCity = rng.pick(other.cities);
      shippingAddress = shoppers.address(other.code, shipCity);
      location = shoppers.near(shipCity);
    };
    /** Placed from a phone more than 800 km from where the parcel goes (the check fires above 500). */
    const farAway = () => {
      const far = COUNTRIES.flatMap((c) => c.cities).filter((c) => distanceKm(c, shipCity) > 800);
      location = shoppers.near(rng.pick(far));
      channel = rng.pick(['web', 'mobile_app'] as const);
    };

    switch (intent) {
      case 'ordinary':
        break;
      case 'declined_card': {
        const declining = Object.keys(DECLINING_TEST_TOKENS);
        card(rng.pick(declining));
        recipe = `declining test card ${token}`;
        break;
      }
      case 'risky_review': {
        // Each recipe scores 65 (hold) with the default weights; batch card velocity can add 15 (80).
        card(ELEVATED_RISK_TEST_TOKEN);
        if (rng.chance(0.5)) {
          email = shoppers.disposableEmail(customer);
          shipAbroad();
          recipe = 'elevated gateway risk + disposable email + shipping abroad';
        } else {
          shipAbroad();
          farAway();
          recipe = 'elevated gateway risk + shipping abroad + GPS far from the shipping city';
        }
        break;
      }
      case 'fraud': {
        if (rng.chance(0.4)) {
          card(FRAUD_TEST_TOKEN);
          recipe = `gateway blocks the card (${FRAUD_TEST_TOKEN})`;
        } else {
          card(ELEVATED_RISK_TEST_TOKEN);
          email = shoppers.disposableEmail(customer);
          shipAbroad();
          farAway();
          recipe = 'elevated risk + disposable email + shipping abroad + far GPS (score 85)';
        }
        break;
      }
      case 'sold_out': {
        const p = rng.pick(scarce);
        lines.splice(0, lines.length, { sku: p.sku, quantity: p.available + 1 });
        recipe = `${p.available + 1} × ${p.sku} with ${p.available} available when the plan was made`;
        break;
      }
      case 'invalid': {
        // Accepted at intake (well-formed), refused by the business rules: validation_failed.
        const mistake = rng.int(3);
        if (mistake === 0) {
          channel = 'partner_api';
          lines.splice(1);
          lines[0]!.quantity = DEFAULT_POLICY.maxQuantityPerLine + 5;
          recipe = 'trade quantity above the per-line maximum (quantity.per_line)';
        } else if (mistake === 1) {
          method = 'gift_card';
          token = undefined;
          channel = 'marketplace';
          recipe = 'gift card on a marketplace (payment.method_allowed)';
        } else {
          channel = 'partner_api';
          method = 'card';
          token = undefined;
          recipe = 'card payment without a gateway token (payment.card_token)';
        }
        break;
      }
      case 'bad_request': {
        // Refused by the API itself (400): a stale client naming a product the shop never had.
        lines[0]!.sku = `${lines[0]!.sku.split('-')[0]}-9${String(rng.int(1000)).padStart(3, '0')}`;
        recipe = 'unknown SKU (HTTP 400 at intake)';
        break;
      }
    }

    const carrier = rng.weighted(CARRIER_WEIGHTS);
    const reason = rng.weighted(RETURN_REASON_WEIGHTS);
    const journey: Journey = {
      review: rng.chance(0.6) ? 'release' : 'reject',
      reviewAfterDays: between(rng, [0.2, 1]),
      ship: {
        afterDays: between(rng, RESHIPPING_DELAY_DAYS),
        carrier,
        trackingNumber: trackingNumber(rng, carrier),
      },
      deliverAfterDays: between(rng, CARRIER_DAYS[carrier] ?? [1, 4]),
    };
    if (rng.chance(0.05)) {
      journey.addressChange = {
        afterDays: between(rng, [0.05, 0.3]),
        address: shoppers.address(shippingAddress.country, shipCity),
      };
    }
    if (rng.chance(0.04)) journey.cancelAfterDays = between(rng, [0.05, 0.4]);
    if (rng.chance(0.15)) {
      const [comment] = rng.pick(RETURN_COMMENTS[reason]);
      journey.return = { afterDays: between(rng, [0.5, 2]), reason, comment };
    }

    const request: PlaceOrderRequest = {
      customer: {
        email,
        fullName: customer.fullName,
        country,
        city: customer.country.cities[customer.cityIndex]!.name,
      },
      items: lines,
      shippingAddress,
      payment: token === undefined ? { method } : { method, token },
      ...(location ? { location } : {}),
      channel,
    };
    yield { index, intent, recipe, request, journey };
  }
}

/** The first `count` orders of the plan (tests, `--dry-run`). */
export function planOrders(seed: number, catalog: readonly CatalogProduct[], count: number): PlannedOrder[] {
  const orders: PlannedOrder[] = [];
  for (const order of orderPlan(seed, catalog)) {
    if (orders.length >= count) break;
    orders.push(order);
  }
  return orders;
}

export type { Customer };
