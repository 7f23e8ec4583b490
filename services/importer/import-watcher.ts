import fs from 'node:fs';
import path from 'node:path';
import type { EventHubConnection } from '../shared/azure/event-hub-connection.ts';
import type { Db } from '../shared/db/connection.ts';
import { loadPriceList } from '../shared/events/order-intake.ts';
import type { Logger } from '../shared/logger.ts';
import { ImportFileError } from './file-orders.ts';
import { createHubSender, type EventSender } from './hub-sender.ts';
import { importOrderFile, type ImportSummary, type RejectedRow } from './import-file.ts';

export interface ImportWatcherOptions {
  /** The drop folder; `processed/` and `rejected/` are created inside it. */
  dir: string;
  db: Db;
  eventHub: EventHubConnection;
  logger: Logger;
  /** How often the folder is listed. */
  pollMs?: number;
  /** A file is taken once its size and modification time have not changed for this long. */
  settleMs?: number;
  /** After the hub failed, a file is tried again after this long (its ids are deterministic). */
  retryMs?: number;
  /** Called after each file is handled (tests, metrics). */
  onFile?: (result: WatchedFileResult) => void;
}

export interface WatchedFileResult {
  file: string;
  movedTo: 'processed' | 'rejected' | 'retry';
  summary?: ImportSummary;
  error?: string;
}

export interface ImportWatcher {
  close(): Promise<void>;
}

/** Names a writer uses while a file is not complete yet: never read. */
const IN_PROGRESS = /^\.|\.(tmp|part|partial|crdownload|swp)$/i;

/** Moves into `folder`, keeping the name unless a file of that name is already there. */
function moveInto(dir: string, folder: string, name: string): string {
  let target = path.join(dir, folder, name);
  if (fs.existsSync(target)) {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    target = path.join(dir, folder, `${stamp}_${name}`);
  }
  fs.renameSync(path.join(dir, name), target);
  return target;
}

/**
 * The drop folder (docs/imports.md). Partners (or an SFTP server) put order files into `dir`; each is
 * imported once it is complete, then moved to `processed/` (read to the end; its bad rows listed in
 * `rejected/<name>.errors.jsonl`) or to `rejected/` (unreadable, or not one good order). Two guards
 * against reading a file half-written: names a writer uses while uploading (`*.tmp`, `*.part`, dot-files)
 * are never read, so uploading as `name.tmp` and renaming (atomic) is the safe way; and any other file
 * is taken only once its size and mtime have stayed the same for `settleMs` (for writers that cannot
 * rename). When the hub fails, the file stays where it is and is tried again after `retryMs`.
 */
export async function runImportWatcher(options: ImportWatcherOptions): Promise<ImportWatcher> {
  const { dir, db, logger } = options;
  const pollMs = options.pollMs ?? 1000;
  const settleMs = options.settleMs ?? 2000;
  const retryMs = options.retryMs ?? 30_000;
  for (const sub of ['', 'processed', 'rejected']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
  const sender: EventSender = createHubSender(options.eventHub);
  const observed = new Map<string, { size: number; mtimeMs: number; since: number }>();
  const failedAt = new Map<string, number>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const handle = async (name: string): Promise<WatchedFileResult> => {
    const file = path.join(dir, name);
    const reportTmp = path.join(dir, 'rejected', `.${name}.errors.jsonl.tmp`);
    const report = fs.createWriteStream(reportTmp);
    const write = (row: RejectedRow) => report.write(`${JSON.stringify(row)}\n`);
    let summary: ImportSummary | undefined;
    let error: string | undefined;
    try {
      summary = await importOrderFile({
        file,
        db,
        sender,
        catalog: await loadPriceList(db),
        onRejected: write,
      });
    } catch (err) {
      if (!(err instanceof ImportFileError)) throw err;
      error = err.message;
      write({ line: 1, reason: err.message });
    }
    await new Promise<void>((resolve, reject) =>
      report.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
    if (summary && summary.failed > 0) {
      fs.rmSync(reportTmp, { force: true });
      return {
        file: name,
        movedTo: 'retry',
        summary,
        error: summary.publishError ?? 'the hub refused events',
      };
    }
    const good = summary !== undefined && summary.accepted + summary.duplicates > 0;
    const moved = moveInto(dir, good ? 'processed' : 'rejected', name);
    if (error || (summary && summary.rejected > 0)) {
      fs.renameSync(reportTmp, path.join(dir, 'rejected', `${path.basename(moved)}.errors.jsonl`));
    } else {
      fs.rmSync(reportTmp, { force: true });
    }
    return {
      file: name,
      movedTo: good ? 'processed' : 'rejected',
      ...(summary ? { summary } : {}),
      ...(error ? { error } : {}),
    };
  };

  const poll = async () => {
    const now = Date.now();
    const names = fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() && !IN_PROGRESS.test(e.name))
      .map((e) => e.name)
      .sort();
    for (const name of [...observed.keys()]) if (!names.includes(name)) observed.delete(name);
    for (const name of names) {
      if (stopped) return;
      let stat: fs.Stats;
      try {
        stat = fs.statSync(path.join(dir, name));
      } catch {
        continue; // moved away meanwhile
      }
      const last = observed.get(name);
      if (!last || last.size !== stat.size || last.mtimeMs !== stat.mtimeMs) {
        observed.set(name, { size: stat.size, mtimeMs: stat.mtimeMs, since: now });
        continue;
      }
      if (now - last.since < settleMs) continue;
      if (now - (failedAt.get(name) ?? 0) < retryMs) continue;
      let result: WatchedFileResult;
      try {
        result = await handle(name);
      } catch (err) {
        result = { file: name, movedTo: 'retry', error: (err as Error).message };
      }
      if (result.movedTo === 'retry') {
        failedAt.set(name, Date.now());
        logger.error({ file: name, err: result.error }, 'import failed; the file stays and is tried again');
      } else {
        failedAt.delete(name);
        observed.delete(name);
        const s = result.summary;
        logger.info(
          {
            file: name,
            movedTo: result.movedTo,
            ...(s
              ? { accepted: s.accepted, duplicates: s.duplicates, rejected: s.rejected, rows: s.rows }
              : { error: result.error }),
          },
          'import file handled',
        );
      }
      options.onFile?.(result);
    }
  };

  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = poll()
      .catch((err: unknown) => logger.error({ err }, 'import folder poll failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, pollMs);
      });
  };
  tick();
  logger.info({ dir, settleMs }, 'watching the import folder');
  return {
    async close() {
      stopped = true;
      clearTimeout(timer);
      await running;
      await sender.close();
    },
  };
}
