import type { Knex } from 'knex';
import type { Dialect } from '../../../services/shared/db/connection.ts';
import type { FieldId, Filter, Subject, TimeEvent, TimeRange } from '../intent.ts';
import type { Alias } from './join-graph.ts';

/**
 * One condition of a query, as SQL over the columns of one table (its "home"). The scope that owns the
 * query decides whether that table is joined or reached through a semi-join.
 */
export interface Condition {
  home: Alias;
  sql: string;
}

const COLUMN: Partial<Record<FieldId, [Alias, string]>> = {
  order_id: ['o', 'o.id'],
  status: ['o', 'o.status'],
  channel: ['o', 'o.channel'],
  ship_country: ['o', 'o.ship_country'],
  customer_country: ['c', 'c.country'],
  ship_city: ['o', 'o.ship_city'],
  customer_city: ['c', 'c.city'],
  category: ['p', 'p.category'],
  product: ['p', 'p.name'],
  sku: ['p', 'p.sku'],
  carrier: ['s', 's.carrier'],
  payment_method: ['pay', 'pay.method'],
  payment_status: ['pay', 'pay.status'],
  return_reason: ['r', 'r.reason'],
  sentiment: ['r', 'r.sentiment'],
  return_status: ['r', 'r.status'],
  cancel_reason: ['o', 'o.cancel_reason'],
  shipment_status: ['s', 's.status'],
  notification_status: ['n', 'n.status'],
  notification_channel: ['n', 'n.channel'],
  notification_template: ['n', 'n.template'],
  event_type: ['e', 'e.type'],
  email: ['c', 'c.email'],
  order_total: ['o', 'o.total'],
  fraud_score: ['o', 'o.fraud_score'],
  unit_price: ['p', 'p.unit_price'],
  active: ['p', 'p.active'],
};

/** Renders a literal safely for the dialect (knex does the quoting). */
export function literal(k: Knex, value: string | number): string {
  return k.raw('?', [value]).toQuery();
}

export function filterCondition(k: Knex, filter: Filter): Condition {
  const column = COLUMN[filter.field];
  if (column) {
    const [home, col] = column;
    return { home, sql: compare(k, col, filter) };
  }
  const n = Number(filter.values[0]);
  const op = filter.op === '!=' ? '<>' : filter.op;
  switch (filter.field) {
    case 'stock_state': {
      const available = '(i.on_hand - i.reserved)';
      const sql = filter.values[0] === 'out' ? `${available} <= 0` : `${available} < i.reorder_level`;
      return { home: 'i', sql: filter.op === '!=' ? `NOT (${sql})` : sql };
    }
    case 'order_units':
      return {
        home: 'o',
        sql: `o.id IN (${k('order_items').select('order_id').groupBy('order_id').havingRaw(`SUM(quantity) ${op} ?`, [n]).toQuery()})`,
      };
    case 'order_lines':
      return {
        home: 'o',
        sql: `o.id IN (${k('order_items').select('order_id').groupBy('order_id').havingRaw(`COUNT(*) ${op} ?`, [n]).toQuery()})`,
      };
    case 'column_set': {
      const cols = filter.values
        .flatMap((v) => String(v).split(','))
        .filter((c) => /^[a-z]+\.[a-z_]+$/.test(c));
      const home = (cols[0]?.split('.')[0] ?? 'o') as Alias;
      const test = filter.op === '!=' ? 'IS NULL' : 'IS NOT NULL';
      return { home, sql: cols.map((c) => `${c} ${test}`).join(' AND ') };
    }
    case 'stock_available':
      return { home: 'i', sql: `(i.on_hand - i.reserved) ${op} ${literal(k, n)}` };
    case 'has': {
      // values: returns | shipments | payments | notifications (orders), orders (customers), sales (products)
      const what = String(filter.values[0]);
      const not = filter.op === '!=' ? 'NOT ' : '';
      if (what === 'orders')
        return { home: 'c', sql: `c.id ${not}IN (${k('orders').distinct('customer_id').toQuery()})` };
      if (what === 'sales')
        return { home: 'p', sql: `p.id ${not}IN (${k('order_items').distinct('product_id').toQuery()})` };
      return { home: 'o', sql: `o.id ${not}IN (${k(what).distinct('order_id').toQuery()})` };
    }
    case 'customer_orders':
      return {
        home: 'c',
        sql: `c.id IN (${k('orders').select('customer_id').groupBy('customer_id').havingRaw(`COUNT(*) ${op} ?`, [n]).toQuery()})`,
      };
    default:
      throw new Error(`No column for field ${filter.field}`);
  }
}

function compare(k: Knex, column: string, filter: Filter): string {
  const values = filter.values;
  if (filter.op === '=' || filter.op === '!=') {
    if (values.length === 1)
      return `${column} ${filter.op === '=' ? '=' : '<>'} ${literal(k, values[0] as string)}`;
    const list = values.map((v) => literal(k, v)).join(', ');
    return `${column} ${filter.op === '=' ? 'IN' : 'NOT IN'} (${list})`;
  }
  return `${column} ${filter.op} ${literal(k, values[0] as number)}`;
}

/** The timestamp column a date range applies to, for a subject and event. */
export function timeColumn(subject: Subject, event: TimeEvent | undefined): [Alias, string] {
  switch (event) {
    case 'confirmed':
    case 'cancelled':
      return ['o', `o.${event}_at`];
    case 'shipped':
      return subject === 'shipments' ? ['s', 's.shipped_at'] : ['o', 'o.shipped_at'];
    case 'delivered':
      return subject === 'shipments' ? ['s', 's.delivered_at'] : ['o', 'o.delivered_at'];
    case 'signed_up':
      return ['c', 'c.created_at'];
    case 'requested':
      return ['r', 'r.requested_at'];
    case 'paid':
      return ['pay', 'pay.created_at'];
    case 'occurred':
      return ['e', 'e.occurred_at'];
    case 'created':
      if (subject === 'products') return ['p', 'p.created_at'];
      if (subject === 'notifications') return ['n', 'n.created_at'];
      if (subject === 'dead_letters') return ['dl', 'dl.created_at'];
      return ['o', 'o.placed_at'];
    default:
      return ['o', 'o.placed_at'];
  }
}

/** The date a subject is dated by when the question names no event (for daily/monthly buckets). */
export function defaultTimeEvent(subject: Subject): TimeEvent {
  switch (subject) {
    case 'customers':
      return 'signed_up';
    case 'returns':
      return 'requested';
    case 'shipments':
      return 'shipped';
    case 'payments':
      return 'paid';
    case 'events':
      return 'occurred';
    case 'products':
    case 'notifications':
    case 'dead_letters':
      return 'created';
    default:
      return 'placed';
  }
}

export function timeCondition(k: Knex, subject: Subject, time: TimeRange): Condition {
  const [home, column] = timeColumn(subject, time.event);
  const parts: string[] = [];
  if (time.from) parts.push(`${column} >= ${literal(k, time.from)}`);
  if (time.to) parts.push(`${column} < ${literal(k, time.to)}`);
  return { home, sql: parts.join(' AND ') || '1 = 1' };
}

/** Calendar bucket expressions; both engines store timestamps as 'YYYY-MM-DD HH:MM:SS.sss' UTC. */
export function bucketExpression(
  dialect: Dialect,
  bucket: 'day' | 'week' | 'month' | 'year',
  column: string,
): string {
  if (dialect === 'mysql') {
    switch (bucket) {
      case 'day':
        return `DATE(${column})`;
      case 'week':
        return `DATE(DATE_SUB(${column}, INTERVAL WEEKDAY(${column}) DAY))`;
      case 'month':
        return `DATE_FORMAT(${column}, '%Y-%m')`;
      case 'year':
        return `YEAR(${column})`;
    }
  }
  switch (bucket) {
    case 'day':
      return `DATE(${column})`;
    case 'week':
      return `DATE(${column}, 'weekday 0', '-6 days')`;
    case 'month':
      return `strftime('%Y-%m', ${column})`;
    case 'year':
      return `CAST(strftime('%Y', ${column}) AS INTEGER)`;
  }
}

/** Seconds between two timestamps. */
export function secondsBetween(dialect: Dialect, from: string, to: string): string {
  return dialect === 'mysql'
    ? `TIMESTAMPDIFF(SECOND, ${from}, ${to})`
    : `((julianday(${to}) - julianday(${from})) * 86400)`;
}
