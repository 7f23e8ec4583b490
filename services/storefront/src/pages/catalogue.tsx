import { useMemo } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import type { Product } from '../api.ts';
import { Loading, ProductCard } from '../components/product-card.tsx';
import { ProblemNotice } from '../components/problem-notice.tsx';
import { byText } from '../format.ts';
import { categoriesOf, loadProducts } from '../products.ts';
import { PAGES } from '../routes.ts';
import { useAsync } from '../use-async.ts';
import { useTitle } from '../use-title.ts';

const SORTS = {
  name: { label: 'Name (A–Z)', compare: byText((p: Product) => p.name) },
  'price-asc': {
    label: 'Price (low to high)',
    compare: (a: Product, b: Product) => a.unitPrice - b.unitPrice,
  },
  'price-desc': {
    label: 'Price (high to low)',
    compare: (a: Product, b: Product) => b.unitPrice - a.unitPrice,
  },
} as const;
type SortKey = keyof typeof SORTS;

/** Filter, search and sort live in the address, so a filtered list can be shared and survives reload. */
export function CataloguePage() {
  const { query, route } = useLocation();
  const category = query.category ?? '';
  const search = query.q ?? '';
  const sort: SortKey = query.sort && query.sort in SORTS ? (query.sort as SortKey) : 'name';
  useTitle(category || 'All products');
  const products = useAsync(() => loadProducts(), []);

  const setQuery = (changes: Record<string, string>) => {
    const params = new URLSearchParams({ category, q: search, sort, ...changes });
    for (const [k, v] of [...params]) if (!v || (k === 'sort' && v === 'name')) params.delete(k);
    const qs = params.toString();
    route(qs ? `${PAGES.catalogue}?${qs}` : PAGES.catalogue, true);
  };

  const shown = useMemo(() => {
    const words = search.trim().toLowerCase().split(/\s+/).filter(Boolean);
    return (products.data ?? [])
      .filter((p) => !category || p.category === category)
      .filter((p) => words.every((w) => p.name.toLowerCase().includes(w) || p.sku.toLowerCase().includes(w)))
      .sort(SORTS[sort].compare);
  }, [products.data, category, search, sort]);
  const categories = categoriesOf(products.data ?? []);

  return (
    <>
      <h1>{category || 'All products'}</h1>
      <form class="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="filter-category">Category</label>
          <select
            id="filter-category"
            value={category}
            onChange={(e) => setQuery({ category: e.currentTarget.value })}
          >
            <option value="">All categories</option>
            {categories.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="filter-search">Search</label>
          <input
            id="filter-search"
            type="search"
            value={search}
            placeholder="Name or SKU"
            onInput={(e) => setQuery({ q: e.currentTarget.value })}
          />
        </div>
        <div class="field">
          <label for="filter-sort">Sort by</label>
          <select id="filter-sort" value={sort} onChange={(e) => setQuery({ sort: e.currentTarget.value })}>
            {Object.entries(SORTS).map(([key, s]) => (
              <option key={key} value={key}>
                {s.label}
              </option>
            ))}
          </select>
        </div>
      </form>
      {products.error !== undefined && <ProblemNotice error={products.error} onRetry={products.retry} />}
      {products.loading && !products.data && <Loading label="Loading products…" />}
      {products.data && (
        <>
          <p class="result-count" aria-live="polite">
            {shown.length === 1 ? '1 product' : `${shown.length} products`}
          </p>
          {shown.length === 0 ? (
            <p>No products match. Try another word or category.</p>
          ) : (
            <ul class="product-grid">
              {shown.map((p) => (
                <ProductCard key={p.sku} product={p} headingLevel={2} />
              ))}
            </ul>
          )}
        </>
      )}
    </>
  );
}
