import fs from 'node:fs';
import type { Command } from 'commander';
import { readLocalEndpoints } from '../../local/local-endpoints.ts';
import { eventHubConnection, type EventHubConnection } from '../../shared/azure/event-hub-connection.ts';
import { loadConfig, type Config } from '../../shared/config.ts';
import { connect } from '../../shared/db/connection.ts';
import { loadPriceList } from '../../shared/events/order-intake.ts';
import { createLogger } from '../../shared/logger.ts';
import { onShutdown } from '../../shared/shutdown.ts';
import { UsageError } from '../../shared/usage-error.ts';
import { createProgress } from '../progress.ts';

/** Exit code when the file was imported but some of its orders were rejected. */
const EXIT_SOME_REJECTED = 3;

/** The configured hub, else the dev hub of a running `npm start` (its endpoints file in OMS_DATA_DIR). */
function importHub(config: Config): EventHubConnection {
  return eventHubConnection({
    connectionString:
      config.eventHub.connectionString ??
      (config.eventHub.fullyQualifiedNamespace
        ? undefined
        : readLocalEndpoints(config.dataDir)?.eventHubConnectionString),
    fullyQualifiedNamespace: config.eventHub.fullyQualifiedNamespace,
    eventHubName: config.eventHub.name,
  });
}

/** `oms import <file>` and `oms importer` (the drop folder): partner order files, docs/imports.md. */
export function registerImportCommands(program: Command): void {
  program
    .command('import')
    .description(
      'Import a partner order file (.csv, .jsonl, .ndjson) as order.placed events (channel file_import); re-importing publishes nothing new. Exit 3 when some orders were rejected.',
    )
    .argument('<file>', 'the order file; layout in docs/imports.md')
    .option('--json', 'print the summary as JSON on stdout', false)
    .action(async (file: string, flags: { json: boolean }) => {
      if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new UsageError(`no such file: ${file}`);
      const config = loadConfig();
      const eventHub = importHub(config);
      const db = await connect(config.databaseUrl);
      const { createHubSender, importOrderFile } = await import('../../importer/index.ts');
      const sender = createHubSender(eventHub);
      const progress = createProgress('import', 'kB');
      try {
        const summary = await importOrderFile({
          file,
          db,
          sender,
          catalog: await loadPriceList(db),
          onRejected: flags.json
            ? undefined
            : (row) =>
                process.stderr.write(
                  `line ${row.line}${row.orderRef ? ` (${row.orderRef})` : ''}: ${row.reason}\n`,
                ),
          onProgress: (p) =>
            progress.update(
              Math.round(p.bytesRead / 1024),
              Math.max(1, Math.round(p.totalBytes / 1024)),
              `${p.orders} orders`,
            ),
        });
        progress.stop();
        if (flags.json) {
          process.stdout.write(`${JSON.stringify(summary)}\n`);
        } else {
          const rate = Math.round(summary.rows / Math.max(summary.durationMs / 1000, 0.001));
          process.stdout.write(
            [
              `${summary.file} (${summary.format}): ${summary.rows} rows, ${summary.orders} orders in ${(summary.durationMs / 1000).toFixed(1)} s (${rate} rows/s)`,
              `  accepted   ${summary.accepted}`,
              `  duplicates ${summary.duplicates} (${summary.duplicatesInFile} within the file, ${summary.duplicatesImportedBefore} imported before)`,
              `  rejected   ${summary.rejected}${summary.rejected ? ' (reasons above, with their lines)' : ''}`,
              ...(summary.failed
                ? [
                    `  failed     ${summary.failed}: ${summary.publishError ?? 'the hub refused events'} — run the import again; nothing is published twice`,
                  ]
                : []),
              '',
            ].join('\n'),
          );
        }
        if (summary.failed) process.exitCode = 1;
        else if (summary.rejected) process.exitCode = EXIT_SOME_REJECTED;
      } catch (err) {
        progress.stop();
        // A file that cannot be read as orders at all: one line naming why, exit 1 (main.ts).
        throw err;
      } finally {
        await sender.close();
        await db.destroy();
      }
    });

  program
    .command('importer')
    .description(
      'Watch IMPORT_DIR (default <OMS_DATA_DIR>/import) for partner order files; each is imported, then moved to processed/ or rejected/.',
    )
    .action(async () => {
      const config = loadConfig();
      const logger = createLogger({ level: config.logLevel, name: 'importer' });
      const eventHub = importHub(config);
      const db = await connect(config.databaseUrl);
      const { runImportWatcher } = await import('../../importer/index.ts');
      const watcher = await runImportWatcher({ dir: config.importDir, db, eventHub, logger });
      onShutdown(logger, [() => watcher.close(), () => db.destroy()]);
    });
}
