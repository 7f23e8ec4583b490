import { Router } from 'express';
import type { Registry } from 'prom-client';
import type { Config } from '../shared/config.ts';
import type { Logger } from '../shared/logger.ts';
import type { ApiSecurity } from '../order-api/index.ts';

/**
 * `POST /api/agent/ask` (design §7): the orders agent behind the API. The composition roots (`oms start`
 * and `oms api`) wire it in through order-api's `routers` option, so order-api never imports the agent.
 * LangChain is loaded here, on demand, so processes without the agent do not carry it. Operators only (`security.requireOperator`
 * sets `res.locals.principal`), limited per caller.
 */
export async function openAgentRoutes(
  config: Config,
  logger: Logger,
  security: Pick<ApiSecurity, 'requireOperator' | 'limits'>,
): Promise<{ router: Router; close(): Promise<void>; registerMetrics(registry: Registry): void }> {
  const { openOrdersAgent, createAgentRouter, agentRefusalCounter } = await import('../../agent/index.ts');
  // The API's registry exists only once the API is built; refusals before that are not counted.
  let countRefusal: ((reason: string) => void) | undefined;
  const agent = await openOrdersAgent(config, {
    logger,
    warn: (message) => logger.warn(message),
    onRefusal: (reason) => countRefusal?.(reason),
  });
  const router = Router();
  router.use(
    '/api/agent',
    security.requireOperator,
    security.limits.agent,
    createAgentRouter(agent, { logger }),
  );
  return {
    router,
    close: () => agent.close(),
    /** Registers `oms_agent_refusals_total` on the API's /metrics registry. */
    registerMetrics(registry) {
      countRefusal = agentRefusalCounter(registry);
    },
  };
}
