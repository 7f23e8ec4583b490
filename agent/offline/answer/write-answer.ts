import type { Intent, OrderLookup } from '../intent.ts';
import type { PlannedQuery } from '../plan/build-query.ts';
import { countryName } from '../question/countries.ts';
import { describeScope, filterPhrase, measureLabel, subjectNoun, timePhrase } from './describe-intent.ts';
import { capitalise, formatCount, formatValue, humanise, toNumber } from './format.ts';

/** What a tool returned, as the offline model reads it back from the ToolMessage. */
export type ToolOutcome =
  | { ok: true; columns: string[]; rows: unknown[][]; rowCount: number; truncated: boolean }
  | { ok: false; code: string; message: string };

/** Codes of statements the guard let through but a cap or the engine check stopped. */
const STOPPED = new Set(['CELL_TOO_LARGE', 'RESULT_TOO_LARGE', 'ENGINE_CHECK', 'QUERY_CANCELLED']);

/** Rows named in the text of an answer; the full table is shown next to it. */
const SHOWN = 5;

export function failureAnswer(outcome: Extract<ToolOutcome, { ok: false }>): string {
  if (outcome.code === 'QUERY_TIMEOUT')
    return `The query took too long and was stopped (${outcome.message}). Try a narrower question, e.g. a shorter date range.`;
  if (outcome.code === 'QUERY_FAILED') return `The database could not run the query: ${outcome.message}`;
  if (STOPPED.has(outcome.code))
    return `I can't finish that: it was stopped (${outcome.code}). ${outcome.message}`;
  return `I can't run that. The SQL guard refused it (${outcome.code}): ${outcome.message} Nothing was executed.`;
}

export function metricAnswer(intent: Intent, plan: PlannedQuery, outcome: ToolOutcome): string {
  if (!outcome.ok) return failureAnswer(outcome);
  const m = intent.measure;
  const col = (name: string | undefined) => (name ? outcome.columns.indexOf(name) : -1);
  const scope = describeScope(intent);
  const note =
    plan.statusNote &&
    (m.id === 'revenue' ||
      m.id === 'aov' ||
      m.id === 'money' ||
      m.id === 'units' ||
      m.id === 'product_revenue' ||
      (m.id === 'share' && m.of === 'revenue'))
      ? ` (${plan.statusNote})`
      : '';

  if (m.id === 'list') return listAnswer(intent, outcome);
  if (outcome.rows.length === 0) {
    return `No ${subjectNoun(m.subject)} match${scope ? ` (${scope})` : ''}, so there is nothing to report.`;
  }

  const valueIndex = col(plan.valueColumn);
  if (plan.labelColumns.length === 0) {
    const row = outcome.rows[0] as unknown[];
    const value = row[valueIndex];
    if (value === null || value === undefined) {
      return `There is no ${measureLabel(m)} to report${scope ? ` for ${scope}` : ''}: no matching rows.`;
    }
    const formatted = formatValue(value, plan.unit);
    if (plan.meanOver) {
      return `${capitalise(`${measureLabel(m).replace(/^number of /, '')} per ${plan.meanOver}, on average`)}${scope ? ` (${scope})` : ''}: ${formatted}${note}.`;
    }
    if (m.id === 'count') {
      const n = toNumber(value) ?? 0;
      return `${formatted} ${subjectNoun(m.subject, n)}${scope ? ` ${scope}` : ''}.`;
    }
    const parts =
      plan.partColumn && plan.wholeColumn
        ? ` (${formatValue(row[col(plan.partColumn)], m.of === 'revenue' ? 'money' : 'count')} of ${formatValue(row[col(plan.wholeColumn)], m.of === 'revenue' ? 'money' : 'count')})`
        : '';
    const partScope = intent.partFilters?.length ? ` ${intent.partFilters.map(filterPhrase).join(' ')}` : '';
    const label = m.id === 'share' ? `${measureLabel(m)}${partScope}` : measureLabel(m);
    return `${capitalise(label)}${scope ? ` (${scope})` : ''}: ${formatted}${parts}${note}.`;
  }

  // Grouped results.
  const labels = plan.labelColumns.map((c) => col(c));
  const name = (row: unknown[]) =>
    groupName(
      intent,
      labels.map((i) => row[i]),
    );
  const value = (row: unknown[]) => formatValue(row[valueIndex], plan.unit);
  const by = humanise(intent.groupBy ?? '');
  const label = measureLabel(m);
  if (intent.limit === 1 || (intent.limit === undefined && intent.order && outcome.rows.length === 1)) {
    const row = outcome.rows[0] as unknown[];
    const most = intent.order === 'asc' ? 'lowest' : 'highest';
    return `${capitalise(name(row))} has the ${most} ${label}${scope ? ` (${scope})` : ''}: ${value(row)}${note}.`;
  }
  const shown = outcome.rows
    .slice(0, SHOWN)
    .map((row, i) => `${intent.order && intent.limit ? `${i + 1}. ` : ''}${name(row)}: ${value(row)}`);
  const more = outcome.rows.length > SHOWN ? `; ${outcome.rows.length - SHOWN} more in the table` : '';
  const heading =
    intent.limit && intent.order
      ? `${intent.order === 'asc' ? 'Bottom' : 'Top'} ${outcome.rows.length} by ${label}`
      : `${capitalise(label)} by ${by}`;
  return `${heading}${scope ? ` (${scope})` : ''}${note}: ${shown.join(', ')}${more}.`;
}

function groupName(intent: Intent, values: unknown[]): string {
  const [first, second] = values;
  const v = first === null || first === undefined ? '(none)' : String(first);
  switch (intent.groupBy) {
    case 'ship_country':
    case 'customer_country':
      return `${countryName(v)} (${v})`;
    case 'customer':
      return second ? `${v} (${String(second)})` : v;
    case 'status':
    case 'cancel_reason':
    case 'return_reason':
    case 'payment_method':
    case 'channel':
    case 'shipment_status':
    case 'payment_status':
    case 'return_status':
      return humanise(v);
    default:
      return v;
  }
}

function listAnswer(intent: Intent, outcome: Extract<ToolOutcome, { ok: true }>): string {
  const subject = intent.measure.subject;
  const scope = describeScope(intent);
  const n = outcome.rows.length;
  if (n === 0) return `No ${subjectNoun(subject)} match${scope ? ` (${scope})` : ''}.`;
  if (
    n === 1 &&
    intent.limit === 1 &&
    intent.sortBy &&
    intent.sortBy !== 'recent' &&
    intent.sortBy !== 'oldest'
  ) {
    const row = outcome.rows[0] as unknown[];
    const price = row[outcome.columns.indexOf(subject === 'products' ? 'unit_price' : 'total')];
    const which = {
      price_desc: 'most expensive',
      price_asc: 'cheapest',
      total_desc: 'largest',
      total_asc: 'smallest',
    }[intent.sortBy];
    return `The ${which} ${subjectNoun(subject, 1)}${scope ? ` ${scope}` : ''} is ${String(row[0])} (${formatValue(price, 'money')}).`;
  }
  const first = outcome.rows.slice(0, SHOWN).map((r) => String(r[0]));
  const more = n > SHOWN ? ` and ${formatCount(n - SHOWN)} more (see the table)` : '';
  const cut = outcome.truncated
    ? ' The list was cut at the row limit; narrow the question to see the rest.'
    : '';
  return `${formatCount(n)} ${subjectNoun(subject, n)}${scope ? ` ${scope}` : ''}: ${first.join(', ')}${more}.${cut}`;
}

export function lookupAnswer(lookup: OrderLookup, outcome: ToolOutcome): string {
  if (!outcome.ok) return failureAnswer(outcome);
  const id = lookup.orderId;
  if (outcome.rows.length === 0) {
    return lookup.facts.some((f) => ['shipment', 'payment', 'return', 'items'].includes(f))
      ? `I found no ${lookup.facts.join(', ')} records for order ${id}.`
      : `I couldn't find order ${id}.`;
  }
  const row = Object.fromEntries(outcome.columns.map((c, i) => [c, outcome.rows[0]?.[i]])) as Record<
    string,
    unknown
  >;
  const fact = lookup.facts[0];
  const sentences: string[] = [];
  for (const f of lookup.facts) {
    switch (f) {
      case 'status':
        sentences.push(`Order ${id} is ${humanise(String(row.status))}.`);
        break;
      case 'cancel_reason':
        sentences.push(
          row.cancel_reason
            ? `Order ${id} was cancelled because of ${humanise(String(row.cancel_reason))}${row.cancelled_at ? ` (on ${String(row.cancelled_at)} UTC)` : ''}.`
            : `Order ${id} was not cancelled; its status is ${humanise(String(row.status))}.`,
        );
        break;
      case 'total':
        sentences.push(
          `Order ${id} totals ${formatValue(row.total, 'money')} (subtotal ${formatValue(row.subtotal, 'money')}, shipping ${formatValue(row.shipping_fee, 'money')}, tax ${formatValue(row.tax, 'money')}).`,
        );
        break;
      case 'placed_at':
      case 'shipped_at':
      case 'delivered_at': {
        const verb = f.replace('_at', '');
        sentences.push(
          row[f]
            ? `Order ${id} was ${verb} on ${String(row[f])} UTC.`
            : `Order ${id} has not been ${verb} yet.`,
        );
        break;
      }
      default:
        break;
    }
  }
  if (sentences.length > 0) return sentences.join(' ');
  const n = outcome.rows.length;
  switch (fact) {
    case 'shipment':
      return `Order ${id} ships with ${String(row.carrier)} (tracking ${String(row.tracking_number)}), status ${humanise(String(row.status))}${row.delivered_at ? `, delivered ${String(row.delivered_at)} UTC` : row.shipped_at ? `, shipped ${String(row.shipped_at)} UTC` : ''}.`;
    case 'items':
      return `Order ${id} has ${n} line${n === 1 ? '' : 's'}: ${outcome.rows
        .map(
          (r) =>
            `${String(r[outcome.columns.indexOf('quantity')])} × ${String(r[outcome.columns.indexOf('name')])}`,
        )
        .join(', ')}.`;
    case 'customer':
      return `Order ${id} was placed by ${String(row.email)} (${String(row.full_name)}, ${String(row.city)}, ${String(row.country)}).`;
    case 'payment':
      return `Order ${id} was paid by ${humanise(String(row.method))}: ${formatValue(row.amount, 'money')}, ${humanise(String(row.status))}.`;
    case 'return':
      return `Order ${id} has a return: ${humanise(String(row.reason))}, status ${humanise(String(row.status))}${row.refund_amount ? `, refunded ${formatValue(row.refund_amount, 'money')}` : ''}.`;
    default:
      return `Here is what I found for order ${id}.`;
  }
}

/** A short story of one order from the order_story tool's JSON. */
export function storyAnswer(story: Record<string, unknown>): string {
  const id = String(story.orderId);
  if (!story.found) return `I couldn't find order ${id}.`;
  const o = story.order as Record<string, unknown>;
  const items = (story.items as Record<string, unknown>[] | undefined) ?? [];
  const payments = (story.payments as Record<string, unknown>[] | undefined) ?? [];
  const shipments = (story.shipments as Record<string, unknown>[] | undefined) ?? [];
  const returns = (story.returns as Record<string, unknown>[] | undefined) ?? [];
  const events = (story.events as Record<string, unknown>[] | undefined) ?? [];
  const parts = [
    `Order ${id} is ${humanise(String(o.status))}: ${formatValue(o.total, 'money')} placed ${String(o.placed_at)} UTC via ${humanise(String(o.channel))} by ${String(o.customer_email)}, shipping to ${String(o.ship_city)}, ${String(o.ship_country)}.`,
  ];
  if (o.cancel_reason) parts.push(`It was cancelled because of ${humanise(String(o.cancel_reason))}.`);
  if (items.length)
    parts.push(`Items: ${items.map((i) => `${String(i.quantity)} × ${String(i.name)}`).join(', ')}.`);
  if (payments.length)
    parts.push(
      `Payment: ${payments.map((p) => `${humanise(String(p.method))} ${formatValue(p.amount, 'money')} (${String(p.status)})`).join(', ')}.`,
    );
  if (shipments.length)
    parts.push(
      `Shipment: ${shipments.map((s) => `${String(s.carrier)} ${String(s.tracking_number)} (${humanise(String(s.status))})`).join(', ')}.`,
    );
  if (returns.length)
    parts.push(
      `Return: ${returns.map((r) => `${humanise(String(r.reason))}, ${String(r.status)}${r.comment ? ` — “${String(r.comment)}”` : ''}`).join('; ')}.`,
    );
  if (events.length)
    parts.push(
      `${events.length} audit events, from ${humanise(String(events[0]?.type ?? '').replace(/^.*\./, ''))} to ${humanise(String(events.at(-1)?.type ?? '').replace(/^.*\./, ''))}.`,
    );
  return parts.join(' ');
}

export function timeLabel(intent: Intent): string {
  return timePhrase(intent.time, intent.measure.subject);
}
