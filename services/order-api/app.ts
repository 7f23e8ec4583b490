import express, { type ErrorRequestHandler, type Router } from 'express';
import type { Registry } from 'prom-client';
import type { Db } from '../shared/db/connection.ts';
import type { Logger } from '../shared/logger.ts';
import { healthRoutes, type ReadinessCheck } from '../shared/http/health-routes.ts';
import { orderReadRoutes } from './routes/orders-read.ts';
import { productRoutes } from './routes/products.ts';
import { createMetrics } from './metrics.ts';
import { sendProblem } from './problem.ts';
import type { ApiSecurity } from './security/api-security.ts';
import { refuseCardNumbers } from './security/card-numbers.ts';

export interface AppOptions {
  db: Db;
  logger: Logger;
  readiness: readonly ReadinessCheck[];
  /** Who may do what (docs/security.md). */
  security: ApiSecurity;
  /** Routers mounted before the read routes (order intake, the agent, the storefront's static files). */
  routers?: readonly Router[];
  /** Largest accepted JSON body; an order is a few KiB. */
  bodyLimit?: string;
}

/** The HTTP API of design §7, assembled from one router per concern. */
export function createApp(options: AppOptions): { app: express.Express; registry: Registry } {
  const { registry, httpMetrics } = createMetrics();
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback, uniquelocal');
  app.use(httpMetrics);
  app.use(options.security.front);
  app.use(
    express.json({ limit: options.bodyLimit ?? '64kb', type: ['application/json', 'application/*+json'] }),
  );
  app.use('/api/orders', refuseCardNumbers);
  app.use(healthRoutes(options.readiness));
  app.get('/metrics', options.security.requireOperator, async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });
  for (const router of options.routers ?? []) app.use(router);
  app.use(productRoutes(options.db));
  app.use(orderReadRoutes(options.db, options.security));
  // Last, after every router (the storefront serves `/` and its client-side paths through `routers`).
  app.use((_req, res) => sendProblem(res, 404, 'Not found', 'Nothing is served at this path.'));

  const onError: ErrorRequestHandler = (err, req, res, _next) => {
    const status = typeof err?.status === 'number' ? err.status : 500;
    if (err?.type === 'entity.parse.failed') {
      sendProblem(res, 400, 'Malformed JSON', 'The request body is not valid JSON.');
    } else if (err?.type === 'entity.too.large') {
      sendProblem(res, 413, 'Request body too large', `The limit is ${options.bodyLimit ?? '64kb'}.`);
    } else if (status >= 400 && status < 500) {
      sendProblem(res, status, err.message ?? 'Bad request');
    } else {
      // The path only: query strings may carry an order token or a customer's email.
      options.logger.error({ err, method: req.method, path: req.path }, 'request failed');
      sendProblem(res, 500, 'Internal error', 'The error was logged; please retry later.');
    }
  };
  app.use(onError);
  return { app, registry };
}
