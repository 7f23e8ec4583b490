import { toDbTime } from '../shared/db/time.ts';
import type { OrderCloudEvent } from '../shared/events/cloud-event.ts';
import type { ReceivedMessage } from './received-message.ts';

/** The `order_events` row of an event that arrived on the hub. */
export function auditRow(
  event: OrderCloudEvent,
  source: ReceivedMessage,
  data: unknown,
  now: Date,
): Record<string, unknown> {
  return {
    event_id: event.id,
    order_id: event.subject,
    type: event.type,
    source: event.source,
    partition_id: source.partitionId,
    sequence_number: source.sequenceNumber,
    occurred_at: toDbTime(new Date(event.time)),
    recorded_at: toDbTime(now),
    payload: JSON.stringify(data),
  };
}

/** The `dead_letters` row of a message that was not applied, with why. */
export function deadLetterRow(
  source: ReceivedMessage,
  eventId: string | undefined,
  reason: string,
  raw: string,
  now: Date,
): Record<string, unknown> {
  return {
    event_id: eventId ?? null,
    partition_id: source.partitionId,
    sequence_number: source.sequenceNumber,
    reason: reason.slice(0, 1000),
    payload: raw.slice(0, 256 * 1024),
    created_at: toDbTime(now),
  };
}
