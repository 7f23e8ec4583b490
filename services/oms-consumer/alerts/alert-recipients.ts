import { webhookTargetsFor, type WebhookTarget } from '../../shared/notifications/webhook-targets.ts';
import type { AlertRecipient, AlertRecipients } from './alert-outbox.ts';

/**
 * Who operator alerts go to (docs/notifications.md): the ALERT_EMAIL address, and every WEBHOOK_URLS
 * target that takes the template (by name, so the URL stays in configuration). Nobody ⇒ no row: the
 * monitor's log line is the alert.
 */
export function alertRecipients(
  alertEmail: string | undefined,
  webhooks: readonly WebhookTarget[],
): AlertRecipients {
  return (template) => [
    ...(alertEmail ? [{ channel: 'email', recipient: alertEmail } satisfies AlertRecipient] : []),
    ...webhookTargetsFor(webhooks, template).map(
      (t) => ({ channel: 'webhook', recipient: t.name }) satisfies AlertRecipient,
    ),
  ];
}
