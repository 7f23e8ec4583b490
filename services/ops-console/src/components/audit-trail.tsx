import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, errorText, getJson } from '../api.ts';
import { formatTime, words } from '../format.ts';
import type { AuditAnswer } from '../types.ts';

const ORDER_ID = /^ORD-[0-9A-Z]{10}$/;

/** An order's full audit trail (GET /api/ops/orders/:id/audit), by id or from a held order's link. */
export function AuditTrail({
  orderId,
  onLookup,
}: {
  orderId: string | undefined;
  onLookup(id: string): void;
}) {
  const [draft, setDraft] = useState(orderId ?? '');
  const [state, setState] = useState<{ audit?: AuditAnswer; error?: string; loading?: boolean }>({});
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (!orderId) return;
    setDraft(orderId);
    const controller = new AbortController();
    setState({ loading: true });
    getJson<AuditAnswer>(`/api/ops/orders/${encodeURIComponent(orderId)}/audit`, controller.signal).then(
      (audit) => {
        setState({ audit });
        heading.current?.focus();
      },
      (err: unknown) =>
        !controller.signal.aborted &&
        setState({
          error: err instanceof ApiError && err.status === 404 ? `No order ${orderId}.` : errorText(err),
        }),
    );
    return () => controller.abort();
  }, [orderId]);

  const submit = (e: Event) => {
    e.preventDefault();
    const id = draft.trim().toUpperCase();
    if (!ORDER_ID.test(id)) {
      setState({ error: 'Order ids look like ORD-7K2M9Q4XHB.' });
      return;
    }
    onLookup(id);
  };

  return (
    <section aria-labelledby="audit-title" id="audit">
      <h2 id="audit-title">Audit trail</h2>
      <form class="inline-form" onSubmit={submit}>
        <label for="audit-order">Order id</label>
        <input
          id="audit-order"
          name="order"
          value={draft}
          onInput={(e) => setDraft(e.currentTarget.value)}
          placeholder="ORD-7K2M9Q4XHB"
          autocomplete="off"
          spellcheck={false}
        />
        <button type="submit">Show trail</button>
      </form>
      <div aria-live="polite">
        {state.loading && <p class="muted">Loading…</p>}
        {state.error && <p class="error">{state.error}</p>}
        {state.audit && (
          <>
            <h3 ref={heading} tabIndex={-1}>
              {state.audit.orderId}: {words(state.audit.status)}
            </h3>
            <div
              class="table-scroll"
              tabIndex={0}
              role="region"
              aria-label={`Audit trail of ${state.audit.orderId}`}
            >
              <table>
                <caption class="visually-hidden">Audit trail of {state.audit.orderId}, oldest first</caption>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Event</th>
                    <th scope="col">Event id</th>
                    <th scope="col">Detail</th>
                  </tr>
                </thead>
                <tbody>
                  {state.audit.trail.map((t) => (
                    <tr key={t.eventId + t.at}>
                      <td>{formatTime(t.at)}</td>
                      <td>{t.eventType.replace(/^com\.mygreatcompany\./, '')}</td>
                      <td>
                        <code>{t.eventId}</code>
                      </td>
                      <td>
                        <pre class="detail">
                          {typeof t.detail === 'string' ? t.detail : JSON.stringify(t.detail, null, 1)}
                        </pre>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </div>
    </section>
  );
}
