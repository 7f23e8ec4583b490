import type { Knex } from 'knex';
import type { Db } from '../db/connection.ts';
import { EVENT_TYPES } from '../domain/event-types.ts';
import { REVENUE_STATUSES } from '../domain/order-status.ts';
import { dayDifferenceSql, gridCellSql, type TimeGrain } from './dialect-sql.ts';

/** `turns`: how many times a quantity was turned over (units shipped ÷ units held), not a percentage. */
export type KpiUnit = 'count' | 'eur' | 'ratio' | 'days' | 'turns';

export const GROUP_BYS = ['day', 'week', 'month', 'country', 'channel', 'category'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];

const TIME: readonly TimeGrain[] = ['day', 'week', 'month'];
/** Order-level KPIs: an order has no single category, so category grouping is left out. */
const ORDER_GROUPS: readonly GroupBy[] = [...TIME, 'country', 'channel'];
/** Item-level KPIs reach products, so they can also be grouped by category. */
const ITEM_GROUPS: readonly GroupBy[] = [...ORDER_GROUPS, 'category'];

/** Either one aggregate, or a numerator and a denominator whose quotient is the value (checkable). */
export type KpiMeasures = { value: string } | { numerator: string; denominator: string };

/**
 * One KPI, defined once: the daily report, `GET /api/kpis` and (later) the ops console and the agent
 * all run it through runKpi, so a figure means the same everywhere. Aliases are fixed so the groupings
 * can be added generically: `o` orders, `oi` order_items, `p` products, `r` returns, `pay` payments,
 * `i` inventory.
 */
export interface KpiDefinition {
  id: string;
  label: string;
  unit: KpiUnit;
  /** The business definition; design §5's own wording where the design defines the KPI. */
  definition: string;
  /** The timestamp the window [from, to) applies to; absent for a snapshot of the current state. */
  timeColumn?: string;
  groupBys: readonly GroupBy[];
  /** FROM, JOINs and WHERE of the KPI, without window or grouping. */
  source(db: Db): Knex.QueryBuilder;
  measures(db: Db): KpiMeasures;
  /** A breakdown answers one row per value of this column or expression (a reason, a SKU) in each group. */
  breakdown?: { column: string | ((db: Db) => string); label: string; top?: number };
  /** Other words people use for this KPI (the agent reads questions with them, besides label and id). */
  terms?: readonly string[];
}

const sqlList = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
const REVENUE_IN = `o.status IN (${sqlList(REVENUE_STATUSES)})`;
const countWhen = (condition: string) => `SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;

const orders = (db: Db) => db({ o: 'orders' });
const revenueOrders = (db: Db) => orders(db).whereRaw(REVENUE_IN);
const revenueItems = (db: Db) =>
  revenueOrders(db)
    .join({ oi: 'order_items' }, 'oi.order_id', 'o.id')
    .join({ p: 'products' }, 'p.id', 'oi.product_id');
/** Each order beside its customer's first order ever (any status). */
const withFirstOrder = (db: Db) =>
  orders(db).join(
    db('orders').select('customer_id').min({ first_at: 'placed_at' }).groupBy('customer_id').as('f'),
    'f.customer_id',
    'o.customer_id',
  );

export const KPI_CATALOGUE: readonly KpiDefinition[] = [
  {
    id: 'orders_placed',
    label: 'Orders placed',
    unit: 'count',
    definition: 'all orders, any status, dated by `placed_at`.',
    timeColumn: 'o.placed_at',
    groupBys: ORDER_GROUPS,
    source: orders,
    measures: () => ({ value: 'COUNT(*)' }),
  },
  {
    id: 'orders_by_status',
    label: 'Orders by status',
    unit: 'count',
    definition: 'orders placed in the period by their current `status`, dated by `placed_at`.',
    timeColumn: 'o.placed_at',
    groupBys: ORDER_GROUPS,
    source: orders,
    measures: () => ({ value: 'COUNT(*)' }),
    breakdown: { column: 'o.status', label: 'status' },
  },
  {
    id: 'revenue',
    label: 'Revenue',
    unit: 'eur',
    definition:
      '`SUM(orders.total)` over orders with status in (`confirmed`,`shipped`,`delivered`), dated by `placed_at`.',
    timeColumn: 'o.placed_at',
    groupBys: ORDER_GROUPS,
    source: revenueOrders,
    measures: () => ({ value: 'SUM(o.total)' }),
  },
  {
    id: 'average_order_value',
    label: 'Average order value',
    unit: 'eur',
    definition: 'revenue ÷ number of orders counted in revenue.',
    timeColumn: 'o.placed_at',
    groupBys: ORDER_GROUPS,
    source: revenueOrders,
    measures: () => ({ numerator: 'SUM(o.total)', denominator: 'COUNT(*)' }),
  },
  {
    id: 'units_sold',
    label: 'Units sold',
    unit: 'count',
    definition: '`SUM(quantity)` over items of revenue orders, dated by `placed_at`.',
    timeColumn: 'o.placed_at',
    groupBys: ITEM_GROUPS,
    source: revenueItems,
    measures: () => ({ value: 'SUM(oi.quantity)' }),
  },
  {
    id: 'product_revenue',
    label: 'Product revenue',
    unit: 'eur',
    definition:
      '`SUM(order_items.line_total)` over items of revenue orders, dated by `placed_at` (excludes shipping and tax; the revenue by category).',
    timeColumn: 'o.placed_at',
    groupBys: ITEM_GROUPS,
    source: revenueItems,
    measures: () => ({ value: 'SUM(oi.line_total)' }),
  },
  {
    id: 'unique_customers',
    label: 'Unique customers',
    unit: 'count',
    definition: 'distinct customers with at least one order placed (any status), dated by `placed_at`.',
    timeColumn: 'o.placed_at',
    groupBys: ORDER_GROUPS,
    source: orders,
    measures: () => ({ value: 'COUNT(DISTINCT o.customer_id)' }),
  },
  {
    id: 'new_customers',
    label: 'New customers',
    unit: 'count',
    definition:
      "distinct customers whose first order ever (any status) was placed in the period, dated by that order's `placed_at`.",
    timeColumn: 'o.placed_at',
    groupBys: ORDER_GROUPS,
    source: (db) => withFirstOrder(db).whereRaw('o.placed_at = f.first_at'),
    measures: () => ({ value: 'COUNT(DISTINCT o.customer_id)' }),
  },
  {
    id: 'returning_customers',
    label: 'Returning customers',
    unit: 'count',
    definition:
      'distinct customers with an order placed in the period that is not their first order ever (a customer who first orders and comes back in the same period counts as new and as returning).',
    timeColumn: 'o.placed_at',
    groupBys: ORDER_GROUPS,
    source: (db) => withFirstOrder(db).whereRaw('o.placed_at > f.first_at'),
    measures: () => ({ value: 'COUNT(DISTINCT o.customer_id)' }),
  },
  {
    id: 'cancellation_rate',
    label: 'Cancellation rate',
    unit: 'ratio',
    definition: 'cancelled orders ÷ orders placed (both dated by `placed_at`).',
    timeColumn: 'o.placed_at',
    groupBys: ORDER_GROUPS,
    source: orders,
    measures: () => ({ numerator: countWhen("o.status = 'cancelled'"), denominator: 'COUNT(*)' }),
  },
  {
    id: 'cancellation_reasons',
    label: 'Cancellations by reason',
    unit: 'count',
    definition: 'cancelled orders by `cancel_reason`, dated by `placed_at`.',
    timeColumn: 'o.placed_at',
    groupBys: ORDER_GROUPS,
    source: (db) => orders(db).where('o.status', 'cancelled'),
    measures: () => ({ value: 'COUNT(*)' }),
    breakdown: { column: 'o.cancel_reason', label: 'reason' },
  },
  {
    id: 'return_rate',
    label: 'Return rate',
    unit: 'ratio',
    definition:
      'orders with status `returned` ÷ orders with status in (`delivered`,`returned`), dated by `placed_at`.',
    timeColumn: 'o.placed_at',
    groupBys: ORDER_GROUPS,
    source: (db) => orders(db).whereIn('o.status', ['delivered', 'returned']),
    measures: () => ({ numerator: countWhen("o.status = 'returned'"), denominator: 'COUNT(*)' }),
  },
  {
    id: 'return_reasons',
    label: 'Returns by reason',
    unit: 'count',
    definition: 'return requests (any return status) by `returns.reason`, dated by `returns.requested_at`.',
    timeColumn: 'r.requested_at',
    groupBys: ORDER_GROUPS,
    source: (db) => db({ r: 'returns' }).join({ o: 'orders' }, 'o.id', 'r.order_id'),
    measures: () => ({ value: 'COUNT(*)' }),
    breakdown: { column: 'r.reason', label: 'reason' },
  },
  {
    id: 'fraud_blocked',
    label: 'Fraud blocked',
    unit: 'count',
    definition: "orders cancelled with `cancel_reason = 'fraud_suspected'`, dated by `placed_at`.",
    timeColumn: 'o.placed_at',
    groupBys: ORDER_GROUPS,
    source: (db) => orders(db).where({ 'o.status': 'cancelled', 'o.cancel_reason': 'fraud_suspected' }),
    measures: () => ({ value: 'COUNT(*)' }),
  },
  {
    id: 'fraud_held',
    label: 'Held for fraud review',
    unit: 'count',
    definition:
      'orders held for manual fraud review (an `order.held` entry in `order_events`), whatever the review decided, dated by `placed_at`.',
    timeColumn: 'o.placed_at',
    groupBys: ORDER_GROUPS,
    source: (db) =>
      orders(db).whereExists(
        db({ e: 'order_events' })
          .select(db.raw('1'))
          .whereRaw('e.order_id = o.id')
          .andWhere('e.type', EVENT_TYPES.orderHeld),
      ),
    measures: () => ({ value: 'COUNT(*)' }),
  },
  {
    id: 'payment_decline_rate',
    label: 'Payment decline rate',
    unit: 'ratio',
    definition:
      'payments with status `declined` ÷ all payments, over payments of orders placed in the period.',
    timeColumn: 'o.placed_at',
    groupBys: ORDER_GROUPS,
    source: (db) => db({ pay: 'payments' }).join({ o: 'orders' }, 'o.id', 'pay.order_id'),
    measures: () => ({ numerator: countWhen("pay.status = 'declined'"), denominator: 'COUNT(*)' }),
  },
  {
    id: 'return_negative_share',
    label: 'Negative return comments',
    unit: 'ratio',
    definition:
      'returns whose comment reads `negative` ÷ returns whose comment has a sentiment, dated by `returns.requested_at`.',
    timeColumn: 'r.requested_at',
    groupBys: ORDER_GROUPS,
    source: (db) =>
      db({ r: 'returns' }).join({ o: 'orders' }, 'o.id', 'r.order_id').whereNotNull('r.sentiment'),
    measures: () => ({ numerator: countWhen("r.sentiment = 'negative'"), denominator: 'COUNT(*)' }),
  },
  {
    id: 'order_accuracy',
    label: 'Order accuracy',
    unit: 'ratio',
    definition:
      'orders neither cancelled for stock or validation (`cancel_reason` `out_of_stock`, `validation_failed`) nor returned as wrong item or damaged (a return with that reason, `approved` or `refunded`) ÷ orders placed, dated by `placed_at`.',
    timeColumn: 'o.placed_at',
    groupBys: ORDER_GROUPS,
    source: orders,
    measures: () => ({
      numerator: countWhen(
        "(o.cancel_reason IS NULL OR o.cancel_reason NOT IN ('out_of_stock', 'validation_failed')) AND NOT EXISTS " +
          "(SELECT 1 FROM returns rr WHERE rr.order_id = o.id AND rr.reason IN ('wrong_item', 'damaged') AND rr.status IN ('approved', 'refunded'))",
      ),
      denominator: 'COUNT(*)',
    }),
  },
  {
    id: 'out_of_stock_products',
    label: 'Products out of stock',
    unit: 'count',
    definition:
      'active products whose available stock (`inventory.on_hand − inventory.reserved`) is ≤ 0; a snapshot of now, the period does not apply.',
    groupBys: ['category'],
    source: (db) =>
      db({ i: 'inventory' })
        .join({ p: 'products' }, 'p.id', 'i.product_id')
        .where('p.active', true)
        .whereRaw('i.on_hand - i.reserved <= 0'),
    measures: () => ({ value: 'COUNT(*)' }),
  },
  {
    id: 'inventory_turnover',
    label: 'Inventory turnover',
    unit: 'turns',
    definition:
      'units of orders shipped in the period (`order_items.quantity` of orders whose `shipped_at` falls in it) ÷ units on hand now (`SUM(inventory.on_hand)`); stock history is not kept, so current stock stands in for the average.',
    timeColumn: 'o.shipped_at',
    groupBys: TIME,
    source: (db) => orders(db).join({ oi: 'order_items' }, 'oi.order_id', 'o.id'),
    measures: () => ({
      numerator: 'SUM(oi.quantity)',
      denominator: '(SELECT SUM(i.on_hand) FROM inventory i)',
    }),
  },
  {
    id: 'stock_out_cancellations',
    label: 'Stock-out cancellations',
    unit: 'count',
    definition: "orders cancelled with `cancel_reason = 'out_of_stock'`, dated by `placed_at`.",
    timeColumn: 'o.placed_at',
    groupBys: ORDER_GROUPS,
    source: (db) => orders(db).where({ 'o.status': 'cancelled', 'o.cancel_reason': 'out_of_stock' }),
    measures: () => ({ value: 'COUNT(*)' }),
  },
  {
    id: 'time_to_ship',
    label: 'Time to ship',
    unit: 'days',
    definition:
      'average of `shipped_at − placed_at` in days, over orders that have a `shipped_at`, dated by `placed_at`.',
    timeColumn: 'o.placed_at',
    groupBys: ORDER_GROUPS,
    source: (db) => orders(db).whereNotNull('o.shipped_at'),
    measures: (db) => ({
      numerator: `SUM(${dayDifferenceSql(db, 'o.placed_at', 'o.shipped_at')})`,
      denominator: 'COUNT(*)',
    }),
  },
  {
    id: 'delivery_time',
    label: 'Delivery time',
    unit: 'days',
    definition:
      '`delivered_at − placed_at`, over orders that have a `delivered_at` (average in days, dated by `placed_at`).',
    timeColumn: 'o.placed_at',
    groupBys: ORDER_GROUPS,
    source: (db) => orders(db).whereNotNull('o.delivered_at'),
    measures: (db) => ({
      numerator: `SUM(${dayDifferenceSql(db, 'o.placed_at', 'o.delivered_at')})`,
      denominator: 'COUNT(*)',
    }),
  },
  {
    id: 'top_products',
    label: 'Top products by revenue',
    unit: 'eur',
    definition:
      'the 10 SKUs with the highest product revenue (`SUM(order_items.line_total)` over items of revenue orders), dated by `placed_at`.',
    timeColumn: 'o.placed_at',
    groupBys: [],
    source: revenueItems,
    measures: () => ({ value: 'SUM(oi.line_total)' }),
    breakdown: { column: 'p.sku', label: 'sku', top: 10 },
  },
  {
    id: 'orders_by_region_cell',
    label: 'Orders by region cell',
    unit: 'count',
    definition:
      'orders placed (any status) with a GPS position, per 1°×1° grid cell of `latitude`,`longitude` (key `lat,lon` = its south-west corner); the 20 busiest cells, dated by `placed_at`.',
    timeColumn: 'o.placed_at',
    groupBys: [],
    source: (db) => orders(db).whereNotNull('o.latitude').whereNotNull('o.longitude'),
    measures: () => ({ value: 'COUNT(*)' }),
    breakdown: { column: (db) => gridCellSql(db, 'o.latitude', 'o.longitude'), label: 'cell', top: 20 },
  },
];

export function findKpi(id: string): KpiDefinition | undefined {
  return KPI_CATALOGUE.find((k) => k.id === id);
}
