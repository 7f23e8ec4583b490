import mysqlParserModule from 'node-sql-parser/build/mysql.js';
import sqliteParserModule from 'node-sql-parser/build/sqlite.js';
import type { Dialect } from '../../services/shared/db/connection.ts';
import { CONTRACT_TABLES } from '../../services/shared/db/contract.ts';
import { PERSONAL_COLUMNS, personalColumnsOf } from '../../services/shared/db/personal-data.ts';
import { checkFunctionCall } from './allowed-functions.ts';
import { GuardRefusal } from './guard-refusal.ts';
import { maskedTableSql } from './masked-tables.ts';
import { sqlSkeleton } from './sql-skeleton.ts';

/**
 * The SQL guard (ADR 0007): every statement the agent runs, whoever wrote it (the offline model, an LLM,
 * a user pasting SQL), passes through here first. It allows exactly one SELECT (CTEs allowed) that reads
 * only the contract tables, calls only allowed functions and joins only on conditions. The statement
 * that runs is regenerated from the checked syntax tree, and the regenerated text is read once more the
 * way the engine reads it: its string literals must be the tree's and it may hold no comment, so the
 * parser and the engine cannot disagree about what runs. Without AGENT_ALLOW_PII, tables holding personal
 * data are replaced by masked stand-ins (masked-tables.ts). The engine is the last line behind this:
 * column grants on MySQL, the statement's own metadata on SQLite (query-worker-program.ts).
 */

export interface GuardOptions {
  dialect: Dialect;
  /** Most rows a query may return; the guard lets one more through so the caller can say "truncated". */
  maxRows: number;
  /** With false, tables holding personal data are read through their masked stand-ins. */
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
const SYSTEM_TABLE = /^(sqlite_\w*|pragma_\w*|knex_\w*)$/i;
/** Names the guard accepts for tables, columns, aliases and CTEs; anything needing quotes is refused. */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** AST node types that carry a string literal the engine will read. */
const STRING_TYPES = new Set([
  'single_quote_string',
  'string',
  'natural_string',
  'hex_string',
  'full_hex_string',
  'bit_string',
  'date',
  'time',
  'timestamp',
  'datetime',
]);

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
  const { dialect } = options;
  const lexed = lexicalChecks(text, dialect);
  const first = parseOne(dialect, text);
  sameLiterals(lexed.literals, first, dialect);
  checkStatement(first, options);
  const fetchLimit = applyRowLimit(first, options.maxRows);

  // What runs is regenerated from the tree; it must pass every check again on its own.
  const second = parseOne(dialect, sqlify(dialect, first));
  const tables = checkStatement(second, options);
  if (!options.allowPii) {
    checkPersonalData(second);
    maskPersonalTables(second, dialect);
  }
  const sql = sqlify(dialect, second);
  const final = sqlSkeleton(sql, dialect === 'mysql');
  if (final.comments > 0 || final.unterminated || final.executableComment) {
    throw new GuardRefusal('PARSER_DIFFERENTIAL', 'The statement cannot be regenerated safely.');
  }
  sameLiterals(final.literals, second, dialect);
  return { sql, tables: [...tables].sort(), fetchLimit };
}

function lexicalChecks(text: string, dialect: Dialect) {
  const skeleton = sqlSkeleton(text, dialect === 'mysql');
  if (skeleton.executableComment) {
    throw new GuardRefusal(
      'EXECUTABLE_COMMENT',
      'Version comments (/*! … */) and optimizer hints (/*+ … */) are not allowed: the server would execute them.',
    );
  }
  if (skeleton.literals.some((l) => l.includes('\\'))) {
    // MySQL reads a backslash as an escape and SQLite does not; a literal that means two things is refused.
    throw new GuardRefusal('STRING_ESCAPE', 'String literals may not contain backslashes.');
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
  if (/\binto\s+(outfile|dumpfile)\b/.test(code)) {
    throw new GuardRefusal('FILE_ACCESS', 'Reading or writing server files is not allowed.');
  }
  if (/\bfor\s+(update|share)\b/.test(code) || /\block\s+in\s+share\s+mode\b/.test(code)) {
    throw new GuardRefusal(
      'LOCKING_CLAUSE',
      'Locking reads (FOR UPDATE, LOCK IN SHARE MODE) are not allowed.',
    );
  }
  if (/\bwith\s+recursive\b/.test(code)) {
    throw new GuardRefusal('RECURSIVE_CTE', 'Recursive CTEs are not allowed: they can run without end.');
  }
  return skeleton;
}

function parseOne(dialect: Dialect, sql: string): Node {
  const { parser, database } = parsers[dialect];
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
  if (dialect === 'sqlite') doubleQuotesAreIdentifiers(node);
  if (node.type !== 'select') {
    throw new GuardRefusal(
      'NOT_SELECT',
      `Only SELECT queries are allowed; ${String(node.type).toUpperCase()} statements are refused.`,
    );
  }
  return node;
}

/**
 * SQLite reads `"email"` as the column email (a string only when no such column exists); the parser reads
 * it as a string. The guard takes SQLite's side, so a quoted column is checked like any other.
 */
function doubleQuotesAreIdentifiers(ast: Node): void {
  const names = new Set<unknown>();
  collect(ast, (node) => {
    if (Array.isArray(node.with)) for (const cte of node.with as Node[]) names.add(cte.name);
  });
  collect(ast, (node) => {
    if (node.type !== 'double_quote_string' || names.has(node)) return;
    const column = node.value;
    delete node.value;
    Object.assign(node, { type: 'column_ref', table: null, column });
  });
}

function sqlify(dialect: Dialect, ast: Node): string {
  const { parser, database } = parsers[dialect];
  return parser.sqlify(ast, { database });
}

/** The engine's string literals (from the lexer) must be exactly the parser's, or they read different SQL. */
function sameLiterals(lexed: readonly string[], ast: Node, dialect: Dialect): void {
  const parsed: string[] = [];
  collect(ast, (node) => {
    const isString =
      STRING_TYPES.has(String(node.type)) || (dialect === 'mysql' && node.type === 'double_quote_string');
    if (isString && typeof node.value === 'string') parsed.push(node.value);
  });
  const a = [...lexed].sort();
  const b = parsed.map((v) => v.split("''").join("'")).sort();
  if (a.length !== b.length || a.some((v, i) => v !== b[i])) {
    throw new GuardRefusal(
      'PARSER_DIFFERENTIAL',
      'The statement’s quoting is ambiguous (the parser and the database would read it differently).',
    );
  }
}

interface Walk {
  allowed: ReadonlySet<string>;
  tables: Set<string>;
}

/** Checks the whole statement, resolving table names scope by scope; returns the contract tables read. */
function checkStatement(ast: Node, options: GuardOptions): Set<string> {
  const walk: Walk = {
    allowed: new Set((options.allowedTables ?? CONTRACT_TABLES).map((t) => t.toLowerCase())),
    tables: new Set(),
  };
  checkSelect(ast, new Set(), walk, undefined);
  return walk.tables;
}

/**
 * One SELECT (or a branch of a compound one). `scope` holds the CTE names visible here; `defining` is the
 * CTE whose body this is, which must not read itself (SQLite would recurse even without RECURSIVE).
 */
function checkSelect(node: Node, scope: ReadonlySet<string>, walk: Walk, defining: string | undefined): void {
  checkSelectClauses(node);
  const inner = new Set(scope);
  if (Array.isArray(node.with)) {
    for (const cte of node.with as Node[]) {
      const name = identifier((cte.name as Node | undefined)?.value, 'CTE name');
      if (cte.recursive === true) {
        throw new GuardRefusal('RECURSIVE_CTE', 'Recursive CTEs are not allowed: they can run without end.');
      }
      if (isRealTableName(name, walk) || inner.has(name)) {
        throw new GuardRefusal(
          'CTE_SHADOWS_TABLE',
          `A CTE may not be named ${name}: that name is already a table or an earlier CTE.`,
        );
      }
      for (const column of (cte.columns as unknown[] | null | undefined) ?? []) {
        identifier(isRecord(column) ? (column.value ?? column.column) : column, 'CTE column');
      }
      checkAny(cte.stmt, inner, walk, name);
      inner.add(name);
    }
  }
  if (Array.isArray(node.from)) {
    (node.from as Node[]).forEach((item, index) => checkFromItem(item, index, inner, walk, defining));
  }
  for (const clause of ['where', 'having'] as const) {
    if (isRecord(node[clause]) && (node[clause] as Node).type === 'expr_list') {
      throw new GuardRefusal('UNPARSEABLE', `The ${clause.toUpperCase()} clause must be one condition.`);
    }
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === 'with' || key === 'from') continue;
    checkAny(value, inner, walk, defining);
  }
}

function checkAny(
  value: unknown,
  scope: ReadonlySet<string>,
  walk: Walk,
  defining: string | undefined,
): void {
  if (Array.isArray(value)) {
    for (const v of value) checkAny(v, scope, walk, defining);
    return;
  }
  if (!isRecord(value)) return;
  if (value.type === 'select') {
    checkSelect(value, scope, walk, defining);
    return;
  }
  checkExpression(value);
  for (const v of Object.values(value)) checkAny(v, scope, walk, defining);
}

function checkSelectClauses(node: Node): void {
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
  for (const column of (node.columns as Node[] | undefined) ?? []) {
    if (isRecord(column) && typeof column.as === 'string') identifier(column.as, 'column alias');
  }
}

function checkExpression(node: Node): void {
  switch (node.type) {
    case 'var':
      throw new GuardRefusal('VARIABLE', 'Server and user variables (@@…, @…) are not allowed.');
    case 'function':
    case 'aggr_func':
    case 'window_func': {
      const args = isRecord(node.args) && Array.isArray(node.args.value) ? (node.args.value as Node[]) : [];
      checkFunctionCall(functionName(node), args);
      return;
    }
    case 'column_ref': {
      if (typeof node.table === 'string') identifier(node.table, 'table name');
      const column = isRecord(node.column) ? (node.column.expr as Node | undefined)?.value : node.column;
      if (column !== '*') identifier(column, 'column name');
      return;
    }
    default:
      if (
        STRING_TYPES.has(String(node.type)) &&
        typeof node.value === 'string' &&
        node.value.includes('\\')
      ) {
        throw new GuardRefusal('STRING_ESCAPE', 'String literals may not contain backslashes.');
      }
  }
}

function checkFromItem(
  item: Node,
  index: number,
  scope: ReadonlySet<string>,
  walk: Walk,
  defining: string | undefined,
): void {
  if (typeof item.as === 'string') identifier(item.as, 'table alias');
  if (index > 0) {
    const join = String(item.join ?? '').toUpperCase();
    if (
      !join ||
      join.includes('CROSS') ||
      join.includes('NATURAL') ||
      (item.on == null && item.using == null)
    ) {
      throw new GuardRefusal(
        'CROSS_JOIN',
        'Every joined table needs a JOIN … ON (or USING) condition; cross joins are not allowed.',
      );
    }
    if (isRecord(item.on) && item.on.type === 'expr_list') {
      throw new GuardRefusal('UNPARSEABLE', 'A JOIN … ON condition must be one expression.');
    }
  }
  if (typeof item.table === 'string') {
    const table = identifier(item.table, 'table name');
    if (item.db != null) {
      const db = String(item.db).toLowerCase();
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
    if (table === defining) {
      throw new GuardRefusal(
        'SELF_REFERENCING_CTE',
        `The CTE ${table} reads itself: that is recursion, which is not allowed.`,
      );
    }
    if (scope.has(table)) return;
    if (!walk.allowed.has(table)) {
      throw new GuardRefusal(
        'TABLE_NOT_ALLOWED',
        `The table ${table} is not one the agent may read; allowed: ${[...walk.allowed].join(', ')}.`,
      );
    }
    walk.tables.add(table);
    return;
  }
  const expr = item.expr as Node | undefined;
  if (expr && isRecord(expr.ast)) {
    checkSelect(expr.ast as Node, scope, walk, defining);
    if (item.on != null) checkAny(item.on, scope, walk, defining);
    return;
  }
  throw new GuardRefusal(
    'TABLE_FUNCTION',
    `Only tables, CTEs and subqueries may appear in FROM${expr ? ` (found ${functionName(expr) || 'an expression'})` : ''}.`,
  );
}

function isRealTableName(name: string, walk: Walk): boolean {
  return (
    walk.allowed.has(name) ||
    (CONTRACT_TABLES as readonly string[]).includes(name) ||
    SYSTEM_SCHEMAS.has(name) ||
    SYSTEM_TABLE.test(name) ||
    name === 'dual'
  );
}

function identifier(value: unknown, what: string): string {
  if (typeof value !== 'string' || !IDENTIFIER.test(value)) {
    throw new GuardRefusal(
      'BAD_IDENTIFIER',
      `The ${what} ${JSON.stringify(String(value)).slice(0, 70)} is not allowed: names must be letters, digits and underscores.`,
    );
  }
  return value.toLowerCase();
}

const PERSONAL_NAMES = new Set(Object.values(PERSONAL_COLUMNS).flat());
const PII_MESSAGE =
  'Personal data (emails, names, phone numbers, street addresses, event payloads) can only be listed as it ' +
  'is in the outer SELECT, where it is masked, grouped or sorted by, or counted; filtering on it, ' +
  'transforming it or passing it through a subquery, CTE or UNION needs AGENT_ALLOW_PII=true.';

/**
 * Without PII rights a personal column may appear only where its masked stand-in is all anyone sees: as
 * a plain column of the outermost SELECT, in its GROUP BY and ORDER BY, or inside COUNT(). Anywhere else
 * the statement is refused, so probing is visible in the audit log as a refusal; the masked stand-ins
 * make sure that even a form this misses reads pseudonyms only.
 */
function checkPersonalData(ast: Node): void {
  const plainRef = (expr: unknown) => isRecord(expr) && expr.type === 'column_ref';
  const visit = (value: unknown, top: boolean): void => {
    if (Array.isArray(value)) return value.forEach((v) => visit(v, top));
    if (!isRecord(value)) return;
    if (value.type === 'select') return visitSelect(value, false);
    if (value.type === 'aggr_func' && functionName(value) === 'count') return;
    if (value.type === 'column_ref' && typeof value.column === 'string') {
      if (PERSONAL_NAMES.has(value.column.toLowerCase())) throw new GuardRefusal('PII', PII_MESSAGE);
      return;
    }
    for (const v of Object.values(value)) visit(v, top);
  };
  const visitSelect = (node: Node, top: boolean): void => {
    for (const column of (node.columns as Node[] | undefined) ?? []) {
      const expr = column.expr as Node | undefined;
      if (top && plainRef(expr)) continue;
      if (expr?.type === 'column_ref' && expr.column === '*' && readsPersonalTable(node, expr)) {
        throw new GuardRefusal('PII', PII_MESSAGE);
      }
      visit(expr, false);
    }
    for (const [key, value] of Object.entries(node)) {
      if (key === 'columns') continue;
      if (top && (key === 'groupby' || key === 'orderby')) {
        const items = isRecord(value) && Array.isArray(value.columns) ? value.columns : value;
        for (const item of Array.isArray(items) ? items : []) {
          const expr = isRecord(item) && 'expr' in item ? item.expr : item;
          if (!plainRef(expr)) visit(expr, false);
        }
        continue;
      }
      visit(value, false);
    }
  };
  visitSelect(ast, true);
}

/** Whether `*` (or `t.*`) in this SELECT expands over a contract table that holds personal data. */
function readsPersonalTable(node: Node, star: Node): boolean {
  const qualifier = typeof star.table === 'string' ? star.table.toLowerCase() : null;
  return ((node.from as Node[] | undefined) ?? []).some((item) => {
    if (typeof item.table !== 'string') return false;
    const name = item.table.toLowerCase();
    const alias = typeof item.as === 'string' ? item.as.toLowerCase() : name;
    return personalColumnsOf(name).length > 0 && (qualifier === null || qualifier === alias);
  });
}

/** Replaces each read of a table holding personal data by its masked stand-in of the same name. */
function maskPersonalTables(ast: Node, dialect: Dialect): void {
  // Gather first, then replace: the stand-ins read the real tables and must not be masked again.
  const selects: Node[] = [];
  collect(ast, (node) => {
    if (Array.isArray(node.from)) selects.push(node);
  });
  for (const node of selects) {
    node.from = (node.from as Node[]).map((item) => {
      if (typeof item.table !== 'string' || item.db != null) return item;
      const stand = maskedTableSql(item.table.toLowerCase(), dialect);
      if (!stand) return item;
      const { db: _db, table, ...rest } = item;
      return { ...rest, as: item.as ?? table, expr: { ast: standInAst(stand, dialect), parentheses: true } };
    });
  }
}

const standIns = new Map<string, Node>();

/** The parsed stand-in, parsed once per dialect and copied for each use (parsing is the guard's main cost). */
function standInAst(sql: string, dialect: Dialect): Node {
  const key = `${dialect}:${sql}`;
  let ast = standIns.get(key);
  if (!ast) {
    ast = parseOne(dialect, sql);
    standIns.set(key, ast);
  }
  return structuredClone(ast);
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

/** Calls `visit` once on every object node of the tree, depth first (the parser shares some nodes). */
function collect(value: unknown, visit: (node: Node) => void, seen = new Set<unknown>()): void {
  if (seen.has(value)) return;
  if (Array.isArray(value)) {
    seen.add(value);
    for (const v of value) collect(v, visit, seen);
  } else if (isRecord(value)) {
    seen.add(value);
    visit(value);
    for (const v of Object.values(value)) collect(v, visit, seen);
  }
}
