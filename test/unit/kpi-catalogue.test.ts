import fs from 'node:fs';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { GROUP_BYS, KPI_CATALOGUE, kpiDocsMarkdown } from '../../services/shared/kpis/index.ts';
import { formatReport, type ReportFormat } from '../../services/shared/kpis/report-format.ts';
import type { DailyReport } from '../../services/shared/kpis/daily-report.ts';

const DOCS = new URL('../../docs/kpis.md', import.meta.url);
const START = '<!-- kpi-catalogue:start (generated from services/shared/kpis/catalogue.ts) -->';
const END = '<!-- kpi-catalogue:end -->';

/** A Markdown table's cells without the padding prettier adds to align its columns. */
const cells = (markdown: string) =>
  markdown
    .trim()
    .split('\n')
    .map((line) =>
      line
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim().replace(/^-+$/, '---'))
        .join('|'),
    )
    .join('\n');

describe('KPI catalogue', () => {
  it('defines each KPI once, with a definition, a unit and sensible groupings', () => {
    const ids = KPI_CATALOGUE.map((k) => k.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const kpi of KPI_CATALOGUE) {
      expect(kpi.id).toMatch(/^[a-z][a-z_]*$/);
      expect(kpi.label).not.toBe('');
      expect(kpi.definition.length).toBeGreaterThan(10);
      for (const g of kpi.groupBys) expect(GROUP_BYS).toContain(g);
      // A snapshot has no time to group by.
      if (!kpi.timeColumn)
        expect(kpi.groupBys.filter((g) => ['day', 'week', 'month'].includes(g))).toEqual([]);
    }
  });

  it('keeps design §5 wording for the KPIs the design defines', () => {
    const byId = Object.fromEntries(KPI_CATALOGUE.map((k) => [k.id, k.definition]));
    expect(byId.revenue).toBe(
      '`SUM(orders.total)` over orders with status in (`confirmed`,`shipped`,`delivered`), dated by `placed_at`.',
    );
    expect(byId.orders_placed).toBe('all orders, any status, dated by `placed_at`.');
    expect(byId.average_order_value).toBe('revenue ÷ number of orders counted in revenue.');
    expect(byId.cancellation_rate).toMatch(/^cancelled orders ÷ orders placed/);
    expect(byId.return_rate).toMatch(
      /^orders with status `returned` ÷ orders with status in \(`delivered`,`returned`\)/,
    );
    expect(byId.fraud_blocked).toMatch(/^orders cancelled with `cancel_reason = 'fraud_suspected'`/);
    expect(byId.delivery_time).toMatch(/^`delivered_at − placed_at`, over orders that have a `delivered_at`/);
  });

  it('is listed in docs/kpis.md exactly as the catalogue defines it', async () => {
    const text = fs.readFileSync(DOCS, 'utf8');
    const start = text.indexOf(START);
    const end = text.indexOf(END);
    expect(start, 'docs/kpis.md lacks the generated-table markers').toBeGreaterThan(-1);
    const current = text.slice(start + START.length, end);
    const table = kpiDocsMarkdown();
    if (cells(current) !== cells(table) && process.env.UPDATE_KPI_DOCS) {
      const updated = `${text.slice(0, start + START.length)}\n\n${table}\n\n${text.slice(end)}`;
      fs.writeFileSync(DOCS, await prettier.format(updated, { filepath: DOCS.pathname }));
      return;
    }
    expect(
      cells(current),
      'regenerate: UPDATE_KPI_DOCS=1 npx vitest run test/unit/kpi-catalogue.test.ts',
    ).toBe(cells(table));
  });
});

describe('daily report formats', () => {
  const report: DailyReport = {
    date: '2026-11-19',
    previousDay: '2026-11-18',
    sameWeekdayLastWeek: '2026-11-12',
    lines: [
      {
        id: 'revenue',
        label: 'Revenue',
        unit: 'eur',
        value: 1234.5,
        previousDay: 1000,
        changePreviousDay: 234.5,
        changePctPreviousDay: 23.5,
        sameWeekdayLastWeek: 0,
        changeSameWeekdayLastWeek: 1234.5,
        changePctSameWeekdayLastWeek: null,
      },
      {
        id: 'cancellation_reasons',
        label: 'Cancellations by reason',
        unit: 'count',
        key: 'odd, "quoted"',
        value: 2,
        previousDay: null,
        changePreviousDay: null,
        changePctPreviousDay: null,
        sameWeekdayLastWeek: null,
        changeSameWeekdayLastWeek: null,
        changePctSameWeekdayLastWeek: null,
      },
    ],
  };
  const render = (format: ReportFormat) => formatReport(report, format);

  it('writes CSV with a header row and RFC 4180 quoting', () => {
    const lines = render('csv').trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'date,id,label,unit,key,value,numerator,denominator,previousDay,changePreviousDay,changePctPreviousDay,sameWeekdayLastWeek,changeSameWeekdayLastWeek,changePctSameWeekdayLastWeek',
    );
    expect(lines[1]).toBe('2026-11-19,revenue,Revenue,eur,,1234.5,,,1000,234.5,23.5,0,1234.5,');
    expect(lines[2]).toContain('"odd, ""quoted"""');
  });

  it('writes JSON that reads back as the report', () => {
    expect(JSON.parse(render('json'))).toEqual(report);
  });

  it('writes a table with people-readable figures', () => {
    const table = render('table');
    expect(table).toContain('Revenue');
    expect(table).toContain('1,234.50');
    expect(table).toContain('+23.5%');
    expect(table).toContain('Cancellations by reason: odd, "quoted"');
  });
});
