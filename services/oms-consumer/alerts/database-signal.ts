import type { Db } from '../../shared/db/connection.ts';
import type { Observation } from './alert-kinds.ts';

/**
 * "The consumer cannot reach the database for longer than a threshold", measured by this process
 * itself: a `select 1` every round, bounded by `probeTimeoutMs` (a stopped server refuses at once, a
 * hung one must not stall the monitor). The outage starts at the first failed probe and ends at the
 * first successful one. The state is in memory: when the database is away there is nowhere else to
 * keep it, and a restarted consumer measures afresh.
 */
export class DatabaseSignal {
  private downSinceMs: number | undefined;
  private lastError = '';

  constructor(
    private readonly db: Db,
    private readonly thresholdMs: number,
    private readonly probeTimeoutMs = 3_000,
  ) {}

  /** True while the last probe failed: the outbox cannot be written now. */
  get down(): boolean {
    return this.downSinceMs !== undefined;
  }

  async observe(nowMs: number): Promise<Observation> {
    const thresholdSeconds = Math.round(this.thresholdMs / 1000);
    try {
      await probe(this.db, this.probeTimeoutMs);
      const downSeconds = this.downSinceMs === undefined ? 0 : Math.round((nowMs - this.downSinceMs) / 1000);
      this.downSinceMs = undefined;
      return {
        kind: 'database_unreachable',
        key: 'database',
        firing: false,
        details: { downSeconds, thresholdSeconds },
      };
    } catch (err) {
      this.downSinceMs ??= nowMs;
      // The error code or a short message; never the connection URL (it may carry the password).
      const e = err as { code?: string; message?: string };
      this.lastError = (e.code ?? e.message ?? 'unknown error')
        .replace(/\/\/[^@\s]*@/g, '//***@')
        .slice(0, 200);
      const downMs = nowMs - this.downSinceMs;
      return {
        kind: 'database_unreachable',
        key: 'database',
        firing: downMs >= this.thresholdMs,
        details: {
          downSeconds: Math.round(downMs / 1000),
          thresholdSeconds,
          since: new Date(this.downSinceMs).toISOString(),
          error: this.lastError,
        },
      };
    }
  }
}

async function probe(db: Db, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      db.raw('select 1'),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(Object.assign(new Error('probe timed out'), { code: 'PROBE_TIMEOUT' })),
          timeoutMs,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
