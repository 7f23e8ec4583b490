/**
 * Unpacks what a publisher sends into individual events.
 *
 * The Azure SDKs publish with message-format 0x80013700 (Microsoft's batch format): an envelope message
 * whose body is a sequence of data sections, each holding one complete encoded event message. The
 * envelope copies the first event's message annotations, so a batch published with a partition key
 * carries `x-opt-partition-key` on the envelope. A plain message (format 0) is one event.
 */
import { SectionCode, readBinary, scanSections } from './amqp-codec.ts';
import { DevHubError } from './errors.ts';
import { readPartitionKey } from './event-record.ts';

export const BATCH_MESSAGE_FORMAT = 0x80013700;

export interface UnpackedEvents {
  /** Each event's encoded AMQP message (views into the transfer payload, not copies). */
  events: Buffer[];
  partitionKey: string | undefined;
}

/** Throws `DEV_HUB_MALFORMED_MESSAGE` when the payload does not decode as described above. */
export function unpackEvents(payload: Buffer, messageFormat: number): UnpackedEvents {
  if (messageFormat === 0) return { events: [payload], partitionKey: readPartitionKey(payload) };
  if (messageFormat !== BATCH_MESSAGE_FORMAT) {
    throw new DevHubError(
      'DEV_HUB_MALFORMED_MESSAGE',
      `Unsupported message-format 0x${messageFormat.toString(16)}; expected 0 or 0x80013700.`,
    );
  }
  const events: Buffer[] = [];
  for (const section of scanSections(payload)) {
    if (section.code === SectionCode.data) events.push(readBinary(payload, section.valueStart));
  }
  if (events.length === 0) {
    throw new DevHubError('DEV_HUB_MALFORMED_MESSAGE', 'Batch message has no data sections (no events).');
  }
  return { events, partitionKey: readPartitionKey(payload) };
}
