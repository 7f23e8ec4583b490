import { createRequire } from 'node:module';

/**
 * The program of the child process that runs the agent's SQLite queries (see sqlite-executor.ts).
 * better-sqlite3 offers no progress handler or interrupt and blocks the thread it runs on, so the only
 * way to stop a runaway statement is to kill the process running it. The program is plain JavaScript
 * passed to `node -e`, so it starts quickly without the TypeScript loader and survives bundling; the
 * parent tells it where better-sqlite3 is.
 */
export const SQLITE_QUERY_PROGRAM = `
const [betterSqlite3, filename] = process.argv.slice(1);
const Database = require(betterSqlite3);
const db = new Database(filename, { readonly: true, fileMustExist: true });
db.pragma('query_only = ON');
const cell = (v) => (typeof v === 'bigint' ? Number(v) : v instanceof Uint8Array ? '<' + v.length + ' bytes>' : v);
process.on('message', ({ id, sql }) => {
  try {
    const stmt = db.prepare(sql);
    // Behind the guard and the read-only connection, SQLite itself says whether the statement can write.
    if (!stmt.readonly || !stmt.reader) throw new Error('only read-only queries that return rows may run');
    const columns = stmt.columns().map((c) => c.name);
    const rows = stmt.raw(true).all().map((row) => row.map(cell));
    process.send({ id, ok: true, columns, rows });
  } catch (err) {
    process.send({ id, ok: false, message: err instanceof Error ? err.message : String(err), code: err && err.code });
  }
});
process.send({ ready: true });
`;

/** Where better-sqlite3's entry point is, resolved from this package. */
export function betterSqlite3Path(): string {
  return createRequire(import.meta.url).resolve('better-sqlite3');
}
