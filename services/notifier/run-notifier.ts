import express, { type RequestHandler } from 'express';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { ConfigError, type Config } from '../shared/config.ts';
import type { Db } from '../shared/db/connection.ts';
import { healthRoutes } from '../shared/http/health-routes.ts';
import { listen, type RunningServer } from '../shared/http/listen.ts';
import type { Logger } from '../shared/logger.ts';
import { createDispatcher, type Dispatcher, type DispatcherSettings } from './dispatcher.ts';

export interface NotifierOptions {
  db: Db;
  logger: Logger;
  settings: DispatcherSettings;
  /** Serve /healthz, /readyz and /metrics on this port (a standalone container); omit when embedded. */
  port?: number;
  host?: string;
  metricsAuth?: RequestHandler;
  /** Share a registry with an embedding process (npm start) instead of creating one. */
  registry?: Registry;
}

export interface RunningNotifier {
  dispatcher: Dispatcher;
  registry: Registry;
  close(): Promise<void>;
}

/** The dispatcher's settings from the configuration; webhooks without a secret are refused at start. */
export function notifierSettings(config: Config): DispatcherSettings {
  const n = config.notifications;
  if (n.webhooks.length > 0 && !n.webhookSecret)
    throw new ConfigError([
      {
        variable: 'WEBHOOK_SECRET',
        message: 'required when WEBHOOK_URLS is set (webhooks are always signed)',
      },
    ]);
  return {
    smtpUrl: n.smtpUrl,
    mailFrom: n.mailFrom,
    webhooks: n.webhooks,
    webhookSecret: n.webhookSecret,
    maxAttempts: n.maxAttempts,
    baseDelayMs: n.baseDelayMs,
    timeoutMs: n.timeoutMs,
    concurrency: n.concurrency,
    pollMs: n.pollMs,
  };
}

/** Starts the outbox dispatcher; standalone it also serves its health and metrics. */
export async function runNotifier(options: NotifierOptions): Promise<RunningNotifier> {
  const registry = options.registry ?? new Registry();
  if (!options.registry) collectDefaultMetrics({ register: registry });
  const dispatcher = createDispatcher({
    ...options.settings,
    db: options.db,
    logger: options.logger,
    registry,
  });
  dispatcher.start();
  let server: RunningServer | undefined;
  if (options.port !== undefined) {
    const app = express();
    app.use(healthRoutes([{ name: 'database', check: async () => void (await options.db.raw('select 1')) }]));
    const guard: RequestHandler = options.metricsAuth ?? ((_req, _res, next) => next());
    app.get('/metrics', guard, async (_req, res) => {
      res.type(registry.contentType).send(await registry.metrics());
    });
    server = await listen(app, options.port, options.host);
  }
  return {
    dispatcher,
    registry,
    async close() {
      await dispatcher.close();
      await server?.close();
    },
  };
}
