import { ErrorBoundary, lazy, LocationProvider, Route, Router } from 'preact-iso';
import { useCart } from './cart.ts';
import { formatPrice } from './format.ts';
import { SHIPPING_RULE } from '../../shared/domain/pricing.ts';
import { CartPage } from './pages/cart.tsx';
import { CataloguePage } from './pages/catalogue.tsx';
import { HomePage } from './pages/home.tsx';
import { NotFoundPage } from './pages/not-found.tsx';
import { ProductPage } from './pages/product.tsx';
import { PAGES } from './routes.ts';

// The checkout (with the API's validation rules) and the order pages load only when visited, so the
// pages most people land on ship the least JavaScript.
const CheckoutPage = lazy(() => import('./pages/checkout.tsx').then((m) => m.CheckoutPage));
const OrderPage = lazy(() => import('./pages/order.tsx').then((m) => m.OrderPage));
const TrackPage = lazy(() => import('./pages/track.tsx').then((m) => m.TrackPage));

function CartLink() {
  const lines = useCart();
  const count = lines.reduce((n, l) => n + l.quantity, 0);
  return (
    <a class="cart-link" href={PAGES.cart}>
      Cart <span class="badge">{count}</span>
      <span class="visually-hidden"> {count === 1 ? 'item' : 'items'}</span>
    </a>
  );
}

/** After client-side navigation, move focus to the new page's heading, as a page load would. */
function onRouteChange() {
  window.scrollTo(0, 0);
  const heading = document.querySelector<HTMLElement>('main h1');
  if (heading) {
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }
}

export function App() {
  return (
    <LocationProvider>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="site-header">
        <div class="wrap header-inner">
          <a class="logo" href={PAGES.home}>
            <svg viewBox="0 0 32 32" width="28" height="28" aria-hidden="true" focusable="false">
              <rect width="32" height="32" rx="7" fill="#1d4ed8" />
              <path
                d="M8 23V9l8 8 8-8v14"
                fill="none"
                stroke="#fff"
                stroke-width="3"
                stroke-linejoin="round"
              />
            </svg>
            MyGreatCompany
          </a>
          <nav aria-label="Main">
            <ul class="nav-list">
              <li>
                <a href={PAGES.catalogue}>Shop</a>
              </li>
              <li>
                <a href={PAGES.track}>Track order</a>
              </li>
              <li>
                <CartLink />
              </li>
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" class="wrap">
        <ErrorBoundary>
          <Router onRouteChange={onRouteChange}>
            <Route path={PAGES.home} component={HomePage} />
            <Route path={PAGES.catalogue} component={CataloguePage} />
            <Route path={PAGES.product} component={ProductPage} />
            <Route path={PAGES.cart} component={CartPage} />
            <Route path={PAGES.checkout} component={CheckoutPage} />
            <Route path={PAGES.order} component={OrderPage} />
            <Route path={PAGES.track} component={TrackPage} />
            <Route default component={NotFoundPage} />
          </Router>
        </ErrorBoundary>
      </main>
      <footer class="site-footer">
        <div class="wrap">
          <p>
            Prices in euros, excluding VAT. Free shipping on orders from{' '}
            {formatPrice(SHIPPING_RULE.freeFromCents / 100)}.
          </p>
        </div>
      </footer>
    </LocationProvider>
  );
}
