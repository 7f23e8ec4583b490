import type { Command } from 'commander';
import { captureNamespace, storageSettings } from '../../local/local-endpoints.ts';
import { blobServiceClient } from '../../shared/azure/blob-service.ts';
import { loadConfig } from '../../shared/config.ts';
import { connect } from '../../shared/db/connection.ts';
import { migrateLatest } from '../../shared/db/migrate.ts';
import { createProgress } from '../progress.ts';
import { UsageError } from '../../shared/usage-error.ts';

interface FilterFlags {
  from?: string;
  to?: string;
  partition?: string;
  namespace?: string;
  hub?: string;
  json?: boolean;
}

/** `2026-11-20` or `2026-11-20T10:00:00Z`, as UTC. */
function parseInstant(flag: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
  const date = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) {
    throw new UsageError(
      `${flag} must be a date or ISO time such as 2026-11-20 or 2026-11-20T10:00:00Z, got '${value}'`,
    );
  }
  return date;
}

function withFilterFlags(cmd: Command): Command {
  return cmd
    .option('--from <time>', 'first capture window (UTC date or ISO time)')
    .option('--to <time>', 'end of the range, exclusive')
    .option('--partition <id>', 'one partition only')
    .option(
      '--namespace <name>',
      'Event Hubs namespace segment of the blob names (default: from the configuration)',
    )
    .option('--hub <name>', 'event hub (default: EVENTHUB_NAME)')
    .option('--json', 'machine-readable output', false);
}

function context(flags: FilterFlags) {
  const config = loadConfig();
  const from = parseInstant('--from', flags.from);
  const to = parseInstant('--to', flags.to);
  if (from && to && from >= to) throw new UsageError('--from must be before --to');
  const container = blobServiceClient(storageSettings(config)).getContainerClient(
    config.storage.archiveContainer,
  );
  const filter = {
    namespace: flags.namespace ?? captureNamespace(config),
    eventHub: flags.hub ?? config.eventHub.name,
    partitionId: flags.partition,
    from,
    to,
  };
  return { config, container, filter };
}

export function registerArchiveCommands(program: Command): void {
  const archive = program
    .command('archive')
    .description('Inspect, audit and replay the Event Hubs Capture archive (Avro files in Blob Storage).');

  withFilterFlags(
    archive.command('ls').description('List the Capture files by hub, partition and time window.'),
  ).action(async (flags: FilterFlags) => {
    const { container, filter } = context(flags);
    const { listArchiveFiles } = await import('../../archive/index.ts');
    const files = await listArchiveFiles(container, filter);
    if (flags.json) {
      console.log(
        JSON.stringify(files.map((f) => ({ ...f, windowStart: new Date(f.windowStartMs).toISOString() }))),
      );
      return;
    }
    if (files.length === 0) {
      console.log(
        `No capture files in container '${container.containerName}' for ${filter.namespace ?? '*'}/${filter.eventHub}.`,
      );
      return;
    }
    console.log('window start (UTC)        partition   bytes  blob');
    for (const f of files) {
      console.log(
        `${new Date(f.windowStartMs).toISOString()}  ${f.partitionId.padStart(9)}  ${String(f.sizeBytes).padStart(6)}  ${f.name}`,
      );
    }
    console.log(`${files.length} file(s), ${files.reduce((s, f) => s + f.sizeBytes, 0)} bytes`);
  });

  withFilterFlags(
    archive
      .command('verify')
      .description(
        'Reconcile the archive with the orders database: missing, extra and duplicate events. Exit 1 on mismatch.',
      ),
  ).action(async (flags: FilterFlags) => {
    const { config, container, filter } = context(flags);
    const db = await connect(config.databaseUrl, { readOnly: config.databaseUrl.startsWith('sqlite:') });
    const progress = createProgress('Verifying', 'files');
    try {
      const { verifyArchive } = await import('../../archive/index.ts');
      const report = await verifyArchive(db, container, filter, (done, total) =>
        progress.update(done, total, ''),
      );
      progress.stop();
      if (flags.json) {
        console.log(
          JSON.stringify({
            ...report,
            missing: report.missing.length,
            extra: report.extra.length,
            duplicates: report.duplicates.length,
            details: {
              missing: report.missing.slice(0, 100),
              extra: report.extra.slice(0, 100),
              duplicates: report.duplicates.slice(0, 100),
            },
          }),
        );
      } else {
        console.log(
          `${report.match ? 'MATCH' : 'MISMATCH'}: ${report.archivedEvents} archived event(s) in ${report.files} file(s); ` +
            `missing ${report.missing.length}, extra ${report.extra.length}, duplicates ${report.duplicates.length}`,
        );
        for (const m of report.missing.slice(0, 20))
          console.log(`  missing  partition ${m.partitionId} seq ${m.sequenceNumber} ${m.eventId ?? ''}`);
        for (const e of report.extra.slice(0, 20))
          console.log(`  extra    ${e.eventId} (partition ${e.partitionId} seq ${e.sequenceNumber})`);
      }
      if (!report.match) process.exitCode = 1;
    } finally {
      progress.stop();
      await db.destroy();
    }
  });

  withFilterFlags(
    archive
      .command('replay')
      .description(
        'Rebuild the orders database from the archive, idempotently (events already applied are skipped).',
      ),
  ).action(async (flags: FilterFlags) => {
    const { config, container, filter } = context(flags);
    const db = await connect(config.databaseUrl);
    const progress = createProgress('Replaying', 'files');
    try {
      await migrateLatest(db, {
        agentDatabaseUrl: config.agentDatabaseUrl,
        agentAllowPii: config.agent.allowPii,
      });
      const { replayArchive } = await import('../../archive/index.ts');
      const report = await replayArchive(db, container, filter, (done, total) =>
        progress.update(done, total, ''),
      );
      progress.stop();
      if (flags.json) console.log(JSON.stringify(report));
      else
        console.log(
          `Replayed ${report.events} event(s) from ${report.files} file(s): applied ${report.applied}, ` +
            `already present ${report.duplicates}, dead-lettered ${report.deadLettered}.`,
        );
    } finally {
      progress.stop();
      await db.destroy();
    }
  });
}
