import { useMemo } from 'preact/hooks';
import { ProductArt } from '../components/product-art.tsx';
import { Loading, ProductCard } from '../components/product-card.tsx';
import { ProblemNotice } from '../components/problem-notice.tsx';
import { categoriesOf, loadProducts } from '../products.ts';
import { PAGES } from '../routes.ts';
import { useAsync } from '../use-async.ts';
import { useTitle } from '../use-title.ts';

/** One product per category: the first in stock (the catalogue lists by category and name). */
function featured<T extends { category: string; available: number }>(products: readonly T[]): T[] {
  const picks = new Map<string, T>();
  for (const p of products) if (p.available > 0 && !picks.has(p.category)) picks.set(p.category, p);
  return [...picks.values()];
}

export function HomePage() {
  useTitle();
  const products = useAsync(() => loadProducts(), []);
  const categories = useMemo(() => categoriesOf(products.data ?? []), [products.data]);
  return (
    <>
      <section class="hero">
        <h1>Good things for home, work and play</h1>
        <p>Electronics to garden tools, shipped across Europe. Free shipping on bigger orders.</p>
        <a class="button" href={PAGES.catalogue}>
          Browse all products
        </a>
      </section>
      {products.error !== undefined && <ProblemNotice error={products.error} onRetry={products.retry} />}
      {products.loading && !products.data && <Loading label="Loading the shop…" />}
      {products.data && (
        <>
          <section aria-labelledby="categories-heading">
            <h2 id="categories-heading">Shop by category</h2>
            <ul class="category-grid">
              {categories.map((c) => (
                <li key={c.name}>
                  <a class="category-tile" href={`${PAGES.catalogue}?category=${encodeURIComponent(c.name)}`}>
                    <ProductArt category={c.name} />
                    <span class="category-name">{c.name}</span>
                    <span class="category-count">{c.count} products</span>
                  </a>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="featured-heading">
            <h2 id="featured-heading">Featured</h2>
            <ul class="product-grid">
              {featured(products.data).map((p) => (
                <ProductCard key={p.sku} product={p} />
              ))}
            </ul>
          </section>
        </>
      )}
    </>
  );
}
