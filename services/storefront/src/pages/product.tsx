import { useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { cart, MAX_QUANTITY, useCart } from '../cart.ts';
import { ProductArt } from '../components/product-art.tsx';
import { Loading } from '../components/product-card.tsx';
import { ProblemNotice } from '../components/problem-notice.tsx';
import { StockBadge } from '../components/stock-badge.tsx';
import { formatPrice } from '../format.ts';
import { loadProducts } from '../products.ts';
import { PAGES } from '../routes.ts';
import { useAsync } from '../use-async.ts';
import { useTitle } from '../use-title.ts';
import { NotFoundPage } from './not-found.tsx';

export function ProductPage() {
  const { params } = useRoute();
  const sku = params.sku ?? '';
  // The list is one request for the whole catalogue and is usually loaded already; fresh stock on entry.
  const products = useAsync(() => loadProducts({ fresh: true }), [sku]);
  const product = products.data?.find((p) => p.sku === sku);
  const lines = useCart();
  const [quantity, setQuantity] = useState('1');
  const [added, setAdded] = useState('');
  useTitle(product?.name ?? (products.data ? 'Product not found' : 'Product'));

  if (products.error !== undefined) return <ProblemNotice error={products.error} onRetry={products.retry} />;
  if (!products.data) return <Loading label="Loading the product…" />;
  if (!product) return <NotFoundPage what="product" />;

  const inCart = lines.find((l) => l.sku === sku)?.quantity ?? 0;
  const max = Math.min(product.available, MAX_QUANTITY);
  const canAdd = max - inCart;
  const n = Number(quantity);
  const quantityError =
    canAdd <= 0
      ? ''
      : !Number.isInteger(n) || n < 1
        ? 'Enter a whole number of at least 1.'
        : n > canAdd
          ? `You can add at most ${canAdd} more.`
          : '';

  const add = (e: Event) => {
    e.preventDefault();
    if (quantityError || canAdd <= 0) return;
    const done = cart.add(
      { sku: product.sku, name: product.name, category: product.category, unitPrice: product.unitPrice },
      n,
      max,
    );
    setAdded(done > 0 ? `Added ${done} × ${product.name} to your cart.` : '');
    setQuantity('1');
  };

  return (
    <article class="product">
      <ProductArt category={product.category} sku={product.sku} class="art-large" />
      <div class="product-info">
        <p class="breadcrumbs">
          <a href={`${PAGES.catalogue}?category=${encodeURIComponent(product.category)}`}>
            {product.category}
          </a>
        </p>
        <h1>{product.name}</h1>
        <p class="price price-large">
          {formatPrice(product.unitPrice)} <span class="price-note">excl. VAT</span>
        </p>
        <p>
          <StockBadge available={product.available} />
        </p>
        <p class="sku">SKU {product.sku}</p>
        <form class="add-to-cart" onSubmit={add} noValidate>
          <div class="field field-inline">
            <label for="quantity">Quantity</label>
            <input
              id="quantity"
              type="number"
              inputMode="numeric"
              min={1}
              max={Math.max(1, canAdd)}
              value={quantity}
              disabled={canAdd <= 0}
              aria-invalid={quantityError ? 'true' : undefined}
              aria-describedby={quantityError ? 'quantity-error' : undefined}
              onInput={(e) => {
                setQuantity(e.currentTarget.value);
                setAdded('');
              }}
            />
            {quantityError && (
              <p id="quantity-error" class="field-error">
                {quantityError}
              </p>
            )}
          </div>
          <button type="submit" class="button" disabled={canAdd <= 0 || Boolean(quantityError)}>
            Add to cart
          </button>
        </form>
        {product.available <= 0 && <p>This product is out of stock and cannot be ordered right now.</p>}
        {product.available > 0 && canAdd <= 0 && (
          <p>
            Your cart already holds all {product.available} we have. <a href={PAGES.cart}>View cart</a>
          </p>
        )}
        <p class="added" aria-live="polite">
          {added && (
            <>
              {added} <a href={PAGES.cart}>View cart</a>
            </>
          )}
        </p>
      </div>
    </article>
  );
}
