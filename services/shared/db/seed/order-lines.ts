import { fromCents } from '../../domain/money.ts';
import { lineTotalCents } from '../../domain/pricing.ts';
import type { ProductRow } from './products.ts';
import type { Rng } from './rng.ts';
import type { SeedRows } from './rows.ts';

/** An order's lines: distinct popular products, mostly single units; and their subtotal in cents. */
export function drawOrderLines(
  rng: Rng,
  byPopularity: readonly ProductRow[],
  orderId: string,
): { items: SeedRows['order_items']; subtotalCents: number } {
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
    const lineCents = lineTotalCents(product.unit_price, quantity);
    subtotalCents += lineCents;
    items.push({
      order_id: orderId,
      line_no: items.length + 1,
      product_id: product.id,
      sku: product.sku,
      quantity,
      unit_price: product.unit_price,
      line_total: fromCents(lineCents),
    });
  }
  return { items, subtotalCents };
}
