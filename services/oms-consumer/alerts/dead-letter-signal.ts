import type { Db } from '../../shared/db/connection.ts';
import type { Observation } from './alert-kinds.ts';

/**
 * "Dead letters appear": new rows in `dead_letters` since the last look. The watermark is the highest
 * id seen; it starts at the newest existing row (dead letters from before this process, including the
 * seed's, are not news) unless the outbox says how far the last alert got. The incident stays open
 * while dead letters keep arriving and resolves after `quietMs` without a new one.
 *
 * Only counts and reason texts leave here, never `payload` (it holds personal data).
 */
export class DeadLetterSignal {
  private watermark = 0;
  private lastNewAtMs: number | undefined;
  private total = 0;

  constructor(
    private readonly db: Db,
    private readonly quietMs: number,
  ) {}

  /** Starts the watch after `restored` (from the outbox), or after the newest dead letter there is. */
  async start(restored: number | undefined): Promise<void> {
    if (restored !== undefined) {
      this.watermark = restored;
      return;
    }
    const [row] = (await this.db('dead_letters').max({ id: 'id' })) as [{ id: number | string | null }];
    this.watermark = Number(row.id ?? 0);
  }

  async observe(nowMs: number, open: boolean): Promise<Observation> {
    const fresh = (await this.db('dead_letters')
      .where('id', '>', this.watermark)
      .orderBy('id', 'desc')
      .limit(1000)
      .select('id', 'reason')) as { id: number | string; reason: string }[];
    if (fresh.length > 0) {
      this.watermark = Number(fresh[0]!.id);
      this.lastNewAtMs = nowMs;
      this.total += fresh.length;
      const reasons = [...new Set(fresh.slice(0, 20).map((r) => scrub(r.reason)))].slice(0, 3);
      return {
        kind: 'dead_letters',
        key: 'all',
        firing: true,
        details: {
          count: fresh.length,
          reasons: reasons.join(' | '),
          throughId: this.watermark,
        },
      };
    }
    // An incident restored from the outbox gets a full quiet period from now.
    if (open) this.lastNewAtMs ??= nowMs;
    const quiet = this.lastNewAtMs === undefined || nowMs - this.lastNewAtMs >= this.quietMs;
    const details = {
      quietSeconds: Math.round(this.quietMs / 1000),
      total: this.total,
      throughId: this.watermark,
    };
    if (quiet && open) this.total = 0;
    return { kind: 'dead_letters', key: 'all', firing: !quiet, details };
  }
}

/**
 * A reason is the OMS's own text, but a database error inside it can quote a value ("Duplicate entry
 * 'ada@example.com'"): quoted values and anything shaped like an email address are blanked.
 */
export function scrub(reason: string): string {
  return reason
    .replace(/[^\s'"<>()]+@[^\s'"<>()]+/g, '[email]')
    .replace(/(entry|value) '[^']*'/gi, "$1 '…'")
    .slice(0, 200);
}
