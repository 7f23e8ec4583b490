import {
  Faker,
  base,
  de,
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
  de_AT,
  type LocaleDefinition,
} from '@faker-js/faker';
import { CATALOG } from '../../domain/catalog.ts';
import { COUNTRIES, type Country } from '../../domain/geography.ts';
import { EVENT_TYPES, eventSource } from '../../domain/event-types.ts';
import { toCents, fromCents } from '../../domain/money.ts';
import { newOrderId } from '../../domain/order-id.ts';
import type { OrderStatus } from '../../domain/order-status.ts';
import type {
  CARRIERS,
  CancelReason,
  Channel,
  PaymentMethod,
  PaymentStatus,
  ReturnReason,
  ReturnStatus,
} from '../../domain/vocabulary.ts';
import { toDbTime } from '../time.ts';
import { RETURN_COMMENTS } from './return-comments.ts';
import { Rng } from './rng.ts';
import type { SeedRows } from './rows.ts';

export interface SeedOptions {
  orders: number;
  seed: number;
  days: number;
  /** Orders are placed in the `days` days before this instant (midnight UTC of the `--now` date). */
  now: Date;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Customer share per country: a clear leader and a long tail, as a European shop would see. */
const COUNTRY_WEIGHTS: Record<string, number> = {
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

const LOCALES: Record<string, LocaleDefinition[]> = {
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

const CHANNEL_WEIGHTS: readonly (readonly [Channel, number])[] = [
  ['web', 45],
  ['mobile_app', 25],
  ['marketplace', 15],
  ['pos', 7],
  ['partner_api', 5],
  ['file_import', 3],
];

const PAYMENT_WEIGHTS: readonly (readonly [PaymentMethod, number])[] = [
  ['card', 55],
  ['paypal', 28],
  ['bank_transfer', 10],
  ['gift_card', 7],
];

const RETURN_REASON_WEIGHTS: readonly (readonly [ReturnReason, number])[] = [
  ['damaged', 18],
  ['wrong_item', 14],
  ['not_as_described', 22],
  ['changed_mind', 28],
  ['late_delivery', 10],
  ['other', 8],
];

const CARRIER_WEIGHTS: readonly (readonly [(typeof CARRIERS)[number], number])[] = [
  ['DHL', 32],
  ['UPS', 18],
  ['DPD', 16],
  ['GLS', 12],
  ['FedEx', 12],
  ['PostNL', 10],
];

/** Typical door-to-door days per carrier, so delivery-time reports show real differences. */
const CARRIER_DAYS: Record<string, readonly [number, number]> = {
  DHL: [1, 4],
  UPS: [1, 3],
  DPD: [2, 5],
  GLS: [2, 6],
  FedEx: [1, 3],
  PostNL: [2, 5],
};

interface Customer {
  id: number;
  country: Country;
  cityIndex: number;
  email: string;
  fullName: string;
  firstOrderAt: number;
}

/**
 * Builds the whole data set in memory from the seed alone: same options ⇒ the same rows, on any engine.
 * Faker (seeded) writes names and addresses; every other draw comes from {@link Rng} in a fixed order.
 */
export function generateSeed(options: SeedOptions): SeedRows {
  const rng = new Rng(options.seed);
  const nowMs = options.now.getTime();
  const startMs = nowMs - options.days * DAY;
  const fakers = new Map(
    Object.entries(LOCALES).map(([code, locale], i) => {
      const f = new Faker({ locale });
      f.seed(options.seed * 101 + i);
      return [code, f];
    }),
  );
  const fakerFor = (code: string) => fakers.get(code) as Faker;

  // --- products and their popularity --------------------------------------------------------------
  const products = CATALOG.flatMap((category, ci) =>
    category.products.map((name, pi) => {
      const [lo, hi] = category.priceRange;
      const price = fromCents(
        toCents(lo + (hi - lo) * Math.pow(rng.next(), 1.6)) - (rng.chance(0.6) ? 1 : 0),
      );
      return {
        id: ci * 100 + pi + 1,
        sku: `${category.code}-${String(pi + 1).padStart(4, '0')}`,
        name,
        category: category.name,
        unit_price: Math.max(price, 1.99),
        active: !(pi === category.products.length - 1 && ci % 3 === 0),
        created_at: toDbTime(startMs - (200 + rng.int(400)) * DAY),
      };
    }),
  );
  const sellable = products.filter((p) => p.active);
  // A shuffled ranking: the first products in it sell far more than the tail.
  const byPopularity = sellable
    .map((p) => ({ p, key: rng.next() }))
    .sort((x, y) => x.key - y.key)
    .map((x) => x.p);

  // --- customers ----------------------------------------------------------------------------------
  const customerCount = Math.max(20, Math.round(options.orders / 4));
  const countryChoices = COUNTRIES.map((c) => [c, COUNTRY_WEIGHTS[c.code] ?? 1] as const);
  const emails = new Set<string>();
  const customers: Customer[] = [];
  for (let i = 0; i < customerCount; i++) {
    const country = rng.weighted(countryChoices);
    const f = fakerFor(country.code);
    const first = f.person.firstName();
    const last = f.person.lastName();
    let email = f.internet
      .email({ firstName: first, lastName: last, provider: rng.pick(EMAIL_DOMAINS) })
      .toLowerCase();
    while (emails.has(email)) email = email.replace('@', `${rng.int(10)}@`);
    emails.add(email);
    customers.push({
      id: i + 1,
      country,
      cityIndex: rng.skewed(country.cities.length, 1.5),
      email,
      fullName: `${first} ${last}`,
      firstOrderAt: Number.POSITIVE_INFINITY,
    });
  }

  // --- order times: a gentle upward trend, busier weekends and evenings ---------------------------
  const dayWeights = Array.from({ length: options.days }, (_, d) => {
    const weekday = new Date(startMs + d * DAY).getUTCDay();
    return (1 + (0.35 * d) / options.days) * (weekday === 0 || weekday === 6 ? 1.25 : 1);
  });
  const hourWeights = [
    1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2, 3, 3.5, 4, 4, 4.5, 4, 3.5, 3.5, 4, 4.5, 5, 6, 6.5, 5.5, 3.5, 2,
  ];
  const dayChoices = dayWeights.map((w, d) => [d, w] as const);
  const hourChoices = hourWeights.map((w, h) => [h, w] as const);
  const placedTimes = Array.from(
    { length: options.orders },
    () => startMs + rng.weighted(dayChoices) * DAY + rng.weighted(hourChoices) * HOUR + rng.int(HOUR),
  ).sort((a, b) => a - b);

  const rows: SeedRows = {
    customers: [],
    products,
    inventory: [],
    orders: [],
    order_items: [],
    payments: [],
    shipments: [],
    returns: [],
    order_events: [],
    notifications: [],
    dead_letters: [],
  };
  const reservedByProduct = new Map<number, number>();
  const orderIds = new Set<string>();
  const hubEvents: { partition: number; at: number; row: SeedRows['order_events'][number] }[] = [];

  const addEvent = (
    orderId: string,
    type: string,
    at: number,
    data: Record<string, unknown>,
    onHub: boolean,
    source: string,
  ) => {
    const row = {
      event_id: rng.uuid(),
      order_id: orderId,
      type,
      source,
      partition_id: null as string | null,
      sequence_number: null as number | null,
      occurred_at: toDbTime(at),
      recorded_at: toDbTime(at + 20 + rng.int(400)),
      payload: JSON.stringify(data),
    };
    rows.order_events.push(row);
    if (onHub) hubEvents.push({ partition: partitionOf(orderId), at, row });
  };

  for (const placedAt of placedTimes) {
    let id = newOrderId((n) => rng.int(n));
    while (orderIds.has(id)) id = newOrderId((n) => rng.int(n));
    orderIds.add(id);

    const customer = customers[rng.skewed(customers.length, 1.7)]!;
    customer.firstOrderAt = Math.min(customer.firstOrderAt, placedAt);
    const channel = rng.weighted(CHANNEL_WEIGHTS);
    const method = rng.weighted(PAYMENT_WEIGHTS);
    const f = fakerFor(customer.country.code);
    const shipCity = rng.chance(0.85)
      ? customer.country.cities[customer.cityIndex]!
      : rng.pick(customer.country.cities);
    const hasLocation = channel !== 'file_import' && !(channel === 'partner_api' && rng.chance(0.5));

    // Items: distinct popular products, mostly single units.
    const lineCount = rng.weighted([
      [1, 50],
      [2, 30],
      [3, 15],
      [4, 5],
    ] as const);
    const chosen = new Set<number>();
    const items: SeedRows['order_items'] = [];
    let subtotalCents = 0;
    while (items.length < lineCount) {
      const product = byPopularity[rng.skewed(byPopularity.length, 2)]!;
      if (chosen.has(product.id)) continue;
      chosen.add(product.id);
      const quantity = rng.weighted([
        [1, 70],
        [2, 20],
        [3, 10],
      ] as const);
      const lineCents = toCents(product.unit_price) * quantity;
      subtotalCents += lineCents;
      items.push({
        order_id: id,
        line_no: items.length + 1,
        product_id: product.id,
        sku: product.sku,
        quantity,
        unit_price: product.unit_price,
        line_total: fromCents(lineCents),
      });
    }
    const shippingCents = subtotalCents >= 5000 ? 0 : 495;
    const taxCents = Math.round(subtotalCents * customer.country.vatRate);
    const totalCents = subtotalCents + shippingCents + taxCents;

    // Lifecycle: decide the fate, then walk the state machine only as far as `now` allows.
    const fraudScore = rng.chance(0.9) ? rng.int(35) : rng.chance(0.7) ? 35 + rng.int(45) : 80 + rng.int(21);
    const age = nowMs - placedAt;
    let status: OrderStatus;
    let cancelReason: CancelReason | null = null;
    let confirmedAt: number | null = null;
    let shippedAt: number | null = null;
    let deliveredAt: number | null = null;
    let cancelledAt: number | null = null;
    let paymentStatus: PaymentStatus | null = 'authorized';
    let held = false;
    const decisionAt = placedAt + MINUTE + rng.int(4 * MINUTE);

    if (age < 10 * MINUTE || (method === 'bank_transfer' && age < 4 * DAY && rng.chance(0.6))) {
      status = 'pending';
    } else if (rng.chance(0.005)) {
      status = 'cancelled';
      cancelReason = 'validation_failed';
      cancelledAt = placedAt + 2000 + rng.int(5000);
      paymentStatus = null;
    } else if (fraudScore >= 85) {
      status = 'cancelled';
      cancelReason = 'fraud_suspected';
      cancelledAt = decisionAt;
      paymentStatus = 'voided';
    } else if (rng.chance(0.035)) {
      status = 'cancelled';
      cancelReason = 'payment_declined';
      cancelledAt = decisionAt;
      paymentStatus = 'declined';
    } else if (rng.chance(0.015)) {
      status = 'cancelled';
      cancelReason = 'out_of_stock';
      cancelledAt = decisionAt;
      paymentStatus = 'voided';
    } else {
      held = fraudScore >= 60;
      // Manual fraud review takes hours to days, so recent held orders are still waiting.
      const releaseAt = held ? decisionAt + 2 * HOUR + rng.int(6 * DAY) : decisionAt;
      if (held && releaseAt > nowMs) {
        status = 'on_hold';
      } else if (held && rng.chance(0.3)) {
        status = 'cancelled';
        cancelReason = 'fraud_suspected';
        cancelledAt = releaseAt;
        paymentStatus = 'voided';
      } else {
        status = 'confirmed';
        confirmedAt = releaseAt;
        const shipAt = confirmedAt + 4 * HOUR + rng.int(68 * HOUR);
        if (rng.chance(0.02) && confirmedAt + HOUR < nowMs) {
          status = 'cancelled';
          cancelReason = 'customer_request';
          cancelledAt = Math.min(confirmedAt + HOUR + rng.int(20 * HOUR), nowMs - MINUTE, shipAt - MINUTE);
          paymentStatus = 'voided';
        } else if (shipAt < nowMs) {
          status = 'shipped';
          shippedAt = shipAt;
          paymentStatus = 'captured';
        }
      }
    }

    let carrier: string | null = null;
    if (shippedAt !== null) {
      carrier = rng.weighted(CARRIER_WEIGHTS);
      const [lo, hi] = CARRIER_DAYS[carrier]!;
      const deliverAt = shippedAt + lo * DAY + rng.int((hi - lo + 1) * DAY);
      if (deliverAt < nowMs) {
        status = 'delivered';
        deliveredAt = deliverAt;
      }
    }

    // Returns: only on delivered orders; the order becomes `returned` once the return is accepted.
    let returnRow: SeedRows['returns'][number] | null = null;
    if (deliveredAt !== null && rng.chance(0.09)) {
      const requestedAt = deliveredAt + HOUR + rng.int(25 * DAY);
      if (requestedAt < nowMs) {
        const reason = rng.weighted(RETURN_REASON_WEIGHTS);
        const [comment, sentiment, score] = rng.pick(RETURN_COMMENTS[reason]);
        const resolvedAt = requestedAt + DAY + rng.int(6 * DAY);
        let returnStatus: ReturnStatus = 'requested';
        if (resolvedAt < nowMs)
          returnStatus = rng.weighted([
            ['refunded', 70],
            ['approved', 15],
            ['rejected', 15],
          ] as const);
        const accepted = returnStatus === 'refunded' || returnStatus === 'approved';
        if (accepted) status = 'returned';
        if (returnStatus === 'refunded') paymentStatus = 'refunded';
        returnRow = {
          order_id: id,
          reason,
          comment: rng.chance(0.85) ? comment : null,
          sentiment: sentiment,
          sentiment_score: score,
          status: returnStatus,
          refund_amount: returnStatus === 'refunded' ? fromCents(subtotalCents + taxCents) : null,
          requested_at: toDbTime(requestedAt),
          resolved_at: returnStatus === 'requested' ? null : toDbTime(resolvedAt),
        };
      }
    }

    if (status === 'confirmed' || status === 'on_hold') {
      for (const item of items) {
        reservedByProduct.set(item.product_id, (reservedByProduct.get(item.product_id) ?? 0) + item.quantity);
      }
    }

    const lat = hasLocation ? round6(shipCity.lat + (rng.next() - 0.5) * 0.1) : null;
    const lon = hasLocation ? round6(shipCity.lon + (rng.next() - 0.5) * 0.1) : null;
    const timeline = [placedAt, confirmedAt, shippedAt, deliveredAt, cancelledAt].filter(
      (t): t is number => t !== null,
    );
    const returnTimes = returnRow
      ? [
          Date.parse(`${returnRow.requested_at}Z`),
          returnRow.resolved_at ? Date.parse(`${returnRow.resolved_at}Z`) : 0,
        ]
      : [];
    const updatedAt = Math.max(...timeline, ...returnTimes);
    const shippingAddress = {
      line1: f.location.streetAddress(),
      city: shipCity.name,
      postalCode: f.location.zipCode(),
      country: customer.country.code,
    };

    rows.orders.push({
      id,
      customer_id: customer.id,
      status,
      channel,
      currency: 'EUR',
      subtotal: fromCents(subtotalCents),
      shipping_fee: fromCents(shippingCents),
      tax: fromCents(taxCents),
      total: fromCents(totalCents),
      ship_line1: shippingAddress.line1,
      ship_city: shippingAddress.city,
      ship_postal_code: shippingAddress.postalCode,
      ship_country: shippingAddress.country,
      latitude: lat,
      longitude: lon,
      fraud_score: fraudScore,
      cancel_reason: cancelReason,
      placed_at: toDbTime(placedAt),
      confirmed_at: confirmedAt === null ? null : toDbTime(confirmedAt),
      shipped_at: shippedAt === null ? null : toDbTime(shippedAt),
      delivered_at: deliveredAt === null ? null : toDbTime(deliveredAt),
      cancelled_at: cancelledAt === null ? null : toDbTime(cancelledAt),
      updated_at: toDbTime(updatedAt),
    });
    rows.order_items.push(...items);

    if (paymentStatus !== null) {
      rows.payments.push({
        order_id: id,
        method,
        status: paymentStatus,
        amount: fromCents(totalCents),
        provider_ref: providerRef(rng, method),
        created_at: toDbTime(placedAt + 500 + rng.int(3000)),
        updated_at: toDbTime(updatedAt),
      });
    }

    if (shippedAt !== null && carrier !== null) {
      rows.shipments.push({
        order_id: id,
        carrier,
        tracking_number: trackingNumber(rng, carrier),
        status: deliveredAt !== null ? 'delivered' : rng.chance(0.15) ? 'label_created' : 'in_transit',
        shipped_at: toDbTime(shippedAt),
        delivered_at: deliveredAt === null ? null : toDbTime(deliveredAt),
      });
    }
    if (returnRow) rows.returns.push(returnRow);

    // The audit trail: what arrived on the hub, and what the pipeline decided.
    addEvent(
      id,
      EVENT_TYPES.orderPlaced,
      placedAt,
      {
        orderId: id,
        customer: {
          email: customer.email,
          fullName: customer.fullName,
          country: customer.country.code,
          city: customer.country.cities[customer.cityIndex]!.name,
        },
        items: items.map((i) => ({ sku: i.sku, quantity: i.quantity, unitPrice: i.unit_price })),
        shippingAddress,
        payment: { method },
        ...(lat !== null ? { location: { lat, lon } } : {}),
        channel,
      },
      true,
      eventSource(channel),
    );
    if (held)
      addEvent(id, EVENT_TYPES.orderHeld, decisionAt, { orderId: id, fraudScore }, false, 'oms-consumer');
    if (confirmedAt !== null)
      addEvent(id, EVENT_TYPES.orderConfirmed, confirmedAt, { orderId: id }, false, 'oms-consumer');
    if (cancelledAt !== null) {
      const byCustomer = cancelReason === 'customer_request';
      addEvent(
        id,
        EVENT_TYPES.orderCancelled,
        cancelledAt,
        { orderId: id, reason: cancelReason },
        byCustomer,
        byCustomer ? eventSource(channel) : 'oms-consumer',
      );
    }
    if (shippedAt !== null) {
      const shipment = rows.shipments[rows.shipments.length - 1]!;
      addEvent(
        id,
        EVENT_TYPES.orderShipped,
        shippedAt,
        { orderId: id, carrier, trackingNumber: shipment.tracking_number },
        true,
        '/warehouse',
      );
    }
    if (deliveredAt !== null) {
      addEvent(
        id,
        EVENT_TYPES.orderDelivered,
        deliveredAt,
        { orderId: id, deliveredAt: new Date(deliveredAt).toISOString() },
        true,
        `/carriers/${(carrier ?? 'unknown').toLowerCase()}`,
      );
    }
    if (returnRow) {
      addEvent(
        id,
        EVENT_TYPES.returnRequested,
        Date.parse(`${returnRow.requested_at}Z`),
        { orderId: id, reason: returnRow.reason, comment: returnRow.comment },
        true,
        eventSource(channel),
      );
    }

    // A few notifications: confirmations and shipping updates, some failed or still queued.
    if (rng.chance(0.03)) {
      const when = shippedAt ?? confirmedAt ?? placedAt;
      const outcome =
        when > nowMs - HOUR
          ? 'pending'
          : rng.weighted([
              ['sent', 90],
              ['failed', 10],
            ] as const);
      const notifyChannel = channel === 'partner_api' ? 'webhook' : rng.chance(0.2) ? 'sms' : 'email';
      rows.notifications.push({
        order_id: id,
        channel: notifyChannel,
        recipient:
          notifyChannel === 'email'
            ? customer.email
            : notifyChannel === 'sms'
              ? f.phone.number({ style: 'international' })
              : 'https://partner.example.com/hooks/orders',
        template: shippedAt !== null ? 'order_shipped' : 'order_confirmation',
        status: outcome,
        attempts: outcome === 'failed' ? 5 : outcome === 'sent' ? 1 : 0,
        last_error: outcome === 'failed' ? rng.pick(NOTIFICATION_ERRORS) : null,
        created_at: toDbTime(when + 1000),
        sent_at: outcome === 'sent' ? toDbTime(when + 2000 + rng.int(60_000)) : null,
      });
    }
  }

  // Hub sequence numbers follow enqueue order within each partition, as Event Hubs assigns them.
  hubEvents.sort((a, b) => a.at - b.at);
  const nextSeq = [0, 0, 0, 0];
  for (const e of hubEvents) {
    e.row.partition_id = String(e.partition);
    e.row.sequence_number = nextSeq[e.partition]!++;
  }
  rows.order_events.sort((a, b) =>
    a.occurred_at < b.occurred_at ? -1 : a.occurred_at > b.occurred_at ? 1 : 0,
  );

  for (const c of customers) {
    const created = Number.isFinite(c.firstOrderAt)
      ? c.firstOrderAt - rng.int(60 * DAY)
      : startMs + rng.int(Math.max(1, nowMs - startMs));
    rows.customers.push({
      id: c.id,
      email: c.email,
      full_name: c.fullName,
      country: c.country.code,
      city: c.country.cities[c.cityIndex]!.name,
      created_at: toDbTime(created),
    });
  }

  // Stock: what confirmed orders reserve plus what is free; some products low or out of stock.
  for (const p of products) {
    const reserved = reservedByProduct.get(p.id) ?? 0;
    const reorderLevel = 10 + rng.int(41);
    const r = rng.next();
    const available = r < 0.07 ? 0 : r < 0.18 ? 1 + rng.int(reorderLevel - 1) : reorderLevel + rng.int(400);
    rows.inventory.push({
      product_id: p.id,
      on_hand: reserved + available,
      reserved,
      reorder_level: reorderLevel,
      updated_at: toDbTime(nowMs - rng.int(3 * DAY)),
    });
  }

  const deadLetterCount = Math.max(3, Math.round(options.orders / 500));
  for (let i = 0; i < deadLetterCount; i++) {
    const [reason, payload] = rng.pick(DEAD_LETTER_SAMPLES);
    const at = startMs + rng.int(nowMs - startMs);
    rows.dead_letters.push({
      event_id: reason.startsWith('invalid JSON') ? null : rng.uuid(),
      partition_id: String(rng.int(4)),
      sequence_number: rng.int(Math.max(1, hubEvents.length)),
      reason,
      payload,
      created_at: toDbTime(at),
    });
  }
  rows.dead_letters.sort((a, b) => (a.created_at < b.created_at ? -1 : 1));
  return rows;
}

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/** The seed's stand-in for the hub's partition-key hash: stable, and spreads order ids evenly. */
function partitionOf(orderId: string): number {
  let h = 0;
  for (let i = 0; i < orderId.length; i++) h = (Math.imul(h, 31) + orderId.charCodeAt(i)) >>> 0;
  return h % 4;
}

function providerRef(rng: Rng, method: PaymentMethod): string {
  const alnum = (n: number) => Array.from({ length: n }, () => ALNUM[rng.int(ALNUM.length)]).join('');
  switch (method) {
    case 'card':
      return `pi_${alnum(20)}`;
    case 'paypal':
      return `PAYID-${alnum(16).toUpperCase()}`;
    case 'bank_transfer':
      return `SEPA-${alnum(12).toUpperCase()}`;
    case 'gift_card':
      return `GC-${alnum(10).toUpperCase()}`;
  }
}

function trackingNumber(rng: Rng, carrier: string): string {
  const digits = (n: number) => Array.from({ length: n }, () => rng.int(10)).join('');
  const upper = (n: number) =>
    Array.from({ length: n }, () => ALNUM[rng.int(ALNUM.length)])
      .join('')
      .toUpperCase();
  switch (carrier) {
    case 'DHL':
      return `JVGL${digits(16)}`;
    case 'UPS':
      return `1Z${upper(16)}`;
    case 'FedEx':
      return digits(12);
    case 'DPD':
      return digits(14);
    case 'GLS':
      return digits(11);
    default:
      return `3S${upper(13)}`;
  }
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const EMAIL_DOMAINS = ['example.com', 'example.org', 'example.net', 'mail.example.com'];
const NOTIFICATION_ERRORS = [
  'SMTP 550: mailbox unavailable',
  'webhook answered 503 Service Unavailable',
  'SMS gateway timeout after 10 s',
];
const DEAD_LETTER_SAMPLES: readonly (readonly [string, string])[] = [
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
