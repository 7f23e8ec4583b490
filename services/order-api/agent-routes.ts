import { Router } from 'express';
import type { Config } from '../shared/config.ts';
import type { Logger } from '../shared/logger.ts';

/**
 * `POST /api/agent/ask` (design §7): the orders agent behind the API. LangChain is loaded here, on
 * demand, so processes without the agent do not carry it.
 */
export async function openAgentRoutes(
  config: Config,
  logger: Logger,
): Promise<{ router: Router; close(): Promise<void> }> {
  const { openOrdersAgent, createAgentRouter } = await import('../../agent/index.ts');
  const agent = await openOrdersAgent(config, { logger, warn: (message) => logger.warn(message) });
  const router = Router();
  router.use('/api/agent', createAgentRouter(agent, { logger }));
  return { router, close: () => agent.close() };
}
