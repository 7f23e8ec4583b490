/**
 * Timestamps are stored as UTC `YYYY-MM-DD HH:MM:SS.sss` on both engines: MySQL takes the string for a
 * DATETIME(3), SQLite keeps it as text that sorts and compares like the MySQL value, so the same
 * `placed_at >= '2026-10-01'` works everywhere.
 */
export function toDbTime(date: Date | number): string {
  const d = typeof date === 'number' ? new Date(date) : date;
  return d.toISOString().replace('T', ' ').replace('Z', '');
}

/** The inverse of {@link toDbTime}: a DB timestamp string to an ISO-8601 string with `Z`. */
export function fromDbTime(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const [date, time = '00:00:00'] = value.split(' ');
  const withMs = time.includes('.') ? time : `${time}.000`;
  return `${date}T${withMs.padEnd(12, '0').slice(0, 12)}Z`;
}
