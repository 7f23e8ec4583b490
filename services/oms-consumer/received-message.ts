import { decodeEvent, EventDecodeError, type OrderCloudEvent } from '../shared/events/cloud-event.ts';

/** One message as it came off a partition, before or after decoding. */
export interface ReceivedMessage {
  body: unknown;
  partitionId: string;
  sequenceNumber: number;
  enqueuedTimeUtc?: Date;
  /** The dead letter this message retries (an operator's retry), from its AMQP application property. */
  retryOf?: number;
}

export type DecodedMessage =
  | { kind: 'event'; event: OrderCloudEvent; source: ReceivedMessage }
  | { kind: 'invalid'; reason: string; eventId: string | undefined; raw: string; source: ReceivedMessage };

/** The largest message body the OMS accepts; the hub allows 1 MiB, an order is a few KiB. */
export const MAX_BODY_BYTES = 256 * 1024;

export function rawText(body: unknown): string {
  if (Buffer.isBuffer(body) || body instanceof Uint8Array) return Buffer.from(body).toString('utf8');
  if (typeof body === 'string') return body;
  try {
    return JSON.stringify(body) ?? String(body);
  } catch {
    return String(body);
  }
}

/** Decodes without throwing: a bad message becomes a dead letter with its reason, never a stuck partition. */
export function decodeMessage(message: ReceivedMessage): DecodedMessage {
  const raw = rawText(message.body);
  if (Buffer.byteLength(raw) > MAX_BODY_BYTES) {
    return {
      kind: 'invalid',
      reason: `message body of ${Buffer.byteLength(raw)} bytes exceeds the ${MAX_BODY_BYTES}-byte limit`,
      eventId: undefined,
      raw: raw.slice(0, 4096),
      source: message,
    };
  }
  try {
    return { kind: 'event', event: decodeEvent(message.body), source: message };
  } catch (err) {
    const reason = err instanceof EventDecodeError ? err.message : `undecodable message: ${String(err)}`;
    const eventId = err instanceof EventDecodeError ? err.eventId : undefined;
    return { kind: 'invalid', reason, eventId, raw, source: message };
  }
}
