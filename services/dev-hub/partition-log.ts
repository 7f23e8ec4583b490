/**
 * One partition's event stream in memory: sequence numbers, offsets and enqueued times are assigned
 * here, and receivers read from here.
 *
 * Appending and committing are separate steps. `append` numbers and stamps events at once (so a batch
 * is contiguous and ordered); `commit` makes them visible to receivers and to `$management`. With
 * persistence the hub commits only after the write reached the log file, so a receiver can never see —
 * and checkpoint — an event that a crash could take back. Without persistence the hub commits at once.
 */
import { STORED_FRAME_OVERHEAD, stampEvent, type EventRecord } from './event-record.ts';
import type { PositionIndex } from './event-position.ts';

/**
 * Event bytes are carved out of 1 MiB slabs: retained memory then tracks the events themselves. (Small
 * Buffers come from Node's shared 8 KiB pool, where one long-lived event keeps a whole slab of
 * short-lived garbage alive — about twice the memory.) Slabs are freed in order as retention drops events.
 */
const SLAB_BYTES = 1024 * 1024;

export interface PartitionLogState {
  /** Records recovered from disk, oldest first, contiguous sequence numbers. */
  records: EventRecord[];
  /** Sequence number for the next event (may exceed the last record's + 1 only when none are kept). */
  nextSequenceNumber: number;
  nextOffset: number;
}

export class PartitionLog implements PositionIndex {
  /** Retained records; `records[i]` has sequence number `arrayBaseSequence + i`. */
  private records: EventRecord[];
  private arrayBaseSequence: number;
  /** Index in `records` of the oldest retained event (trimmed ones are dropped lazily). */
  private head = 0;
  private nextSequence: number;
  private nextOffsetValue: number;
  private committedEnd: number;
  private committedEndOffset: number;
  private lastEnqueuedMs = 0;
  private lastCommittedRecord: EventRecord | undefined;
  private retainedBytesValue = 0;
  private readonly listeners = new Set<() => void>();
  private slab = Buffer.alloc(0);
  private slabUsed = 0;

  constructor(
    readonly partitionId: string,
    initial: PartitionLogState = { records: [], nextSequenceNumber: 0, nextOffset: 0 },
  ) {
    this.records = initial.records;
    const first = initial.records[0];
    this.arrayBaseSequence = first ? first.sequenceNumber : initial.nextSequenceNumber;
    this.nextSequence = initial.nextSequenceNumber;
    this.nextOffsetValue = initial.nextOffset;
    this.committedEnd = this.nextSequence;
    this.committedEndOffset = this.nextOffsetValue;
    for (const record of initial.records) this.retainedBytesValue += record.bytes.length;
    this.lastCommittedRecord = initial.records.at(-1);
    if (this.lastCommittedRecord) this.lastEnqueuedMs = this.lastCommittedRecord.enqueuedTimeMs;
  }

  /**
   * Numbers, timestamps and stamps `messages` (one publish: they stay contiguous and in order) and
   * returns the new records. They are invisible to readers until `commit`.
   */
  append(messages: readonly Buffer[], partitionKey: string | undefined, nowMs: number): EventRecord[] {
    // Enqueued time never goes backwards within a partition, even if the wall clock does.
    const enqueuedTimeMs = Math.max(nowMs, this.lastEnqueuedMs);
    this.lastEnqueuedMs = enqueuedTimeMs;
    const appended: EventRecord[] = [];
    for (const message of messages) {
      const sequenceNumber = this.nextSequence++;
      const offset = this.nextOffsetValue;
      const { bytes, headerLength } = stampEvent(
        message,
        {
          sequenceNumber,
          offset,
          enqueuedTimeMs,
          partitionKey,
        },
        this.allocate,
      );
      this.nextOffsetValue += STORED_FRAME_OVERHEAD + bytes.length;
      const record: EventRecord = { sequenceNumber, offset, enqueuedTimeMs, bytes, headerLength };
      this.records.push(record);
      this.retainedBytesValue += bytes.length;
      appended.push(record);
    }
    return appended;
  }

  private readonly allocate = (size: number): Buffer => {
    if (size > SLAB_BYTES / 4) return Buffer.allocUnsafeSlow(size);
    if (this.slabUsed + size > this.slab.length) {
      this.slab = Buffer.allocUnsafeSlow(SLAB_BYTES);
      this.slabUsed = 0;
    }
    const bytes = this.slab.subarray(this.slabUsed, this.slabUsed + size);
    this.slabUsed += size;
    return bytes;
  };

  /** Makes every appended record up to and including `sequenceNumber` visible, then wakes readers. */
  commit(sequenceNumber: number): void {
    if (sequenceNumber < this.committedEnd) return;
    const last = this.recordAt(sequenceNumber);
    if (!last)
      throw new Error(`commit of unknown sequence number ${sequenceNumber} on partition ${this.partitionId}`);
    this.committedEnd = sequenceNumber + 1;
    this.committedEndOffset = last.offset + STORED_FRAME_OVERHEAD + last.bytes.length;
    this.lastCommittedRecord = last;
    for (const listener of this.listeners) listener();
  }

  /**
   * Drops appended-but-uncommitted records after a failed write, so their sequence numbers are reused
   * and the stream stays gap-free. Only valid when nothing after them was committed.
   */
  rollback(fromSequenceNumber: number): void {
    if (fromSequenceNumber < this.committedEnd || fromSequenceNumber >= this.nextSequence) return;
    const first = this.recordAt(fromSequenceNumber);
    if (!first) return;
    for (let seq = fromSequenceNumber; seq < this.nextSequence; seq++) {
      this.retainedBytesValue -= this.recordAt(seq)?.bytes.length ?? 0;
    }
    this.records.length = fromSequenceNumber - this.arrayBaseSequence;
    this.nextSequence = fromSequenceNumber;
    this.nextOffsetValue = first.offset;
  }

  /** Calls `listener` after every commit; returns the unsubscribe function. */
  onCommit(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A committed, retained record, or undefined. */
  get(sequenceNumber: number): EventRecord | undefined {
    if (sequenceNumber < this.beginSequenceNumber || sequenceNumber >= this.committedEnd) return undefined;
    return this.records[sequenceNumber - this.arrayBaseSequence];
  }

  private recordAt(sequenceNumber: number): EventRecord | undefined {
    return this.records[sequenceNumber - this.arrayBaseSequence];
  }

  get beginSequenceNumber(): number {
    return this.arrayBaseSequence + this.head;
  }

  get endSequenceNumber(): number {
    return this.committedEnd;
  }

  get endOffset(): number {
    return this.committedEndOffset;
  }

  get lastOffset(): number | undefined {
    return this.lastCommittedRecord?.offset;
  }

  /** Message bytes held in memory for retained (and pending) events. */
  get retainedBytes(): number {
    return this.retainedBytesValue;
  }

  get isEmpty(): boolean {
    return this.beginSequenceNumber >= this.committedEnd;
  }

  /** The newest committed record, even if retention already dropped it from reading (undefined if none). */
  lastCommitted(): EventRecord | undefined {
    return this.lastCommittedRecord;
  }

  firstSequenceAtOrAfterOffset(offset: number): number {
    return this.lowerBound((r) => r.offset >= offset);
  }

  firstSequenceEnqueuedAfter(epochMs: number, inclusive: boolean): number {
    return this.lowerBound(
      inclusive ? (r) => r.enqueuedTimeMs >= epochMs : (r) => r.enqueuedTimeMs > epochMs,
    );
  }

  /** First committed retained sequence number whose record satisfies the monotone `test` (binary search). */
  private lowerBound(test: (record: EventRecord) => boolean): number {
    let lo = this.head;
    let hi = this.committedEnd - this.arrayBaseSequence;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (test(this.records[mid] as EventRecord)) hi = mid;
      else lo = mid + 1;
    }
    return this.arrayBaseSequence + lo;
  }

  /**
   * Retention: forgets committed events enqueued before `cutoffMs`, and the oldest ones while more than
   * `maxBytes` are held, but never at or after `keepFromSequence` (events Capture has not archived yet).
   * Returns how many were dropped.
   */
  trim(cutoffMs: number, keepFromSequence: number, maxBytes = Number.POSITIVE_INFINITY): number {
    const limit = Math.min(this.committedEnd, keepFromSequence) - this.arrayBaseSequence;
    const start = this.head;
    while (this.head < limit) {
      const record = this.records[this.head] as EventRecord;
      if (record.enqueuedTimeMs >= cutoffMs && this.retainedBytesValue <= maxBytes) break;
      this.retainedBytesValue -= record.bytes.length;
      this.head++;
    }
    const dropped = this.head - start;
    // Compact now and then so trimming stays amortised O(1) per event and memory is actually freed.
    if (this.head > 1024 && this.head * 2 > this.records.length) {
      this.records = this.records.slice(this.head);
      this.arrayBaseSequence += this.head;
      this.head = 0;
    }
    return dropped;
  }

  /** Committed records in `[from, to)` (clamped to what is retained). */
  range(from: number, to: number): EventRecord[] {
    const start = Math.max(from, this.beginSequenceNumber) - this.arrayBaseSequence;
    const end = Math.min(to, this.committedEnd) - this.arrayBaseSequence;
    return start < end ? this.records.slice(start, end) : [];
  }
}
