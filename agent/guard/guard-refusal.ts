/** Why the SQL guard (or the engine check behind it) refused a statement; callers branch on the code. */
export type GuardRefusalCode =
  | 'EMPTY'
  | 'TOO_LONG'
  | 'EXECUTABLE_COMMENT'
  | 'UNPARSEABLE'
  | 'PARSER_DIFFERENTIAL'
  | 'STRING_ESCAPE'
  | 'BAD_IDENTIFIER'
  | 'MULTIPLE_STATEMENTS'
  | 'NOT_SELECT'
  | 'SYSTEM_SCHEMA'
  | 'TABLE_NOT_ALLOWED'
  | 'TABLE_FUNCTION'
  | 'FILE_ACCESS'
  | 'FORBIDDEN_FUNCTION'
  | 'ARGUMENT_TOO_LARGE'
  | 'LOCKING_CLAUSE'
  | 'VARIABLE'
  | 'RECURSIVE_CTE'
  | 'SELF_REFERENCING_CTE'
  | 'CTE_SHADOWS_TABLE'
  | 'CROSS_JOIN'
  | 'BAD_LIMIT'
  | 'PII'
  | 'ENGINE_CHECK';

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
