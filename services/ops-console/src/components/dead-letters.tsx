import { useState } from 'preact/hooks';
import { errorText, getJson, postJson } from '../api.ts';
import { formatTime } from '../format.ts';
import type { DeadLetter } from '../types.ts';
import { useLoad } from '../use-load.ts';

/** A JSON payload indented for reading; anything else as it came. */
function pretty(payload: string): string {
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
}

/** Messages the consumer could not apply: why, what they held (personal data masked), and a retry. */
export function DeadLetters() {
  const list = useLoad(
    (signal) => getJson<{ deadLetters: DeadLetter[] }>('/api/ops/dead-letters?limit=50', signal),
    'dead-letters',
    15_000,
  );
  const [message, setMessage] = useState('');
  const [retrying, setRetrying] = useState<Set<string>>(new Set());

  const retry = async (id: string) => {
    setRetrying((s) => new Set(s).add(id));
    try {
      await postJson(`/api/ops/dead-letters/${encodeURIComponent(id)}/retry`, {});
      setMessage(`Retry of dead letter ${id} requested.`);
      for (const ms of [1000, 4000]) setTimeout(list.reload, ms);
    } catch (err) {
      setMessage(`Could not retry dead letter ${id}: ${errorText(err)}`);
      setRetrying((s) => {
        const next = new Set(s);
        next.delete(id);
        return next;
      });
    }
  };

  const letters = list.data?.deadLetters ?? [];
  return (
    <section aria-labelledby="dead-title" id="dead-letters">
      <h2 id="dead-title">Dead letters</h2>
      <p role="status" class="status-line">
        {message}
      </p>
      {list.error && <p class="error">Could not load the dead letters: {list.error}</p>}
      {list.data && letters.length === 0 && <p class="muted">No dead letters.</p>}
      {letters.length > 0 && (
        <div class="table-scroll" tabIndex={0} role="region" aria-label="Dead letters">
          <table>
            <caption class="visually-hidden">Dead letters, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Id</th>
                <th scope="col">Recorded</th>
                <th scope="col">Reason</th>
                <th scope="col">Event</th>
                <th scope="col">Payload (personal data masked)</th>
                <th scope="col">Retry</th>
              </tr>
            </thead>
            <tbody>
              {letters.map((d) => {
                const id = String(d.id);
                return (
                  <tr key={id} data-dead-letter={id}>
                    <th scope="row">{id}</th>
                    <td>{formatTime(d.createdAt)}</td>
                    <td class="reason">{d.reason}</td>
                    <td>
                      <code>{d.eventId ?? '—'}</code>
                      {d.partitionId !== null && (
                        <span class="muted">
                          {' '}
                          partition {d.partitionId}, #{d.sequenceNumber ?? '—'}
                        </span>
                      )}
                    </td>
                    <td>
                      <details>
                        <summary>Payload</summary>
                        <pre>{pretty(d.payload)}</pre>
                      </details>
                    </td>
                    <td class="actions">
                      {d.retriedAt ? (
                        <span>Retried {formatTime(d.retriedAt)}</span>
                      ) : retrying.has(id) ? (
                        <span>Retry requested</span>
                      ) : (
                        <button
                          type="button"
                          aria-label={`Retry dead letter ${id}`}
                          onClick={() => void retry(id)}
                        >
                          Retry
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
