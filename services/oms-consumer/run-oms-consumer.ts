import express, { type RequestHandler } from 'express';
import type { CheckpointStore } from '@azure/event-hubs';
import { BlobCheckpointStore } from '@azure/eventhubs-checkpointstore-blob';
import type { BlobServiceClient } from '@azure/storage-blob';
import { Registry, collectDefaultMetrics } from 'prom-client';
import type { EventHubConnection } from '../shared/azure/event-hub-connection.ts';
import type { Db } from '../shared/db/connection.ts';
import type { Logger } from '../shared/logger.ts';
import { healthRoutes } from '../shared/http/health-routes.ts';
import { listen, type RunningServer } from '../shared/http/listen.ts';
import type { ReturnPolicy } from '../shared/domain/return-policy.ts';
import type { DecisionPolicy } from '../shared/domain/order-decision/index.ts';
import { startConsumer, type RunningConsumer } from './consumer.ts';
import type { OutboxRouting } from './outbox.ts';
import {
  startAlertMonitor,
  type AlertMonitorOptions,
  type RunningAlertMonitor,
} from './alerts/alert-monitor.ts';
import { createConsumerClient } from './consumer-client.ts';
import { useReturnCommentModel, type ReturnCommentModel } from './return-sentiment.ts';

export interface OmsConsumerOptions {
  db: Db;
  logger: Logger;
  eventHub: EventHubConnection;
  consumerGroup: string;
  blobService: BlobServiceClient;
  checkpointContainer: string;
  /** Serve /healthz, /readyz and /metrics on this port (a standalone consumer container); omit when embedded. */
  port?: number;
  /** Interface for that port (HOST); loopback unless a container sets 0.0.0.0. */
  host?: string;
  /** Guards /metrics on that port (operator auth); health stays open for probes. */
  metricsAuth?: RequestHandler;
  /** Share a registry with an embedding process instead of creating one. */
  registry?: Registry;
  mode?: 'batched' | 'per-event';
  ownershipExpirationMs?: number;
  loadBalancingIntervalMs?: number;
  /** The validation limits and fraud thresholds orders are decided with (DEFAULT_POLICY when absent). */
  decisionPolicy?: DecisionPolicy;
  /** The returns policy (window, resellable reasons); the default policy when unset. */
  returnPolicy?: ReturnPolicy;
  /** Where the outbox sends notices besides the customer (WEBHOOK_URLS, SUPPORT_EMAIL). */
  outbox?: OutboxRouting;
  /** Operator alerts (docs/alerts.md): the monitor runs in this process while the consumer runs. */
  alerts?: Pick<AlertMonitorOptions, 'settings' | 'recipients' | 'captureBacklog' | 'sendDirect'>;
  /** Return comments by an LLM (AGENT_PROVIDER), with the offline reading as fallback; offline when absent. */
  returnComments?: ReturnCommentModel;
}

export interface RunningOmsConsumer {
  consumer: RunningConsumer;
  registry: Registry;
  alerts: RunningAlertMonitor | undefined;
  close(): Promise<void>;
}

/** Starts oms-consumer; standalone it also serves its health and metrics. */
export async function runOmsConsumer(options: OmsConsumerOptions): Promise<RunningOmsConsumer> {
  const registry = options.registry ?? new Registry();
  if (!options.registry) collectDefaultMetrics({ register: registry });
  const container = options.blobService.getContainerClient(options.checkpointContainer);
  if (options.returnComments) useReturnCommentModel(options.returnComments);
  const consumer = await startConsumer({
    connection: options.eventHub,
    consumerGroup: options.consumerGroup,
    checkpointContainer: container,
    db: options.db,
    logger: options.logger,
    registry,
    mode: options.mode ?? 'batched',
    placement: {
      ...(options.decisionPolicy ? { policy: options.decisionPolicy } : {}),
      ...(options.returnPolicy ? { returns: options.returnPolicy } : {}),
      ...(options.outbox ? { outbox: options.outbox } : {}),
    },
    ...(options.ownershipExpirationMs ? { ownershipExpirationMs: options.ownershipExpirationMs } : {}),
    ...(options.loadBalancingIntervalMs ? { loadBalancingIntervalMs: options.loadBalancingIntervalMs } : {}),
  });
  // A client of its own for the monitor's hub questions (partition properties), never for receiving.
  const hubClient = options.alerts
    ? await createConsumerClient(options.eventHub, options.consumerGroup, container, {})
    : undefined;
  const alerts =
    options.alerts && hubClient
      ? await startAlertMonitor({
          db: options.db,
          logger: options.logger,
          ...options.alerts,
          hub: {
            client: hubClient,
            checkpoints: new BlobCheckpointStore(container) as unknown as CheckpointStore,
            consumerGroup: options.consumerGroup,
          },
        })
      : undefined;
  let server: RunningServer | undefined;
  if (options.port !== undefined) {
    const app = express();
    app.use(
      healthRoutes([
        { name: 'database', check: async () => void (await options.db.raw('select 1')) },
        { name: 'checkpointStore', check: async () => void (await container.getProperties()) },
      ]),
    );
    const guard: RequestHandler = options.metricsAuth ?? ((_req, _res, next) => next());
    app.get('/metrics', guard, async (_req, res) => {
      res.type(registry.contentType).send(await registry.metrics());
    });
    server = await listen(app, options.port, options.host);
  }
  return {
    consumer,
    registry,
    alerts,
    async close() {
      await alerts?.close();
      await hubClient?.close();
      await consumer.close();
      await server?.close();
    },
  };
}
