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

/** MySQL returns JSON columns parsed, SQLite as text; both become an object (never personal data). */
export function payloadOf(row: NotificationRow): Record<string, unknown> {
  let value = row.payload;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return {};
    }
  }
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
