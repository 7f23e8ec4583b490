import type { Product } from './api.ts';
import type { CartLine } from './cart.ts';
import { stockText } from './components/stock-badge.tsx';

/** Lines that cannot be ordered as they are: sold out, fewer left than wanted, or no longer sold. */
export function unavailableLines(lines: readonly CartLine[], products: readonly Product[] | undefined) {
  if (!products) return [];
  const bySku = new Map(products.map((p) => [p.sku, p]));
  return lines.flatMap((l) => {
    const p = bySku.get(l.sku);
    if (!p) return [{ line: l, message: 'No longer sold: please remove it.' }];
    if (p.available <= 0) return [{ line: l, message: 'Out of stock: please remove it.' }];
    if (p.available < l.quantity)
      return [{ line: l, message: `${stockText(p.available)}: lower the quantity.` }];
    return [];
  });
}
