/**
 * Turns a stored event (an AMQP message) into a Capture record, following the mapping documented in
 * `capture-avro-schema.ts`.
 */
import rhea from 'rhea';
import {
  formatCaptureEnqueuedTime,
  toCapturePropertyValue,
  type CaptureEventData,
  type CapturePropertyValue,
} from '../shared/capture/capture-avro-schema.ts';
import { SystemAnnotation, type EventRecord } from './event-record.ts';

/** rhea's decoded message: properties flattened onto the object, sections by name. */
type DecodedMessage = Record<string, unknown> & {
  message_annotations?: Record<string, unknown>;
  application_properties?: Record<string, unknown>;
  body?: unknown;
};

/** AMQP properties-section fields, rhea name → AMQP name. */
const amqpProperties: ReadonlyArray<[string, string]> = [
  ['message_id', 'message-id'],
  ['user_id', 'user-id'],
  ['to', 'to'],
  ['subject', 'subject'],
  ['reply_to', 'reply-to'],
  ['correlation_id', 'correlation-id'],
  ['content_type', 'content-type'],
  ['content_encoding', 'content-encoding'],
  ['absolute_expiry_time', 'absolute-expiry-time'],
  ['creation_time', 'creation-time'],
  ['group_id', 'group-id'],
  ['group_sequence', 'group-sequence'],
  ['reply_to_group_id', 'reply-to-group-id'],
];

const capturedAtTopLevel = new Set<string>([
  SystemAnnotation.sequenceNumber,
  SystemAnnotation.offset,
  SystemAnnotation.enqueuedTime,
]);

export function toCaptureRecord(record: EventRecord): CaptureEventData {
  const message = rhea.message.decode(record.bytes) as unknown as DecodedMessage;
  const systemProperties: Record<string, CapturePropertyValue> = {};
  for (const [key, value] of Object.entries(message.message_annotations ?? {})) {
    if (capturedAtTopLevel.has(key)) continue;
    const converted = toCapturePropertyValue(value);
    if (converted) systemProperties[key] = converted;
  }
  for (const [rheaName, amqpName] of amqpProperties) {
    const converted = toCapturePropertyValue(message[rheaName]);
    if (converted) systemProperties[amqpName] = converted;
  }
  const properties: Record<string, CapturePropertyValue> = {};
  for (const [key, value] of Object.entries(message.application_properties ?? {})) {
    const converted = toCapturePropertyValue(value);
    if (converted) properties[key] = converted;
  }
  return {
    SequenceNumber: record.sequenceNumber,
    Offset: String(record.offset),
    EnqueuedTimeUtc: formatCaptureEnqueuedTime(record.enqueuedTimeMs),
    SystemProperties: systemProperties,
    Properties: properties,
    Body: bodyBytes(message.body),
  };
}

function bodyBytes(body: unknown): Buffer | null {
  if (body === undefined || body === null) return null;
  if (isSection(body)) {
    if (body.typecode === 0x75) {
      const parts = body.multiple ? (body.content as unknown[]) : [body.content];
      return Buffer.concat(parts.filter((p): p is Uint8Array => p instanceof Uint8Array));
    }
    return Buffer.from(JSON.stringify(body.content) ?? 'null', 'utf8');
  }
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  return Buffer.from(JSON.stringify(body) ?? 'null', 'utf8');
}

function isSection(value: unknown): value is { typecode: number; content: unknown; multiple?: boolean } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { typecode?: unknown }).typecode === 'number'
  );
}
