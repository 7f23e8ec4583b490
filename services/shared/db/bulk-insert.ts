import type { Knex } from 'knex';

/**
 * Inserts many rows with multi-row `INSERT … VALUES (…), (…)` statements, parameterised. knex's own
 * multi-row insert on SQLite compiles to a compound SELECT capped at 500 rows; this keeps one fast path
 * for both engines. Every row must have the same keys as the first.
 */
export async function bulkInsert(
  db: Knex | Knex.Transaction,
  table: string,
  rows: readonly Record<string, unknown>[],
  onChunk: (inserted: number) => void = () => undefined,
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const isSqlite = db.client.config.client !== 'mysql2';
  // SQLite binds at most 32 766 parameters; MySQL is bounded by max_allowed_packet.
  const perChunk = isSqlite
    ? Math.floor(32_000 / columns.length)
    : Math.max(1, Math.floor(40_000 / columns.length));
  const q = (id: string) => (isSqlite ? `"${id}"` : `\`${id}\``);
  const head = `insert into ${q(table)} (${columns.map(q).join(', ')}) values `;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += perChunk) {
    const chunk = rows.slice(i, i + perChunk);
    const bindings: unknown[] = [];
    for (const row of chunk) {
      for (const c of columns) {
        const v = row[c];
        bindings.push(typeof v === 'boolean' ? (v ? 1 : 0) : v === undefined ? null : v);
      }
    }
    const sql = head + Array.from({ length: chunk.length }, () => tuple).join(', ');
    await db.raw(sql, bindings as Knex.RawBinding[]);
    onChunk(chunk.length);
  }
}
