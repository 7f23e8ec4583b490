import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { startDevHub } from '../dev-hub/index.ts';
import { startAzurite } from '../local-azure/azurite.ts';
import { runOmsConsumer } from '../oms-consumer/run-oms-consumer.ts';
import { openAgentRoutes } from '../order-api/agent-routes.ts';
import { runOrderApi } from '../order-api/run-order-api.ts';
import { blobServiceClient } from '../shared/azure/blob-service.ts';
import { eventHubConnection } from '../shared/azure/event-hub-connection.ts';
import { loadConfig, redactUrl } from '../shared/config.ts';
import { connect } from '../shared/db/connection.ts';
import { migrateLatest } from '../shared/db/migrate.ts';
import { seedDatabase, tableCounts } from '../shared/db/seed/index.ts';
import { createLogger } from '../shared/logger.ts';
import { onShutdown } from '../shared/shutdown.ts';
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
  await migrateLatest(db, { agentDatabaseUrl: config.agentDatabaseUrl });
  const counts = await tableCounts(db);
  if (counts.orders === 0 && counts.customers === 0 && counts.products === 0) {
    log.info('empty database: seeding 3000 orders over the last 120 days (oms seed)');
    const today = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
    await seedDatabase(db, { orders: 3000, seed: 7, days: 120, now: today });
  }

  const agent = await openAgentRoutes(config, log.child({ component: 'agent' }));
  stops.unshift(() => agent.close());
  const archive = blobService.getContainerClient(config.storage.archiveContainer);
  const api = await runOrderApi({
    db,
    logger: log.child({ component: 'order-api' }),
    eventHub,
    port: config.port,
    readiness: [{ name: 'blobStorage', check: async () => void (await archive.exists()) }],
    routers: [agent.router],
  });
  const consumer = await runOmsConsumer({
    db,
    logger: log.child({ component: 'oms-consumer' }),
    eventHub,
    consumerGroup: config.eventHub.consumerGroup,
    blobService,
    checkpointContainer: config.storage.checkpointContainer,
    registry: api.registry,
  });
  // Stop taking requests first, then let the consumer finish its batch, then close the rest.
  stops.unshift(() => consumer.close());
  stops.unshift(() => api.close());

  const url = api.server.url;
  const sample = await db('orders').orderBy('placed_at', 'desc').first('id');
  process.stdout.write(
    [
      '',
      'MyGreatCompany OMS is running on embedded defaults:',
      `  API        ${url}/api/products   ${url}/api/orders/${sample?.id ?? '<id>'}`,
      `  health     ${url}/healthz   ${url}/readyz   ${url}/metrics`,
      `  database   ${redactUrl(config.databaseUrl)}`,
      `  events     ${config.eventHub.connectionString ? 'configured Event Hubs' : 'dev hub'} → oms-consumer; Capture → container '${config.storage.archiveContainer}' (oms archive ls)`,
      `  agent      curl -s -XPOST ${url}/api/agent/ask -H 'content-type: application/json' -d '{"question":"How many orders were placed last month?"}'   (or: npx oms ask "…")`,
      'Place an order:',
      `  curl -s -XPOST ${url}/api/orders -H 'content-type: application/json' -d '{"customer":{"email":"ada@example.com","fullName":"Ada L","country":"DE","city":"Berlin"},"items":[{"sku":"ELE-0001","quantity":1}],"shippingAddress":{"line1":"Main St 1","city":"Berlin","postalCode":"10115","country":"DE"},"payment":{"method":"card"}}'`,
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  onShutdown(log, stops);
}
