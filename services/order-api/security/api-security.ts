import type { RequestHandler } from 'express';
import type { Config } from '../../shared/config.ts';
import type { Db } from '../../shared/db/connection.ts';
import type { Logger } from '../../shared/logger.ts';
import { requireJsonBody } from './json-only.ts';
import { createOperatorAuth, type EntraIdOptions, type OperatorAuth } from './operator-auth.ts';
import { requireOrderAccess } from './order-access.ts';
import {
  createOperatorSessions,
  operatorSessionAccess,
  type OperatorSessionAccess,
} from './operator-session.ts';
import { createOrderTokens, resolveOrderTokenSecret, type OrderTokens } from './order-token.ts';
import { createRateLimits, type RateLimitOptions, type RateLimits } from './rate-limits.ts';
import { corsPolicy, securityHeaders } from './security-headers.ts';

export interface ApiSecurityOptions {
  /** Signs order tokens; the same on every instance. */
  orderTokenSecret: string;
  /** Operator bearer tokens (OPERATOR_TOKENS). */
  operatorTokens: readonly string[];
  /** Warehouse and carrier bearer tokens (INTEGRATION_TOKENS): fulfilment reports only. */
  integrationTokens?: readonly string[];
  entra?: EntraIdOptions | undefined;
  corsOrigins?: readonly string[];
  rateLimits: RateLimitOptions;
  logger: Logger;
}

/** Everything order-api needs to decide who may do what; see docs/security.md. */
export interface ApiSecurity {
  orderTokens: OrderTokens;
  operatorAuth: OperatorAuth;
  /** The ops console's sign-in: a pasted operator token becomes an HttpOnly session cookie. */
  operatorSession: OperatorSessionAccess;
  /** 401 unless the request carries an operator token, Entra ID JWT or console session; sets `res.locals.principal`. */
  requireOperator: RequestHandler;
  /** 401/403 unless an operator or an integration (warehouse, carrier) calls: fulfilment reports. */
  requireFulfilment: RequestHandler;
  limits: RateLimits;
  /** Mounted before anything else: security headers, CORS, JSON-only writes. */
  front: RequestHandler[];
  /** The proof check for `/api/orders/:id` routes. */
  orderAccess(db: Db): RequestHandler;
}

export function createApiSecurity(options: ApiSecurityOptions): ApiSecurity {
  const orderTokens = createOrderTokens(options.orderTokenSecret);
  const sessions = createOperatorSessions({ secret: options.orderTokenSecret });
  const operatorAuth = createOperatorAuth({
    tokens: options.operatorTokens,
    integrationTokens: options.integrationTokens,
    entra: options.entra,
    logger: options.logger,
    session: sessions,
  });
  if (options.operatorTokens.length === 0 && !options.entra) {
    options.logger.warn(
      'neither OPERATOR_TOKENS nor AUTH_ISSUER/AUTH_AUDIENCE is set: /metrics and the agent refuse every request',
    );
  }
  return {
    orderTokens,
    operatorAuth,
    operatorSession: operatorSessionAccess(operatorAuth, sessions),
    requireOperator: operatorAuth.require,
    requireFulfilment: operatorAuth.allow(['operator', 'integration']),
    limits: createRateLimits(options.rateLimits),
    front: [...securityHeaders(), ...corsPolicy(options.corsOrigins ?? []), requireJsonBody],
    orderAccess: (db) => requireOrderAccess({ db, orderTokens, operatorAuth }),
  };
}

/**
 * The API's security from the validated configuration. `operatorTokens` adds tokens not in the
 * environment (the one `npm start` generates).
 * @throws {ConfigError} when NODE_ENV=production and ORDER_TOKEN_SECRET is unset.
 */
export function apiSecurityFromConfig(
  config: Config,
  logger: Logger,
  extra: { operatorTokens?: readonly string[] } = {},
): ApiSecurity {
  return createApiSecurity({
    orderTokenSecret: resolveOrderTokenSecret({
      configured: config.security.orderTokenSecret,
      nodeEnv: config.nodeEnv,
      dataDir: config.dataDir,
    }),
    operatorTokens: [...config.security.operatorTokens, ...(extra.operatorTokens ?? [])],
    integrationTokens: config.security.integrationTokens,
    entra: config.security.entra,
    corsOrigins: config.security.corsOrigins,
    rateLimits: config.security.rateLimits,
    logger,
  });
}
