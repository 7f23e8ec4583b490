/**
 * The JSON the console reads: GET /api/kpis…, /api/ops/… (docs/ops-console.md). Written out here rather
 * than imported: the server modules that define them pull in Node and knex types the browser build lacks.
 */

export type KpiUnit = 'count' | 'eur' | 'ratio' | 'days' | 'turns';

export interface KpiRow {
  group?: string;
  key?: string;
  value: number | null;
  numerator?: number;
  denominator?: number;
}

export interface KpiResult {
  id: string;
  label: string;
  unit: KpiUnit;
  groupBy: string | null;
  rows: KpiRow[];
}

export interface KpiAnswer {
  from: string;
  to: string;
  groupBy: string | null;
  kpis: KpiResult[];
  skipped: string[];
}

export interface ForecastDay {
  date: string;
  value: number;
  lower: number;
  upper: number;
  seasonalNaive: number;
}

export interface ForecastAnswer {
  now: string;
  days: number;
  forecast: ForecastDay[];
}

export interface HeldOrder {
  id: string;
  status: string;
  placedAt: string;
  total: number;
  currency: string;
  country: string;
  channel: string;
  fraudScore: number | null;
  fraudIndicators: string[];
}

export interface AuditEntry {
  at: string;
  eventType: string;
  eventId: string;
  detail: unknown;
}

export interface AuditAnswer {
  orderId: string;
  status: string;
  trail: AuditEntry[];
}

export interface DeadLetter {
  id: number | string;
  eventId: string | null;
  partitionId: string | null;
  sequenceNumber: number | string | null;
  reason: string;
  createdAt: string;
  retriedAt: string | null;
  /** The raw message with personal data masked (JSON re-serialised compactly; other bodies as text). */
  payload: string;
}

export interface PipelineHealth {
  eventsPerSecond: number;
  eventsTotal: number;
  partitions: { partitionId: string; lagEvents: number }[];
  deadLetters: { total: number; open: number };
  retries: Record<string, number>;
  updatedAt: string;
}

export interface AgentResult {
  question: string;
  answer: string;
  sql: string | null;
  columns: string[];
  rows: unknown[][];
  truncated: boolean;
  outcome?: string;
}
