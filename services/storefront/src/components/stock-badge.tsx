/** Below this many units the shop says "Only N left". */
export const LOW_STOCK = 10;

export function stockText(available: number): string {
  if (available <= 0) return 'Out of stock';
  if (available < LOW_STOCK) return `Only ${available} left`;
  return 'In stock';
}

export function StockBadge({ available }: { available: number }) {
  const kind = available <= 0 ? 'out' : available < LOW_STOCK ? 'low' : 'in';
  return <span class={`stock stock-${kind}`}>{stockText(available)}</span>;
}
