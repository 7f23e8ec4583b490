import express, { type RequestHandler } from 'express';
import type { BlobServiceClient } from '@azure/storage-blob';
import { Registry, collectDefaultMetrics } from 'prom-client';
import type { EventHubConnection } from '../shared/azure/event-hub-connection.ts';
import type { Db } from '../shared/db/connection.ts';
import type { Logger } from '../shared/logger.ts';
import { healthRoutes } from '../shared/http/health-routes.ts';
import { listen, type RunningServer } from '../shared/http/listen.ts';
import type { DecisionPolicy } from '../shared/domain/order-decision/index.ts';
import { startConsumer, type RunningConsumer } from './consumer.ts';

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
}

export interface RunningOmsConsumer {
  consumer: RunningConsumer;
  registry: Registry;
  close(): Promise<void>;
}

/** Starts oms-consumer; standalone it also serves its health and metrics. */
export async function runOmsConsumer(options: OmsConsumerOptions): Promise<RunningOmsConsumer> {
  const registry = options.registry ?? new Registry();
  if (!options.registry) collectDefaultMetrics({ register: registry });
  const container = options.blobService.getContainerClient(options.checkpointContainer);
  const consumer = await startConsumer({
    connection: options.eventHub,
    consumerGroup: options.consumerGroup,
    checkpointContainer: container,
    db: options.db,
    logger: options.logger,
    registry,
    mode: options.mode ?? 'batched',
    ...(options.decisionPolicy ? { placement: { policy: options.decisionPolicy } } : {}),
    ...(options.ownershipExpirationMs ? { ownershipExpirationMs: options.ownershipExpirationMs } : {}),
    ...(options.loadBalancingIntervalMs ? { loadBalancingIntervalMs: options.loadBalancingIntervalMs } : {}),
  });
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
    async close() {
      await consumer.close();
      await server?.close();
    },
  };
}
