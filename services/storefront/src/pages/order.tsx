import { useEffect, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { RETURN_REASONS } from '../../../shared/domain/vocabulary.ts';
import { api, ApiError, ApiUnreachable, type OrderProof, type OrderView } from '../api.ts';
import { describedBy, Field } from '../components/field.tsx';
import { ProblemNotice } from '../components/problem-notice.tsx';
import { Totals } from '../components/totals.tsx';
import { countryName } from '../countries.ts';
import { formatDateTime, formatPrice } from '../format.ts';
import { saveOrder, savedOrder } from '../order-access.ts';
import { PAGES, productPath } from '../routes.ts';
import { isSettled, statusExplanation, statusLabel } from '../status-words.ts';
import { useTitle } from '../use-title.ts';
import { TrackForm } from './track.tsx';

/** A placed order is on the hub at once but in the database a moment later; until then it is pending. */
const JUST_PLACED_MS = 5 * 60_000;

const RETURN_REASON_LABELS: Record<string, string> = {
  damaged: 'It arrived damaged',
  wrong_item: 'I received the wrong item',
  not_as_described: 'It is not as described',
  changed_mind: 'I changed my mind',
  late_delivery: 'It arrived too late',
  other: 'Another reason',
};

const STEPS = ['pending', 'confirmed', 'shipped', 'delivered'] as const;
const STEP_LABELS = { pending: 'Placed', confirmed: 'Confirmed', shipped: 'Shipped', delivered: 'Delivered' };

/** How long to wait before asking again: quickly while the decision is due, then gently. */
function nextPollMs(status: string | undefined): number {
  if (document.hidden) return 15_000;
  return status === undefined || status === 'pending' ? 1000 : 3000;
}

interface Live {
  order?: OrderView | undefined;
  /** Not in the database (yet): pending if this browser just placed it, else unknown to us. */
  missing?: boolean;
  error?: unknown;
}

/** Follows the order live: asks the API until the order settles (delivered, cancelled, returned). */
function useLiveOrder(
  orderId: string,
  proof: OrderProof | undefined,
  justPlaced: boolean,
): Live & { retry(): void } {
  const [live, setLive] = useState<Live>({});
  const [attempt, setAttempt] = useState(0);
  const proofKey = `${proof?.token ?? ''}|${proof?.email ?? ''}`;
  useEffect(() => {
    if (!proof) return;
    const controller = new AbortController();
    let timer: number | undefined;
    const poll = async () => {
      let wait: number | undefined;
      try {
        const order = await api.order(orderId, proof, controller.signal);
        setLive({ order });
        wait = isSettled(order.status) ? undefined : nextPollMs(order.status);
      } catch (error) {
        if (controller.signal.aborted) return;
        if (error instanceof ApiError && error.status === 404) {
          setLive((l) => ({ ...l, missing: true, error: undefined }));
          wait = justPlaced ? nextPollMs(undefined) : undefined;
        } else {
          setLive((l) => ({ ...l, error }));
          const transient =
            error instanceof ApiUnreachable ||
            (error instanceof ApiError && [429, 503].includes(error.status));
          wait = transient ? Math.max(5, (error as ApiError).retryAfterSeconds ?? 0) * 1000 : undefined;
        }
      }
      if (wait !== undefined && !controller.signal.aborted)
        timer = window.setTimeout(() => void poll(), wait);
    };
    void poll();
    return () => {
      controller.abort();
      window.clearTimeout(timer);
    };
  }, [orderId, proofKey, justPlaced, attempt]);
  return { ...live, retry: () => setAttempt((n) => n + 1) };
}

function Progress({ status }: { status: string }) {
  if (status === 'cancelled' || status === 'on_hold') return null;
  const reached = status === 'returned' ? STEPS.length : STEPS.indexOf(status as (typeof STEPS)[number]) + 1;
  return (
    <ol class="progress" aria-label="Progress">
      {STEPS.map((step, i) => (
        <li
          key={step}
          class={i < reached ? 'done' : ''}
          aria-current={i === reached - 1 ? 'step' : undefined}
        >
          {STEP_LABELS[step]}
        </li>
      ))}
    </ol>
  );
}

function ReturnForm({ orderId, proof, onDone }: { orderId: string; proof: OrderProof; onDone(): void }) {
  const [reason, setReason] = useState('');
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<{ reason?: string; comment?: string }>({});
  const [problem, setProblem] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const submit = async (e?: Event) => {
    e?.preventDefault();
    if (busy) return;
    const errs = {
      reason: (RETURN_REASONS as readonly string[]).includes(reason) ? undefined : 'Choose a reason.',
      comment: comment.trim().length > 2000 ? 'Use at most 2000 characters.' : undefined,
    };
    setErrors(errs);
    if (errs.reason || errs.comment) {
      document.getElementById(errs.reason ? 'return-reason' : 'return-comment')?.focus();
      return;
    }
    setBusy(true);
    setProblem(undefined);
    try {
      await api.requestReturn(orderId, proof, {
        reason,
        ...(comment.trim() ? { comment: comment.trim() } : {}),
      });
      onDone();
    } catch (err) {
      // 409: a return is already on file for this order, which is what the shopper wanted.
      if (err instanceof ApiError && err.status === 409) onDone();
      else setProblem(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="return-form" noValidate onSubmit={submit}>
      <h2>Return this order</h2>
      <Field id="return-reason" label="Reason" error={errors.reason}>
        <select
          {...describedBy('return-reason', errors.reason)}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
        >
          <option value="">Choose a reason</option>
          {RETURN_REASONS.map((r) => (
            <option key={r} value={r}>
              {RETURN_REASON_LABELS[r] ?? r}
            </option>
          ))}
        </select>
      </Field>
      <Field id="return-comment" label="Comment (optional)" error={errors.comment}>
        <textarea
          {...describedBy('return-comment', errors.comment)}
          rows={3}
          value={comment}
          onInput={(e) => setComment(e.currentTarget.value)}
        />
      </Field>
      {problem !== undefined && <ProblemNotice error={problem} onRetry={() => void submit()} />}
      <button type="submit" class="button" aria-disabled={busy ? 'true' : undefined}>
        Request return
      </button>
    </form>
  );
}

function CancelOrder({ orderId, proof }: { orderId: string; proof: OrderProof }) {
  const [state, setState] = useState<'idle' | 'busy' | 'done'>('idle');
  const [problem, setProblem] = useState<unknown>(undefined);
  const cancel = async () => {
    if (state !== 'idle') return;
    setState('busy');
    setProblem(undefined);
    try {
      await api.cancel(orderId, proof);
      setState('done');
    } catch (err) {
      setProblem(err);
      setState('idle');
    }
  };
  if (state === 'done')
    return <p class="notice">Cancellation requested. This page updates when it is done.</p>;
  return (
    <div class="cancel">
      {problem !== undefined && <ProblemNotice error={problem} onRetry={() => void cancel()} />}
      <button type="button" class="button button-secondary" onClick={() => void cancel()}>
        Cancel order
      </button>
    </div>
  );
}

export function OrderPage() {
  const { params } = useRoute();
  const orderId = (params.id ?? '').toUpperCase();
  useTitle(`Order ${orderId}`);
  const [saved, setSaved] = useState(() => savedOrder(orderId));
  const proof: OrderProof | undefined = saved && (saved.token || saved.email) ? saved : undefined;
  const justPlaced = saved?.placedAt !== undefined && Date.now() - saved.placedAt < JUST_PLACED_MS;
  const live = useLiveOrder(orderId, proof, justPlaced);
  const order = live.order;

  if (!proof) {
    return (
      <>
        <h1>Order {orderId}</h1>
        <p>To see this order, enter the email address you placed it with.</p>
        <TrackForm initialOrderId={orderId} onFound={() => setSaved(savedOrder(orderId))} />
      </>
    );
  }
  if (!order && live.missing && !justPlaced) {
    return (
      <>
        <h1>Order {orderId}</h1>
        <p>We couldn’t find this order. Check the order number, or track it with your email address.</p>
        <p>
          <a href={PAGES.track}>Track an order</a>
        </p>
      </>
    );
  }

  const status = order?.status ?? 'pending';
  const view = { status, cancelReason: order?.cancelReason ?? null, shipment: order?.shipment ?? null };
  return (
    <>
      <h1>Order {orderId}</h1>
      <div class={`status status-${status}`} role="status">
        <strong class="status-label">{statusLabel(status)}</strong>
        <span class="status-text">{statusExplanation(view)}</span>
      </div>
      {live.error !== undefined && <ProblemNotice error={live.error} onRetry={live.retry} />}
      <Progress status={status} />
      {order && (
        <>
          {order.shipment && (
            <dl class="facts">
              <div>
                <dt>Carrier</dt>
                <dd>{order.shipment.carrier}</dd>
              </div>
              <div>
                <dt>Tracking number</dt>
                <dd>{order.shipment.trackingNumber}</dd>
              </div>
            </dl>
          )}
          <dl class="facts">
            {order.placedAt && (
              <div>
                <dt>Placed</dt>
                <dd>{formatDateTime(order.placedAt)}</dd>
              </div>
            )}
            {order.deliveredAt && (
              <div>
                <dt>Delivered</dt>
                <dd>{formatDateTime(order.deliveredAt)}</dd>
              </div>
            )}
            <div>
              <dt>Ship to</dt>
              <dd>
                {order.shippingAddress.line1}, {order.shippingAddress.postalCode} {order.shippingAddress.city}
                , {countryName(order.shippingAddress.country)}
              </dd>
            </div>
          </dl>
          <h2>Items</h2>
          <ul class="summary-lines">
            {order.items.map((i) => (
              <li key={i.lineNo}>
                <span>
                  {i.quantity} × <a href={productPath(i.sku)}>{i.name ?? i.sku}</a>
                </span>
                <span>{formatPrice(i.lineTotal)}</span>
              </li>
            ))}
          </ul>
          <Totals totals={order} />
          {['pending', 'confirmed', 'on_hold'].includes(order.status) && (
            <CancelOrder orderId={orderId} proof={proof} />
          )}
          {order.status === 'delivered' &&
            (saved?.returnRequested ? (
              <p class="notice">
                Return requested. We will email you a return label and refund once it arrives.
              </p>
            ) : (
              <ReturnForm
                orderId={orderId}
                proof={proof}
                onDone={() => {
                  saveOrder({ orderId, returnRequested: true });
                  setSaved(savedOrder(orderId));
                }}
              />
            ))}
        </>
      )}
    </>
  );
}
