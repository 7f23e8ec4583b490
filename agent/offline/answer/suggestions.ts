/**
 * What the offline model says when it does not understand: plainly that it cannot answer yet, why, and
 * questions it can answer — never a number it is not sure of.
 */
export function suggestions(today: string): string[] {
  const d = new Date(`${today}T00:00:00Z`);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1));
  const month = `${last.toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' })} ${last.getUTCFullYear()}`;
  return [
    `How many orders were placed in ${month}?`,
    'What was the revenue by channel last month?',
    'Top 5 products by revenue',
    'What is the cancellation rate for marketplace orders?',
    'Which carrier handled the most shipments?',
    'How many products are below their reorder level?',
    'Why was order ORD-… cancelled?',
  ];
}

export function cannotAnswer(detail: string, today: string): string {
  const list = suggestions(today)
    .map((s) => `- ${s}`)
    .join('\n');
  return `I can't answer that yet. ${detail} I answer questions about orders, revenue, customers, products and stock, payments, shipments and returns — counts, sums, averages, rates and shares, top/bottom N, breakdowns by status, channel, country, city, category, carrier, payment method, reason, day or month, over any date range. For example:\n${list}`;
}

export const REFUSE_WRITE =
  "I can't change data: I only read the orders database. Changes go through the order API or the ops console. I can answer questions about orders, revenue, products, customers, payments, shipments and returns.";

export const REFUSE_RULE_CHANGE =
  "I can't do that. I only answer questions about the orders data, read-only, and instructions inside a question don't change my rules. Ask me about orders, revenue, products, customers, payments, shipments or returns.";
