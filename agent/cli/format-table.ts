/**
 * A plain-text table for the terminal: one header row, cells cut to a readable width, numbers right-aligned.
 */
export interface TableOptions {
  /** Rows printed before "… N more rows" (default 20). */
  maxRows?: number;
  /** Widest a column may get (default 40 characters). */
  maxWidth?: number;
}

export function formatTable(columns: string[], rows: unknown[][], options: TableOptions = {}): string {
  if (columns.length === 0) return '';
  const maxRows = options.maxRows ?? 20;
  const maxWidth = options.maxWidth ?? 40;
  const shown = rows.slice(0, maxRows);
  const cells = shown.map((row) => columns.map((_, i) => cell(row[i], maxWidth)));
  const header = columns.map((c) => cut(c, maxWidth));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] as string).length)));
  const numeric = columns.map(
    (_, i) => shown.length > 0 && shown.every((r) => r[i] === null || typeof r[i] === 'number'),
  );
  const line = (values: string[]) =>
    values
      .map((v, i) => (numeric[i] ? v.padStart(widths[i] as number) : v.padEnd(widths[i] as number)))
      .join('  ')
      .trimEnd();
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)];
  if (rows.length > shown.length) out.push(`… ${rows.length - shown.length} more rows (use --json for all)`);
  return out.join('\n');
}

function cell(value: unknown, maxWidth: number): string {
  if (value === null || value === undefined) return 'NULL';
  return cut(typeof value === 'object' ? JSON.stringify(value) : String(value), maxWidth);
}

function cut(s: string, max: number): string {
  const flat = s.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
