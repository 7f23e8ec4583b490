import { createRequire } from 'node:module';

/**
 * The program of the child processes that run the agent's statements (query-worker-pool.ts), so a
 * runaway query never runs on the API's event loop: better-sqlite3 blocks its thread and offers no
 * interrupt, and a large MySQL result is parsed in JavaScript, so only a separate process can be stopped
 * at any moment (SIGKILL) without harm to the server. It is plain JavaScript passed to `node -e`, so it
 * starts quickly without the TypeScript loader and survives bundling.
 *
 * What it does besides running the statement:
 * - caps: a cell longer than `cellChars` or a result larger than `resultBytes` stops the statement;
 * - SQLite, the engine as the last line behind the guard: the prepared statement must be read-only, and
 *   its compiled program (EXPLAIN) may open only contract tables and their indexes, and without PII
 *   rights may not read a personal column; the origin of every result column is checked likewise.
 * - MySQL/MariaDB: a READ ONLY transaction, rolled back, under a server-side statement timeout.
 *
 * Protocol (IPC): parent sends {init}, child answers {ready, engine} or {fatal}; then {id, sql} →
 * {id, ok: true, columns, rows} | {id, ok: false, code, message, refused?}.
 */
export const QUERY_WORKER_PROGRAM = String.raw`
'use strict';
let run;
const refuse = (code, message) => Object.assign(new Error(message), { refused: code });

function cellOf(v, caps, state) {
  if (typeof v === 'bigint') v = Number(v);
  if (v instanceof Uint8Array) v = '<' + v.length + ' bytes>';
  if (typeof v === 'string') {
    if (v.length > caps.cellChars) throw refuse('CELL_TOO_LARGE', 'A value in the result is larger than ' + caps.cellChars + ' characters.');
    state.bytes += v.length;
  } else {
    state.bytes += 8;
  }
  if (state.bytes > caps.resultBytes) throw refuse('RESULT_TOO_LARGE', 'The result is larger than ' + caps.resultBytes + ' bytes.');
  return v;
}

function initSqlite(init) {
  const Database = require(init.driver);
  const db = new Database(init.filename, { readonly: true, fileMustExist: true });
  db.pragma('query_only = ON');
  const contract = new Set(init.contractTables);
  const personal = init.personal;
  // root page -> { table, columns (by position in the cursor) }
  const pages = new Map();
  for (const o of db.prepare("SELECT type, name, tbl_name, rootpage FROM sqlite_schema WHERE rootpage > 0").all()) {
    if (!contract.has(o.tbl_name)) { pages.set(o.rootpage, { table: o.tbl_name, columns: [] }); continue; }
    const columns = o.type === 'table'
      ? db.prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid').all(o.tbl_name).map((c) => c.name)
      : db.prepare('SELECT name FROM pragma_index_xinfo(?) ORDER BY seqno').all(o.name).map((c) => c.name);
    pages.set(o.rootpage, { table: o.tbl_name, columns });
  }
  pages.set(1, { table: 'sqlite_schema', columns: [] });
  const isPersonal = (table, column) => !init.allowPii && (personal[table] || []).includes(column);

  function engineCheck(stmt, sql) {
    for (const c of stmt.columns()) {
      if (c.table && !contract.has(c.table)) throw refuse('ENGINE_CHECK', 'The query reads a table outside the contract.');
      if (c.table && c.column && isPersonal(c.table, c.column)) throw refuse('PII', 'The query returns personal data.');
    }
    const cursors = new Map();
    for (const op of db.prepare('EXPLAIN ' + sql).all()) {
      if (op.opcode === 'OpenRead' || op.opcode === 'OpenWrite' || op.opcode === 'ReopenIdx') {
        const page = pages.get(op.p2);
        if (op.p3 !== 0 || !page || !contract.has(page.table)) throw refuse('ENGINE_CHECK', 'The query reads a table outside the contract.');
        cursors.set(op.p1, page);
      } else if (op.opcode === 'VOpen' || op.opcode === 'VFilter' || op.opcode === 'VColumn') {
        throw refuse('ENGINE_CHECK', 'Virtual tables and table-valued functions are not readable.');
      } else if (op.opcode === 'Column') {
        const page = cursors.get(op.p1);
        if (page && isPersonal(page.table, page.columns[op.p2])) throw refuse('PII', 'The query reads personal data.');
      }
    }
  }

  run = (sql, caps) => {
    const stmt = db.prepare(sql);
    if (!stmt.readonly || !stmt.reader) throw refuse('ENGINE_CHECK', 'Only read-only queries that return rows may run on this read-only connection.');
    if (init.engineChecks) engineCheck(stmt, sql);
    const columns = stmt.columns().map((c) => c.name);
    const state = { bytes: 0 };
    const rows = [];
    for (const row of stmt.raw(true).iterate()) rows.push(row.map((v) => cellOf(v, caps, state)));
    return { columns, rows };
  };
  return Promise.resolve('sqlite');
}

async function initMysql(init) {
  const mysql = require(init.driver);
  const conn = mysql.createConnection({ ...init.connection, multipleStatements: false, rowsAsArray: true });
  const q = (sql) => new Promise((resolve, reject) => conn.query({ sql, rowsAsArray: true }, (err, rows, fields) => (err ? reject(err) : resolve({ rows, fields }))));
  conn.on('error', (err) => { process.send({ fatal: String(err && err.code || err) }); process.exit(1); });
  const version = (await q('SELECT VERSION() AS v')).rows[0][0];
  const engine = /mariadb/i.test(version) ? 'mariadb' : 'mysql';
  const seconds = (init.timeoutMs / 1000).toFixed(3);
  if (engine === 'mysql') await q('SET SESSION max_execution_time = ' + Math.ceil(init.timeoutMs));
  run = async (sql, caps) => {
    await q('START TRANSACTION READ ONLY');
    try {
      const { rows, fields } = await q(engine === 'mariadb' ? 'SET STATEMENT max_statement_time=' + seconds + ' FOR ' + sql : sql);
      const state = { bytes: 0 };
      return {
        columns: Array.isArray(fields) ? fields.map((f) => f.name) : [],
        rows: (Array.isArray(rows) ? rows : []).map((row) => row.map((v) => cellOf(v, caps, state))),
      };
    } finally {
      await q('ROLLBACK').catch(() => undefined);
    }
  };
  return engine;
}

process.on('message', async (msg) => {
  if (msg.init) {
    try {
      const engine = await (msg.init.engine === 'sqlite' ? initSqlite(msg.init) : initMysql(msg.init));
      process.send({ ready: true, engine });
    } catch (err) {
      process.send({ fatal: err instanceof Error ? err.message : String(err), code: err && err.code });
    }
    return;
  }
  try {
    const { columns, rows } = await run(msg.sql, msg.caps);
    process.send({ id: msg.id, ok: true, columns, rows });
  } catch (err) {
    process.send({ id: msg.id, ok: false, refused: err && err.refused, code: err && (err.code || err.errno), errno: err && err.errno, message: err instanceof Error ? err.message : String(err) });
  }
});
process.on('disconnect', () => process.exit(0));
`;

/** Where a driver's entry point is, resolved from this package (the child has no module resolution base). */
export function driverPath(name: 'better-sqlite3' | 'mysql2'): string {
  return createRequire(import.meta.url).resolve(name);
}
