import type { RequestHandler } from 'express';
import type { Command } from 'commander';
import { eventHubConnection } from '../../shared/azure/event-hub-connection.ts';
import { blobServiceClient } from '../../shared/azure/blob-service.ts';
import { loadConfig, type Config } from '../../shared/config.ts';
import { connect } from '../../shared/db/connection.ts';
import { decisionPolicyFromSettings } from '../../shared/domain/order-decision/index.ts';
import { returnPolicyWithWindow } from '../../shared/domain/return-policy.ts';
import { createLogger, type Logger } from '../../shared/logger.ts';
import { onShutdown } from '../../shared/shutdown.ts';
import { UsageError } from '../../shared/usage-error.ts';

function positiveMs(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 100 || n > 600_000)
    throw new UsageError(`expected milliseconds between 100 and 600000, got '${value}'`);
  return n;
}

/** Guards /metrics of a standalone process: operators only, as on order-api. */
export async function metricsAuth(config: Config, logger: Logger): Promise<RequestHandler> {
  const { createOperatorAuth } = await import('../../order-api/index.ts');
  return createOperatorAuth({ tokens: config.security.operatorTokens, entra: config.security.entra, logger })
    .require;
}

function hub(config: Config) {
  return eventHubConnection({
    connectionString: config.eventHub.connectionString,
    fullyQualifiedNamespace: config.eventHub.fullyQualifiedNamespace,
    eventHubName: config.eventHub.name,
  });
}

/**
 * The production processes: one per container, configured only by the environment (design §8). Each
 * loads its service on demand, so a consumer's memory holds nothing of the API and vice versa.
 */
export function registerServiceCommands(program: Command): void {
  program
    .command('api')
    .description(
      'Run order-api alone (production): HTTP on PORT, publishing to EVENTHUB_* (send-only key); with AGENT_DATABASE_URL also POST /api/agent/ask.',
    )
    .action(async () => {
      const config = loadConfig();
      const logger = createLogger({ level: config.logLevel, name: 'order-api' });
      // Before anything opens a connection, so a missing ORDER_TOKEN_SECRET fails at once.
      const { apiSecurityFromConfig } = await import('../../order-api/index.ts');
      const security = apiSecurityFromConfig(config, logger);
      const db = await connect(config.databaseUrl);
      const { runOrderApi } = await import('../../order-api/index.ts');
      // The agent joins the API only where its read-only database user is configured.
      const agent = config.agentDatabaseUrl
        ? await (
            await import('../../local/agent-routes.ts')
          ).openAgentRoutes(config, logger.child({ component: 'agent' }), security)
        : undefined;
      // The ops console at /ops when its build ships alongside (npm run build:ops).
      const opsConsole = (await import('../../ops-console/index.ts')).builtOpsConsole(
        logger.child({ component: 'ops-console' }),
        security.operatorSession,
      );
      const api = await runOrderApi({
        db,
        logger,
        eventHub: hub(config),
        port: config.port,
        host: config.host,
        security,
        routers: [...(agent ? [agent.router] : []), ...(opsConsole ? [opsConsole] : [])],
        // GET /api/ops/pipeline reads standalone consumers' /metrics (operator-only, like here).
        consumerMetricsUrls: config.consumerMetricsUrls,
        consumerMetricsToken: config.security.operatorTokens[0],
      });
      agent?.registerMetrics(api.registry);
      logger.info({ port: api.server.port, agent: agent !== undefined }, 'order-api listening');
      onShutdown(logger, [() => api.close(), async () => agent?.close(), () => db.destroy()]);
    });

  program
    .command('consumer')
    .description(
      'Run oms-consumer alone (production): EVENTHUB_* (listen-only key) into DATABASE_URL; health on PORT.',
    )
    .option('--per-event', 'naive mode for benchmarks: one transaction and one checkpoint per event', false)
    .option(
      '--ownership-expiration-ms <ms>',
      "take over a silent instance's partitions after this long",
      (v) => positiveMs(v),
      10_000,
    )
    .option(
      '--load-balancing-interval-ms <ms>',
      'how often to renew and rebalance partition ownership',
      (v) => positiveMs(v),
      2_000,
    )
    .action(
      async (flags: {
        perEvent: boolean;
        ownershipExpirationMs: number;
        loadBalancingIntervalMs: number;
      }) => {
        const config = loadConfig();
        const logger = createLogger({ level: config.logLevel, name: 'oms-consumer' });
        const db = await connect(config.databaseUrl);
        const { runOmsConsumer, alertRecipients } = await import('../../oms-consumer/index.ts');
        const { returnCommentModel } = await import('../../local/return-comment-model.ts');
        const consumer = await runOmsConsumer({
          db,
          logger,
          eventHub: hub(config),
          consumerGroup: config.eventHub.consumerGroup,
          blobService: blobServiceClient(config.storage),
          checkpointContainer: config.storage.checkpointContainer,
          decisionPolicy: decisionPolicyFromSettings(config),
          returnPolicy: returnPolicyWithWindow(config.returns.windowDays),
          outbox: { webhooks: config.notifications.webhooks, supportEmail: config.alerts.supportEmail },
          port: config.port,
          host: config.host,
          metricsAuth: await metricsAuth(config, logger),
          mode: flags.perEvent ? 'per-event' : 'batched',
          ownershipExpirationMs: flags.ownershipExpirationMs,
          loadBalancingIntervalMs: flags.loadBalancingIntervalMs,
          // Operator alerts (docs/alerts.md) through the outbox; return comments by the agent's LLM.
          alerts: {
            settings: config.alerts,
            recipients: alertRecipients(config.alerts.email, config.notifications.webhooks),
          },
          returnComments: await returnCommentModel(config, process.env, logger),
        });
        logger.info({ consumerGroup: config.eventHub.consumerGroup }, 'oms-consumer running');
        onShutdown(logger, [() => consumer.close(), () => db.destroy()]);
      },
    );
}
