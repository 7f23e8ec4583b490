import { toDbTime } from '../time.ts';
import { DAY } from './distributions.ts';
import type { ProductRow } from './products.ts';
import type { Rng } from './rng.ts';
import type { SeedRows } from './rows.ts';

/** Stock: what confirmed and held orders reserve plus what is free; some products low or out of stock. */
export function inventoryRows(
  rng: Rng,
  products: readonly ProductRow[],
  reservedByProduct: ReadonlyMap<number, number>,
  nowMs: number,
): SeedRows['inventory'] {
  return products.map((p) => {
    const reserved = reservedByProduct.get(p.id) ?? 0;
    const reorderLevel = 10 + rng.int(41);
    const r = rng.next();
    const available = r < 0.07 ? 0 : r < 0.18 ? 1 + rng.int(reorderLevel - 1) : reorderLevel + rng.int(400);
    return {
      product_id: p.id,
      on_hand: reserved + available,
      reserved,
      reorder_level: reorderLevel,
      updated_at: toDbTime(nowMs - rng.int(3 * DAY)),
    };
  });
}
