import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { cart, MAX_QUANTITY, useCart, type CartLine } from '../cart.ts';
import { ProductArt } from '../components/product-art.tsx';
import { ProblemNotice } from '../components/problem-notice.tsx';
import { unavailableLines } from '../availability.ts';
import { Totals, vatLabelFor } from '../components/totals.tsx';
import { SHIPPING_COUNTRIES } from '../countries.ts';
import { formatPrice, pluralItems } from '../format.ts';
import { loadProducts } from '../products.ts';
import { saveCountry, savedCountry, useQuote } from '../quote.ts';
import { PAGES, productPath } from '../routes.ts';
import { useAsync } from '../use-async.ts';
import { useTitle } from '../use-title.ts';

function QuantityField({ line }: { line: CartLine }) {
  const [text, setText] = useState(String(line.quantity));
  // Follow changes made elsewhere (another tab, the product page) without fighting the typing here.
  useEffect(() => {
    if (Number(text) !== line.quantity) setText(String(line.quantity));
  }, [line.quantity]);
  const id = `qty-${line.sku}`;
  const n = Number(text);
  const error =
    !Number.isInteger(n) || n < 1 || n > MAX_QUANTITY
      ? `Enter a whole number from 1 to ${MAX_QUANTITY}.`
      : '';
  return (
    <div class="field field-inline">
      <label for={id}>
        Quantity<span class="visually-hidden"> of {line.name}</span>
      </label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={1}
        max={MAX_QUANTITY}
        value={text}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onInput={(e) => {
          const value = e.currentTarget.value;
          setText(value);
          const q = Number(value);
          if (Number.isInteger(q) && q >= 1 && q <= MAX_QUANTITY) cart.setQuantity(line.sku, q);
        }}
      />
      {error && (
        <p id={`${id}-error`} class="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

export function CartPage() {
  useTitle('Cart');
  const lines = useCart();
  const { route } = useLocation();
  const [country, setCountry] = useState(savedCountry);
  const quote = useQuote(lines, country);
  const stock = useAsync(() => loadProducts({ fresh: true }), []);
  const blocked = unavailableLines(lines, stock.data);
  const count = lines.reduce((n, l) => n + l.quantity, 0);

  if (lines.length === 0) {
    return (
      <>
        <h1>Your cart</h1>
        <p>Your cart is empty.</p>
        <p>
          <a class="button" href={PAGES.catalogue}>
            Browse products
          </a>
        </p>
      </>
    );
  }

  return (
    <>
      <h1>Your cart</h1>
      <p>{pluralItems(count)}</p>
      <ul class="cart-lines">
        {lines.map((l) => {
          const problem = blocked.find((b) => b.line.sku === l.sku);
          const quoted = quote.quote?.lines.find((q) => q.sku === l.sku);
          return (
            <li key={l.sku} class="cart-line">
              <ProductArt category={l.category} sku={l.sku} class="art-small" />
              <div class="cart-line-main">
                <a href={productPath(l.sku)}>{l.name}</a>
                <span class="price">{formatPrice(quoted?.unitPrice ?? l.unitPrice)} each</span>
                {problem && <p class="field-error">{problem.message}</p>}
              </div>
              <div class="cart-line-controls">
                <QuantityField line={l} />
                <span class="line-total">{quoted ? formatPrice(quoted.lineTotal) : ''}</span>
                <button type="button" class="button-link" onClick={() => cart.remove(l.sku)}>
                  Remove<span class="visually-hidden"> {l.name}</span>
                </button>
              </div>
            </li>
          );
        })}
      </ul>
      <section class="summary" aria-labelledby="summary-heading">
        <h2 id="summary-heading">Order summary</h2>
        <div class="field">
          <label for="cart-country">Ship to</label>
          <select
            id="cart-country"
            value={country}
            onChange={(e) => {
              setCountry(e.currentTarget.value);
              saveCountry(e.currentTarget.value);
            }}
          >
            {SHIPPING_COUNTRIES.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        {quote.error !== undefined && <ProblemNotice error={quote.error} onRetry={quote.retry} />}
        {quote.quote && (
          <div aria-busy={quote.loading ? 'true' : 'false'}>
            <Totals totals={quote.quote} vatLabel={vatLabelFor(quote.quote)} />
            {quote.quote.shippingFee > 0 && (
              <p class="hint">Free shipping from {formatPrice(quote.quote.freeShippingFrom)} of goods.</p>
            )}
          </div>
        )}
        {!quote.quote && quote.loading && <p class="loading">Calculating totals…</p>}
        {stock.error !== undefined && <ProblemNotice error={stock.error} onRetry={stock.retry} />}
        {blocked.length > 0 && (
          <p class="notice notice-warning">Some items can’t be ordered as they are; see the notes above.</p>
        )}
        <button
          type="button"
          class="button button-wide"
          disabled={blocked.length > 0 || !stock.data || !quote.quote}
          onClick={() => route(PAGES.checkout)}
        >
          Checkout
        </button>
      </section>
    </>
  );
}
