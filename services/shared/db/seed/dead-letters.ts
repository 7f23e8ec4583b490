import { toDbTime } from '../time.ts';
import { DEAD_LETTER_SAMPLES } from './distributions.ts';
import type { Rng } from './rng.ts';
import type { SeedRows } from './rows.ts';

/** A few dead letters (one per 500 orders, at least 3) from the kinds of message the consumer refuses. */
export function deadLetterRows(
  rng: Rng,
  orders: number,
  hubEventCount: number,
  startMs: number,
  nowMs: number,
): SeedRows['dead_letters'] {
  const rows: SeedRows['dead_letters'] = [];
  const count = Math.max(3, Math.round(orders / 500));
  for (let i = 0; i < count; i++) {
    const [reason, payload] = rng.pick(DEAD_LETTER_SAMPLES);
    const at = startMs + rng.int(nowMs - startMs);
    rows.push({
      event_id: reason.startsWith('invalid JSON') ? null : rng.uuid(),
      partition_id: String(rng.int(4)),
      sequence_number: rng.int(Math.max(1, hubEventCount)),
      reason,
      payload,
      created_at: toDbTime(at),
    });
  }
  return rows.sort((a, b) => (a.created_at < b.created_at ? -1 : 1));
}
