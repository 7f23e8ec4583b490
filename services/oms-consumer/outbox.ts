import type { Knex } from 'knex';
import { bulkInsert } from '../shared/db/bulk-insert.ts';
import { toDbTime } from '../shared/db/time.ts';
import { CUSTOMER_TEMPLATES, languageForCountry } from '../shared/notifications/templates.ts';
import { webhookTargetsFor, type WebhookTarget } from '../shared/notifications/webhook-targets.ts';
import type { OrderNotice } from './batch-writes.ts';

/**
 * The transactional outbox (docs/notifications.md): turns the batch's notices into `notifications` rows
 * inside the batch's own transaction, so a change and the message about it are committed together or
 * not at all (a redelivered batch is a no-op for both). Rows hold the template name, the language and a
 * payload of the notice's non-personal facts; the dispatcher (services/notifier) renders and sends them.
 *
 * Recipients: the customer's email for customer-facing templates (one query per batch), and one webhook
 * row per WEBHOOK_URLS target that takes the template, named by the target's name; `return.negative`
 * also to SUPPORT_EMAIL.
 */
export async function writeOutbox(
  trx: Knex.Transaction,
  notices: readonly OrderNotice[],
  now: Date,
  routing: OutboxRouting,
): Promise<number> {
  const { webhooks } = routing;
  if (notices.length === 0) return 0;
  const customers = await customersOf(
    trx,
    notices.filter((n) => CUSTOMER_TEMPLATES.has(n.kind)).map((n) => n.orderId),
  );
  const createdAt = toDbTime(now);
  const rows: Record<string, unknown>[] = [];
  const row = (n: OrderNotice, channel: 'email' | 'webhook', recipient: string, language: string | null) => ({
    order_id: n.orderId,
    channel,
    recipient,
    template: n.kind,
    status: 'pending',
    attempts: 0,
    created_at: createdAt,
    payload: JSON.stringify({ orderId: n.orderId, ...n.data }),
    language,
  });
  for (const n of notices) {
    const customer = CUSTOMER_TEMPLATES.has(n.kind) ? customers.get(n.orderId) : undefined;
    if (customer) rows.push(row(n, 'email', customer.email, languageForCountry(customer.country)));
    // Support's follow-up of a negative return comment goes to support, never to the customer.
    if (n.kind === 'return.negative' && routing.supportEmail)
      rows.push(row(n, 'email', routing.supportEmail, null));
    for (const target of webhookTargetsFor(webhooks, n.kind)) rows.push(row(n, 'webhook', target.name, null));
  }
  await bulkInsert(trx, 'notifications', rows);
  return rows.length;
}

/** Where notices go besides the customer; the composition root builds it from the configuration. */
export interface OutboxRouting {
  webhooks: readonly WebhookTarget[];
  supportEmail?: string | undefined;
}

async function customersOf(
  trx: Knex.Transaction,
  orderIds: readonly string[],
): Promise<Map<string, { email: string; country: string }>> {
  const found = new Map<string, { email: string; country: string }>();
  const unique = [...new Set(orderIds)];
  for (let i = 0; i < unique.length; i += 1000) {
    const rows = (await trx('orders as o')
      .join('customers as c', 'c.id', 'o.customer_id')
      .whereIn('o.id', unique.slice(i, i + 1000))
      .select('o.id', 'c.email', 'c.country')) as { id: string; email: string; country: string }[];
    for (const r of rows) found.set(r.id, { email: r.email, country: r.country });
  }
  return found;
}
