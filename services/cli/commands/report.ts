import fs from 'node:fs';
import type { Command } from 'commander';
import { loadConfig } from '../../shared/config.ts';
import { connect } from '../../shared/db/connection.ts';
import {
  dailyReport,
  formatForecastTable,
  formatReport,
  REPORT_FORMATS,
  revenueForecast,
  type ReportFormat,
} from '../../shared/kpis/index.ts';
import { UsageError } from '../../shared/usage-error.ts';

/** `--date 2026-11-19`: a real calendar date (2026-02-30 is refused, not rolled over). */
function parseReportDay(value: string, flag = '--date'): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!date || date.toISOString().slice(0, 10) !== value) {
    throw new UsageError(`${flag} must be a date as YYYY-MM-DD (e.g. 2026-11-19), got '${value}'`);
  }
  return date;
}

/** `--days 14`: forecast horizon, 1–60 days (the band means little further out). */
function parseForecastDays(value: string): number {
  const days = Number(value);
  if (!/^\d+$/.test(value) || days < 1 || days > 60) {
    throw new UsageError(`--days must be a whole number from 1 to 60, got '${value}'`);
  }
  return days;
}

const FORECAST_FORMATS = ['table', 'json'] as const;

function parseForecastFormat(value: string): (typeof FORECAST_FORMATS)[number] {
  if (!(FORECAST_FORMATS as readonly string[]).includes(value)) {
    throw new UsageError(`--format must be one of ${FORECAST_FORMATS.join(', ')}, got '${value}'`);
  }
  return value as (typeof FORECAST_FORMATS)[number];
}

function parseFormat(value: string): ReportFormat {
  if (!(REPORT_FORMATS as readonly string[]).includes(value)) {
    throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}, got '${value}'`);
  }
  return value as ReportFormat;
}

/** `oms report …`: the KPI catalogue's figures for people and spreadsheets (docs/kpis.md). */
export function registerReportCommands(program: Command): void {
  const report = program
    .command('report')
    .description('KPI reports from the orders database (docs/kpis.md).');
  report
    .command('daily')
    .description('Every KPI for one UTC day, against the previous day and the same weekday last week.')
    .requiredOption('--date <date>', 'the day to report (YYYY-MM-DD, UTC)', (v: string) => parseReportDay(v))
    .option('--format <format>', `output format: ${REPORT_FORMATS.join(', ')}`, parseFormat, 'table')
    .option('--out <file>', 'write the report to this file instead of the terminal')
    .action(async (flags: { date: Date; format: ReportFormat; out?: string }) => {
      const config = loadConfig();
      const db = await connect(config.databaseUrl);
      try {
        const text = formatReport(await dailyReport(db, flags.date), flags.format);
        if (flags.out) {
          fs.writeFileSync(flags.out, text);
          process.stderr.write(`Wrote the ${flags.format} report to ${flags.out}\n`);
        } else {
          process.stdout.write(text);
        }
      } finally {
        await db.destroy();
      }
    });
  report
    .command('forecast')
    .description(
      'Daily revenue forecast (Holt-Winters, weekly season) with its band and a backtest against seasonal naive.',
    )
    .option('--days <days>', 'days to forecast (1–60)', parseForecastDays, 14)
    .option(
      '--format <format>',
      `output format: ${FORECAST_FORMATS.join(', ')}`,
      parseForecastFormat,
      'table',
    )
    .option(
      '--now <date>',
      'the first forecast day (YYYY-MM-DD, UTC; default today); the history is every day before it',
      (value: string) => parseReportDay(value, '--now'),
    )
    .action(async (flags: { days: number; format: (typeof FORECAST_FORMATS)[number]; now?: Date }) => {
      const config = loadConfig();
      const db = await connect(config.databaseUrl);
      try {
        const forecast = await revenueForecast(db, flags.now ?? new Date(), flags.days);
        process.stdout.write(
          flags.format === 'json' ? `${JSON.stringify(forecast, null, 2)}\n` : formatForecastTable(forecast),
        );
      } finally {
        await db.destroy();
      }
    });
}
