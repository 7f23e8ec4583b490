import type { Db } from '../../shared/db/connection.ts';
import { readJsonObject } from '../../shared/db/json-column.ts';
import { toDbTime } from '../../shared/db/time.ts';
import {
  alertTemplate,
  describeAlert,
  parseAlertTemplate,
  type AlertKind,
  type AlertTransition,
} from './alert-kinds.ts';

/** Where one alert goes: an address for `email`, a WEBHOOK_URLS target name (or URL) for `webhook`. */
export interface AlertRecipient {
  channel: 'email' | 'webhook';
  recipient: string;
}

/** The recipients of one template (`alert.dead_letters`, `alert.dead_letters.resolved`, …). */
export type AlertRecipients = (template: string) => AlertRecipient[];

/** What the dispatcher sends for an alert row (docs/notifications.md): its own subject and text, facts. */
export interface AlertMessage {
  template: string;
  subject: string;
  text: string;
  data: Record<string, string | number | null>;
}

export function alertMessage(t: AlertTransition): AlertMessage {
  const summary = describeAlert(t);
  return {
    template: alertTemplate(t.kind, t.state),
    subject: `[OMS ${t.state === 'opened' ? 'ALERT' : 'resolved'}] ${t.kind.replace(/_/g, ' ')} (${t.key})`,
    text: `${summary}\nAt: ${t.at.toISOString()}\nRunbook: docs/alerts.md#${t.kind}`,
    // kind and key are what the monitor restores its incidents from after a restart.
    data: { ...t.details, kind: t.kind, key: t.key, state: t.state, at: t.at.toISOString() },
  };
}

/**
 * Writes one alert (opened or resolved) as outbox rows, one per recipient, in one transaction, so the
 * alert and its record are one fact. `sentDirectly`: the alert already went out through a direct
 * sender while the database was away; the rows then record it as `sent` so the dispatcher does not send
 * it a second time.
 */
export async function writeAlertRows(
  db: Db,
  t: AlertTransition,
  recipients: AlertRecipient[],
  sentDirectly = false,
): Promise<number> {
  if (recipients.length === 0) return 0;
  const message = alertMessage(t);
  const now = toDbTime(new Date());
  const payload = JSON.stringify({ subject: message.subject, text: message.text, ...message.data });
  await db.transaction(async (trx) => {
    await trx('notifications').insert(
      recipients.map((r) => ({
        order_id: null,
        channel: r.channel,
        recipient: r.recipient,
        template: message.template,
        payload,
        status: sentDirectly ? 'sent' : 'pending',
        attempts: sentDirectly ? 1 : 0,
        created_at: now,
        ...(sentDirectly ? { sent_at: now } : {}),
      })),
    );
  });
  return recipients.length;
}

export interface RestoredAlerts {
  /** The incidents open according to the outbox, in the order they opened. */
  open: { kind: AlertKind; key: string; data: Record<string, unknown> }[];
  /** The last dead-letter id an alert row accounted for (to resume the watch without re-firing). */
  deadLetterWatermark: number | undefined;
}

/**
 * Rebuilds the incident state from the outbox: an `alert.<kind>` row opens kind+key, an
 * `alert.<kind>.resolved` row closes it; rows are replayed in id order (several rows per alert, one per
 * recipient, replay to the same state).
 */
export async function restoreAlerts(db: Db): Promise<RestoredAlerts> {
  const rows = (await db('notifications')
    .whereNull('order_id')
    .where('template', 'like', 'alert.%')
    .orderBy('id')
    .select('template', 'payload')) as { template: string; payload: unknown }[];
  const open = new Map<string, { kind: AlertKind; key: string; data: Record<string, unknown> }>();
  let deadLetterWatermark: number | undefined;
  for (const row of rows) {
    const parsed = parseAlertTemplate(row.template);
    const data = readJsonObject(row.payload);
    if (!parsed || typeof data.key !== 'string') continue;
    const id = `${parsed.kind}/${data.key}`;
    if (parsed.state === 'opened') open.set(id, { kind: parsed.kind, key: data.key, data });
    else open.delete(id);
    if (parsed.kind === 'dead_letters' && typeof data.throughId === 'number')
      deadLetterWatermark = Math.max(deadLetterWatermark ?? 0, data.throughId);
  }
  return { open: [...open.values()], deadLetterWatermark };
}
