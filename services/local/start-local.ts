import fs from 'node:fs';
import { loadConfig, redactUrl } from '../shared/config.ts';
import { connect } from '../shared/db/connection.ts';
import { migrateLatest } from '../shared/db/migrate.ts';
import { seedDatabase, tableCounts } from '../shared/db/seed/index.ts';
import { createLogger } from '../shared/logger.ts';
import { createApp } from '../order-api/app.ts';
import { listen } from '../order-api/server.ts';

/**
 * `npm start`: the whole system in one process on embedded defaults. Each part is started here and
 * stopped in reverse order on SIGINT/SIGTERM.
 */
export async function startLocalSystem(): Promise<void> {
  const config = loadConfig();
  const log = createLogger({ level: config.logLevel });
  fs.mkdirSync(config.dataDir, { recursive: true });
  const stops: (() => Promise<void>)[] = [];

  const db = await connect(config.databaseUrl);
  stops.push(() => db.destroy());
  await migrateLatest(db, { agentDatabaseUrl: config.agentDatabaseUrl });
  const counts = await tableCounts(db);
  if (counts.orders === 0 && counts.customers === 0 && counts.products === 0) {
    log.info('empty database: seeding 3000 orders over the last 120 days (oms seed)');
    const today = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
    await seedDatabase(db, { orders: 3000, seed: 7, days: 120, now: today });
  }

  const { app } = createApp({
    db,
    logger: log,
    readiness: [{ name: 'database', check: async () => void (await db.raw('select 1')) }],
  });
  const server = await listen(app, config.port);
  stops.push(() => server.close());

  const sample = await db('orders').orderBy('placed_at', 'desc').first('id');
  process.stdout.write(
    [
      '',
      'MyGreatCompany OMS is running on embedded defaults:',
      `  API        ${server.url}/api/products   ${server.url}/api/orders/${sample?.id ?? '<id>'}`,
      `  health     ${server.url}/healthz   ${server.url}/readyz   ${server.url}/metrics`,
      `  database   ${redactUrl(config.databaseUrl)}`,
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    for (const stop of stops.reverse()) await stop().catch((err) => log.error({ err }, 'stop failed'));
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}
