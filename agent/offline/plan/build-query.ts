import type { Knex } from 'knex';
import type { Dialect } from '../../../services/shared/db/connection.ts';
import { REVENUE_STATUSES } from '../../../services/shared/domain/order-status.ts';
import { sqlBuilder } from '../../query/sql-builder.ts';
import type { Dimension, Intent, Measure, OrderLookup } from '../intent.ts';
import {
  bucketExpression,
  defaultTimeEvent,
  filterCondition,
  secondsBetween,
  timeColumn,
  timeCondition,
  type Condition,
} from './conditions.ts';
import { BASE, KEY, type Alias } from './join-graph.ts';
import { QueryScope } from './query-scope.ts';

/**
 * Turns what a question asks into one SELECT for the connected dialect, written with knex so the
 * same plan serves MySQL and SQLite. The business definitions of design §5 live here as SQL:
 * revenue statuses, AOV, the rates, product revenue, delivery time, stock levels.
 */

export type ValueUnit = 'count' | 'money' | 'rate' | 'number' | 'days' | 'hours' | 'score' | 'units';

export interface PlannedQuery {
  sql: string;
  /** The output column holding the answer's number (absent for lists). */
  valueColumn?: string;
  unit?: ValueUnit;
  /** Output columns naming the group (dimension) of each row. */
  labelColumns: string[];
  /** For rates: the columns with the part and the whole. */
  partColumn?: string;
  wholeColumn?: string;
  /** Set when revenue's status rule was applied, or replaced by named statuses. */
  statusNote?: string;
  /** The question asked for an average over groups ("average daily revenue"). */
  meanOver?: Dimension;
}

const REVENUE = [...REVENUE_STATUSES];

export function planQuery(intent: Intent, dialect: Dialect): PlannedQuery {
  const k = sqlBuilder(dialect);
  const m = intent.measure;
  if (m.id === 'list') return planList(k, intent);
  if (m.id === 'units_per_order' || m.id === 'lines_per_order') return planPerOrder(k, intent, dialect);

  const meanOver = intent.groupBy && m.aggregate === 'avg' && isAdditive(m) ? intent.groupBy : undefined;
  const scope = new QueryScope(k, BASE[m.subject]);
  const { conditions, statusNote } = scopedConditions(k, intent);
  scope.filter(conditions);

  const dim = intent.groupBy ? dimension(dialect, intent, scope) : undefined;
  const value = measureSelect(k, dialect, intent, scope, conditions);
  if (value.where) scope.filter(value.where);
  if (dim?.where) scope.where.push(dim.where);

  let qb = scope.build();
  const selects = [...(dim?.selects ?? []), ...value.selects];
  qb = qb.select(selects.map(([sql, alias]) => k.raw(`${sql} AS ${k.raw('??', [alias]).toQuery()}`)));
  if (dim) qb = qb.groupByRaw(dim.groupBy.join(', '));

  if (meanOver && dim) {
    const inner = qb.toQuery();
    const sql = k
      .select(k.raw(`AVG(t.${value.alias}) AS ${k.raw('??', [`average_${value.alias}`]).toQuery()}`))
      .from(k.raw(`(${inner}) AS t`))
      .toQuery();
    return {
      sql,
      valueColumn: `average_${value.alias}`,
      unit: value.unit,
      labelColumns: [],
      meanOver,
      ...(statusNote ? { statusNote } : {}),
    };
  }

  if (dim) {
    const timeBucket = ['day', 'week', 'month', 'year'].includes(intent.groupBy as string);
    if (intent.order)
      qb = qb.orderByRaw(`${value.alias} ${intent.order.toUpperCase()}, ${dim.labels[0]} ASC`);
    else if (timeBucket) qb = qb.orderByRaw(`${dim.labels[0]} ASC`);
    else qb = qb.orderByRaw(`${value.alias} DESC, ${dim.labels[0]} ASC`);
  }
  if (intent.limit !== undefined) qb = qb.limit(intent.limit);
  return {
    sql: qb.toQuery(),
    valueColumn: value.alias,
    unit: value.unit,
    labelColumns: dim?.labels ?? [],
    ...(value.part ? { partColumn: value.part, wholeColumn: value.whole } : {}),
    ...(statusNote ? { statusNote } : {}),
  };
}

function isAdditive(m: Measure): boolean {
  return ['count', 'revenue', 'units', 'product_revenue', 'refund_total', 'payment_amount'].includes(m.id);
}

/** Measures over orders that follow the revenue rule unless the question names statuses itself. */
function followsRevenueRule(m: Measure): boolean {
  return (
    ['revenue', 'aov', 'money', 'units', 'product_revenue'].includes(m.id) ||
    (m.id === 'share' && m.of === 'revenue')
  );
}

/**
 * The WHERE conditions: filters, the date range, and for revenue-like measures the status rule. A status
 * the question names replaces the rule when it is outside it ("value of cancelled orders") and narrows it
 * when inside ("revenue of delivered orders").
 */
function scopedConditions(k: Knex, intent: Intent): { conditions: Condition[]; statusNote?: string } {
  const m = intent.measure;
  let filters = intent.filters;
  const conditions: Condition[] = [];
  let statusNote: string | undefined;
  if (intent.anyStatus && followsRevenueRule(m)) statusNote = 'orders of any status';
  else if (followsRevenueRule(m)) {
    const named = filters.filter((f) => f.field === 'status');
    filters = filters.filter((f) => f.field !== 'status');
    let statuses: string[] = REVENUE;
    for (const f of named) {
      const values = f.values.map(String);
      statuses =
        f.op === '='
          ? statuses.filter((s) => values.includes(s))
          : statuses.filter((s) => !values.includes(s));
    }
    if (statuses.length === 0) {
      statuses = named.filter((f) => f.op === '=').flatMap((f) => f.values.map(String));
      statusNote = `orders with status ${statuses.join(', ')} (not revenue statuses)`;
    } else {
      statusNote =
        statuses.length === REVENUE.length
          ? 'revenue orders: confirmed, shipped, delivered'
          : `status ${statuses.join(', ')}`;
    }
    conditions.push(filterCondition(k, { field: 'status', op: '=', values: statuses, at: 0 }));
  }
  for (const f of filters) conditions.push(filterCondition(k, f));
  if (intent.time) conditions.push(timeCondition(k, m.subject, intent.time));
  return statusNote ? { conditions, statusNote } : { conditions };
}

interface ValueSelect {
  selects: Array<[string, string]>;
  alias: string;
  unit: ValueUnit;
  where?: Condition[];
  part?: string;
  whole?: string;
}

function measureSelect(
  k: Knex,
  dialect: Dialect,
  intent: Intent,
  scope: QueryScope,
  conditions: Condition[],
): ValueSelect {
  const m = intent.measure;
  const agg = (m.aggregate ?? 'avg').toUpperCase();
  const ratio = (part: string, whole: string) =>
    dialect === 'sqlite' ? `${part} * 1.0 / ${whole}` : `${part} / ${whole}`;
  switch (m.id) {
    case 'count': {
      const alias = m.subject === 'items' ? 'order_lines' : m.subject;
      return { selects: [[scope.countBase(), alias]], alias, unit: 'count' };
    }
    case 'revenue':
      return { selects: [['SUM(o.total)', 'revenue']], alias: 'revenue', unit: 'money' };
    case 'aov':
      return {
        selects: [
          [ratio('SUM(o.total)', scope.countBase()), 'average_order_value'],
          [scope.countBase(), 'orders'],
        ],
        alias: 'average_order_value',
        unit: 'money',
      };
    case 'money': {
      const column = `o.${m.column ?? 'total'}`;
      const fn = (m.aggregate ?? 'sum').toUpperCase();
      const alias = `${m.aggregate ?? 'sum'}_${m.column ?? 'total'}`;
      return { selects: [[`${fn}(${column})`, alias]], alias, unit: 'money' };
    }
    case 'fraud_score':
      return {
        selects: [[`${agg}(o.fraud_score)`, `${agg.toLowerCase()}_fraud_score`]],
        alias: `${agg.toLowerCase()}_fraud_score`,
        unit: 'score',
      };
    case 'delivery_time': {
      // Delivery time is placed → delivered (design §5); a question may name any two order timestamps.
      const [start, end] = (m.column ?? 'placed_at:delivered_at').split(':') as [string, string];
      const divisor = m.unit === 'hours' ? 3600 : 86400;
      const alias = m.column
        ? `${agg.toLowerCase()}_${m.unit ?? 'days'}_${start.replace(/_at$/, '')}_to_${end.replace(/_at$/, '')}`
        : `${agg.toLowerCase()}_delivery_${m.unit ?? 'days'}`;
      return {
        selects: [[`${agg}(${secondsBetween(dialect, `o.${start}`, `o.${end}`)}) / ${divisor}`, alias]],
        alias,
        unit: m.unit === 'hours' ? 'hours' : 'days',
        where: [
          {
            home: 'o',
            sql: [start, end]
              .filter((c) => c !== 'placed_at')
              .map((c) => `o.${c} IS NOT NULL`)
              .join(' AND '),
          },
        ],
      };
    }
    case 'cancellation_rate': {
      // Joined to order lines (rate per category), each order must still count once.
      const part = countWhere(scope, "o.status = 'cancelled'");
      return {
        selects: [
          [ratio(part, scope.countBase()), 'cancellation_rate'],
          [part, 'cancelled_orders'],
          [scope.countBase(), 'orders'],
        ],
        alias: 'cancellation_rate',
        unit: 'rate',
        part: 'cancelled_orders',
        whole: 'orders',
      };
    }
    case 'return_rate': {
      const part = countWhere(scope, "o.status = 'returned'");
      const whole = countWhere(scope, "o.status IN ('delivered', 'returned')");
      return {
        selects: [
          [ratio(part, whole), 'return_rate'],
          [part, 'returned_orders'],
          [whole, 'delivered_or_returned_orders'],
        ],
        alias: 'return_rate',
        unit: 'rate',
        part: 'returned_orders',
        whole: 'delivered_or_returned_orders',
      };
    }
    case 'share': {
      if (!intent.partFilters?.length) return distribution(k, dialect, intent, conditions);
      const condition = scope.expression((intent.partFilters ?? []).map((f) => filterCondition(k, f)));
      if (m.of === 'revenue') {
        const part = `SUM(CASE WHEN ${condition} THEN o.total ELSE 0 END)`;
        return {
          selects: [
            [ratio(part, 'SUM(o.total)'), 'share_of_revenue'],
            [part, 'part_revenue'],
            ['SUM(o.total)', 'total_revenue'],
          ],
          alias: 'share_of_revenue',
          unit: 'rate',
          part: 'part_revenue',
          whole: 'total_revenue',
        };
      }
      const part = countWhere(scope, condition);
      return {
        selects: [
          [ratio(part, scope.countBase()), 'share'],
          [part, 'matching'],
          [scope.countBase(), 'total'],
        ],
        alias: 'share',
        unit: 'rate',
        part: 'matching',
        whole: 'total',
      };
    }
    case 'buyers':
      scope.require('o');
      return { selects: [['COUNT(DISTINCT o.customer_id)', 'customers']], alias: 'customers', unit: 'count' };
    case 'units':
      return { selects: [['SUM(oi.quantity)', 'units_sold']], alias: 'units_sold', unit: 'units' };
    case 'product_revenue':
      return {
        selects: [['SUM(oi.line_total)', 'product_revenue']],
        alias: 'product_revenue',
        unit: 'money',
      };
    case 'refund_total':
    case 'refund_avg': {
      const where: Condition[] = intent.filters.some((f) => f.field === 'return_status')
        ? []
        : [{ home: 'r', sql: "r.status = 'refunded'" }];
      const fn = m.id === 'refund_avg' ? 'AVG' : 'SUM';
      const alias = m.id === 'refund_avg' ? 'average_refund' : 'refunded_amount';
      return { selects: [[`${fn}(r.refund_amount)`, alias]], alias, unit: 'money', where };
    }
    case 'sentiment_score':
      return {
        selects: [[`${agg}(r.sentiment_score)`, `${agg.toLowerCase()}_sentiment_score`]],
        alias: `${agg.toLowerCase()}_sentiment_score`,
        unit: 'number',
      };
    case 'payment_amount': {
      const where: Condition[] = intent.filters.some((f) => f.field === 'payment_status')
        ? []
        : [{ home: 'pay', sql: "pay.status = 'captured'" }];
      const fn = (m.aggregate ?? 'sum').toUpperCase();
      const alias = `${(m.aggregate ?? 'sum').toLowerCase()}_payment_amount`;
      return { selects: [[`${fn}(pay.amount)`, alias]], alias, unit: 'money', where };
    }
    case 'unit_price':
      return {
        selects: [[`${agg}(p.unit_price)`, `${agg.toLowerCase()}_unit_price`]],
        alias: `${agg.toLowerCase()}_unit_price`,
        unit: 'money',
      };
    case 'stock': {
      scope.require('i');
      const expr =
        m.column === 'on_hand'
          ? 'i.on_hand'
          : m.column === 'reserved'
            ? 'i.reserved'
            : '(i.on_hand - i.reserved)';
      const alias =
        m.column === 'on_hand'
          ? 'units_on_hand'
          : m.column === 'reserved'
            ? 'units_reserved'
            : 'units_available';
      return { selects: [[`SUM(${expr})`, alias]], alias, unit: 'units' };
    }
    case 'column': {
      // A numeric column of the subject's own table, or of a one-to-one neighbour (inventory).
      const column = m.column ?? '';
      const [home, name] = column.split('.') as [Alias, string];
      scope.require(home);
      const fn = (m.aggregate ?? 'sum').toUpperCase();
      const alias = `${fn.toLowerCase()}_${name}`;
      return { selects: [[`${fn}(${column})`, alias]], alias, unit: 'number' };
    }
    default:
      throw new Error(`Measure ${m.id} has no SQL`);
  }
}

/**
 * "Share of orders by channel": each group's count (or revenue) over the total of the same rows, the total
 * computed by a scalar subquery over the same conditions.
 */
function distribution(k: Knex, dialect: Dialect, intent: Intent, conditions: Condition[]): ValueSelect {
  const revenue = intent.measure.of === 'revenue';
  const total = new QueryScope(k, BASE[intent.measure.subject]);
  total.filter(conditions);
  const value = revenue ? 'SUM(o.total)' : 'COUNT(*)';
  const whole = total
    .build()
    .select(k.raw(`${value} AS total`))
    .toQuery();
  const share = dialect === 'sqlite' ? `${value} * 1.0 / (${whole})` : `${value} / (${whole})`;
  const part = revenue ? 'revenue' : intent.measure.subject;
  return {
    selects: [
      [share, 'share'],
      [value, part],
    ],
    alias: 'share',
    unit: 'rate',
  };
}

/** Rows meeting a condition; distinct base rows when a join multiplied them. */
function countWhere(scope: QueryScope, condition: string): string {
  return scope.fannedOut
    ? `COUNT(DISTINCT CASE WHEN ${condition} THEN ${KEY[scope.base]} END)`
    : `SUM(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;
}

interface DimensionSelect {
  selects: Array<[string, string]>;
  groupBy: string[];
  labels: string[];
  where?: string;
}

const DIMENSION_COLUMN: Partial<Record<Dimension, [Alias, string, string]>> = {
  status: ['o', 'o.status', 'status'],
  channel: ['o', 'o.channel', 'channel'],
  ship_country: ['o', 'o.ship_country', 'ship_country'],
  customer_country: ['c', 'c.country', 'customer_country'],
  ship_city: ['o', 'o.ship_city', 'ship_city'],
  customer_city: ['c', 'c.city', 'customer_city'],
  category: ['p', 'p.category', 'category'],
  carrier: ['s', 's.carrier', 'carrier'],
  payment_method: ['pay', 'pay.method', 'payment_method'],
  payment_status: ['pay', 'pay.status', 'payment_status'],
  return_reason: ['r', 'r.reason', 'return_reason'],
  sentiment: ['r', 'r.sentiment', 'sentiment'],
  return_status: ['r', 'r.status', 'return_status'],
  cancel_reason: ['o', 'o.cancel_reason', 'cancel_reason'],
  shipment_status: ['s', 's.status', 'shipment_status'],
  notification_status: ['n', 'n.status', 'notification_status'],
  notification_channel: ['n', 'n.channel', 'notification_channel'],
  event_type: ['e', 'e.type', 'event_type'],
  dead_letter_reason: ['dl', 'dl.reason', 'reason'],
  event_partition: ['e', 'e.partition_id', 'partition_id'],
  dead_letter_partition: ['dl', 'dl.partition_id', 'partition_id'],
};

function dimension(dialect: Dialect, intent: Intent, scope: QueryScope): DimensionSelect {
  const dim = intent.groupBy as Dimension;
  if (dim === 'day' || dim === 'week' || dim === 'month' || dim === 'year') {
    const [home, column] = timeColumn(
      intent.measure.subject,
      intent.time?.event ?? defaultTimeEvent(intent.measure.subject),
    );
    scope.require(home, true);
    const expr = bucketExpression(dialect, dim, column);
    return { selects: [[expr, dim]], groupBy: [expr], labels: [dim], where: `${column} IS NOT NULL` };
  }
  if (dim === 'product') {
    scope.require('p', true);
    // The SKU too: analysts name products by either ("which SKUs …").
    return {
      selects: [
        ['p.name', 'product'],
        ['p.sku', 'sku'],
      ],
      groupBy: ['p.id', 'p.name', 'p.sku'],
      labels: ['product'],
    };
  }
  if (dim === 'customer') {
    scope.require('c', true);
    return {
      selects: [
        ['c.email', 'customer_email'],
        ['c.full_name', 'customer_name'],
      ],
      groupBy: ['c.id', 'c.email', 'c.full_name'],
      labels: ['customer_email', 'customer_name'],
    };
  }
  if (dim === 'order') {
    scope.require('o', true);
    return { selects: [['o.id', 'order_id']], groupBy: ['o.id'], labels: ['order_id'] };
  }
  const spec = DIMENSION_COLUMN[dim];
  if (!spec) throw new Error(`Dimension ${dim} has no column`);
  const [home, column, label] = spec;
  scope.require(home, true);
  // A NULL here is no group: no reason, no score, or (partitions) an event the OMS recorded itself
  // rather than read from the hub (schema: order_events.partition_id).
  const nullable =
    dim === 'cancel_reason' ||
    dim === 'sentiment' ||
    dim === 'event_partition' ||
    dim === 'dead_letter_partition';
  return {
    selects: [[column, label]],
    groupBy: [column],
    labels: [label],
    ...(nullable ? { where: `${column} IS NOT NULL` } : {}),
  };
}

const LIST_COLUMNS: Readonly<Record<string, string[]>> = {
  orders: ['o.id', 'o.status', 'o.channel', 'o.total', 'o.ship_city', 'o.ship_country', 'o.placed_at'],
  customers: ['c.email', 'c.full_name', 'c.country', 'c.city', 'c.created_at'],
  products: ['p.name', 'p.sku', 'p.category', 'p.unit_price', 'p.active'],
  returns: [
    'r.order_id',
    'r.reason',
    'r.sentiment',
    'r.status',
    'r.refund_amount',
    'r.comment',
    'r.requested_at',
  ],
  shipments: ['s.order_id', 's.carrier', 's.tracking_number', 's.status', 's.shipped_at', 's.delivered_at'],
  payments: ['pay.order_id', 'pay.method', 'pay.status', 'pay.amount', 'pay.created_at'],
  notifications: [
    'n.order_id',
    'n.channel',
    'n.template',
    'n.status',
    'n.attempts',
    'n.last_error',
    'n.created_at',
  ],
  dead_letters: ['dl.id', 'dl.event_id', 'dl.reason', 'dl.created_at'],
  events: ['e.order_id', 'e.type', 'e.source', 'e.occurred_at'],
  items: ['oi.order_id', 'oi.line_no', 'oi.sku', 'oi.quantity', 'oi.unit_price', 'oi.line_total'],
};

function planList(k: Knex, intent: Intent): PlannedQuery {
  const subject = intent.measure.subject;
  const scope = new QueryScope(k, BASE[subject]);
  const conditions = intent.filters.map((f) => filterCondition(k, f));
  if (intent.time) conditions.push(timeCondition(k, subject, intent.time));
  scope.filter(conditions);
  const columns = [...(LIST_COLUMNS[subject] ?? [KEY[scope.base]])];
  const stock =
    subject === 'products' &&
    intent.filters.some((f) => f.field === 'stock_state' || f.field === 'stock_available');
  if (stock) columns.push('i.on_hand', 'i.reserved', 'i.reorder_level');
  let qb = scope.build().select(columns.map((c) => k.raw(c)));
  if (stock) {
    qb = qb.select(k.raw('(i.on_hand - i.reserved) AS available'));
  }
  const [dateAlias, dateColumn] = timeColumn(subject, intent.time?.event ?? defaultTimeEvent(subject));
  const sortable = scope.has(dateAlias) ? dateColumn : undefined;
  switch (intent.sortBy) {
    case 'total_desc':
      qb = qb.orderBy('o.total', 'desc');
      break;
    case 'total_asc':
      qb = qb.orderBy('o.total', 'asc');
      break;
    case 'price_desc':
      qb = qb.orderBy('p.unit_price', 'desc');
      break;
    case 'price_asc':
      qb = qb.orderBy('p.unit_price', 'asc');
      break;
    case 'oldest':
      if (sortable) qb = qb.orderByRaw(`${sortable} ASC`);
      break;
    default:
      if (sortable) qb = qb.orderByRaw(`${sortable} DESC`);
  }
  qb = qb.orderByRaw(`${KEY[scope.base]} ASC`);
  if (intent.limit !== undefined) qb = qb.limit(intent.limit);
  return { sql: qb.toQuery(), labelColumns: [] };
}

/** Average units (or lines) per order: sum per order first, then the mean over orders (all statuses). */
function planPerOrder(k: Knex, intent: Intent, dialect: Dialect): PlannedQuery {
  const lines = intent.measure.id === 'lines_per_order';
  const scope = new QueryScope(k, 'oi');
  const conditions = intent.filters.map((f) => filterCondition(k, f));
  if (intent.time) conditions.push(timeCondition(k, 'orders', intent.time));
  scope.filter(conditions);
  const dim = intent.groupBy
    ? dimension(dialect, { ...intent, measure: { ...intent.measure, subject: 'items' } }, scope)
    : undefined;
  if (dim?.where) scope.where.push(dim.where);
  const perOrder = lines ? 'COUNT(*)' : 'SUM(oi.quantity)';
  const inner = scope
    .build()
    .select([
      k.raw('oi.order_id'),
      ...(dim?.selects ?? []).map(([sql, alias]) => k.raw(`${sql} AS ${alias}`)),
      k.raw(`${perOrder} AS per_order`),
    ])
    .groupByRaw(['oi.order_id', ...(dim?.groupBy ?? [])].join(', '))
    .toQuery();
  const alias = lines ? 'average_lines_per_order' : 'average_units_per_order';
  let outer = k
    .select([...(dim?.labels ?? []).map((l) => k.raw(`t.${l}`)), k.raw(`AVG(t.per_order) AS ${alias}`)])
    .from(k.raw(`(${inner}) AS t`));
  if (dim)
    outer = outer.groupByRaw(dim.labels.map((l) => `t.${l}`).join(', ')).orderByRaw(`${dim.labels[0]} ASC`);
  return { sql: outer.toQuery(), valueColumn: alias, unit: 'number', labelColumns: dim?.labels ?? [] };
}

/** The query for one order's facts, or undefined when the whole story (order_story tool) is wanted. */
export function planOrderLookup(lookup: OrderLookup, dialect: Dialect): { sql: string } | undefined {
  const k = sqlBuilder(dialect);
  const facts = new Set(lookup.facts);
  if (facts.size === 0) return undefined;
  const orderColumns: Record<string, string[]> = {
    status: ['o.status'],
    cancel_reason: ['o.status', 'o.cancel_reason', 'o.cancelled_at'],
    total: ['o.total', 'o.subtotal', 'o.shipping_fee', 'o.tax', 'o.currency'],
    placed_at: ['o.placed_at'],
    shipped_at: ['o.shipped_at'],
    delivered_at: ['o.delivered_at'],
  };
  const onOrders = [...facts].every((f) => f in orderColumns);
  if (onOrders) {
    const cols = ['o.id', ...new Set([...facts].flatMap((f) => orderColumns[f] ?? []))];
    return {
      sql: k('orders as o')
        .select(cols.map((c) => k.raw(c)))
        .where('o.id', lookup.orderId)
        .toQuery(),
    };
  }
  if (facts.size > 1) return undefined;
  const [fact] = [...facts];
  switch (fact) {
    case 'shipment':
      return {
        sql: k('shipments as s')
          .select(
            's.order_id',
            's.carrier',
            's.tracking_number',
            's.status',
            's.shipped_at',
            's.delivered_at',
          )
          .where('s.order_id', lookup.orderId)
          .toQuery(),
      };
    case 'items':
      return {
        sql: k('order_items as oi')
          .join('products as p', 'p.id', 'oi.product_id')
          .select('oi.line_no', 'p.name', 'oi.sku', 'oi.quantity', 'oi.unit_price', 'oi.line_total')
          .where('oi.order_id', lookup.orderId)
          .orderBy('oi.line_no')
          .toQuery(),
      };
    case 'customer':
      return {
        sql: k('orders as o')
          .join('customers as c', 'c.id', 'o.customer_id')
          .select('o.id', 'c.email', 'c.full_name', 'c.country', 'c.city')
          .where('o.id', lookup.orderId)
          .toQuery(),
      };
    case 'payment':
      return {
        sql: k('payments as pay')
          .select('pay.order_id', 'pay.method', 'pay.status', 'pay.amount', 'pay.created_at')
          .where('pay.order_id', lookup.orderId)
          .orderBy('pay.created_at')
          .toQuery(),
      };
    case 'return':
      return {
        sql: k('returns as r')
          .select(
            'r.order_id',
            'r.reason',
            'r.status',
            'r.refund_amount',
            'r.sentiment',
            'r.comment',
            'r.requested_at',
          )
          .where('r.order_id', lookup.orderId)
          .toQuery(),
      };
    default:
      return undefined;
  }
}
