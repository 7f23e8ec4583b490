/**
 * The KPI catalogue (design §5 business definitions, §9 one semantic layer): each KPI defined once and
 * run by one compiler, for the daily report, `GET /api/kpis` and later the ops console and the agent.
 */
export {
  KPI_CATALOGUE,
  GROUP_BYS,
  findKpi,
  type GroupBy,
  type KpiDefinition,
  type KpiUnit,
} from './catalogue.ts';
export {
  compileKpi,
  runKpi,
  runKpis,
  KpiGroupingError,
  type KpiColumnNames,
  type KpiQuery,
  type KpiResult,
  type KpiRow,
  type KpiWindow,
} from './run-kpi.ts';
export { dailyReport, type DailyReport, type DailyReportLine } from './daily-report.ts';
export { formatReport, REPORT_FORMATS, type ReportFormat } from './report-format.ts';
export { kpiDocsMarkdown } from './kpi-docs.ts';
export {
  ForecastHistoryError,
  formatForecastTable,
  revenueForecast,
  type RevenueForecast,
} from './forecast.ts';
