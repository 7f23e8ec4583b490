/**
 * Accepts publishes on one client sender link (`<hub>` or `<hub>/Partitions/<id>`).
 *
 * Each transfer is one publish (a batch or a single message). It is accepted only once its events are
 * committed — persisted when persistence is on — and rejected with an AMQP error otherwise, so a
 * producer's successful `sendBatch` means the events are stored. Publishes on one link are appended in
 * arrival order, so order within a partition key is the order the producer sent.
 */
import rhea, { type Delivery, type EventContext, type Receiver } from 'rhea';
import type { Logger } from 'pino';
import {
  decodeError,
  internalError,
  linkIdleDetached,
  messageSizeExceeded,
  withTracking,
  type AmqpErrorCondition,
} from './amqp-errors.ts';
import { DevHubError } from './errors.ts';
import { unpackEvents } from './event-batch.ts';
import type { EventHub } from './event-hub.ts';
import { formatTimeSpan, watchIdle } from './link-idle-timer.ts';

export interface PublishLinkOptions {
  hub: EventHub;
  /** Set for `<hub>/Partitions/<id>` links. */
  partitionId: string | undefined;
  maxMessageSizeBytes: number;
  /** SystemTracker for rejections (`<namespace>:eventhub:<hub>`). */
  tracker: string;
  /** Detach the link after this long without a publish. */
  idleTimeoutMs: number;
  logger: Logger;
}

/** Starts accepting messages on `receiver`; returns a function that stops it. */
export function acceptPublishes(receiver: Receiver, options: PublishLinkOptions): () => void {
  const idle = watchIdle(options.idleTimeoutMs, () => {
    options.logger.info(
      { hub: options.hub.name, link: receiver.name },
      'dev hub: idle publisher link detached',
    );
    receiver.removeListener('message', onMessage);
    const error = linkIdleDetached(receiver.name, 'Publisher', formatTimeSpan(options.idleTimeoutMs));
    receiver.close(withTracking(error, options.tracker));
  });
  const onMessage = (context: EventContext): void => {
    const delivery = context.delivery;
    if (!delivery) return;
    idle.touch();
    // rhea hands over the raw payload for non-zero message formats and a decoded message for format 0.
    const format = (context as { format?: number }).format ?? 0;
    const payload = Buffer.isBuffer(context.message) ? context.message : rhea.message.encode(context.message);
    if (payload.length > options.maxMessageSizeBytes) {
      // Like the service, the description names the transfer's delivery id and the size it measured.
      settle(
        delivery,
        messageSizeExceeded(delivery.id, payload.length, options.maxMessageSizeBytes),
        options.tracker,
      );
      return;
    }
    let unpacked;
    try {
      unpacked = unpackEvents(payload, format);
    } catch (err) {
      settle(delivery, decodeError(err instanceof Error ? err.message : String(err)), options.tracker);
      return;
    }
    options.hub
      .publish(unpacked.events, { partitionId: options.partitionId, partitionKey: unpacked.partitionKey })
      .then(
        () => settle(delivery, undefined, options.tracker),
        (err: unknown) => {
          options.logger.error({ err, hub: options.hub.name }, 'dev hub: publish failed');
          const description =
            err instanceof DevHubError ? err.message : 'The dev hub could not store the events; see its log.';
          settle(delivery, internalError(description), options.tracker);
        },
      );
  };
  receiver.on('message', onMessage);
  return () => {
    idle.stop();
    receiver.removeListener('message', onMessage);
  };
}

function settle(delivery: Delivery, error: AmqpErrorCondition | undefined, tracker: string): void {
  try {
    if (error) delivery.reject(withTracking(error, tracker));
    else delivery.accept();
  } catch {
    // The link or connection went away while the publish was in flight; nothing left to tell.
  }
}
