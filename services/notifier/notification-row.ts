import { readJsonObject } from '../shared/db/json-column.ts';

/** A `notifications` row as the dispatcher reads it (docs/notifications.md). */
export interface NotificationRow {
  id: number;
  order_id: string | null;
  channel: string;
  recipient: string;
  template: string;
  attempts: number;
  created_at: string;
  payload: unknown;
  language: string | null;
}

export const ROW_COLUMNS = [
  'id',
  'order_id',
  'channel',
  'recipient',
  'template',
  'attempts',
  'created_at',
  'payload',
  'language',
] as const;

/** The row's payload as an object (never personal data); see readJsonObject. */
export function payloadOf(row: NotificationRow): Record<string, unknown> {
  return readJsonObject(row.payload);
}
