/** Why the SQL guard refused a statement; callers (tools, audit, tests) branch on the code. */
export type GuardRefusalCode =
  | 'EMPTY'
  | 'TOO_LONG'
  | 'EXECUTABLE_COMMENT'
  | 'UNPARSEABLE'
  | 'MULTIPLE_STATEMENTS'
  | 'NOT_SELECT'
  | 'SYSTEM_SCHEMA'
  | 'TABLE_NOT_ALLOWED'
  | 'TABLE_FUNCTION'
  | 'FILE_ACCESS'
  | 'FORBIDDEN_FUNCTION'
  | 'LOCKING_CLAUSE'
  | 'VARIABLE'
  | 'RECURSIVE_CTE'
  | 'BAD_LIMIT'
  | 'PII';

/** Thrown by {@link guardSql} when a statement may not run; the message is safe to show the user. */
export class GuardRefusal extends Error {
  constructor(
    readonly code: GuardRefusalCode,
    message: string,
  ) {
    super(message);
    this.name = 'GuardRefusal';
  }
}
