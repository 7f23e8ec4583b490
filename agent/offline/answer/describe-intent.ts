import type { Filter, Intent, Measure, Subject, TimeRange } from '../intent.ts';
import { countryName } from '../question/countries.ts';
import { humanise, joinList } from './format.ts';

/**
 * Plain-English descriptions of what was counted, so an answer says what its number means
 * ("orders shipped to Germany (DE) in October 2026") and a wrong reading is visible at once.
 */

const SUBJECT_NOUN: Record<Subject, [string, string]> = {
  orders: ['order', 'orders'],
  items: ['order line', 'order lines'],
  customers: ['customer', 'customers'],
  returns: ['return', 'returns'],
  shipments: ['shipment', 'shipments'],
  payments: ['payment', 'payments'],
  products: ['product', 'products'],
  notifications: ['notification', 'notifications'],
  dead_letters: ['dead letter', 'dead letters'],
  events: ['order event', 'order events'],
};

export function subjectNoun(subject: Subject, n = 2): string {
  const [one, many] = SUBJECT_NOUN[subject];
  return n === 1 ? one : many;
}

const AGG_LABEL: Record<string, string> = { avg: 'average', sum: 'total', max: 'highest', min: 'lowest' };

export function measureLabel(m: Measure): string {
  const agg = AGG_LABEL[m.aggregate ?? 'avg'] ?? 'average';
  switch (m.id) {
    case 'count':
      return `number of ${subjectNoun(m.subject)}`;
    case 'revenue':
      return 'revenue';
    case 'aov':
      return 'average order value';
    case 'cancellation_rate':
      return 'cancellation rate';
    case 'return_rate':
      return 'return rate';
    case 'share':
      return m.of === 'revenue' ? 'share of revenue' : `share of ${subjectNoun(m.subject)}`;
    case 'money':
      return `${AGG_LABEL[m.aggregate ?? 'sum']} ${humanise(m.column ?? 'total')}`;
    case 'fraud_score':
      return `${agg} fraud score`;
    case 'delivery_time':
      return m.column
        ? `${agg} time from ${m.column.replace(/_at\b/g, '').replace(':', ' to ')}`
        : `${agg} delivery time`;
    case 'units_per_order':
      return 'average units per order';
    case 'lines_per_order':
      return 'average lines per order';
    case 'buyers':
      return 'number of customers who ordered';
    case 'units':
      return 'units sold';
    case 'product_revenue':
      return 'product revenue';
    case 'refund_total':
      return 'amount refunded';
    case 'refund_avg':
      return 'average refund';
    case 'sentiment_score':
      return `${agg} sentiment score`;
    case 'payment_amount':
      return `${AGG_LABEL[m.aggregate ?? 'sum']} payment amount`;
    case 'unit_price':
      return `${agg} unit price`;
    case 'stock':
      return m.column === 'on_hand'
        ? 'units on hand'
        : m.column === 'reserved'
          ? 'units reserved'
          : 'units available';
    case 'column':
      return `${AGG_LABEL[m.aggregate ?? 'sum']} ${humanise((m.column ?? '').replace(/^\w+\./, ''))}`;
    case 'list':
      return subjectNoun(m.subject);
  }
}

export function filterPhrase(f: Filter): string {
  const values = f.values.map((v) => valueLabel(f, v));
  const list = joinList(values, 'or');
  const not = f.op === '!=' ? 'not ' : '';
  switch (f.field) {
    case 'status':
      return `with status ${not}${list}`;
    case 'channel':
      return `${not}from the ${list} channel`;
    case 'ship_country':
    case 'ship_city':
      return `${not}shipped to ${list}`;
    case 'customer_country':
    case 'customer_city':
      return `from customers ${not}in ${list}`;
    case 'category':
      return `${not}in category ${list}`;
    case 'product':
    case 'sku':
      return `${not}of ${list}`;
    case 'carrier':
      return `${not}shipped with ${list}`;
    case 'payment_method':
      return `${not}paid by ${list}`;
    case 'payment_status':
      return `with payment status ${not}${list}`;
    case 'return_reason':
      return `${not}returned as ${list}`;
    case 'sentiment':
      return `with ${not}${list} sentiment`;
    case 'return_status':
      return `with return status ${not}${list}`;
    case 'cancel_reason':
      return `cancelled ${not}for ${list}`;
    case 'shipment_status':
      return `with shipment status ${not}${list}`;
    case 'notification_status':
      return `with notification status ${not}${list}`;
    case 'notification_template':
      return `with template ${not}${list}`;
    case 'notification_channel':
      return `${not}sent by ${list}`;
    case 'email':
      return `of customer ${list}`;
    case 'order_total':
      return `with order total ${opWord(f)} €${f.values[0]}`;
    case 'fraud_score':
      return `with fraud score ${opWord(f)} ${f.values[0]}`;
    case 'unit_price':
      return `priced ${opWord(f)} €${f.values[0]}`;
    case 'order_units':
      return `with ${opWord(f)} ${f.values[0]} units`;
    case 'order_lines':
      return `with ${opWord(f)} ${f.values[0]} lines`;
    case 'customer_orders':
      return f.op === '>=' && f.values[0] === 1
        ? 'who placed an order'
        : `with ${opWord(f)} ${f.values[0]} orders`;
    case 'active':
      return f.values[0] === 1 ? 'that are active' : 'that are inactive';
    case 'column_set': {
      const cols = f.values.flatMap((v) => String(v).split(',')).map((c) => c.split('.')[1] ?? c);
      return `with ${joinList(cols, 'and')} ${f.op === '!=' ? 'not set' : 'set'}`;
    }
    case 'has': {
      const what = String(f.values[0]);
      const negated = f.op === '!=';
      if (what === 'orders') return negated ? 'who never ordered' : 'who ordered';
      if (what === 'sales') return negated ? 'never sold' : 'that have sold';
      const noun = what.replace(/s$/, '');
      return negated ? `without a ${noun}` : `with a ${noun}`;
    }
    case 'stock_available':
      return `with ${opWord(f)} ${f.values[0]} units available`;
    case 'stock_state':
      return f.values[0] === 'out' ? 'that are out of stock' : 'below their reorder level';
    default:
      return `${humanise(f.field)} ${f.op} ${list}`;
  }
}

function opWord(f: Filter): string {
  return { '>': 'over', '>=': 'at least', '<': 'under', '<=': 'at most', '=': 'exactly', '!=': 'other than' }[
    f.op
  ];
}

function valueLabel(f: Filter, v: string | number): string {
  if (f.field === 'ship_country' || f.field === 'customer_country') return `${countryName(String(v))} (${v})`;
  return typeof v === 'string' ? humanise(v) : String(v);
}

export function timePhrase(time: TimeRange | undefined, subject: Subject): string {
  if (!time) return '';
  const label = time.label;
  const prefix =
    /^(?:from|since|after|up to|before|in the last|this|last|today|yesterday|year to date|month to date)\b/.test(
      label,
    )
      ? ''
      : 'in ';
  const by =
    time.event && time.event !== 'placed' && (subject === 'orders' || subject === 'items')
      ? ` (by ${time.event} date)`
      : '';
  return `${prefix}${label}${by}`;
}

/** "orders shipped to Germany (DE) from the web channel in October 2026". */
export function describeScope(intent: Intent): string {
  const parts = intent.filters.map(filterPhrase);
  const time = timePhrase(intent.time, intent.measure.subject);
  return [...parts, time].filter((s) => s !== '').join(' ');
}
