import { Faker } from '@faker-js/faker';
import { AuditTrail } from './audit-trail.ts';
import { customerRows, drawCustomers } from './customers.ts';
import { deadLetterRows } from './dead-letters.ts';
import { DAY, LOCALES } from './distributions.ts';
import { drawOrder, type OrderWorld } from './order-rows.ts';
import { drawPlacedTimes } from './order-times.ts';
import { drawProducts, rankByPopularity } from './products.ts';
import { Rng } from './rng.ts';
import type { SeedRows } from './rows.ts';
import { inventoryRows } from './stock.ts';

export interface SeedOptions {
  orders: number;
  seed: number;
  days: number;
  /** Orders are placed in the `days` days before this instant (midnight UTC of the `--now` date). */
  now: Date;
}

/** One seeded Faker per country locale, so names and addresses fit the customer's country. */
function localFakers(seed: number): (country: string) => Faker {
  const fakers = new Map(
    Object.entries(LOCALES).map(([code, locale], i) => {
      const f = new Faker({ locale });
      f.seed(seed * 101 + i);
      return [code, f];
    }),
  );
  return (code) => fakers.get(code) as Faker;
}

/**
 * Builds the whole data set in memory from the seed alone: same options ⇒ the same rows, on any engine.
 * Faker (seeded) writes names and addresses; every other draw comes from {@link Rng} in a fixed order —
 * products, customers, order times, each order in time order, then sign-up dates, stock and dead letters —
 * so the steps below must keep their order.
 */
export function generateSeed(options: SeedOptions): SeedRows {
  const rng = new Rng(options.seed);
  const nowMs = options.now.getTime();
  const startMs = nowMs - options.days * DAY;
  const fakerFor = localFakers(options.seed);

  const products = drawProducts(rng, startMs);
  const byPopularity = rankByPopularity(rng, products);
  const customers = drawCustomers(rng, fakerFor, options.orders);
  const placedTimes = drawPlacedTimes(rng, options.orders, options.days, startMs);

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
  const world: OrderWorld = {
    rng,
    nowMs,
    customers,
    byPopularity,
    fakerFor,
    rows,
    trail: new AuditTrail(rng),
    orderIds: new Set(),
    reservedByProduct: new Map(),
  };
  for (const placedAt of placedTimes) drawOrder(world, placedAt);

  rows.order_events = world.trail.finish();
  rows.customers = customerRows(rng, customers, startMs, nowMs);
  rows.inventory = inventoryRows(rng, products, world.reservedByProduct, nowMs);
  rows.dead_letters = deadLetterRows(rng, options.orders, world.trail.hubEventCount, startMs, nowMs);
  return rows;
}
