/**
 * An event as the hub stores and delivers it, and the one place where the service-assigned system
 * annotations are written into the client's message.
 *
 * The stored bytes are exactly what receivers get: the client's AMQP message with its delivery
 * annotations dropped (they are per hop) and `x-opt-sequence-number`, `x-opt-offset`,
 * `x-opt-enqueued-time` (and `x-opt-partition-key` when the event was published with one) set in its
 * message annotations. Stamping once at ingest makes every delivery a plain buffer write.
 */
import {
  SectionCode,
  encodeLong,
  encodeMap,
  encodeSection,
  encodeString,
  encodeSymbol,
  encodeTimestamp,
  readMapEntries,
  readText,
  scanSections,
} from './amqp-codec.ts';

export const SystemAnnotation = {
  sequenceNumber: 'x-opt-sequence-number',
  offset: 'x-opt-offset',
  enqueuedTime: 'x-opt-enqueued-time',
  partitionKey: 'x-opt-partition-key',
} as const;

export interface EventRecord {
  readonly sequenceNumber: number;
  /** Byte position of the event in the partition stream; sent as a decimal string, as Event Hubs does. */
  readonly offset: number;
  readonly enqueuedTimeMs: number;
  /** The AMQP message as delivered (see the module comment). */
  readonly bytes: Buffer;
  /** Length of the leading header section in `bytes` (0 if none): delivery annotations go right after it. */
  readonly headerLength: number;
}

export interface EventStamp {
  sequenceNumber: number;
  offset: number;
  enqueuedTimeMs: number;
  /** Set when the client published with a partition key only on the batch envelope. */
  partitionKey?: string | undefined;
}

const reservedKeys = new Set<string>([
  SystemAnnotation.sequenceNumber,
  SystemAnnotation.offset,
  SystemAnnotation.enqueuedTime,
]);
const sequenceNumberKey = encodeSymbol(SystemAnnotation.sequenceNumber);
const offsetKey = encodeSymbol(SystemAnnotation.offset);
const enqueuedTimeKey = encodeSymbol(SystemAnnotation.enqueuedTime);
const partitionKeyKey = encodeSymbol(SystemAnnotation.partitionKey);

/**
 * Returns the stored form of one client message, written into a buffer from `allocate` (so the caller
 * decides where long-lived event bytes live). Throws `DEV_HUB_MALFORMED_MESSAGE` when `message` is not a
 * sequence of AMQP sections.
 */
export function stampEvent(
  message: Buffer,
  stamp: EventStamp,
  allocate: (size: number) => Buffer = Buffer.allocUnsafe,
): { bytes: Buffer; headerLength: number } {
  const sections = scanSections(message);
  const head: Buffer[] = [];
  const tail: Buffer[] = [];
  const entries: Buffer[] = [];
  let elementCount = 0;
  let hasPartitionKey = false;

  for (const section of sections) {
    if (section.code === SectionCode.header) {
      head.push(message.subarray(section.start, section.end));
    } else if (section.code === SectionCode.messageAnnotations) {
      for (const entry of readMapEntries(message, section.valueStart)) {
        if (entry.key !== undefined && reservedKeys.has(entry.key)) continue;
        if (entry.key === SystemAnnotation.partitionKey) hasPartitionKey = true;
        entries.push(message.subarray(entry.start, entry.end));
        elementCount += 2;
      }
    } else if (section.code !== SectionCode.deliveryAnnotations) {
      tail.push(message.subarray(section.start, section.end));
    }
  }

  if (!hasPartitionKey && stamp.partitionKey !== undefined) {
    entries.push(partitionKeyKey, encodeString(stamp.partitionKey));
    elementCount += 2;
  }
  entries.push(
    sequenceNumberKey,
    encodeLong(stamp.sequenceNumber),
    offsetKey,
    encodeString(String(stamp.offset)),
    enqueuedTimeKey,
    encodeTimestamp(stamp.enqueuedTimeMs),
  );
  elementCount += 6;

  const annotations = encodeSection(SectionCode.messageAnnotations, encodeMap(entries, elementCount));
  const parts = [...head, annotations, ...tail];
  let size = 0;
  for (const part of parts) size += part.length;
  const bytes = allocate(size);
  let pos = 0;
  for (const part of parts) pos += part.copy(bytes, pos);
  const headerLength = head.reduce((n, b) => n + b.length, 0);
  return { bytes, headerLength };
}

/** The `x-opt-partition-key` message annotation of an encoded message, if it has a text one. */
export function readPartitionKey(message: Buffer): string | undefined {
  for (const section of scanSections(message)) {
    if (section.code !== SectionCode.messageAnnotations) continue;
    for (const entry of readMapEntries(message, section.valueStart)) {
      if (entry.key === SystemAnnotation.partitionKey) return readText(message, entry.valueStart);
    }
  }
  return undefined;
}

/**
 * Bytes an event occupies in the partition stream beyond its message: the persisted frame header
 * (see `persistence.ts`). Offsets advance by `STORED_FRAME_OVERHEAD + bytes.length`, so an event's offset
 * is its byte position in the concatenated segment files whether or not persistence is on.
 */
export const STORED_FRAME_OVERHEAD = 28;
