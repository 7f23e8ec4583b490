/**
 * Turns a database error into a message fit to show the person who asked, the model and the logs. The
 * server's own text is never passed on: it can echo data (`bad JSON path: 'name@example.net'`). Only
 * names that look like identifiers are lifted out of it, into a sentence of our own.
 */
export interface RawDatabaseError {
  code?: string | number | undefined;
  errno?: number | undefined;
  message: string;
}

const NAME = String.raw`([A-Za-z_][A-Za-z0-9_]{0,63}(?:\.[A-Za-z_][A-Za-z0-9_]{0,63})?)`;

const KNOWN: ReadonlyArray<[RegExp, (name: string) => string]> = [
  [new RegExp(`^no such column: ${NAME}$`), (n) => `Unknown column ${n}.`],
  [new RegExp(`^Unknown column '${NAME}' in '[a-z ]+'$`), (n) => `Unknown column ${n}.`],
  [new RegExp(`^no such table: ${NAME}$`), (n) => `Unknown table ${n}.`],
  [new RegExp(`^Table '${NAME}' doesn't exist$`), (n) => `Unknown table ${n}.`],
  [
    new RegExp(`^ambiguous column name: ${NAME}$`),
    (n) => `The column ${n} is ambiguous; qualify it with its table.`,
  ],
  [
    new RegExp(`^Column '${NAME}' in [a-z ]+ is ambiguous$`),
    (n) => `The column ${n} is ambiguous; qualify it with its table.`,
  ],
  [
    new RegExp(`^wrong number of arguments to function ${NAME}\\(\\)$`),
    (n) => `Wrong number of arguments to ${n}().`,
  ],
  [
    new RegExp(`^Incorrect parameter count in the call to native function '${NAME}'$`),
    (n) => `Wrong number of arguments to ${n}().`,
  ],
  [new RegExp(`^near "${NAME}": syntax error$`), (n) => `Syntax error near ${n}.`],
];

const BY_ERRNO: ReadonlyMap<number, string> = new Map([
  [1142, 'The agent’s database user is denied that command on that table.'],
  [1143, 'The agent’s database user is denied that column (personal data needs AGENT_ALLOW_PII).'],
  [1064, 'The database could not parse the statement.'],
  [1792, 'The statement tried to change data in a read only transaction.'],
  [1044, 'Access denied for the agent’s database user.'],
  [1045, 'Access denied for the agent’s database user.'],
  [1227, 'Access denied: the agent’s database user lacks that privilege.'],
]);

export function safeDatabaseMessage(err: RawDatabaseError): string {
  const text = err.message.split('\n')[0] ?? '';
  for (const [pattern, say] of KNOWN) {
    const m = pattern.exec(text);
    if (m?.[1]) return say(m[1]);
  }
  const code = typeof err.code === 'string' && /^[A-Z0-9_]{1,64}$/.test(err.code) ? err.code : 'unknown';
  const byErrno = err.errno !== undefined ? BY_ERRNO.get(err.errno) : undefined;
  if (byErrno) return `${byErrno} (${code})`;
  if (/misuse of (aggregate|window)/i.test(text))
    return 'An aggregate or window function is used where it is not allowed.';
  if (/syntax error/i.test(text)) return 'The database could not parse the statement.';
  if (/readonly|read-only|read only/i.test(text))
    return 'The statement tried to change data on a read-only connection.';
  return `The database could not run the query (${code}).`;
}
