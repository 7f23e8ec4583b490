import { useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api, ApiError } from '../api.ts';
import { unavailableLines } from '../availability.ts';
import { cart, useCart } from '../cart.ts';
import { attemptKey, endAttempt } from '../checkout-attempt.ts';
import {
  FIELD_ORDER,
  fieldForPath,
  orderBody,
  validateCheckout,
  type CheckoutForm,
  type FieldName,
} from '../checkout-rules.ts';
import { describedBy, Field } from '../components/field.tsx';
import { ProblemNotice } from '../components/problem-notice.tsx';
import { Totals, vatLabelFor } from '../components/totals.tsx';
import { SHIPPING_COUNTRIES } from '../countries.ts';
import { formatPrice } from '../format.ts';
import { saveOrder } from '../order-access.ts';
import { loadProducts } from '../products.ts';
import { saveCountry, savedCountry, useQuote } from '../quote.ts';
import { orderPath, PAGES } from '../routes.ts';
import { PAYMENT_METHOD_LABELS, TEST_CARDS } from '../test-cards.ts';
import { useAsync } from '../use-async.ts';
import { useTitle } from '../use-title.ts';

type Errors = Partial<Record<FieldName, string>>;

const ID: Record<FieldName, string> = {
  email: 'checkout-email',
  fullName: 'checkout-name',
  line1: 'checkout-address',
  city: 'checkout-city',
  postalCode: 'checkout-postal-code',
  country: 'checkout-country',
  method: 'checkout-method-card',
  card: 'checkout-card',
};

export function CheckoutPage() {
  useTitle('Checkout');
  const lines = useCart();
  const { route } = useLocation();
  const [form, setForm] = useState<CheckoutForm>(() => ({
    email: '',
    fullName: '',
    line1: '',
    city: '',
    postalCode: '',
    country: savedCountry(),
    method: 'card',
    card: '',
  }));
  const [errors, setErrors] = useState<Errors>({});
  const [touched, setTouched] = useState<Partial<Record<FieldName, boolean>>>({});
  const [problem, setProblem] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);
  const quote = useQuote(lines, form.country);
  const stock = useAsync(() => loadProducts({ fresh: true }), []);
  const blocked = unavailableLines(lines, stock.data);

  const set = (field: FieldName, value: string) => {
    const next = { ...form, [field]: value };
    setForm(next);
    if (field === 'country') saveCountry(value);
    // Once a field has been left (or a submit tried), its message follows every keystroke.
    if (touched[field]) setErrors((e) => ({ ...e, [field]: validateCheckout(next, lines)[field] }));
  };
  const leave = (field: FieldName) => {
    setTouched((t) => ({ ...t, [field]: true }));
    setErrors((e) => ({ ...e, [field]: validateCheckout(form, lines)[field] }));
  };
  const focusFirst = (errs: Errors) => {
    const first = FIELD_ORDER.find((f) => errs[f]);
    if (first) document.getElementById(ID[first])?.focus();
  };

  const placeOrder = async () => {
    if (inFlight.current) return; // a double click: the first press is already on its way
    const errs = validateCheckout(form, lines);
    setErrors(errs);
    setTouched(Object.fromEntries(FIELD_ORDER.map((f) => [f, true])));
    if (Object.values(errs).some(Boolean)) {
      focusFirst(errs);
      return;
    }
    if (blocked.length > 0) return;
    const body = orderBody(form, lines);
    const key = attemptKey(body);
    inFlight.current = true;
    setBusy(true);
    setProblem(undefined);
    try {
      const placed = await api.placeOrder(body, key);
      saveOrder({
        orderId: placed.orderId,
        token: placed.orderToken,
        email: body.customer.email,
        placedAt: Date.now(),
      });
      endAttempt();
      cart.clear();
      route(orderPath(placed.orderId));
    } catch (err) {
      const fieldErrors: Errors = {};
      if (err instanceof ApiError && err.status === 400) {
        for (const f of err.fieldErrors) {
          const field = fieldForPath(f.field);
          if (field) fieldErrors[field] ??= f.message;
        }
      }
      if (Object.keys(fieldErrors).length) {
        setErrors(fieldErrors);
        focusFirst(fieldErrors);
      } else {
        setProblem(err);
      }
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };

  const lineTotal = (sku: string) => {
    const quoted = quote.quote?.lines.find((q) => q.sku === sku);
    return quoted ? formatPrice(quoted.lineTotal) : '';
  };

  if (lines.length === 0) {
    return (
      <>
        <h1>Checkout</h1>
        <p>Your cart is empty.</p>
        <p>
          <a class="button" href={PAGES.catalogue}>
            Browse products
          </a>
        </p>
      </>
    );
  }

  const input = (field: Exclude<FieldName, 'country' | 'method' | 'card'>, autoComplete: string) => {
    const props = {
      ...describedBy(ID[field], errors[field]),
      autoComplete,
      value: form[field],
      onInput: (e: { currentTarget: HTMLInputElement }) => set(field, e.currentTarget.value),
      onBlur: () => leave(field),
    };
    return field === 'email' ? <input type="email" {...props} /> : <input type="text" {...props} />;
  };

  return (
    <>
      <h1>Checkout</h1>
      <div class="checkout">
        <form
          class="checkout-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void placeOrder();
          }}
        >
          <fieldset>
            <legend>Contact</legend>
            <Field id={ID.email} label="Email" error={errors.email}>
              {input('email', 'email')}
            </Field>
            <Field id={ID.fullName} label="Full name" error={errors.fullName}>
              {input('fullName', 'name')}
            </Field>
          </fieldset>
          <fieldset>
            <legend>Shipping address</legend>
            <Field id={ID.line1} label="Address" error={errors.line1}>
              {input('line1', 'address-line1')}
            </Field>
            <Field id={ID.city} label="City" error={errors.city}>
              {input('city', 'address-level2')}
            </Field>
            <Field id={ID.postalCode} label="Postal code" error={errors.postalCode}>
              {input('postalCode', 'postal-code')}
            </Field>
            <Field id={ID.country} label="Country" error={errors.country}>
              <select
                {...describedBy(ID.country, errors.country)}
                autoComplete="country"
                value={form.country}
                onChange={(e) => set('country', e.currentTarget.value)}
                onBlur={() => leave('country')}
              >
                <option value="">Choose a country</option>
                {SHIPPING_COUNTRIES.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.name}
                  </option>
                ))}
              </select>
            </Field>
          </fieldset>
          <fieldset aria-describedby={errors.method ? 'checkout-method-error' : undefined}>
            <legend>Payment method</legend>
            <div class="choices">
              {Object.entries(PAYMENT_METHOD_LABELS).map(([method, label]) => (
                <label key={method} class="choice">
                  <input
                    type="radio"
                    name="method"
                    id={`checkout-method-${method}`}
                    value={method}
                    checked={form.method === method}
                    onChange={() => set('method', method)}
                  />
                  {label}
                </label>
              ))}
            </div>
            {errors.method && (
              <p id="checkout-method-error" class="field-error">
                {errors.method}
              </p>
            )}
            {form.method === 'card' && (
              <Field
                id={ID.card}
                label="Card"
                error={errors.card}
                hint="A demo shop: choose a test card. We never ask for a card number."
              >
                <select
                  {...describedBy(ID.card, errors.card, true)}
                  value={form.card}
                  onChange={(e) => set('card', e.currentTarget.value)}
                  onBlur={() => leave('card')}
                >
                  <option value="">Choose a test card</option>
                  {TEST_CARDS.map((c) => (
                    <option key={c.token} value={c.token}>
                      {c.label}
                    </option>
                  ))}
                </select>
              </Field>
            )}
          </fieldset>
          {problem !== undefined && <ProblemNotice error={problem} onRetry={() => void placeOrder()} />}
          {blocked.length > 0 && (
            <p class="notice notice-warning" role="alert">
              Some items in your cart can’t be ordered right now. <a href={PAGES.cart}>Review your cart</a>
            </p>
          )}
          <button type="submit" class="button button-wide" aria-disabled={busy ? 'true' : undefined}>
            Place order
          </button>
          <p class="hint" aria-live="polite">
            {busy ? 'Placing your order…' : ''}
          </p>
        </form>
        <section class="summary" aria-labelledby="checkout-summary-heading">
          <h2 id="checkout-summary-heading">Your order</h2>
          <ul class="summary-lines">
            {lines.map((l) => (
              <li key={l.sku}>
                <span>
                  {l.quantity} × {l.name}
                </span>
                <span>{lineTotal(l.sku)}</span>
              </li>
            ))}
          </ul>
          {quote.quote && <Totals totals={quote.quote} vatLabel={vatLabelFor(quote.quote)} />}
          {quote.error !== undefined && <ProblemNotice error={quote.error} onRetry={quote.retry} />}
          {!form.country && <p class="hint">Choose a country to see VAT and the total.</p>}
        </section>
      </div>
    </>
  );
}
