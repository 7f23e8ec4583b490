import { GuardRefusal } from './guard-refusal.ts';

/**
 * The functions a guarded statement may call (an allow-list, ADR 0007): aggregates, window functions,
 * date and number functions, and string functions whose result is no longer than their input. Anything
 * else — functions that sleep, lock, read files, describe the server, or build large values from small
 * ones (PRINTF, REPEAT, ZEROBLOB, GROUP_CONCAT over a whole table) — is refused. Functions that pad or
 * repeat are allowed only with a small literal length.
 */
const ALLOWED = new Set([
  // aggregates and window functions
  'count',
  'sum',
  'avg',
  'min',
  'max',
  'total',
  'std',
  'stddev',
  'stddev_pop',
  'stddev_samp',
  'variance',
  'var_pop',
  'var_samp',
  'bit_and',
  'bit_or',
  'row_number',
  'rank',
  'dense_rank',
  'percent_rank',
  'cume_dist',
  'ntile',
  'lag',
  'lead',
  'first_value',
  'last_value',
  'nth_value',
  // conditions and nulls
  'coalesce',
  'ifnull',
  'nullif',
  'if',
  'iif',
  'exists',
  'greatest',
  'least',
  // numbers
  'abs',
  'round',
  'floor',
  'ceil',
  'ceiling',
  'sign',
  'mod',
  'sqrt',
  'power',
  'pow',
  'exp',
  'ln',
  'log',
  'log2',
  'log10',
  'truncate',
  'pi',
  // dates and times
  'date',
  'time',
  'datetime',
  'julianday',
  'strftime',
  'unixepoch',
  'year',
  'month',
  'day',
  'dayofmonth',
  'dayofweek',
  'dayofyear',
  'weekday',
  'week',
  'weekofyear',
  'yearweek',
  'quarter',
  'hour',
  'minute',
  'second',
  'date_format',
  'date_add',
  'date_sub',
  'adddate',
  'subdate',
  'datediff',
  'timestampdiff',
  'timestampadd',
  'timediff',
  'now',
  'curdate',
  'current_date',
  'current_time',
  'current_timestamp',
  'utc_date',
  'utc_timestamp',
  'last_day',
  'makedate',
  'str_to_date',
  'from_unixtime',
  'unix_timestamp',
  'monthname',
  'dayname',
  'extract',
  'to_days',
  // strings no longer than their arguments
  'lower',
  'upper',
  'lcase',
  'ucase',
  'length',
  'char_length',
  'character_length',
  'octet_length',
  'substr',
  'substring',
  'left',
  'right',
  'trim',
  'ltrim',
  'rtrim',
  'instr',
  'locate',
  'position',
  'concat',
  'concat_ws',
]);

/** Functions that build a value of a length they are given: allowed when that length is a small literal. */
const CAPPED: ReadonlyMap<string, number> = new Map([
  ['lpad', 1],
  ['rpad', 1],
  ['repeat', 1],
]);
export const MAX_CAPPED_LENGTH = 100;

const FILE_FUNCTIONS = new Set(['load_file', 'readfile', 'writefile', 'load_extension', 'edit']);

type Node = Record<string, unknown>;

/** @throws {GuardRefusal} unless `name` may be called with these arguments. */
export function checkFunctionCall(name: string, args: readonly Node[]): void {
  if (ALLOWED.has(name)) return;
  const cappedArg = CAPPED.get(name);
  if (cappedArg !== undefined) {
    const length = args[cappedArg];
    const value = length?.type === 'number' ? Number(length.value) : NaN;
    if (Number.isFinite(value) && value <= MAX_CAPPED_LENGTH) return;
    throw new GuardRefusal(
      'ARGUMENT_TOO_LARGE',
      `${name.toUpperCase()}() is allowed only with a literal length of at most ${MAX_CAPPED_LENGTH}.`,
    );
  }
  if (FILE_FUNCTIONS.has(name)) {
    throw new GuardRefusal('FILE_ACCESS', 'Reading or writing server files is not allowed.');
  }
  throw new GuardRefusal(
    'FORBIDDEN_FUNCTION',
    `The function ${name.toUpperCase() || '(unnamed)'}() is not allowed; the agent may use aggregates, ` +
      'date, number and short string functions.',
  );
}
