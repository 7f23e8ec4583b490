/**
 * Event Hubs Capture for one hub: archives every committed event to Blob Storage as Avro files.
 *
 * Windowing, per partition, like Azure: a window opens when the previous one closes and closes after
 * `windowSeconds` or as soon as `sizeLimitBytes` of events are pending, whichever comes first. A closed
 * window with events becomes one file named after the window's start (`capture-blob-name.ts`); an empty
 * window writes nothing. `flushCapture()` and `close()` close every window at once.
 *
 * Two windows of one partition can close within the same second (size limit, flush); since the name
 * has whole seconds, the later one is named one second after the earlier, so names stay unique and
 * sorted in event order.
 *
 * Size is measured in stored AMQP bytes (close to, not exactly, the Avro size).
 *
 * Delivery guarantee: at least once per event, exactly once per blob name (see `capture-state.ts`).
 * Failed uploads stay pending and are retried on the next tick; retention never drops an event that has
 * not been archived.
 */
import { ContainerClient } from '@azure/storage-blob';
import type { Logger } from 'pino';
import { captureBlobName } from '../shared/capture/capture-blob-name.ts';
import { encodeCaptureFile } from '../shared/capture/capture-avro-schema.ts';
import { toCaptureRecord } from './capture-record.ts';
import { CaptureStateStore, type InflightWindow } from './capture-state.ts';
import { DevHubError } from './errors.ts';
import type { EventHub } from './event-hub.ts';
import type { EventRecord } from './event-record.ts';
import type { CaptureOptions } from './options.ts';
import type { PartitionLog } from './partition-log.ts';

/** One file Capture wrote. */
export interface CapturedBlob {
  blobName: string;
  eventHub: string;
  partitionId: string;
  eventCount: number;
  firstSequenceNumber: number;
  lastSequenceNumber: number;
  sizeInBytes: number;
}

interface PartitionCapture {
  readonly partitionId: string;
  readonly log: PartitionLog;
  /** First sequence number not yet archived. */
  next: number;
  windowOpenedAtMs: number;
  lastWindowStartMs: number;
  inflight: InflightWindow | undefined;
  /** Stored bytes of committed events from `next` on, counted up to `countedThrough`. */
  pendingBytes: number;
  countedThrough: number;
  chain: Promise<void>;
  /** Window closes scheduled and not finished; background triggers skip a partition that has one. */
  scheduled: number;
  /** After a failure, background triggers wait until then (exponential back-off up to 10 s). */
  retryAtMs: number;
  failures: number;
  unsubscribe: () => void;
}

export interface HubCaptureContext {
  namespace: string;
  hub: EventHub;
  options: CaptureOptions;
  stateFile: string | undefined;
  logger: Logger;
  /** Called after each file is written (tests and metrics). */
  onBlob?: (blob: CapturedBlob) => void;
}

export class HubCapture {
  private readonly partitions: PartitionCapture[] = [];
  private readonly container: ContainerClient;
  private containerReady: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly windowMs: number;

  private constructor(
    private readonly context: HubCaptureContext,
    private readonly state: CaptureStateStore,
  ) {
    // Capture retries failed windows itself on the next tick; keep the SDK's own retries short so a
    // missing Blob endpoint cannot stall a flush (or close) for minutes.
    this.container = new ContainerClient(context.options.blobConnectionString, context.options.container, {
      retryOptions: { maxTries: 2, retryDelayInMs: 200, maxRetryDelayInMs: 1000, tryTimeoutInMs: 30_000 },
    });
    this.windowMs = context.options.windowSeconds * 1000;
  }

  /** Loads progress, resumes any interrupted upload and starts the window timer. */
  static async start(context: HubCaptureContext): Promise<HubCapture> {
    const capture = new HubCapture(context, await CaptureStateStore.open(context.stateFile));
    const now = Date.now();
    for (const partitionId of context.hub.partitionIds) {
      const log = context.hub.partition(partitionId) as PartitionLog;
      const saved = capture.state.get(partitionId);
      let next = saved?.nextSequenceNumber ?? log.beginSequenceNumber;
      if (next < log.beginSequenceNumber) {
        context.logger.warn(
          { hub: context.hub.name, partitionId, next, begin: log.beginSequenceNumber },
          'dev hub capture: events before the retained range were never archived',
        );
        next = log.beginSequenceNumber;
      }
      const partition: PartitionCapture = {
        partitionId,
        log,
        next,
        windowOpenedAtMs: now,
        lastWindowStartMs: saved?.lastWindowStartMs ?? 0,
        inflight: saved?.inflight,
        pendingBytes: 0,
        countedThrough: next,
        chain: Promise.resolve(),
        scheduled: 0,
        retryAtMs: 0,
        failures: 0,
        unsubscribe: () => undefined,
      };
      partition.unsubscribe = log.onCommit(() => capture.onCommit(partition));
      capture.partitions.push(partition);
      capture.onCommit(partition);
      if (partition.inflight) capture.schedule(partition, 'resume');
    }
    capture.timer = setInterval(() => capture.tick(), Math.min(1000, Math.max(50, capture.windowMs / 4)));
    capture.timer.unref();
    return capture;
  }

  /** The first sequence number of `partitionId` not yet archived (retention keeps everything from it). */
  nextToCapture(partitionId: string): number {
    return this.partitions.find((p) => p.partitionId === partitionId)?.next ?? 0;
  }

  /** Closes every window now and resolves with the files written. Upload failures reject. */
  async flush(): Promise<CapturedBlob[]> {
    const written = await Promise.all(this.partitions.map((p) => this.schedule(p, 'flush')));
    return written.flat();
  }

  /** Stops the timer and flushes what is pending. */
  async close(): Promise<CapturedBlob[]> {
    if (this.closed) return [];
    if (this.timer) clearInterval(this.timer);
    try {
      return await this.flush();
    } finally {
      this.closed = true;
      for (const p of this.partitions) p.unsubscribe();
    }
  }

  private onCommit(partition: PartitionCapture): void {
    const end = partition.log.endSequenceNumber;
    for (let seq = Math.max(partition.countedThrough, partition.next); seq < end; seq++) {
      partition.pendingBytes += partition.log.get(seq)?.bytes.length ?? 0;
    }
    partition.countedThrough = end;
    if (
      partition.pendingBytes >= this.context.options.sizeLimitBytes &&
      partition.scheduled === 0 &&
      Date.now() >= partition.retryAtMs
    ) {
      this.schedule(partition, 'size').catch(() => undefined);
    }
  }

  private tick(): void {
    const now = Date.now();
    for (const partition of this.partitions) {
      if (partition.scheduled > 0 || now < partition.retryAtMs) continue;
      if (now - partition.windowOpenedAtMs >= this.windowMs || partition.inflight) {
        this.schedule(partition, 'window').catch(() => undefined);
      }
    }
  }

  /** Runs one window close on `partition` after any in progress; failures are logged and rethrown. */
  private schedule(
    partition: PartitionCapture,
    reason: 'window' | 'size' | 'flush' | 'resume',
  ): Promise<CapturedBlob[]> {
    partition.scheduled++;
    const run = partition.chain
      .then(() => this.closeWindows(partition, reason))
      .finally(() => partition.scheduled--);
    partition.chain = run.then(
      () => undefined,
      () => undefined,
    );
    return run.then(
      (written) => {
        partition.failures = 0;
        partition.retryAtMs = 0;
        return written;
      },
      (err: unknown) => this.failed(partition, reason, err),
    );
  }

  /** Logs a failed window close, backs off background retries, and rethrows as `DEV_HUB_CAPTURE_FAILED`. */
  private failed(partition: PartitionCapture, reason: string, err: unknown): never {
    partition.failures++;
    partition.retryAtMs = Date.now() + Math.min(10_000, 500 * 2 ** (partition.failures - 1));
    this.context.logger.warn(
      {
        err,
        hub: this.context.hub.name,
        partitionId: partition.partitionId,
        reason,
        failures: partition.failures,
      },
      'dev hub capture: writing a window failed; it stays pending and is retried',
    );
    if (err instanceof DevHubError) throw err;
    throw new DevHubError(
      'DEV_HUB_CAPTURE_FAILED',
      `Capture of ${this.context.hub.name}/${partition.partitionId} failed.`,
      { cause: err },
    );
  }

  private async closeWindows(
    partition: PartitionCapture,
    reason: 'window' | 'size' | 'flush' | 'resume',
  ): Promise<CapturedBlob[]> {
    if (this.closed) return [];
    const written: CapturedBlob[] = [];
    if (partition.inflight) written.push(await this.writeWindow(partition, partition.inflight));
    const limit = this.context.options.sizeLimitBytes;
    const windowDue = reason === 'flush' || Date.now() - partition.windowOpenedAtMs >= this.windowMs;
    // A size-triggered close only takes full windows; a due or forced close takes everything pending.
    while (
      partition.next < partition.log.endSequenceNumber &&
      (windowDue || partition.pendingBytes >= limit)
    ) {
      written.push(await this.writeWindow(partition, this.nextWindow(partition)));
    }
    if (windowDue) partition.windowOpenedAtMs = Date.now();
    return written;
  }

  /** Picks the next window's events (up to the size limit, at least one) and its blob name. */
  private nextWindow(partition: PartitionCapture): InflightWindow {
    const limit = this.context.options.sizeLimitBytes;
    const end = partition.log.endSequenceNumber;
    let to = partition.next;
    let size = 0;
    while (to < end && (to === partition.next || size < limit)) {
      size += partition.log.get(to)?.bytes.length ?? 0;
      to++;
    }
    const opened = Math.floor(partition.windowOpenedAtMs / 1000) * 1000;
    const windowStartMs = Math.max(opened, partition.lastWindowStartMs + 1000);
    const blobName = captureBlobName({
      namespace: this.context.namespace,
      eventHub: this.context.hub.name,
      partitionId: partition.partitionId,
      windowStartMs,
    });
    return { blobName, windowStartMs, fromSequence: partition.next, toSequence: to };
  }

  private async writeWindow(partition: PartitionCapture, window: InflightWindow): Promise<CapturedBlob> {
    const records: EventRecord[] = partition.log.range(window.fromSequence, window.toSequence);
    if (records.length !== window.toSequence - window.fromSequence) {
      throw new DevHubError(
        'DEV_HUB_CAPTURE_FAILED',
        `Events ${window.fromSequence}..${window.toSequence - 1} of ${this.context.hub.name}/${partition.partitionId} are no longer retained.`,
      );
    }
    if (partition.inflight !== window) {
      partition.inflight = window;
      await this.saveState(partition);
    }
    const file = await encodeCaptureFile(records.map(toCaptureRecord));
    await this.ensureContainer();
    await this.container.getBlockBlobClient(window.blobName).uploadData(file, {
      blobHTTPHeaders: { blobContentType: 'application/octet-stream' },
    });

    let bytes = 0;
    for (const r of records) bytes += r.bytes.length;
    partition.pendingBytes = Math.max(0, partition.pendingBytes - bytes);
    partition.next = window.toSequence;
    partition.lastWindowStartMs = Math.max(partition.lastWindowStartMs, window.windowStartMs);
    partition.inflight = undefined;
    partition.windowOpenedAtMs = Date.now();
    await this.saveState(partition);

    const blob: CapturedBlob = {
      blobName: window.blobName,
      eventHub: this.context.hub.name,
      partitionId: partition.partitionId,
      eventCount: records.length,
      firstSequenceNumber: window.fromSequence,
      lastSequenceNumber: window.toSequence - 1,
      sizeInBytes: file.length,
    };
    this.context.logger.debug(blob, 'dev hub capture: wrote window');
    this.context.onBlob?.(blob);
    return blob;
  }

  private saveState(partition: PartitionCapture): Promise<void> {
    return this.state.save(partition.partitionId, {
      nextSequenceNumber: partition.next,
      lastWindowStartMs: partition.lastWindowStartMs,
      inflight: partition.inflight,
    });
  }

  private ensureContainer(): Promise<void> {
    this.containerReady ??= this.container.createIfNotExists().then(
      () => undefined,
      (err: unknown) => {
        this.containerReady = undefined;
        throw err;
      },
    );
    return this.containerReady;
  }
}
