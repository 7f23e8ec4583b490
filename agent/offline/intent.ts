import type { GroupBy } from '../../services/shared/kpis/index.ts';

/**
 * What the offline model understood a question to ask, independent of SQL and of wording. The parser
 * fills it from the question; the planner turns it into a query; the answer writer describes it.
 */

/** The table a question counts or sums over; it decides the FROM and what "how many" means. */
export type Subject =
  | 'orders'
  | 'items'
  | 'customers'
  | 'returns'
  | 'shipments'
  | 'payments'
  | 'products'
  | 'notifications'
  | 'dead_letters'
  | 'events';

export type MeasureId =
  | 'count'
  | 'revenue'
  | 'aov'
  | 'cancellation_rate'
  | 'return_rate'
  | 'share'
  | 'money'
  | 'fraud_score'
  | 'delivery_time'
  | 'units_per_order'
  | 'lines_per_order'
  | 'buyers'
  | 'units'
  | 'product_revenue'
  | 'refund_total'
  | 'refund_avg'
  | 'sentiment_score'
  | 'payment_amount'
  | 'unit_price'
  | 'stock'
  /** Any other numeric column of the subject's table, named by the question (schema-column.ts). */
  | 'column'
  | 'list';

export type Aggregate = 'sum' | 'avg' | 'max' | 'min';

export interface Measure {
  id: MeasureId;
  subject: Subject;
  /** For measures over a numeric column: how to aggregate it. */
  aggregate?: Aggregate;
  /** money: which order column; stock: on_hand | available | reserved; column: `alias.column`. */
  column?: string;
  /** delivery_time: 'days' | 'hours'. */
  unit?: 'days' | 'hours';
  /** share: what is shared — counted rows or revenue. */
  of?: 'count' | 'revenue';
}

/** The fields questions both filter on and group by ("by carrier", "for carrier DHL"). */
export type GroupableField =
  | 'status'
  | 'channel'
  | 'ship_country'
  | 'customer_country'
  | 'ship_city'
  | 'customer_city'
  | 'category'
  | 'product'
  | 'carrier'
  | 'payment_method'
  | 'payment_status'
  | 'return_reason'
  | 'sentiment'
  | 'return_status'
  | 'cancel_reason'
  | 'shipment_status'
  | 'notification_status'
  | 'notification_channel'
  | 'event_type';

/** A column (or derived value) questions filter and group on; resolved to SQL by the planner. */
export type FieldId =
  | 'order_id'
  | GroupableField
  | 'email'
  | 'customer'
  /** products.sku, written as the schema's example writes it ("ELE-0003"). */
  | 'sku'
  | 'order_total'
  | 'fraud_score'
  | 'order_units'
  | 'order_lines'
  | 'customer_orders'
  | 'active'
  | 'stock_state'
  | 'unit_price'
  /** Whether related rows exist: orders with returns, customers with orders, products with sales. */
  | 'has'
  /** inventory.on_hand − reserved (design §5 "available stock"). */
  | 'stock_available'
  /**
   * Whether nullable columns are filled: values are `alias.column` names of the subject's table; '='
   * means all are set ("events that were retried", "orders with a GPS location"), '!=' none is.
   */
  | 'column_set'
  /** notifications.template, read from the schema's examples (`order_shipped`: "shipping notifications"). */
  | 'notification_template';

export type Comparison = '=' | '!=' | '>' | '>=' | '<' | '<=';

export interface Filter {
  field: FieldId;
  op: Comparison;
  /** One value, or several (OR-ed: "Germany or France"). */
  values: (string | number)[];
  /** Where the words were in the question; share questions split filters by position. */
  at: number;
}

/** The timestamp a date range applies to. */
export type TimeEvent =
  | 'placed'
  | 'confirmed'
  | 'shipped'
  | 'delivered'
  | 'cancelled'
  | 'signed_up'
  | 'requested'
  | 'paid'
  | 'created'
  | 'occurred';

export interface TimeRange {
  /** Inclusive start, YYYY-MM-DD. */
  from?: string;
  /** Exclusive end, YYYY-MM-DD. */
  to?: string;
  /** How the question put it, normalised: "in October 2026", "between 2026-11-01 and 2026-11-07". */
  label: string;
  event?: TimeEvent;
  /** The periods named do not overlap ("July and September"): the parser refuses. */
  empty?: boolean;
}

export type Dimension =
  | GroupableField
  | 'dead_letter_reason'
  | 'event_partition'
  | 'dead_letter_partition'
  | 'customer'
  | 'order'
  | 'day'
  | 'week'
  | 'month'
  | 'year';

export interface Intent {
  kind: 'metric';
  measure: Measure;
  filters: Filter[];
  /** share: the filters that define the part (the rest define the whole). */
  partFilters?: Filter[];
  time?: TimeRange;
  groupBy?: Dimension;
  /** Sort by the measure: most first, least first; absent: natural order of the dimension. */
  order?: 'desc' | 'asc';
  limit?: number;
  /** list: what to sort the rows by. */
  sortBy?: 'recent' | 'oldest' | 'total_desc' | 'total_asc' | 'price_desc' | 'price_asc';
  /** "whatever their status": the revenue-status rule of money measures does not apply. */
  anyStatus?: boolean;
}

export interface OrderLookup {
  kind: 'order_lookup';
  orderId: string;
  /** Which facts were asked for; empty: the whole story (order_story tool). */
  facts: OrderFact[];
}

export type OrderFact =
  | 'status'
  | 'cancel_reason'
  | 'total'
  | 'placed_at'
  | 'shipped_at'
  | 'delivered_at'
  | 'shipment'
  | 'items'
  | 'customer'
  | 'payment'
  | 'return';

export interface SchemaQuestion {
  kind: 'schema';
  table?: string;
}

/**
 * A question a KPI of the catalogue answers as it stands (services/shared/kpis): the KPI, its period and
 * one of the groupings the KPI allows. The SQL comes from the catalogue, not from the planner.
 */
export interface KpiIntent {
  kind: 'kpi';
  kpiId: string;
  time?: TimeRange;
  groupBy?: GroupBy;
}

export type Understood = Intent | KpiIntent | OrderLookup | SchemaQuestion;

export type ParseOutcome =
  /** fragment: neither a measure nor a subject was named ("by channel"): in a chat, a follow-up. */
  | { ok: true; understood: Understood; fragment?: boolean }
  | { ok: false; reason: 'not_understood' | 'unsupported'; detail: string; unknownWords: string[] };
