import mysqlParserModule from 'node-sql-parser/build/mysql.js';
import sqliteParserModule from 'node-sql-parser/build/sqlite.js';
import type { Dialect } from '../../services/shared/db/connection.ts';
import { CONTRACT_TABLES } from '../../services/shared/db/contract.ts';
import { GuardRefusal } from './guard-refusal.ts';
import { sqlSkeleton } from './sql-skeleton.ts';

/**
 * The SQL guard (ADR 0007): every statement the agent runs, whoever wrote it (the offline model, an LLM,
 * a user pasting SQL), passes through here first. It allows exactly one SELECT (CTEs allowed) that reads
 * only the contract tables, and refuses anything that could write, lock, sleep, touch files or read system
 * schemas. The statement that runs is regenerated from the checked syntax tree, so what executes is what
 * was checked, not text the parser may have read differently from the server (comments, hints).
 */

export interface GuardOptions {
  dialect: Dialect;
  /** Most rows a query may return; the guard lets one more through so the caller can say "truncated". */
  maxRows: number;
  /** With false, personal-data columns may only be selected as they are (and are masked) or counted. */
  allowPii: boolean;
  /** Tables the statement may read; defaults to the design §5 contract. */
  allowedTables?: readonly string[];
}

export interface GuardedSql {
  /** The statement to execute: regenerated from the checked AST, with the row limit applied. */
  sql: string;
  /** Contract tables the statement reads. */
  tables: string[];
  /** The LIMIT now on the statement (maxRows + 1 when the guard added or lowered it). */
  fetchLimit: number;
}

export const MAX_SQL_LENGTH = 20_000;

/** Schemas (MySQL/MariaDB) and catalogue tables (SQLite) that describe the server, not the business. */
const SYSTEM_SCHEMAS = new Set(['information_schema', 'mysql', 'performance_schema', 'sys', 'sqlite_temp']);
const SYSTEM_TABLE = /^(sqlite_\w*|pragma_\w*)$/i;

/** Functions that sleep, lock, touch files or reveal the server instead of the data. */
const FORBIDDEN_FUNCTIONS: ReadonlyMap<string, 'FILE_ACCESS' | 'FORBIDDEN_FUNCTION'> = new Map([
  ['load_file', 'FILE_ACCESS'],
  ['readfile', 'FILE_ACCESS'],
  ['writefile', 'FILE_ACCESS'],
  ['load_extension', 'FILE_ACCESS'],
  ['edit', 'FILE_ACCESS'],
  ...(
    [
      'sleep',
      'benchmark',
      'pg_sleep',
      'get_lock',
      'release_lock',
      'release_all_locks',
      'is_free_lock',
      'is_used_lock',
      'master_pos_wait',
      'source_pos_wait',
      'master_gtid_wait',
      'sys_exec',
      'sys_eval',
      'fts3_tokenizer',
      'randomblob',
      'zeroblob',
      'user',
      'current_user',
      'session_user',
      'system_user',
      'current_role',
      'connection_id',
      'version',
      'database',
      'schema',
      'sqlite_version',
      'sqlite_source_id',
      'sqlite_compileoption_get',
      'sqlite_compileoption_used',
    ] as const
  ).map((f) => [f, 'FORBIDDEN_FUNCTION'] as const),
]);

/** Columns holding personal data (design §5: customer emails; recipients and raw payloads carry them too). */
const PII_COLUMNS = new Set(['email', 'recipient', 'payload']);

type Node = Record<string, unknown>;
interface SqlParser {
  astify(sql: string, opt: { database: string }): unknown;
  sqlify(ast: unknown, opt: { database: string }): string;
}

const parsers: Record<Dialect, { parser: SqlParser; database: string }> = {
  mysql: { parser: new mysqlParserModule.Parser() as SqlParser, database: 'MySQL' },
  sqlite: { parser: new sqliteParserModule.Parser() as SqlParser, database: 'Sqlite' },
};

/**
 * Checks one statement and returns the SQL to run.
 * @throws {GuardRefusal} with a code and a message fit to show the person who asked.
 */
export function guardSql(input: string, options: GuardOptions): GuardedSql {
  const text = input.trim();
  if (text === '') throw new GuardRefusal('EMPTY', 'There is no SQL statement to run.');
  if (text.length > MAX_SQL_LENGTH) {
    throw new GuardRefusal('TOO_LONG', `The statement is longer than ${MAX_SQL_LENGTH} characters.`);
  }
  lexicalChecks(text, options.dialect);

  const { parser, database } = parsers[options.dialect];
  const first = checkedSelect(parseOne(parser, database, text), options);
  const fetchLimit = applyRowLimit(first.ast, options.maxRows);
  const sql = parser.sqlify(first.ast, { database });
  // Re-check the regenerated text: it is what runs, so it must pass on its own.
  const second = checkedSelect(parseOne(parser, database, sql), options);
  return { sql, tables: [...second.tables].sort(), fetchLimit };
}

function lexicalChecks(text: string, dialect: Dialect): void {
  const skeleton = sqlSkeleton(text, dialect === 'mysql');
  if (skeleton.executableComment) {
    throw new GuardRefusal(
      'EXECUTABLE_COMMENT',
      'Version comments (/*! … */) and optimizer hints (/*+ … */) are not allowed: the server would execute them.',
    );
  }
  const code = skeleton.code.toLowerCase();
  const statements = code
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (statements.length > 1) {
    throw new GuardRefusal('MULTIPLE_STATEMENTS', 'Only one statement may run at a time.');
  }
  const keyword = /^[\s(]*([a-z]+)/.exec(code)?.[1] ?? '';
  if (keyword !== 'select' && keyword !== 'with') {
    throw new GuardRefusal(
      'NOT_SELECT',
      `Only SELECT queries are allowed${keyword ? `; ${keyword.toUpperCase()} statements are refused` : ''}.`,
    );
  }
  if (/\binto\s+(outfile|dumpfile)\b/.test(code) || /\bload_file\s*\(/.test(code)) {
    throw new GuardRefusal('FILE_ACCESS', 'Reading or writing server files is not allowed.');
  }
  const fn = /\b(sleep|benchmark|pg_sleep)\s*\(/.exec(code);
  if (fn)
    throw new GuardRefusal('FORBIDDEN_FUNCTION', `The function ${fn[1]?.toUpperCase()}() is not allowed.`);
  if (/\bfor\s+(update|share)\b/.test(code) || /\block\s+in\s+share\s+mode\b/.test(code)) {
    throw new GuardRefusal(
      'LOCKING_CLAUSE',
      'Locking reads (FOR UPDATE, LOCK IN SHARE MODE) are not allowed.',
    );
  }
  if (/\bwith\s+recursive\b/.test(code)) {
    throw new GuardRefusal('RECURSIVE_CTE', 'Recursive CTEs are not allowed: they can run without end.');
  }
}

function parseOne(parser: SqlParser, database: string, sql: string): Node {
  let ast: unknown;
  try {
    ast = parser.astify(sql, { database });
  } catch (err) {
    const detail = err instanceof Error ? err.message.split('\n')[0]?.slice(0, 160) : '';
    throw new GuardRefusal(
      'UNPARSEABLE',
      `The statement could not be parsed as a single SELECT (${detail}).`,
    );
  }
  const list = Array.isArray(ast) ? ast : [ast];
  if (list.length !== 1)
    throw new GuardRefusal('MULTIPLE_STATEMENTS', 'Only one statement may run at a time.');
  const node = list[0] as Node;
  if (node.type !== 'select') {
    throw new GuardRefusal(
      'NOT_SELECT',
      `Only SELECT queries are allowed; ${String(node.type).toUpperCase()} statements are refused.`,
    );
  }
  return node;
}

function checkedSelect(ast: Node, options: GuardOptions): { ast: Node; tables: Set<string> } {
  const allowed = new Set((options.allowedTables ?? CONTRACT_TABLES).map((t) => t.toLowerCase()));
  const cteNames = new Set<string>();
  collect(ast, (node) => {
    if (Array.isArray(node.with)) {
      for (const cte of node.with as Node[]) {
        const name = (cte.name as Node | undefined)?.value;
        if (typeof name === 'string') cteNames.add(name.toLowerCase());
        if (cte.recursive === true) {
          throw new GuardRefusal(
            'RECURSIVE_CTE',
            'Recursive CTEs are not allowed: they can run without end.',
          );
        }
      }
    }
  });

  const tables = new Set<string>();
  collect(ast, (node) => {
    if (node.type === 'select') checkSelectNode(node);
    if (node.type === 'var') {
      throw new GuardRefusal('VARIABLE', 'Server and user variables (@@…, @…) are not allowed.');
    }
    if (node.type === 'function' || node.type === 'aggr_func') {
      const name = functionName(node);
      const code = FORBIDDEN_FUNCTIONS.get(name);
      if (code) throw new GuardRefusal(code, `The function ${name.toUpperCase()}() is not allowed.`);
    }
    if (Array.isArray(node.from)) {
      for (const item of node.from as Node[]) checkFromItem(item, allowed, cteNames, tables);
    }
  });
  if (!options.allowPii) checkPii(ast);
  return { ast, tables };
}

function checkSelectNode(node: Node): void {
  const into = node.into as Node | null | undefined;
  if (into && (into.position != null || into.keyword != null || into.expr != null)) {
    const keyword = String(into.keyword ?? '').toLowerCase();
    if (keyword === 'outfile' || keyword === 'dumpfile') {
      throw new GuardRefusal('FILE_ACCESS', 'Reading or writing server files is not allowed.');
    }
    throw new GuardRefusal('VARIABLE', 'SELECT … INTO is not allowed.');
  }
  if (node.locking_read != null || node.for_update != null) {
    throw new GuardRefusal(
      'LOCKING_CLAUSE',
      'Locking reads (FOR UPDATE, LOCK IN SHARE MODE) are not allowed.',
    );
  }
}

function checkFromItem(item: Node, allowed: Set<string>, cteNames: Set<string>, tables: Set<string>): void {
  if (typeof item.table === 'string') {
    const table = item.table.toLowerCase();
    const db = typeof item.db === 'string' ? item.db.toLowerCase() : null;
    if (db !== null) {
      if (SYSTEM_SCHEMAS.has(db)) {
        throw new GuardRefusal('SYSTEM_SCHEMA', `System schemas such as ${db} are not readable.`);
      }
      throw new GuardRefusal(
        'TABLE_NOT_ALLOWED',
        `Tables must not be qualified with a schema (${db}.${table}).`,
      );
    }
    if (SYSTEM_SCHEMAS.has(table) || SYSTEM_TABLE.test(table)) {
      throw new GuardRefusal('SYSTEM_SCHEMA', `System tables such as ${table} are not readable.`);
    }
    if (table === 'dual' || cteNames.has(table)) return;
    if (!allowed.has(table)) {
      throw new GuardRefusal(
        'TABLE_NOT_ALLOWED',
        `The table ${table} is not one the agent may read; allowed: ${[...allowed].join(', ')}.`,
      );
    }
    tables.add(table);
    return;
  }
  const expr = item.expr as Node | undefined;
  if (expr && (expr.type === 'function' || 'args' in expr)) {
    throw new GuardRefusal(
      'TABLE_FUNCTION',
      `Table functions such as ${functionName(expr)}() are not allowed.`,
    );
  }
}

/**
 * Personal data may be selected as it is (the executor masks it) or counted, and may be filtered on; it
 * may not be transformed, concatenated or passed up from a subquery, which would slip past the masking.
 */
function checkPii(ast: Node): void {
  const top = new Set<Node>();
  for (let n: Node | undefined = ast; n; n = n._next as Node | undefined) top.add(n);
  collect(ast, (node) => {
    if (node.type !== 'select' || !Array.isArray(node.columns)) return;
    for (const col of node.columns as Node[]) {
      const expr = col.expr as Node | undefined;
      if (!expr || !mentionsPii(expr)) continue;
      if (isCount(expr)) continue;
      if (top.has(node) && expr.type === 'column_ref') continue;
      throw new GuardRefusal(
        'PII',
        'Personal data (emails, recipients, payloads) can only be selected as it is, where it is masked, or counted. ' +
          'Set AGENT_ALLOW_PII=true to work with it.',
      );
    }
  });
}

function mentionsPii(expr: unknown): boolean {
  let found = false;
  collect(expr, (node) => {
    if (
      node.type === 'column_ref' &&
      typeof node.column === 'string' &&
      PII_COLUMNS.has(node.column.toLowerCase())
    ) {
      found = true;
    }
    if (node.type === 'column_ref' && isRecord(node.column)) {
      const inner = (node.column as Node).expr as Node | undefined;
      if (typeof inner?.value === 'string' && PII_COLUMNS.has(inner.value.toLowerCase())) found = true;
    }
  });
  return found;
}

function isCount(expr: Node): boolean {
  return expr.type === 'aggr_func' && String(expr.name).toLowerCase() === 'count';
}

/** LIMIT at most maxRows + 1 on the outermost query (the last branch of a UNION carries it). */
function applyRowLimit(ast: Node, maxRows: number): number {
  let last = ast;
  while (isRecord(last._next)) last = last._next as Node;
  const fetch = maxRows + 1;
  const limit = last.limit as { seperator?: string; value?: Node[] } | null | undefined;
  const values = limit?.value ?? [];
  if (values.length === 0) {
    last.limit = { seperator: '', value: [{ type: 'number', value: fetch }] };
    return fetch;
  }
  // `LIMIT offset, count` keeps the count second; `LIMIT count OFFSET offset` and `LIMIT count` first.
  const countIndex = limit?.seperator === ',' ? 1 : 0;
  const count = values[countIndex];
  if (!count || count.type !== 'number' || typeof count.value !== 'number' || count.value < 0) {
    throw new GuardRefusal('BAD_LIMIT', 'LIMIT must be a plain non-negative number.');
  }
  for (const v of values) {
    if (v.type !== 'number') throw new GuardRefusal('BAD_LIMIT', 'LIMIT and OFFSET must be plain numbers.');
  }
  const requested = count.value;
  if (requested > fetch) count.value = fetch;
  return Math.min(requested, fetch);
}

function functionName(node: Node): string {
  const name = node.name;
  if (typeof name === 'string') return name.toLowerCase();
  if (isRecord(name) && Array.isArray(name.name)) {
    return (name.name as Node[])
      .map((part) => String(part.value ?? ''))
      .join('.')
      .toLowerCase();
  }
  return '';
}

function isRecord(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Calls `visit` on every object node of the tree, depth first. */
function collect(value: unknown, visit: (node: Node) => void): void {
  if (Array.isArray(value)) {
    for (const v of value) collect(v, visit);
  } else if (isRecord(value)) {
    visit(value);
    for (const v of Object.values(value)) collect(v, visit);
  }
}
