import type { Faker } from '@faker-js/faker';
import type { Channel } from '../../domain/vocabulary.ts';
import { toDbTime } from '../time.ts';
import { HOUR, NOTIFICATION_ERRORS } from './distributions.ts';
import type { OrderFate } from './order-lifecycle.ts';
import type { Rng } from './rng.ts';
import type { SeedRows } from './rows.ts';

/** About 3 % of orders get a notification: a confirmation or shipping update, some failed or queued. */
export function drawNotification(
  rng: Rng,
  f: Faker,
  order: { id: string; channel: Channel; email: string; placedAt: number },
  fate: OrderFate,
  nowMs: number,
): SeedRows['notifications'][number] | null {
  if (!rng.chance(0.03)) return null;
  const when = fate.shippedAt ?? fate.confirmedAt ?? order.placedAt;
  const outcome =
    when > nowMs - HOUR
      ? 'pending'
      : rng.weighted([
          ['sent', 90],
          ['failed', 10],
        ] as const);
  const notifyChannel = order.channel === 'partner_api' ? 'webhook' : rng.chance(0.2) ? 'sms' : 'email';
  return {
    order_id: order.id,
    channel: notifyChannel,
    recipient:
      notifyChannel === 'email'
        ? order.email
        : notifyChannel === 'sms'
          ? f.phone.number({ style: 'international' })
          : 'https://partner.example.com/hooks/orders',
    template: fate.shippedAt !== null ? 'order_shipped' : 'order_confirmation',
    status: outcome,
    attempts: outcome === 'failed' ? 5 : outcome === 'sent' ? 1 : 0,
    last_error: outcome === 'failed' ? rng.pick(NOTIFICATION_ERRORS) : null,
    created_at: toDbTime(when + 1000),
    sent_at: outcome === 'sent' ? toDbTime(when + 2000 + rng.int(60_000)) : null,
  };
}
