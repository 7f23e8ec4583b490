import type { Command } from 'commander';
import { loadConfig } from '../../shared/config.ts';
import { connect } from '../../shared/db/connection.ts';
import { createLogger } from '../../shared/logger.ts';
import { onShutdown } from '../../shared/shutdown.ts';
import { metricsAuth } from './services.ts';

/**
 * `oms notifier`: the outbox dispatcher alone (production; `npm start` runs it embedded). Several may
 * run against one MySQL database: they share the rows without sending one twice (docs/notifications.md).
 */
export function registerNotifierCommand(program: Command): void {
  program
    .command('notifier')
    .description(
      'Run the notification dispatcher: pending notifications from DATABASE_URL by SMTP_URL, WEBHOOK_URLS or the log; health on PORT.',
    )
    .action(async () => {
      const config = loadConfig();
      const logger = createLogger({ level: config.logLevel, name: 'notifier' });
      const { runNotifier, notifierSettings } = await import('../../notifier/index.ts');
      // Before a connection is opened, so a webhook without a secret fails at once.
      const settings = notifierSettings(config);
      const db = await connect(config.databaseUrl);
      const notifier = await runNotifier({
        db,
        logger,
        settings,
        port: config.port,
        host: config.host,
        metricsAuth: await metricsAuth(config, logger),
      });
      logger.info(
        {
          instance: notifier.dispatcher.instance,
          email: config.notifications.smtpUrl ? 'smtp' : 'log',
          webhookTargets: config.notifications.webhooks.map((t) => t.name),
        },
        'notifier running',
      );
      onShutdown(logger, [() => notifier.close(), () => db.destroy()]);
    });
}
