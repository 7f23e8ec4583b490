import type { Router } from 'express';
import type { Registry } from 'prom-client';
import type { EventHubConnection } from '../shared/azure/event-hub-connection.ts';
import type { Db } from '../shared/db/connection.ts';
import type { Logger } from '../shared/logger.ts';
import { createApp } from './app.ts';
import { CatalogCache } from './catalog-cache.ts';
import { createEventHubPublisher } from './event-publisher.ts';
import type { ReadinessCheck } from '../shared/http/health-routes.ts';
import { quoteRoutes } from './routes/quote.ts';
import { orderWriteRoutes } from './routes/orders-write.ts';
import { opsOrderRoutes } from './routes/ops-orders.ts';
import { fulfilmentRoutes } from './routes/fulfilment.ts';
import { kpiRoutes } from './routes/kpis.ts';
import { opsViewRoutes } from './routes/ops-views.ts';
import { pipelineHealth } from './ops/pipeline-health.ts';
import { orderCommands } from './order-commands.ts';
import type { ApiSecurity } from './security/api-security.ts';
import { listen, type RunningServer } from '../shared/http/listen.ts';

export interface OrderApiOptions {
  db: Db;
  logger: Logger;
  eventHub: EventHubConnection;
  port: number;
  /** Interface to listen on (HOST); 127.0.0.1 unless a container sets 0.0.0.0. */
  host?: string;
  /** Who may do what: order tokens, operator auth, rate limits, headers (docs/security.md). */
  security: ApiSecurity;
  /** More readiness checks (the blob store when this process also consumes). */
  readiness?: ReadinessCheck[];
  /** More routes (the agent, the storefront's static files). */
  routers?: Router[];
  /** Longest a request waits for the hub to accept its event before answering 503. */
  publishTimeoutMs?: number;
  /**
   * Standalone consumers' `/metrics` for `GET /api/ops/pipeline` (CONSUMER_METRICS_URL), read with
   * `consumerMetricsToken`; unset, the consumer registered on this API's registry (`oms start`) is read.
   */
  consumerMetricsUrls?: readonly string[];
  consumerMetricsToken?: string | undefined;
}

export interface RunningOrderApi {
  server: RunningServer;
  registry: Registry;
  close(): Promise<void>;
}

/** Starts order-api: the HTTP API of design §7 publishing to Event Hubs. */
export async function runOrderApi(options: OrderApiOptions): Promise<RunningOrderApi> {
  const { db, logger } = options;
  const publisher = createEventHubPublisher(options.eventHub, {
    ...(options.publishTimeoutMs ? { confirmTimeoutMs: options.publishTimeoutMs } : {}),
  });
  const commands = orderCommands(db, publisher);
  const catalog = new CatalogCache(db);
  await catalog.start();
  // The registry exists once the app does; the embedded consumer registers on it after start-up.
  const created: { registry?: Registry } = {};
  const pipeline = pipelineHealth({
    db,
    logger,
    registry: () => created.registry,
    scrapeUrls: options.consumerMetricsUrls,
    scrapeToken: options.consumerMetricsToken,
  });
  const { app, registry } = createApp({
    db,
    logger,
    security: options.security,
    readiness: [
      { name: 'database', check: async () => void (await db.raw('select 1')) },
      { name: 'eventHub', check: () => publisher.check() },
      ...(options.readiness ?? []),
    ],
    routers: [
      orderWriteRoutes({ db, publisher, commands, catalog, logger, security: options.security }),
      opsOrderRoutes(commands, logger, options.security),
      fulfilmentRoutes(commands, logger, options.security),
      kpiRoutes(db, options.security),
      opsViewRoutes({ db, publisher, logger, security: options.security, pipeline }),
      quoteRoutes(catalog),
      ...(options.routers ?? []),
    ],
  });
  created.registry = registry;
  const server = await listen(app, options.port, options.host);
  return {
    server,
    registry,
    async close() {
      await server.close();
      catalog.stop();
      await publisher.close();
    },
  };
}
