import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ORDER_ID_PATTERN } from '../../../shared/domain/order-id.ts';
import { customerSchema } from '../../../shared/events/order-event-data.ts';
import { api, ApiError } from '../api.ts';
import { describedBy, Field } from '../components/field.tsx';
import { ProblemNotice } from '../components/problem-notice.tsx';
import { saveOrder } from '../order-access.ts';
import { orderPath } from '../routes.ts';
import { useTitle } from '../use-title.ts';

/** Order number + the email it was placed with: the proof the API accepts for "track my order". */
export function TrackForm({
  initialOrderId = '',
  onFound,
}: {
  initialOrderId?: string;
  onFound?: () => void;
}) {
  const { route } = useLocation();
  const [orderId, setOrderId] = useState(initialOrderId);
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<{ orderId?: string; email?: string }>({});
  const [notFound, setNotFound] = useState(false);
  const [problem, setProblem] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (e?: Event) => {
    e?.preventDefault();
    if (busy) return;
    const id = orderId.trim().toUpperCase();
    const address = email.trim();
    const errs = {
      orderId: ORDER_ID_PATTERN.test(id) ? undefined : 'Enter the order number, like ORD-7K2M9Q4XHB.',
      email: customerSchema.shape.email.safeParse(address).success
        ? undefined
        : 'Enter an email address like name@example.com.',
    };
    setErrors(errs);
    setNotFound(false);
    if (errs.orderId || errs.email) {
      document.getElementById(errs.orderId ? 'track-order' : 'track-email')?.focus();
      return;
    }
    setBusy(true);
    setProblem(undefined);
    try {
      await api.order(id, { email: address });
      saveOrder({ orderId: id, email: address });
      if (onFound) onFound();
      else route(orderPath(id));
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) setNotFound(true);
      else setProblem(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="track-form" noValidate onSubmit={submit}>
      <Field id="track-order" label="Order number" error={errors.orderId}>
        <input
          {...describedBy('track-order', errors.orderId)}
          type="text"
          autoComplete="off"
          spellcheck={false}
          value={orderId}
          onInput={(e) => setOrderId(e.currentTarget.value)}
        />
      </Field>
      <Field id="track-email" label="Email" error={errors.email}>
        <input
          {...describedBy('track-email', errors.email)}
          type="email"
          autoComplete="email"
          value={email}
          onInput={(e) => setEmail(e.currentTarget.value)}
        />
      </Field>
      {notFound && (
        <p class="notice notice-error" role="alert">
          We couldn’t find an order with that number and email address. Check both and try again.
        </p>
      )}
      {problem !== undefined && <ProblemNotice error={problem} onRetry={() => void submit()} />}
      <button type="submit" class="button" aria-disabled={busy ? 'true' : undefined}>
        Track order
      </button>
    </form>
  );
}

export function TrackPage() {
  useTitle('Track your order');
  return (
    <>
      <h1>Track your order</h1>
      <p>
        Enter your order number (it is in your confirmation email) and the email address you ordered with.
      </p>
      <TrackForm />
    </>
  );
}
