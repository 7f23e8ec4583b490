/**
 * The storefront's pages. The browser router and the server (serve.ts, which answers unknown paths
 * with the 404 status) both read this list, so they cannot disagree about what exists.
 */
export const PAGES = {
  home: '/',
  catalogue: '/products',
  product: '/products/:sku',
  cart: '/cart',
  checkout: '/checkout',
  order: '/orders/:id',
  track: '/track',
} as const;

const PATTERNS = Object.values(PAGES).map((p) => new RegExp(`^${p.replace(/:[a-z]+/g, '[^/]+')}/?$`));

/** True when `pathname` is one of the storefront's pages (not the 404 page). */
export function isStorefrontPage(pathname: string): boolean {
  return PATTERNS.some((re) => re.test(pathname));
}

export const productPath = (sku: string) => `/products/${encodeURIComponent(sku)}`;
export const orderPath = (id: string) => `/orders/${encodeURIComponent(id)}`;
