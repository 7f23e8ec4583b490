/**
 * `startDevHub`: assembles hubs, persistence, Capture and the AMQP listener into a running dev hub.
 */
import path from 'node:path';
import type { Logger } from 'pino';
import { createLogger } from '../shared/logger.ts';
import { HubCapture, type CapturedBlob } from './capture.ts';
import { CbsAuthority } from './cbs.ts';
import { buildConnectionString } from './connection-string.ts';
import { DevHubError } from './errors.ts';
import { EventHub } from './event-hub.ts';
import {
  DEFAULT_SAS_KEY,
  DEFAULT_SAS_KEY_NAME,
  resolveOptions,
  type DevHubOptions,
  type ResolvedDevHubOptions,
} from './options.ts';
import { AmqpServer } from './server.ts';

/** Per-partition figures, for tests, health checks and benchmarks. */
export interface PartitionStats {
  eventHub: string;
  partitionId: string;
  beginSequenceNumber: number;
  /** Sequence number the next event will get; `endSequenceNumber - beginSequenceNumber` events are retained. */
  endSequenceNumber: number;
  /** First sequence number Capture has not archived yet (undefined when Capture is off for the hub). */
  nextToCapture: number | undefined;
  /** When the event at `nextToCapture` was enqueued: how far Capture is behind (undefined: nothing pending). */
  oldestUncapturedEnqueuedMs?: number | undefined;
}

/** A running dev hub. */
export interface DevHub {
  /** Host clients connect to (127.0.0.1 when listening on all interfaces). */
  readonly host: string;
  /** The AMQP port actually bound (useful with `port: 0`). */
  readonly port: number;
  /** `sb://<host>:<port>` */
  readonly endpoint: string;
  readonly namespace: string;
  /** Configured event hub names. */
  readonly eventHubNames: readonly string[];
  /**
   * A connection string for `EventHubProducerClient` / `EventHubConsumerClient`, with the first configured
   * shared access key. With `eventHubName` it carries `EntityPath`; without, pass the hub name to the client.
   * Throws `DEV_HUB_UNKNOWN_HUB` for a hub that is not configured.
   */
  connectionString(eventHubName?: string): string;
  /** Closes every open Capture window now; resolves with the files written. Rejects `DEV_HUB_CAPTURE_FAILED`. */
  flushCapture(): Promise<CapturedBlob[]>;
  stats(): PartitionStats[];
  /**
   * Stops listening (connected clients get `amqp:connection:forced`), flushes Capture, and closes the
   * partition logs. Idempotent. Rejects `DEV_HUB_CAPTURE_FAILED` if the final Capture flush failed —
   * after everything else is closed; with persistence on those events are archived on the next start.
   */
  close(): Promise<void>;
}

/**
 * Starts a dev hub. Throws `DevHubError` with `DEV_HUB_INVALID_OPTIONS` (bad options),
 * `DEV_HUB_PERSISTENCE_FAILED` (unreadable data directory) or `DEV_HUB_LISTEN_FAILED` (port in use).
 */
export async function startDevHub(input: DevHubOptions = {}): Promise<DevHub> {
  const options = resolveOptions(input);
  const logger = options.logger ?? createLogger({ name: 'dev-hub' });

  const hubs = new Map<string, EventHub>();
  const captures = new Map<string, HubCapture>();
  let server: AmqpServer | undefined;
  try {
    for (const hubOptions of options.hubs) {
      const dir = options.dataDir ? path.join(options.dataDir, hubOptions.name) : undefined;
      const hub = await EventHub.open(
        hubOptions,
        {
          dir,
          fsync: options.fsync,
          fsyncIntervalMs: options.fsyncIntervalMs,
          segmentBytes: options.segmentBytes,
        },
        logger,
      );
      hubs.set(hub.name.toLowerCase(), hub);
    }
    if (options.capture) {
      const captured = options.capture.hubs?.map((h) => h.toLowerCase());
      for (const [key, hub] of hubs) {
        if (captured && !captured.includes(key)) continue;
        const stateFile = options.dataDir
          ? path.join(options.dataDir, hub.name, 'capture-state.json')
          : undefined;
        const capture = await HubCapture.start({
          namespace: options.namespace,
          hub,
          options: options.capture,
          stateFile,
          logger,
        });
        // Retention never drops what Capture has not archived yet.
        hub.keepForRetention((partitionId) => capture.nextToCapture(partitionId));
        captures.set(key, capture);
      }
    }
    server = await AmqpServer.listen(
      {
        hubs,
        cbs: new CbsAuthority({ keys: options.sasKeys, verifySignatures: options.verifySignatures }),
        maxMessageSizeBytes: options.maxMessageSizeBytes,
        namespace: options.namespace,
        linkIdleTimeoutMs: options.linkIdleTimeoutMs,
        logger,
      },
      options.host,
      options.port,
    );
  } catch (err) {
    await Promise.allSettled([...captures.values()].map((c) => c.close()));
    await Promise.allSettled([...hubs.values()].map((h) => h.close()));
    throw err;
  }

  const running = new RunningDevHub(options, server, hubs, captures, logger);
  logger.info(
    {
      endpoint: server.endpoint,
      hubs: running.eventHubNames,
      persistent: Boolean(options.dataDir),
      capture: captures.size > 0,
    },
    'dev hub listening',
  );
  return running;
}

class RunningDevHub implements DevHub {
  readonly host: string;
  readonly port: number;
  readonly endpoint: string;
  readonly namespace: string;
  readonly eventHubNames: readonly string[];
  private readonly retentionTimer: NodeJS.Timeout;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly options: ResolvedDevHubOptions,
    private readonly server: AmqpServer,
    private readonly hubs: ReadonlyMap<string, EventHub>,
    private readonly captures: ReadonlyMap<string, HubCapture>,
    private readonly logger: Logger,
  ) {
    this.port = server.port;
    this.endpoint = server.endpoint;
    this.host = server.host;
    this.namespace = options.namespace;
    this.eventHubNames = [...hubs.values()].map((h) => h.name);
    this.retentionTimer = setInterval(() => void this.applyRetention(), options.retentionCheckIntervalMs);
    this.retentionTimer.unref();
    // A restarted hub may have recovered events that expired while it was down.
    void this.applyRetention();
  }

  connectionString(eventHubName?: string): string {
    let hubName: string | undefined;
    if (eventHubName !== undefined) {
      const hub = this.hubs.get(eventHubName.toLowerCase());
      if (!hub)
        throw new DevHubError('DEV_HUB_UNKNOWN_HUB', `No event hub '${eventHubName}' on this dev hub.`);
      hubName = hub.name;
    }
    const [keyName, key] = Object.entries(this.options.sasKeys)[0] ?? [DEFAULT_SAS_KEY_NAME, DEFAULT_SAS_KEY];
    return buildConnectionString({ endpoint: this.endpoint, keyName, key, eventHubName: hubName });
  }

  async flushCapture(): Promise<CapturedBlob[]> {
    if (this.closing) throw new DevHubError('DEV_HUB_CLOSED', 'The dev hub is closed.');
    const results = await Promise.all([...this.captures.values()].map((c) => c.flush()));
    return results.flat();
  }

  stats(): PartitionStats[] {
    const stats: PartitionStats[] = [];
    for (const [key, hub] of this.hubs) {
      const capture = this.captures.get(key);
      for (const partitionId of hub.partitionIds) {
        const log = hub.partition(partitionId);
        if (!log) continue;
        stats.push({
          eventHub: hub.name,
          partitionId,
          beginSequenceNumber: log.beginSequenceNumber,
          endSequenceNumber: log.endSequenceNumber,
          nextToCapture: capture?.nextToCapture(partitionId),
          oldestUncapturedEnqueuedMs: capture
            ? log.get(capture.nextToCapture(partitionId))?.enqueuedTimeMs
            : undefined,
        });
      }
    }
    return stats;
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    clearInterval(this.retentionTimer);
    await this.server.close();
    const captureResults = await Promise.allSettled([...this.captures.values()].map((c) => c.close()));
    await Promise.all([...this.hubs.values()].map((h) => h.close()));
    this.logger.info({ endpoint: this.endpoint }, 'dev hub closed');
    const failed = captureResults.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  private async applyRetention(): Promise<void> {
    const now = Date.now();
    for (const hub of this.hubs.values()) {
      try {
        const dropped = await hub.applyRetention(now);
        if (dropped > 0) this.logger.debug({ hub: hub.name, dropped }, 'dev hub: retention dropped events');
      } catch (err) {
        this.logger.warn({ err, hub: hub.name }, 'dev hub: retention failed');
      }
    }
  }
}
