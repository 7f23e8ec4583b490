import type { Db } from '../shared/db/connection.ts';
import { toDbTime } from '../shared/db/time.ts';
import { ROW_COLUMNS, type NotificationRow } from './notification-row.ts';

/**
 * Claims up to `limit` due rows for this instance in one short transaction: pending, due
 * (`next_attempt_at` passed or unset) and not leased by another instance (`claimed_until` passed or
 * unset). On MySQL/MariaDB the selection is `FOR UPDATE SKIP LOCKED`, so two instances claiming at the
 * same moment take disjoint rows instead of waiting for, or double-taking, each other's; SQLite has a
 * single writer, so its transaction alone makes the claim exclusive. The lease then keeps the row this
 * instance's after the commit, until it records the outcome or the lease runs out (a crashed instance).
 */
export async function claimDue(
  db: Db,
  options: { instance: string; limit: number; leaseMs: number; now: Date },
): Promise<NotificationRow[]> {
  if (options.limit <= 0) return [];
  const now = toDbTime(options.now);
  const mysql = db.client.config.client === 'mysql2';
  return db.transaction(async (trx) => {
    let due = trx('notifications')
      .where('status', 'pending')
      .andWhere((q) => q.whereNull('next_attempt_at').orWhere('next_attempt_at', '<=', now))
      .andWhere((q) => q.whereNull('claimed_until').orWhere('claimed_until', '<', now))
      .orderBy('id')
      .limit(options.limit)
      .select('id');
    if (mysql) due = due.forUpdate().skipLocked();
    const ids = ((await due) as { id: number }[]).map((r) => r.id);
    if (ids.length === 0) return [];
    await trx('notifications')
      .whereIn('id', ids)
      .update({
        claimed_by: options.instance,
        claimed_until: toDbTime(options.now.getTime() + options.leaseMs),
      });
    return (await trx('notifications')
      .whereIn('id', ids)
      .orderBy('id')
      .select([...ROW_COLUMNS])) as NotificationRow[];
  });
}

/** Records a delivery; only while this instance still holds the row (a lost lease changes nothing). */
export async function markSent(db: Db, row: NotificationRow, instance: string, now: Date): Promise<boolean> {
  const changed = await db('notifications')
    .where({ id: row.id, claimed_by: instance, status: 'pending' })
    .update({
      status: 'sent',
      sent_at: toDbTime(now),
      attempts: row.attempts + 1,
      last_error: null,
      next_attempt_at: null,
      claimed_by: null,
      claimed_until: null,
    });
  return changed === 1;
}

/** Records a failed attempt: retried at `retryAt`, or `failed` for good when `retryAt` is undefined. */
export async function markFailed(
  db: Db,
  row: NotificationRow,
  instance: string,
  error: string,
  retryAt: Date | undefined,
): Promise<boolean> {
  const changed = await db('notifications')
    .where({ id: row.id, claimed_by: instance, status: 'pending' })
    .update({
      status: retryAt ? 'pending' : 'failed',
      attempts: row.attempts + 1,
      last_error: error.slice(0, 2000),
      next_attempt_at: retryAt ? toDbTime(retryAt) : null,
      claimed_by: null,
      claimed_until: null,
    });
  return changed === 1;
}
