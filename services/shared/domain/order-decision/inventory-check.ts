import type { CatalogView, OrderInput, StockLedger } from './decision-input.ts';

export interface Reservation {
  productId: number;
  quantity: number;
}

/**
 * The units the order needs per product (lines naming the same SKU summed), when the ledger holds them
 * all; undefined when any product is short or unknown. Reads the ledger, never changes it.
 */
export function checkStock(
  order: OrderInput,
  catalog: CatalogView,
  stock: StockLedger,
): Reservation[] | undefined {
  const wanted = new Map<number, number>();
  for (const item of order.items) {
    const productId = catalog.get(item.sku)?.productId;
    if (productId === undefined) return undefined;
    wanted.set(productId, (wanted.get(productId) ?? 0) + item.quantity);
  }
  for (const [productId, quantity] of wanted) {
    if ((stock.get(productId) ?? 0) < quantity) return undefined;
  }
  return [...wanted].map(([productId, quantity]) => ({ productId, quantity }));
}

/** Draws `reservations` from the batch's ledger, so the next order of the batch sees what is left. */
export function drawDown(stock: StockLedger, reservations: readonly Reservation[]): void {
  for (const r of reservations) stock.set(r.productId, (stock.get(r.productId) ?? 0) - r.quantity);
}

/**
 * All of the order's units reserved, or none: only when every product suffices is the ledger drawn
 * down. Available stock therefore never goes below zero. Undefined when stock is short.
 */
export function reserveStock(
  order: OrderInput,
  catalog: CatalogView,
  stock: StockLedger,
): Reservation[] | undefined {
  const reservations = checkStock(order, catalog, stock);
  if (reservations) drawDown(stock, reservations);
  return reservations;
}
