/**
 * A cheap lexical pass over SQL text that runs before the real parser. It blanks out string literals,
 * quoted identifiers and comments so keyword checks cannot be fooled by (or falsely triggered by) text
 * inside quotes, and it spots the two things the parser silently drops but MySQL executes:
 * version comments (`/*! … *\/`, `/*M! … *\/`) and optimizer hints (`/*+ … *\/`).
 */
export interface SqlSkeleton {
  /** The statement with literals replaced by `''` and comments by a space; keywords keep their place. */
  code: string;
  /** True when the text holds a comment that MySQL/MariaDB would execute or interpret. */
  executableComment: boolean;
  /** True when a literal or comment is never closed (the parser would reject it anyway). */
  unterminated: boolean;
}

export function sqlSkeleton(sql: string, backslashEscapes = true): SqlSkeleton {
  let code = '';
  let executableComment = false;
  let unterminated = false;
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const ch = sql[i] as string;
    const next = sql[i + 1];
    if (ch === "'" || ch === '"' || ch === '`') {
      const end = closingQuote(sql, i, ch, backslashEscapes);
      if (end < 0) {
        unterminated = true;
        break;
      }
      code += ch === '`' ? '``' : "''";
      i = end + 1;
    } else if (ch === '/' && next === '*') {
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
    } else if ((ch === '-' && next === '-') || ch === '#') {
      const end = sql.indexOf('\n', i);
      code += ' ';
      i = end < 0 ? n : end + 1;
    } else {
      code += ch;
      i += 1;
    }
  }
  return { code, executableComment, unterminated };
}

/**
 * Index of the quote closing the literal opened at `start`, honouring doubled quotes and, on MySQL only,
 * backslash escapes (SQLite takes a backslash literally).
 */
function closingQuote(sql: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < sql.length) {
    const ch = sql[i];
    if (backslashEscapes && ch === '\\' && quote !== '`') {
      i += 2;
      continue;
    }
    if (ch === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i;
    }
    i += 1;
  }
  return -1;
}
