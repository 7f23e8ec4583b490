import { getJson } from '../api.ts';
import { formatCount, formatTime, words } from '../format.ts';
import type { PipelineHealth } from '../types.ts';
import { useLoad } from '../use-load.ts';
import { DataTable } from './data-table.tsx';

const POLL_MS = 5000;
const rate = new Intl.NumberFormat('en-IE', { maximumFractionDigits: 1 });

/** The consumer's health from its metrics (GET /api/ops/pipeline), polled every few seconds. */
export function Pipeline() {
  const { data, error } = useLoad(
    (signal) => getJson<PipelineHealth>('/api/ops/pipeline', signal),
    'pipeline',
    POLL_MS,
  );
  const retries = Object.entries(data?.retries ?? {});
  return (
    <section aria-labelledby="pipeline-title" id="pipeline">
      <h2 id="pipeline-title">Pipeline health</h2>
      {error && <p class="error">Could not load the pipeline's figures: {error}</p>}
      {data && (
        <>
          <ul class="tiles small">
            <li class="tile" data-figure="events-per-second">
              <p class="tile-label">Events per second</p>
              <p class="tile-value">{rate.format(data.eventsPerSecond)}</p>
            </li>
            <li class="tile">
              <p class="tile-label">Events consumed</p>
              <p class="tile-value">{formatCount(data.eventsTotal)}</p>
            </li>
            <li class="tile" data-figure="dead-letters-open">
              <p class="tile-label">Dead letters open</p>
              <p class="tile-value">{formatCount(data.deadLetters.open)}</p>
              <p class="tile-change">of {formatCount(data.deadLetters.total)} in all</p>
            </li>
            <li class="tile">
              <p class="tile-label">Retries</p>
              <p class="tile-value">{formatCount(retries.reduce((s, [, n]) => s + n, 0))}</p>
              <p class="tile-change">
                {retries.length
                  ? retries.map(([stage, n]) => `${words(stage)} ${formatCount(n)}`).join(', ')
                  : 'none'}
              </p>
            </li>
          </ul>
          <DataTable
            caption="Lag per partition (events not yet consumed)"
            columns={['Partition', 'Lag (events)']}
            rows={data.partitions.map((p) => [p.partitionId, formatCount(p.lagEvents)])}
          />
          <p class="muted">
            Updated {formatTime(data.updatedAt)}; refreshed every {POLL_MS / 1000} s.
          </p>
        </>
      )}
    </section>
  );
}
