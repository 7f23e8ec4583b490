/**
 * Delivers one partition to one client receiver link (`<hub>/ConsumerGroups/<group>/Partitions/<id>`).
 *
 * Flow control is the client's link credit: the hub sends at most as many events as it was granted and
 * continues when the client grants more (the SDKs top credit up to their prefetch count). Deliveries are
 * pre-settled: Event Hubs consumers never settle, they checkpoint.
 *
 * With the `com.microsoft:enable-receiver-runtime-metric` capability every delivery also carries the
 * partition's last-enqueued sequence number, offset and time as delivery annotations (what the SDK's
 * `trackLastEnqueuedEventProperties` reads).
 */
import type { Logger } from 'pino';
import type { Sender } from 'rhea';
import {
  SectionCode,
  encodeLong,
  encodeMap,
  encodeSection,
  encodeString,
  encodeSymbol,
  encodeTimestamp,
} from './amqp-codec.ts';
import { linkIdleDetached, withTracking, type AmqpErrorCondition } from './amqp-errors.ts';
import type { EventRecord } from './event-record.ts';
import { formatTimeSpan, watchIdle, type IdleTimer } from './link-idle-timer.ts';
import type { PartitionLog } from './partition-log.ts';
import type { OwnedReceiver } from './receiver-ownership.ts';

export const RUNTIME_METRIC_CAPABILITY = 'com.microsoft:enable-receiver-runtime-metric';

const runtimeKeys = {
  sequenceNumber: encodeSymbol('last_enqueued_sequence_number'),
  offset: encodeSymbol('last_enqueued_offset'),
  time: encodeSymbol('last_enqueued_time_utc'),
  retrieval: encodeSymbol('runtime_info_retrieval_time_utc'),
};

/** rhea's sender internals the reader needs beyond the public typings. */
interface SenderWithSession {
  credit: number;
  session: { outgoing: { available(): number } };
}

export interface PartitionReaderOptions {
  /** The client's `com.microsoft:receiver-name` (or `nil`). */
  name: string;
  /** SystemTracker for errors sent on this link (`<namespace>:eventhub:<hub>|<group>`). */
  tracker: string;
  /** Detach the link after this long without delivering an event. */
  idleTimeoutMs: number;
  logger: Logger;
  ownerLevel: number | undefined;
  runtimeMetrics: boolean;
  /** Called once when the reader stops (detach, eviction or connection loss). */
  onStop: () => void;
}

export class PartitionReader implements OwnedReceiver {
  readonly name: string;
  readonly ownerLevel: number | undefined;
  private next: number;
  private stopped = false;
  private retryScheduled = false;
  private readonly unsubscribe: () => void;
  private readonly idle: IdleTimer;

  constructor(
    private readonly sender: Sender,
    private readonly log: PartitionLog,
    startSequenceNumber: number,
    private readonly options: PartitionReaderOptions,
  ) {
    this.name = options.name;
    this.ownerLevel = options.ownerLevel;
    this.next = startSequenceNumber;
    this.unsubscribe = log.onCommit(this.pump);
    this.idle = watchIdle(options.idleTimeoutMs, this.onIdle);
    sender.on('sendable', this.pump);
    sender.on('sender_draining', this.onDrain);
  }

  /** Sends what the client has credit for; runs on credit, on every commit and after back-pressure. */
  readonly pump = (): void => {
    if (this.stopped) return;
    const end = this.log.endSequenceNumber;
    if (this.next < this.log.beginSequenceNumber) this.next = this.log.beginSequenceNumber;
    const sentFrom = this.next;
    while (this.next < end && this.sender.sendable()) {
      const record = this.log.get(this.next);
      if (!record) break;
      this.sender.send(
        this.options.runtimeMetrics ? this.withRuntimeMetrics(record) : record.bytes,
        undefined,
        0,
      );
      this.next++;
    }
    if (this.next > sentFrom) this.idle.touch();
    const internals = this.sender as unknown as SenderWithSession;
    // Out of session window but not of credit: rhea frees window space after writing, so look again soon.
    if (this.next < end && internals.credit > 0 && !this.retryScheduled && this.sender.is_open()) {
      this.retryScheduled = true;
      setImmediate(() => {
        this.retryScheduled = false;
        this.pump();
      });
    }
  };

  private readonly onDrain = (): void => {
    this.pump();
    if (this.next >= this.log.endSequenceNumber) this.sender.set_drained(true);
  };

  private withRuntimeMetrics(record: EventRecord): Buffer {
    const last = this.log.lastCommitted() ?? record;
    const annotations = encodeSection(
      SectionCode.deliveryAnnotations,
      encodeMap(
        [
          runtimeKeys.sequenceNumber,
          encodeLong(last.sequenceNumber),
          runtimeKeys.offset,
          encodeString(String(last.offset)),
          runtimeKeys.time,
          encodeTimestamp(last.enqueuedTimeMs),
          runtimeKeys.retrieval,
          encodeTimestamp(Date.now()),
        ],
        8,
      ),
    );
    const { bytes, headerLength } = record;
    return Buffer.concat([bytes.subarray(0, headerLength), annotations, bytes.subarray(headerLength)]);
  }

  private readonly onIdle = (): void => {
    const { idleTimeoutMs, tracker } = this.options;
    this.options.logger.info({ link: this.sender.name, tracker }, 'dev hub: idle consumer link detached');
    this.stop();
    this.sender.close(
      withTracking(linkIdleDetached(this.sender.name, 'Consumer', formatTimeSpan(idleTimeoutMs)), tracker),
    );
  };

  /** Detaches the link with `error` (another receiver took the partition). */
  evict(error: AmqpErrorCondition): void {
    this.stop();
    this.sender.close(withTracking(error, this.options.tracker));
  }

  /** Stops delivering; idempotent. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.idle.stop();
    this.unsubscribe();
    this.sender.removeListener('sendable', this.pump);
    this.sender.removeListener('sender_draining', this.onDrain);
    this.options.onStop();
  }
}
