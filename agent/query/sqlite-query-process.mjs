// The child process that runs the agent's SQLite queries (see sqlite-executor.ts). better-sqlite3 offers
// no progress handler or interrupt, and its queries block the thread they run on, so the only way to stop
// a runaway statement is to kill the process running it. Plain JavaScript: it must start without the tsx
// loader, quickly, whatever launched the parent.
import Database from 'better-sqlite3';

const [, , filename] = process.argv;
const db = new Database(filename, { readonly: true, fileMustExist: true });
db.pragma('query_only = ON');

function cell(value) {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  return value;
}

process.on('message', (request) => {
  const { id, sql } = request;
  try {
    const stmt = db.prepare(sql);
    // Belt and braces behind the guard and the read-only connection: SQLite itself says whether the
    // statement can write.
    if (!stmt.readonly || !stmt.reader) throw new Error('only read-only queries that return rows may run');
    const columns = stmt.columns().map((c) => c.name);
    const rows = stmt
      .raw(true)
      .all()
      .map((row) => row.map(cell));
    process.send({ id, ok: true, columns, rows });
  } catch (err) {
    process.send({ id, ok: false, message: err instanceof Error ? err.message : String(err), code: err?.code });
  }
});

process.send({ ready: true });
