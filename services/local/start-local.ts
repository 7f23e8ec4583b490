import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { captureBacklogOf, startDevHub, type CaptureBacklog } from '../dev-hub/index.ts';
import { startAzurite } from '../local-azure/index.ts';
import { runImportWatcher } from '../importer/index.ts';
import { alertRecipients, runOmsConsumer } from '../oms-consumer/index.ts';
import { returnCommentModel } from './return-comment-model.ts';
import { notifierSettings, runNotifier } from '../notifier/index.ts';
import { apiSecurityFromConfig, localOperatorToken, runOrderApi } from '../order-api/index.ts';
import { blobServiceClient } from '../shared/azure/blob-service.ts';
import { eventHubConnection } from '../shared/azure/event-hub-connection.ts';
import { loadConfig, redactUrl } from '../shared/config.ts';
import { connect } from '../shared/db/connection.ts';
import { migrateLatest } from '../shared/db/migrate.ts';
import { seedDatabase, tableCounts } from '../shared/db/seed/index.ts';
import { decisionPolicyFromSettings } from '../shared/domain/order-decision/index.ts';
import { returnPolicyWithWindow } from '../shared/domain/return-policy.ts';
import { createLogger } from '../shared/logger.ts';
import { onShutdown } from '../shared/shutdown.ts';
import { localStorefront } from '../storefront/index.ts';
import { localOpsConsole } from '../ops-console/index.ts';
import { openAgentRoutes } from './agent-routes.ts';
import { removeLocalEndpoints, writeLocalEndpoints } from './local-endpoints.ts';

/** The namespace segment of local Capture blob names. */
const LOCAL_NAMESPACE = 'mgc-local';

/** The conventional local port when free (so checkpoints keyed by endpoint survive restarts), else any. */
async function preferredPort(port: number): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(0));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(port)));
  });
}

/**
 * `npm start`: the whole system in one process on embedded defaults — Azurite, the dev hub with Capture,
 * the SQLite orders database (seeded when empty), order-api and oms-consumer. Anything configured in
 * the environment (a real Event Hubs namespace, a storage account, MySQL) is used instead of the
 * embedded part. Parts stop in reverse order on SIGINT/SIGTERM.
 */
export async function startLocalSystem(): Promise<void> {
  const config = loadConfig();
  const log = createLogger({ level: config.logLevel });
  fs.mkdirSync(config.dataDir, { recursive: true });
  // Settled first, so a bad security setting stops start-up before anything runs. With no operator
  // credential configured, one is generated and kept in the data directory.
  const generated =
    config.security.operatorTokens.length === 0 && !config.security.entra
      ? localOperatorToken(config.dataDir)
      : undefined;
  const security = apiSecurityFromConfig(config, log.child({ component: 'security' }), {
    operatorTokens: generated ? [generated.token] : [],
  });
  const stops: (() => Promise<unknown>)[] = [];

  let storageConnectionString = config.storage.connectionString;
  if (!storageConnectionString && !config.storage.accountUrl) {
    const azurite = await startAzurite({
      port: await preferredPort(10000),
      dataDir: path.join(config.dataDir, 'azurite'),
    });
    stops.unshift(() => azurite.stop());
    storageConnectionString = azurite.connectionString;
  }
  const blobService = blobServiceClient({
    connectionString: storageConnectionString,
    accountUrl: config.storage.accountUrl,
  });

  let eventHubConnectionString = config.eventHub.connectionString;
  // Capture progress for the "Capture falling behind" alert: only the embedded dev hub reports it.
  let captureBacklog: (() => CaptureBacklog[]) | undefined;
  if (!eventHubConnectionString && !config.eventHub.fullyQualifiedNamespace) {
    const hub = await startDevHub({
      port: await preferredPort(5672),
      namespace: LOCAL_NAMESPACE,
      hubs: [
        {
          name: config.eventHub.name,
          partitionCount: 4,
          consumerGroups: [config.eventHub.consumerGroup, 'analytics'],
        },
      ],
      dataDir: path.join(config.dataDir, 'dev-hub'),
      fsync: 'interval',
      capture: {
        blobConnectionString: storageConnectionString!,
        container: config.storage.archiveContainer,
        windowSeconds: 60,
      },
      logger: log.child({ component: 'dev-hub' }),
    });
    stops.unshift(() => hub.close());
    eventHubConnectionString = hub.connectionString(config.eventHub.name);
    captureBacklog = () => captureBacklogOf(hub, config.eventHub.name);
    writeLocalEndpoints(config.dataDir, {
      eventHubConnectionString,
      storageConnectionString: storageConnectionString!,
      namespace: LOCAL_NAMESPACE,
    });
    stops.unshift(async () => removeLocalEndpoints(config.dataDir));
  }
  const eventHub = eventHubConnection({
    connectionString: eventHubConnectionString,
    fullyQualifiedNamespace: config.eventHub.fullyQualifiedNamespace,
    eventHubName: config.eventHub.name,
  });

  const db = await connect(config.databaseUrl);
  stops.push(() => db.destroy());
  await migrateLatest(db, {
    agentDatabaseUrl: config.agentDatabaseUrl,
    agentAllowPii: config.agent.allowPii,
  });
  const counts = await tableCounts(db);
  if (counts.orders === 0 && counts.customers === 0 && counts.products === 0) {
    log.info('empty database: seeding 3000 orders over the last 120 days (oms seed)');
    const today = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
    await seedDatabase(db, { orders: 3000, seed: 7, days: 120, now: today });
  }

  const agent = await openAgentRoutes(config, log.child({ component: 'agent' }), security);
  stops.unshift(() => agent.close());
  const archive = blobService.getContainerClient(config.storage.archiveContainer);
  const api = await runOrderApi({
    db,
    logger: log.child({ component: 'order-api' }),
    eventHub,
    port: config.port,
    host: config.host,
    security,
    readiness: [{ name: 'blobStorage', check: async () => void (await archive.exists()) }],
    // The ops console at /ops (operators only); the storefront last: it answers every other GET that wants HTML.
    routers: [
      agent.router,
      await localOpsConsole(log.child({ component: 'ops-console' }), security.operatorSession),
      await localStorefront(log.child({ component: 'storefront' })),
    ],
  });
  agent.registerMetrics(api.registry);
  const consumer = await runOmsConsumer({
    db,
    logger: log.child({ component: 'oms-consumer' }),
    eventHub,
    consumerGroup: config.eventHub.consumerGroup,
    blobService,
    checkpointContainer: config.storage.checkpointContainer,
    registry: api.registry,
    decisionPolicy: decisionPolicyFromSettings(config),
    returnPolicy: returnPolicyWithWindow(config.returns.windowDays),
    outbox: { webhooks: config.notifications.webhooks, supportEmail: config.alerts.supportEmail },
    // Operator alerts (docs/alerts.md) and return comments by the agent's LLM when one is configured.
    alerts: {
      settings: config.alerts,
      recipients: alertRecipients(config.alerts.email, config.notifications.webhooks),
      ...(captureBacklog ? { captureBacklog } : {}),
    },
    returnComments: await returnCommentModel(config, process.env, log.child({ component: 'oms-consumer' })),
  });
  // The outbox dispatcher (docs/notifications.md): emails to the log unless SMTP_URL is set.
  const notifier = await runNotifier({
    db,
    logger: log.child({ component: 'notifier' }),
    settings: notifierSettings(config),
    registry: api.registry,
  });
  stops.unshift(() => notifier.close());
  // Stop taking requests first, then let the consumer finish its batch, then close the rest.
  stops.unshift(() => consumer.close());
  stops.unshift(() => api.close());
  // Partner order files dropped into IMPORT_DIR (docs/imports.md); closed first, before the API.
  const importer = await runImportWatcher({
    dir: config.importDir,
    db,
    eventHub,
    logger: log.child({ component: 'importer' }),
  });
  stops.unshift(() => importer.close());

  const url = api.server.url;
  const sample = (await db('orders').orderBy('placed_at', 'desc').first('id')) as { id: string } | undefined;
  // Shoppers prove an order is theirs with its token; this one is for the newest seeded order.
  const sampleOrder = sample
    ? `${url}/api/orders/${sample.id}?token=${security.orderTokens.sign(sample.id)}`
    : `${url}/api/orders/<id>?token=<orderToken>`;
  // Relative to where `npm start` ran (`data/operator-token`), unless the data directory is elsewhere.
  const relative = generated ? path.relative(process.cwd(), generated.file) : undefined;
  const tokenFile = relative?.startsWith('..') ? generated?.file : relative;
  const bearer = tokenFile
    ? `-H "Authorization: Bearer $(cat ${tokenFile})"`
    : `-H "Authorization: Bearer <one of OPERATOR_TOKENS or an Entra ID token>"`;
  process.stdout.write(
    [
      '',
      'MyGreatCompany OMS is running on embedded defaults:',
      `  storefront ${url}/`,
      `  ops        ${url}/ops   (sign in with the operator token below; docs/ops-console.md)`,
      `  API        ${url}/api/products   ${sampleOrder}`,
      `  health     ${url}/healthz   ${url}/readyz`,
      `  operator   ${tokenFile ? `token in ${tokenFile} (generated; set OPERATOR_TOKENS to use your own)` : 'OPERATOR_TOKENS / Entra ID as configured'}`,
      `  metrics    curl -s ${bearer} ${url}/metrics`,
      `  database   ${redactUrl(config.databaseUrl)}`,
      `  events     ${config.eventHub.connectionString ? 'configured Event Hubs' : 'dev hub'} → oms-consumer; Capture → container '${config.storage.archiveContainer}' (oms archive ls)`,
      `  imports    drop .csv / .jsonl order files into ${path.relative(process.cwd(), config.importDir).startsWith('..') ? config.importDir : path.relative(process.cwd(), config.importDir)} (docs/imports.md; or: npx oms import <file>)`,
      `  agent      curl -s -XPOST ${url}/api/agent/ask ${bearer} -H 'content-type: application/json' -d '{"question":"How many orders were placed last month?"}'   (or: npx oms ask "…")`,
      'Place an order (the answer carries orderId and orderToken):',
      `  curl -s -XPOST ${url}/api/orders -H 'content-type: application/json' -d '{"customer":{"email":"ada@example.com","fullName":"Ada L","country":"DE","city":"Berlin"},"items":[{"sku":"ELE-0001","quantity":1}],"shippingAddress":{"line1":"Main St 1","city":"Berlin","postalCode":"10115","country":"DE"},"payment":{"method":"card","token":"tok_visa"}}'`,
      'Track it:',
      `  curl -s ${url}/api/orders/<orderId> -H 'X-Order-Token: <orderToken>'   (or ?email=ada@example.com)`,
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  onShutdown(log, stops);
}
