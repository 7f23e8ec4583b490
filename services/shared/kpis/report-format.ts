import type { KpiUnit } from './catalogue.ts';
import type { DailyReport, DailyReportLine } from './daily-report.ts';

export const REPORT_FORMATS = ['table', 'json', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const CSV_COLUMNS: readonly (keyof DailyReportLine)[] = [
  'id',
  'label',
  'unit',
  'key',
  'value',
  'numerator',
  'denominator',
  'previousDay',
  'changePreviousDay',
  'changePctPreviousDay',
  'sameWeekdayLastWeek',
  'changeSameWeekdayLastWeek',
  'changePctSameWeekdayLastWeek',
];

/** RFC 4180: quote a field holding a comma, quote or line break; double its quotes. */
function csvField(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function reportCsv(report: DailyReport): string {
  const header = ['date', ...CSV_COLUMNS].join(',');
  const rows = report.lines.map((line) =>
    [report.date, ...CSV_COLUMNS.map((c) => line[c])].map(csvField).join(','),
  );
  return `${[header, ...rows].join('\r\n')}\r\n`;
}

export function reportJson(report: DailyReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

const EUR = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const COUNT = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

/** A figure as a person reads it: money with cents, ratios as percentages, durations in days. */
export function formatFigure(unit: KpiUnit, value: number | null, signed = false): string {
  if (value === null) return '–';
  const sign = signed && value > 0 ? '+' : '';
  switch (unit) {
    case 'eur':
      return `${sign}${EUR.format(value)}`;
    case 'ratio':
      return `${sign}${(value * 100).toFixed(2)}${signed ? ' pp' : '%'}`;
    case 'days':
      return `${sign}${value.toFixed(2)} d`;
    case 'turns':
      return `${sign}${value.toFixed(4)}×`;
    case 'count':
      return `${sign}${COUNT.format(value)}`;
  }
}

const pct = (value: number | null) => (value === null ? '–' : `${value > 0 ? '+' : ''}${value.toFixed(1)}%`);

/** A plain-text table; numbers right-aligned. No table library is installed, and this needs none. */
export function reportTable(report: DailyReport): string {
  const head = [
    'KPI',
    report.date,
    `${report.previousDay}`,
    'Δ',
    'Δ%',
    `${report.sameWeekdayLastWeek}`,
    'Δ',
    'Δ%',
  ];
  const rows = report.lines.map((l) => [
    l.key !== undefined ? `${l.label}: ${l.key}` : l.label,
    formatFigure(l.unit, l.value),
    formatFigure(l.unit, l.previousDay),
    formatFigure(l.unit, l.changePreviousDay, true),
    pct(l.changePctPreviousDay),
    formatFigure(l.unit, l.sameWeekdayLastWeek),
    formatFigure(l.unit, l.changeSameWeekdayLastWeek, true),
    pct(l.changePctSameWeekdayLastWeek),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  const title = `Daily report ${report.date} (UTC) against the previous day and the same weekday last week`;
  return `${[title, '', line(head), rule, ...rows.map(line)].join('\n')}\n`;
}

export function formatReport(report: DailyReport, format: ReportFormat): string {
  if (format === 'json') return reportJson(report);
  if (format === 'csv') return reportCsv(report);
  return reportTable(report);
}
