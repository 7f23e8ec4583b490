import { auditPages, type PageAudit } from '../helpers/lighthouse.ts';
import { startLocalSystem } from '../helpers/local-system.ts';

/** The storefront pages Lighthouse scores: where shoppers land. */
export async function storefrontPages(baseUrl: string): Promise<{ home: string; product: string }> {
  const res = await fetch(`${baseUrl}/api/products`);
  const { products } = (await res.json()) as { products: { sku: string; available: number }[] };
  const product = products.find((p) => p.available > 0) ?? products[0];
  if (!product) throw new Error('the catalogue is empty');
  return { home: `${baseUrl}/`, product: `${baseUrl}/products/${product.sku}` };
}

/**
 * `npm run lighthouse` (= `npm run bench -- storefront`): starts the local system as `npm start` does,
 * runs Lighthouse (mobile profile) on the home and a product page, and prints the scores, the Web
 * Vitals and the JavaScript each page loads.
 */
export async function benchStorefront(): Promise<{ pages: Record<string, PageAudit> }> {
  process.stderr.write('starting the local system (oms start)…\n');
  const system = await startLocalSystem();
  try {
    const pages = await storefrontPages(system.url);
    process.stderr.write('running Lighthouse on the home and a product page…\n');
    const [home, product] = await auditPages([pages.home, pages.product]);
    return { pages: { home: home!, product: product! } };
  } finally {
    await system.stop();
  }
}
