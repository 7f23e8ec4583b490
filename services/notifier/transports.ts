import nodemailer from 'nodemailer';
import type { Logger } from '../shared/logger.ts';
import { fromDbTime } from '../shared/db/time.ts';
import { renderNotification } from '../shared/notifications/templates.ts';
import type { WebhookTarget } from '../shared/notifications/webhook-targets.ts';
import { payloadOf, type NotificationRow } from './notification-row.ts';
import { ID_HEADER, SIGNATURE_HEADER, webhookSignature } from './webhook-signature.ts';

/** A failure that retrying cannot fix (no such webhook target, no SMS transport): failed at once. */
export class PermanentDeliveryError extends Error {
  override name = 'PermanentDeliveryError';
}

export interface TransportOptions {
  smtpUrl?: string | undefined;
  mailFrom: string;
  webhooks: readonly WebhookTarget[];
  webhookSecret?: string | undefined;
  timeoutMs: number;
  logger: Logger;
}

export type Deliver = (row: NotificationRow) => Promise<'smtp' | 'webhook' | 'log'>;

/**
 * Where each channel goes: email over SMTP when SMTP_URL is set, else the log (id, template and channel
 * only — never the recipient or the text); webhooks by POST, signed; SMS has no transport yet.
 */
export function createDeliver(options: TransportOptions): { deliver: Deliver; close(): void } {
  const mailer = options.smtpUrl ? smtpTransport(options.smtpUrl, options.timeoutMs) : undefined;
  const deliver: Deliver = async (row) => {
    const payload = payloadOf(row);
    const message = renderNotification(row.template, row.language, payload);
    switch (row.channel) {
      case 'email':
        if (!mailer) {
          options.logger.info(
            { notification: row.id, template: row.template, channel: row.channel },
            'notification written to the log (SMTP_URL is not set)',
          );
          return 'log';
        }
        await withTimeout(
          mailer.sendMail({
            from: options.mailFrom,
            to: row.recipient,
            subject: message.subject,
            text: message.text,
            headers: { [ID_HEADER]: String(row.id) },
          }),
          options.timeoutMs,
          'SMTP',
        );
        return 'smtp';
      case 'webhook': {
        const url = webhookUrl(row.recipient, options.webhooks);
        if (!options.webhookSecret) throw new PermanentDeliveryError('WEBHOOK_SECRET is not set');
        const body = JSON.stringify({
          id: row.id,
          type: row.template,
          orderId: row.order_id,
          createdAt: fromDbTime(row.created_at),
          subject: message.subject,
          text: message.text,
          data: payload,
        });
        const res = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            [ID_HEADER]: String(row.id),
            [SIGNATURE_HEADER]: webhookSignature(options.webhookSecret, body, Math.floor(Date.now() / 1000)),
          },
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(options.timeoutMs),
        });
        await res.body?.cancel();
        if (res.status < 200 || res.status >= 300) throw new Error(`webhook answered HTTP ${res.status}`);
        return 'webhook';
      }
      default:
        throw new PermanentDeliveryError(`no transport for channel ${row.channel}`);
    }
  };
  return { deliver, close: () => mailer?.close() };
}

function smtpTransport(smtpUrl: string, timeoutMs: number) {
  const u = new URL(smtpUrl);
  const secure = u.protocol === 'smtps:';
  return nodemailer.createTransport({
    host: u.hostname,
    port: u.port ? Number(u.port) : secure ? 465 : 587,
    secure,
    ...(u.username
      ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } }
      : {}),
    // smtp://host:25?ignoreTLS=true for a relay without STARTTLS (a local test server).
    ignoreTLS: u.searchParams.get('ignoreTLS') === 'true',
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
}

/**
 * A configured target's name, or the URL of a configured target: a row can only reach a receiver the
 * operator listed in WEBHOOK_URLS (seeded or stale rows naming other URLs are failed, not fetched).
 */
function webhookUrl(recipient: string, targets: readonly WebhookTarget[]): string {
  const target = targets.find((t) => t.name === recipient || t.url === recipient);
  if (target) return target.url;
  throw new PermanentDeliveryError('the recipient is not a WEBHOOK_URLS target (name or URL)');
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
