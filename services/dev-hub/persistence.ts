/**
 * Optional on-disk partition log, so a dev hub restart keeps its events, sequence numbers and offsets.
 *
 * Layout: `<dataDir>/<hub>/<partitionId>/<first offset, 20 digits>.log`, append-only segments. Each event
 * is one frame, little-endian:
 *
 *   u32 message length | u32 CRC-32 of the rest | i64 sequence number | i64 enqueued time (epoch ms)
 *   | u32 header-section length | message bytes (the stored form, see `event-record.ts`)
 *
 * The 28-byte frame header is `STORED_FRAME_OVERHEAD`, which makes an event's offset equal to its byte
 * position across the segments.
 *
 * Crash safety: writes are append-only and group-committed (everything that arrived while the previous
 * write was in flight goes out in one `writev`). On start-up every frame is length- and CRC-checked; a
 * torn or partial frame at the tail of the last segment (the only place a crash can leave one) is cut
 * off. A publish is acknowledged only after its frames are written, and, with `fsync: 'always'`, after
 * `fdatasync` — see `FsyncPolicy` for the trade-off.
 *
 * Retention deletes whole segments whose every event has expired, but always keeps the newest frame so
 * numbering survives a restart even when every event has expired.
 */
import { crc32 } from 'node:zlib';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { DevHubError } from './errors.ts';
import { STORED_FRAME_OVERHEAD, type EventRecord } from './event-record.ts';
import type { PartitionLogState } from './partition-log.ts';

/**
 * When appended events are flushed to stable storage:
 * - `always`: `fdatasync` before acknowledging each group commit. Survives power loss; costs one
 *   disk flush per group commit (publishes arriving during a flush share the next one).
 * - `interval`: acknowledge once the data is in the OS page cache (survives a crash or SIGKILL of the
 *   dev hub) and `fdatasync` every `fsyncIntervalMs`. A power loss can lose that last interval.
 * - `never`: leave flushing to the OS.
 */
export type FsyncPolicy = 'always' | 'interval' | 'never';

export interface PartitionStoreOptions {
  fsync: FsyncPolicy;
  fsyncIntervalMs: number;
  /** A new segment starts once the current one reaches this size. */
  segmentBytes: number;
  logger: Logger;
}

interface Segment {
  file: string;
  baseOffset: number;
  /** Sequence number of the last frame in the segment (-1 while empty). */
  lastSequence: number;
  size: number;
}

interface PendingWrite {
  frames: Buffer[];
  firstOffset: number;
  lastSequence: number;
  resolve: () => void;
  reject: (err: Error) => void;
}

const SEGMENT_SUFFIX = '.log';

function segmentName(baseOffset: number): string {
  return `${String(baseOffset).padStart(20, '0')}${SEGMENT_SUFFIX}`;
}

function encodeFrameHeader(record: EventRecord): Buffer {
  const header = Buffer.allocUnsafe(STORED_FRAME_OVERHEAD);
  header.writeUInt32LE(record.bytes.length, 0);
  writeUint64LE(header, record.sequenceNumber, 8);
  writeUint64LE(header, record.enqueuedTimeMs, 16);
  header.writeUInt32LE(record.headerLength, 24);
  const crc = crc32(record.bytes, crc32(header.subarray(8)));
  header.writeUInt32LE(crc, 4);
  return header;
}

function writeUint64LE(buf: Buffer, value: number, offset: number): void {
  buf.writeUInt32LE(value >>> 0, offset);
  buf.writeUInt32LE(Math.floor(value / 0x1_0000_0000), offset + 4);
}

function readUint64LE(buf: Buffer, offset: number): number {
  return buf.readUInt32LE(offset + 4) * 0x1_0000_0000 + buf.readUInt32LE(offset);
}

async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await fsp.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export class PartitionStore {
  private current: fsp.FileHandle;
  private readonly queue: PendingWrite[] = [];
  private writing = false;
  private dirty = false;
  private failed: Error | undefined;
  private closed = false;
  private readonly timer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly dir: string,
    private readonly segments: Segment[],
    current: fsp.FileHandle,
    private readonly options: PartitionStoreOptions,
  ) {
    this.current = current;
    if (options.fsync === 'interval') {
      this.timer = setInterval(() => void this.syncIfDirty(), options.fsyncIntervalMs);
      this.timer.unref();
    }
  }

  /**
   * Opens (creating if needed) the partition directory, validates every segment and returns the store
   * with the events it holds. Throws `DEV_HUB_PERSISTENCE_FAILED` on damage a crash cannot explain.
   */
  static async open(
    dir: string,
    options: PartitionStoreOptions,
  ): Promise<{ store: PartitionStore; state: PartitionLogState }> {
    await fsp.mkdir(dir, { recursive: true });
    const names = (await fsp.readdir(dir)).filter((n) => n.endsWith(SEGMENT_SUFFIX)).sort();
    const records: EventRecord[] = [];
    const segments: Segment[] = [];
    let nextSequenceNumber = 0;
    let nextOffset = 0;

    for (const [i, name] of names.entries()) {
      const file = path.join(dir, name);
      const baseOffset = Number(name.slice(0, -SEGMENT_SUFFIX.length));
      if (!Number.isSafeInteger(baseOffset) || (segments.length > 0 && baseOffset !== nextOffset)) {
        throw new DevHubError(
          'DEV_HUB_PERSISTENCE_FAILED',
          `Segment ${file} does not continue the partition log at offset ${nextOffset}.`,
        );
      }
      const data = await fsp.readFile(file);
      let pos = 0;
      let lastSequence = -1;
      while (pos < data.length) {
        const frame = readFrame(data, pos, baseOffset);
        if (!frame) break;
        if (records.length > 0 && frame.record.sequenceNumber !== nextSequenceNumber) {
          throw new DevHubError('DEV_HUB_PERSISTENCE_FAILED', `Sequence gap in ${file} at byte ${pos}.`);
        }
        records.push(frame.record);
        lastSequence = frame.record.sequenceNumber;
        nextSequenceNumber = lastSequence + 1;
        pos = frame.end;
      }
      if (pos < data.length) {
        if (i !== names.length - 1) {
          throw new DevHubError(
            'DEV_HUB_PERSISTENCE_FAILED',
            `Corrupt frame in ${file} at byte ${pos} (not the last segment).`,
          );
        }
        options.logger.warn(
          { file, validBytes: pos, fileBytes: data.length },
          'dev hub: cutting a torn write off the partition log',
        );
        await fsp.truncate(file, pos);
      }
      nextOffset = baseOffset + pos;
      segments.push({ file, baseOffset, lastSequence, size: pos });
    }

    const lastSegment = segments.at(-1);
    let current: fsp.FileHandle;
    if (lastSegment) {
      current = await fsp.open(lastSegment.file, 'a');
    } else {
      const file = path.join(dir, segmentName(0));
      current = await fsp.open(file, 'a');
      segments.push({ file, baseOffset: 0, lastSequence: -1, size: 0 });
      await fsyncDirectory(dir);
    }
    const store = new PartitionStore(dir, segments, current, options);
    return { store, state: { records, nextSequenceNumber, nextOffset } };
  }

  /**
   * Queues `records` (contiguous, in order, following everything appended before) and resolves once
   * they are written per the fsync policy. Rejects with `DEV_HUB_APPEND_FAILED` if the write fails;
   * after a failure the store refuses further appends (the on-disk tail is then uncertain).
   */
  append(records: readonly EventRecord[]): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    if (this.closed)
      return Promise.reject(new DevHubError('DEV_HUB_CLOSED', 'The partition store is closed.'));
    const first = records[0];
    const last = records.at(-1);
    if (!first || !last) return Promise.resolve();
    const frames: Buffer[] = [];
    for (const record of records) frames.push(encodeFrameHeader(record), record.bytes);
    return new Promise((resolve, reject) => {
      this.queue.push({
        frames,
        firstOffset: first.offset,
        lastSequence: last.sequenceNumber,
        resolve,
        reject,
      });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.writing) return;
    this.writing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0);
        try {
          await this.writeBatch(batch);
          for (const write of batch) write.resolve();
        } catch (cause) {
          this.failed = new DevHubError(
            'DEV_HUB_APPEND_FAILED',
            `Writing the partition log in ${this.dir} failed.`,
            { cause },
          );
          this.options.logger.error({ err: cause, dir: this.dir }, 'dev hub: partition log write failed');
          for (const write of [...batch, ...this.queue.splice(0)]) write.reject(this.failed);
        }
      }
    } finally {
      this.writing = false;
    }
  }

  private async writeBatch(batch: PendingWrite[]): Promise<void> {
    let segment = this.segments.at(-1) as Segment;
    const firstOffset = (batch[0] as PendingWrite).firstOffset;
    if (segment.size >= this.options.segmentBytes && segment.lastSequence >= 0) {
      segment = await this.roll(firstOffset);
    }
    if (segment.baseOffset + segment.size !== firstOffset) {
      throw new Error(
        `offset ${firstOffset} does not follow the log end ${segment.baseOffset + segment.size}`,
      );
    }
    const frames = batch.flatMap((w) => w.frames);
    let bytes = 0;
    for (const frame of frames) bytes += frame.length;
    const { bytesWritten } = await this.current.writev(frames);
    if (bytesWritten !== bytes) throw new Error(`short write: ${bytesWritten} of ${bytes} bytes`);
    segment.size += bytes;
    segment.lastSequence = (batch.at(-1) as PendingWrite).lastSequence;
    if (this.options.fsync === 'always') await this.current.datasync();
    else this.dirty = true;
  }

  private async roll(baseOffset: number): Promise<Segment> {
    if (this.options.fsync !== 'never') await this.current.datasync();
    await this.current.close();
    const file = path.join(this.dir, segmentName(baseOffset));
    this.current = await fsp.open(file, 'a');
    if (this.options.fsync !== 'never') await fsyncDirectory(this.dir);
    const segment: Segment = { file, baseOffset, lastSequence: -1, size: 0 };
    this.segments.push(segment);
    return segment;
  }

  private async syncIfDirty(): Promise<void> {
    if (!this.dirty || this.closed) return;
    this.dirty = false;
    try {
      await this.current.datasync();
    } catch (err) {
      this.options.logger.warn({ err, dir: this.dir }, 'dev hub: periodic fdatasync failed');
    }
  }

  /**
   * Deletes segments holding only events before `sequenceNumber`. A segment is deleted only while a
   * newer one holds frames, so the newest frame — and with it the numbering — always survives.
   */
  async deleteSegmentsBefore(sequenceNumber: number): Promise<number> {
    let deleted = 0;
    while (this.segments.length > 1) {
      const oldest = this.segments[0] as Segment;
      const next = this.segments[1] as Segment;
      if (oldest.lastSequence >= sequenceNumber || next.lastSequence < 0) break;
      await fsp.rm(oldest.file, { force: true });
      this.segments.shift();
      deleted++;
    }
    return deleted;
  }

  /** Flushes and closes the active segment; pending appends finish first. */
  async close(): Promise<void> {
    if (this.closed) return;
    while (this.writing || this.queue.length > 0) await new Promise((r) => setImmediate(r));
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    if (this.options.fsync !== 'never') await this.current.datasync().catch(() => undefined);
    await this.current.close();
  }
}

function readFrame(
  data: Buffer,
  pos: number,
  baseOffset: number,
): { record: EventRecord; end: number } | undefined {
  if (pos + STORED_FRAME_OVERHEAD > data.length) return undefined;
  const length = data.readUInt32LE(pos);
  const end = pos + STORED_FRAME_OVERHEAD + length;
  if (end > data.length) return undefined;
  const bytes = data.subarray(pos + STORED_FRAME_OVERHEAD, end);
  const expected = data.readUInt32LE(pos + 4);
  if (crc32(bytes, crc32(data.subarray(pos + 8, pos + STORED_FRAME_OVERHEAD))) !== expected) return undefined;
  return {
    record: {
      sequenceNumber: readUint64LE(data, pos + 8),
      enqueuedTimeMs: readUint64LE(data, pos + 16),
      headerLength: data.readUInt32LE(pos + 24),
      offset: baseOffset + pos,
      bytes,
    },
    end,
  };
}
