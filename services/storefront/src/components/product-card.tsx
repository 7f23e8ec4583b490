import type { Product } from '../api.ts';
import { formatPrice } from '../format.ts';
import { productPath } from '../routes.ts';
import { ProductArt } from './product-art.tsx';
import { StockBadge } from './stock-badge.tsx';

export function ProductCard({ product, headingLevel = 3 }: { product: Product; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <li class="card">
      <ProductArt category={product.category} sku={product.sku} />
      <Heading class="card-title">
        <a href={productPath(product.sku)}>{product.name}</a>
      </Heading>
      <p class="card-meta">
        <span class="price">{formatPrice(product.unitPrice)}</span>
        <StockBadge available={product.available} />
      </p>
    </li>
  );
}

export function Loading({ label }: { label: string }) {
  return (
    <p class="loading" aria-busy="true">
      {label}
    </p>
  );
}
