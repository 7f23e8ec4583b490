/**
 * A lexical pass over SQL text that reads quotes and comments the way the target engine does (MySQL
 * honours backslash escapes and `#` comments; SQLite takes a backslash literally and knows no `#`). It
 * runs before the real parser and again over the statement the guard regenerates, so the parser's
 * reading can be checked against the engine's: the string literals found here must be exactly the ones
 * in the syntax tree, and a regenerated statement must hold no comment at all.
 */
export interface SqlSkeleton {
  /** The statement with literals replaced by `''` and comments by a space; keywords keep their place. */
  code: string;
  /** The contents of the string literals, in order, as the engine reads them (doubled quotes undone). */
  literals: string[];
  /** Comments found (`--`, `#` on MySQL, `/* … *\/`). */
  comments: number;
  /** True when the text holds a comment that MySQL/MariaDB would execute or interpret. */
  executableComment: boolean;
  /** True when a literal or comment is never closed (the parser would reject it anyway). */
  unterminated: boolean;
}

export function sqlSkeleton(sql: string, mysql = true): SqlSkeleton {
  let code = '';
  const literals: string[] = [];
  let comments = 0;
  let executableComment = false;
  let unterminated = false;
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const ch = sql[i] as string;
    const next = sql[i + 1];
    if (ch === "'" || ch === '"' || ch === '`' || (!mysql && ch === '[')) {
      const close = ch === '[' ? ']' : ch;
      const end = closingQuote(sql, i, close, mysql && ch !== '`' && ch !== '[');
      if (end < 0) {
        unterminated = true;
        break;
      }
      // In SQLite double quotes and brackets name identifiers; in MySQL double quotes make strings.
      const isString = ch === "'" || (mysql && ch === '"');
      if (isString)
        literals.push(
          sql
            .slice(i + 1, end)
            .split(`${ch}${ch}`)
            .join(ch),
        );
      code += isString ? "''" : '``';
      i = end + 1;
    } else if (ch === '/' && next === '*') {
      comments += 1;
      const marker = sql[i + 2];
      if (marker === '!' || marker === '+' || (marker === 'M' && sql[i + 3] === '!'))
        executableComment = true;
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) {
        unterminated = true;
        break;
      }
      code += ' ';
      i = end + 2;
    } else if ((ch === '-' && next === '-') || (mysql && ch === '#')) {
      comments += 1;
      const end = sql.indexOf('\n', i);
      code += ' ';
      i = end < 0 ? n : end + 1;
    } else {
      code += ch;
      i += 1;
    }
  }
  return { code, literals, comments, executableComment, unterminated };
}

/**
 * Index of the quote closing the literal opened at `start`, honouring doubled quotes and, where the
 * engine does, backslash escapes.
 */
function closingQuote(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const ch = sql[i];
    if (backslashEscapes && ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === quote) {
      if (sql[i + 1] === quote && quote !== ']') {
        i += 2;
        continue;
      }
      return i;
    }
    i += 1;
  }
  return -1;
}
