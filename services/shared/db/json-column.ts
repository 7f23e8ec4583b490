/**
 * A JSON column's value as read: MySQL answers it parsed, SQLite and MariaDB as text. Text that does
 * not parse is returned as it is (a dead letter's payload often is exactly that).
 */
export function readJsonColumn(value: unknown): unknown {
  if (typeof value !== 'string') return value ?? null;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** The same, for columns that hold an object: anything else (null, an array, bad text) reads as {}. */
export function readJsonObject(value: unknown): Record<string, unknown> {
  const parsed = readJsonColumn(value);
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : {};
}
