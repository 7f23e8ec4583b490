import { CATALOG } from '../../domain/catalog.ts';
import { fromCents, toCents } from '../../domain/money.ts';
import { toDbTime } from '../time.ts';
import { DAY } from './distributions.ts';
import type { Rng } from './rng.ts';
import type { SeedRows } from './rows.ts';

export type ProductRow = SeedRows['products'][number];

/** The catalogue with seeded prices inside each category's range; the last product of some is retired. */
export function drawProducts(rng: Rng, startMs: number): ProductRow[] {
  return CATALOG.flatMap((category, ci) =>
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
}

/** The products still sold, in a shuffled ranking: the first sell far more than the tail. */
export function rankByPopularity(rng: Rng, products: readonly ProductRow[]): ProductRow[] {
  return products
    .filter((p) => p.active)
    .map((p) => ({ p, key: rng.next() }))
    .sort((x, y) => x.key - y.key)
    .map((x) => x.p);
}
