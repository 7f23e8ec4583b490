import { KPI_CATALOGUE } from './catalogue.ts';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/**
 * docs/kpis.md's catalogue table, generated from the catalogue so the docs cannot drift:
 * test/unit/kpi-docs.test.ts compares it with the file (and rewrites it with UPDATE_KPI_DOCS=1).
 */
export function kpiDocsMarkdown(): string {
  const rows = KPI_CATALOGUE.map(
    (k) =>
      `| \`${k.id}\` | ${cell(k.label)} | ${k.unit} | ${cell(k.definition)} | ${k.groupBys.join(', ') || '—'} |`,
  );
  return ['| id | label | unit | definition | groupBy |', '| --- | --- | --- | --- | --- |', ...rows].join(
    '\n',
  );
}
