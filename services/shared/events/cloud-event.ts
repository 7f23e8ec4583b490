import { createHash, randomUUID } from 'node:crypto';
import { CloudEvent, ValidationError } from 'cloudevents';
import type { z } from 'zod';
import { HUB_EVENT_DATA, type HubEventData, type HubEventType } from './order-event-data.ts';

/**
 * CloudEvents 1.0 in structured JSON mode (`application/cloudevents+json`), the one envelope on the
 * `orders` hub. Encoding and decoding live here and nowhere else.
 */
export const CLOUDEVENTS_CONTENT_TYPE = 'application/cloudevents+json; charset=utf-8';

export interface OrderCloudEvent<T extends HubEventType = HubEventType> {
  specversion: '1.0';
  id: string;
  source: string;
  type: T;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  data: HubEventData<T>;
}

/**
 * A deterministic event id for one logical change: a retried request (same Idempotency-Key) yields the
 * same id, so the consumer's unique `event_id` applies it once whichever API instance published it.
 */
export function deterministicEventId(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 17), 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function createOrderEvent<T extends HubEventType>(
  type: T,
  source: string,
  data: HubEventData<T>,
  options: { id?: string; time?: Date } = {},
): OrderCloudEvent<T> {
  const orderId = (data as { orderId: string }).orderId;
  // The SDK's CloudEvent validates the envelope against the spec; we keep a plain object afterwards.
  const event = new CloudEvent<HubEventData<T>>({
    specversion: '1.0',
    id: options.id ?? randomUUID(),
    source,
    type,
    subject: orderId,
    time: (options.time ?? new Date()).toISOString(),
    datacontenttype: 'application/json',
    data,
  });
  return event.toJSON() as unknown as OrderCloudEvent<T>;
}

export function encodeEvent(event: OrderCloudEvent): Buffer {
  return Buffer.from(JSON.stringify(event), 'utf8');
}

/** Why a message could not be turned into an order event; the consumer dead-letters it with this text. */
export class EventDecodeError extends Error {
  readonly code = 'EVENT_INVALID';
  constructor(
    message: string,
    readonly eventId?: string,
  ) {
    super(message);
    this.name = 'EventDecodeError';
  }
}

/**
 * Parses and validates one message body. Accepts a Buffer/string (structured mode as sent) or an object
 * (the SDK already decoded JSON).
 * @throws {EventDecodeError} for invalid JSON, a bad envelope, an unknown type or bad data.
 */
export function decodeEvent(body: unknown): OrderCloudEvent {
  let value: unknown = body;
  if (Buffer.isBuffer(body) || body instanceof Uint8Array) value = Buffer.from(body).toString('utf8');
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch (err) {
      throw new EventDecodeError(`invalid JSON: ${(err as Error).message}`);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new EventDecodeError('invalid CloudEvent: the body is not a JSON object');
  }
  const rawId = (value as { id?: unknown }).id;
  const id = typeof rawId === 'string' ? rawId.slice(0, 200) : undefined;
  let env: CloudEvent<unknown>;
  try {
    env = new CloudEvent(value as Record<string, unknown> & { source: string; type: string }, true);
  } catch (err) {
    throw new EventDecodeError(`invalid CloudEvent: ${describeValidation(err).slice(0, 400)}`, id);
  }
  if (env.specversion !== '1.0') throw new EventDecodeError(`unsupported specversion ${env.specversion}`, id);
  const schema = HUB_EVENT_DATA[env.type as HubEventType];
  if (!schema) throw new EventDecodeError(`unknown event type ${env.type.slice(0, 200)}`, id);
  const data = schema.safeParse(env.data);
  if (!data.success) throw new EventDecodeError(`invalid data: ${formatIssues(data.error)}`, id);
  const orderId = (data.data as { orderId: string }).orderId;
  if (env.subject !== undefined && env.subject !== orderId) {
    throw new EventDecodeError(`subject ${env.subject} does not match data.orderId ${orderId}`, id);
  }
  return {
    specversion: '1.0',
    id: env.id,
    source: env.source,
    type: env.type as HubEventType,
    subject: orderId,
    time: env.time ?? new Date().toISOString(),
    datacontenttype: 'application/json',
    data: data.data,
  } as OrderCloudEvent;
}

/** The CloudEvents SDK reports JSON-schema errors; operators reading dead letters want a sentence. */
function describeValidation(err: unknown): string {
  if (!(err instanceof ValidationError)) return String(err);
  const errors = (err.errors ?? []) as {
    keyword?: string;
    instancePath?: string;
    message?: string;
    params?: Record<string, unknown>;
  }[];
  if (errors.length === 0) return err.message;
  return errors
    .map((e) =>
      e.keyword === 'required'
        ? `missing required attribute '${String(e.params?.missingProperty)}'`
        : `${(e.instancePath ?? '').replace(/^\//, '') || 'event'} ${e.message ?? 'is invalid'}`,
    )
    .join('; ');
}

function formatIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}
