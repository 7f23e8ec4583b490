import type { ContainerClient } from '@azure/storage-blob';
import type { Db } from '../shared/db/connection.ts';
import { applyBatch, type BatchOutcome, type ReceivedMessage } from '../oms-consumer/index.ts';
import { listArchiveFiles, readArchive, type ArchiveFilter } from './capture-archive.ts';

export interface ReplayReport extends BatchOutcome {
  files: number;
  events: number;
}

/**
 * Rebuilds the database from the archive by feeding archived events through the consumer's own batch
 * logic, file by file in window order (each partition's events stay in sequence). Events already in the
 * database are skipped by their ids, so a replay can be repeated or resumed safely.
 */
export async function replayArchive(
  db: Db,
  container: ContainerClient,
  filter: ArchiveFilter,
  onProgress: (filesDone: number, filesTotal: number) => void = () => undefined,
  batchSize = 500,
): Promise<ReplayReport> {
  const files = await listArchiveFiles(container, filter);
  const report: ReplayReport = { files: files.length, events: 0, applied: 0, duplicates: 0, deadLettered: 0 };
  let done = 0;
  for await (const { events } of readArchive(container, files)) {
    const messages: ReceivedMessage[] = events
      .sort((a, b) => a.sequenceNumber - b.sequenceNumber)
      .map((e) => ({ body: e.body, partitionId: e.partitionId, sequenceNumber: e.sequenceNumber }));
    for (let i = 0; i < messages.length; i += batchSize) {
      const outcome = await applyBatch(db, messages.slice(i, i + batchSize));
      report.applied += outcome.applied;
      report.duplicates += outcome.duplicates;
      report.deadLettered += outcome.deadLettered;
    }
    report.events += events.length;
    onProgress(++done, files.length);
  }
  return report;
}
