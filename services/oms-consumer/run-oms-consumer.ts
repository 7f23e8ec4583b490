import express from 'express';
import type { BlobServiceClient } from '@azure/storage-blob';
import { Registry, collectDefaultMetrics } from 'prom-client';
import type { EventHubConnection } from '../shared/azure/event-hub-connection.ts';
import type { Db } from '../shared/db/connection.ts';
import type { Logger } from '../shared/logger.ts';
import { healthRoutes } from '../order-api/routes/health.ts';
import { listen, type RunningServer } from '../order-api/server.ts';
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
  /** Share a registry with an embedding process instead of creating one. */
  registry?: Registry;
  mode?: 'batched' | 'per-event';
  ownershipExpirationMs?: number;
  loadBalancingIntervalMs?: number;
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
    app.get('/metrics', async (_req, res) => {
      res.type(registry.contentType).send(await registry.metrics());
    });
    server = await listen(app, options.port);
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
