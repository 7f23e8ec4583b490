import { useState } from 'preact/hooks';
import { errorText, getJson, postJson } from '../api.ts';
import { formatMoney, formatTime, words } from '../format.ts';
import type { HeldOrder } from '../types.ts';
import { useLoad } from '../use-load.ts';

/** Orders held for fraud review, with release (⇒ confirmed) and reject (⇒ cancelled) actions. */
export function HeldOrders({ onAudit }: { onAudit(orderId: string): void }) {
  const held = useLoad(
    (signal) => getJson<{ orders: HeldOrder[] }>('/api/ops/orders?status=on_hold&limit=50', signal),
    'held',
    10_000,
  );
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState<Record<string, string>>({});

  const decide = async (id: string, decision: 'release' | 'reject') => {
    setBusy((b) => ({ ...b, [id]: decision }));
    try {
      await postJson(`/api/ops/orders/${encodeURIComponent(id)}/${decision}`, {});
      setMessage(
        `${decision === 'release' ? 'Release' : 'Rejection'} of ${id} requested; the pipeline applies it.`,
      );
      // The decision goes through the event stream; look again shortly for the order to leave the list.
      for (const ms of [1000, 3000, 6000]) setTimeout(held.reload, ms);
    } catch (err) {
      setMessage(`Could not ${decision} ${id}: ${errorText(err)}`);
      setBusy(({ [id]: _, ...rest }) => rest);
    }
  };

  const orders = held.data?.orders ?? [];
  return (
    <section aria-labelledby="held-title" id="held">
      <h2 id="held-title">Held orders</h2>
      <p role="status" class="status-line">
        {message}
      </p>
      {held.error && <p class="error">Could not load the held orders: {held.error}</p>}
      {held.data && orders.length === 0 && <p class="muted">No order is waiting for review.</p>}
      {orders.length > 0 && (
        <div class="table-scroll" tabIndex={0} role="region" aria-label="Held orders">
          <table>
            <caption class="visually-hidden">Orders held for fraud review</caption>
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Placed</th>
                <th scope="col">Total</th>
                <th scope="col">Country</th>
                <th scope="col">Channel</th>
                <th scope="col">Fraud score</th>
                <th scope="col">Indicators</th>
                <th scope="col">Decision</th>
              </tr>
            </thead>
            <tbody>
              {orders.map((o) => (
                <tr key={o.id} data-order={o.id}>
                  <th scope="row">
                    <a
                      href={`/ops?order=${encodeURIComponent(o.id)}#audit`}
                      onClick={(e) => {
                        e.preventDefault();
                        onAudit(o.id);
                      }}
                    >
                      {o.id}
                    </a>
                  </th>
                  <td>{formatTime(o.placedAt)}</td>
                  <td class="num">{formatMoney(o.total)}</td>
                  <td>{o.country}</td>
                  <td>{words(o.channel)}</td>
                  <td class="num">{o.fraudScore ?? '—'}</td>
                  <td>{o.fraudIndicators.map(words).join(', ') || '—'}</td>
                  <td class="actions">
                    {busy[o.id] ? (
                      <span>{busy[o.id] === 'release' ? 'Release requested' : 'Rejection requested'}</span>
                    ) : (
                      <>
                        <button
                          type="button"
                          aria-label={`Release ${o.id}`}
                          onClick={() => void decide(o.id, 'release')}
                        >
                          Release
                        </button>
                        <button
                          type="button"
                          class="danger"
                          aria-label={`Reject ${o.id}`}
                          onClick={() => void decide(o.id, 'reject')}
                        >
                          Reject
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
