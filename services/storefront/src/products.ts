import { api, type Product } from './api.ts';

/**
 * The catalogue (about 160 products, one small JSON) is loaded once and shared by the pages that list
 * it; it is refreshed when older than MAX_AGE_MS so stock shown stays recent.
 */
const MAX_AGE_MS = 30_000;
let cached: { at: number; products: Promise<Product[]> } | undefined;

export function loadProducts(options: { fresh?: boolean } = {}): Promise<Product[]> {
  if (!cached || options.fresh || Date.now() - cached.at > MAX_AGE_MS) {
    const products = api.products();
    cached = { at: Date.now(), products };
    products.catch(() => {
      if (cached?.products === products) cached = undefined;
    });
  }
  return cached.products;
}

export function categoriesOf(products: readonly Product[]): { name: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const p of products) counts.set(p.category, (counts.get(p.category) ?? 0) + 1);
  return [...counts].map(([name, count]) => ({ name, count }));
}
