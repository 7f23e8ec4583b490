import type { Db } from '../../shared/db/connection.ts';
import { fromDbTime, toDbTime } from '../../shared/db/time.ts';
import { CLOUDEVENTS_CONTENT_TYPE } from '../../shared/events/cloud-event.ts';
import { RETRY_OF_PROPERTY } from '../../shared/events/dead-letter-retry.ts';
import { maskPersonalPayload } from '../../shared/privacy/mask-json.ts';
import { maskPersonalText } from '../../shared/privacy/mask-text.ts';
import type { EventPublisher } from '../event-publisher.ts';

export interface OpsDeadLetter {
  id: number;
  eventId: string | null;
  partitionId: string | null;
  sequenceNumber: number | null;
  reason: string;
  createdAt: string | null;
  retriedAt: string | null;
  /** The raw body with personal data masked, cut at {@link MAX_SHOWN_PAYLOAD} characters. */
  payload: string | null;
}

/** Enough to see what failed; a dead letter may hold 256 KiB and a page lists up to 200. */
export const MAX_SHOWN_PAYLOAD = 16 * 1024;

interface DeadLetterRow {
  id: number | string;
  event_id: string | null;
  partition_id: string | null;
  sequence_number: number | string | null;
  reason: string;
  payload: string | null;
  created_at: string | null;
  retried_at: string | null;
}

/** Masked before it is cut, so a cut never leaves half an e-mail address the masker cannot recognise. */
function shownPayload(raw: string | null): string | null {
  if (raw === null) return null;
  const masked = maskPersonalPayload(raw);
  return masked.length > MAX_SHOWN_PAYLOAD ? `${masked.slice(0, MAX_SHOWN_PAYLOAD)}…` : masked;
}

/** Dead letters, newest first; `open` keeps only those not retried yet. */
export async function listDeadLetters(db: Db, limit: number, open: boolean): Promise<OpsDeadLetter[]> {
  const query = db('dead_letters')
    .orderBy('id', 'desc')
    .limit(limit)
    .select(
      'id',
      'event_id',
      'partition_id',
      'sequence_number',
      'reason',
      'payload',
      'created_at',
      'retried_at',
    );
  if (open) query.whereNull('retried_at');
  const rows = (await query) as DeadLetterRow[];
  return rows.map((r) => ({
    id: Number(r.id),
    eventId: r.event_id,
    partitionId: r.partition_id,
    sequenceNumber: r.sequence_number === null ? null : Number(r.sequence_number),
    // Validation messages may quote what the producer sent.
    reason: maskPersonalText(r.reason),
    createdAt: fromDbTime(r.created_at),
    retriedAt: fromDbTime(r.retried_at),
    payload: shownPayload(r.payload),
  }));
}

export type RetryResult =
  | { ok: true; id: number; eventId: string | null }
  | { ok: false; kind: 'not_found' | 'conflict'; detail: string }
  /** The hub did not take it; the claim was released, so the dead letter is open again. */
  | { ok: false; kind: 'unavailable'; error: unknown };

/**
 * The partition key of a retried body: the order id (CloudEvents `subject`), so the retry lands in
 * the partition of the order's other events and keeps their order; a body that names no order goes
 * wherever its dead letter id hashes.
 */
function partitionKeyOf(id: number, raw: string): string {
  try {
    const parsed = JSON.parse(raw) as { subject?: unknown; data?: { orderId?: unknown } } | null;
    const key = parsed?.subject ?? parsed?.data?.orderId;
    if (typeof key === 'string' && key.length > 0 && key.length <= 128) return key;
  } catch {
    // Not JSON: it will be dead-lettered again, visibly, under a new id.
  }
  return `dead-letter-${id}`;
}

/**
 * Sends a dead letter's raw body back through the hub, once. The row is claimed first with an update
 * that matches only while `retried_at` is empty, so concurrent retries (two operators, two API
 * instances) publish it once and the others answer 409; if the hub does not take it the claim is
 * released (the route answers 503 and the operator may retry).
 *
 * The body travels unchanged, with its event id: the consumer applies it if that id was never applied
 * (a dead-lettered event is not recorded as applied), and skips it as a duplicate if the same event
 * reached the database another way meanwhile — once-only processing holds for retries too.
 */
export async function retryDeadLetter(
  db: Db,
  publisher: EventPublisher,
  id: number,
  now = new Date(),
): Promise<RetryResult> {
  const row = (await db('dead_letters').where({ id }).first('id', 'event_id', 'payload', 'retried_at')) as
    Pick<DeadLetterRow, 'id' | 'event_id' | 'payload' | 'retried_at'> | undefined;
  if (!row) return { ok: false, kind: 'not_found', detail: `No dead letter ${id}.` };
  const stamp = toDbTime(now);
  const claimed = await db('dead_letters')
    .where({ id })
    .whereNull('retried_at')
    .update({ retried_at: stamp });
  if (claimed === 0) {
    const at = fromDbTime(
      ((await db('dead_letters').where({ id }).first('retried_at')) as { retried_at: string | null })
        .retried_at,
    );
    return { ok: false, kind: 'conflict', detail: `Dead letter ${id} was already retried at ${at}.` };
  }
  const raw = row.payload ?? '';
  let isJson = true;
  try {
    JSON.parse(raw);
  } catch {
    isJson = false;
  }
  try {
    await publisher.publishRaw({
      body: Buffer.from(raw, 'utf8'),
      partitionKey: partitionKeyOf(id, raw),
      contentType: isJson ? CLOUDEVENTS_CONTENT_TYPE : 'application/octet-stream',
      ...(row.event_id ? { messageId: row.event_id } : {}),
      properties: { [RETRY_OF_PROPERTY]: id },
    });
  } catch (error) {
    await db('dead_letters').where({ id, retried_at: stamp }).update({ retried_at: null });
    return { ok: false, kind: 'unavailable', error };
  }
  return { ok: true, id, eventId: row.event_id };
}
