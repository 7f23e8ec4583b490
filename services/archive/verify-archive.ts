import type { ContainerClient } from '@azure/storage-blob';
import type { Db } from '../shared/db/connection.ts';
import { fromDbTime } from '../shared/db/time.ts';
import { decodeMessage } from '../oms-consumer/index.ts';
import { listArchiveFiles, readArchive, type ArchiveFilter } from './capture-archive.ts';

export interface VerifyReport {
  files: number;
  archivedEvents: number;
  /** Archived events the database has neither applied nor dead-lettered. */
  missing: { partitionId: string; sequenceNumber: number; eventId: string | null }[];
  /** Hub events the database recorded during the archived period that the archive does not hold. */
  extra: { eventId: string; partitionId: string; sequenceNumber: number | null }[];
  /** Event ids the archive holds more than once (a producer retry); the database applied them once. */
  duplicates: { eventId: string; copies: number }[];
  match: boolean;
}

/**
 * Reconciles the Capture archive with the database: every archived event must be in `order_events`
 * (by CloudEvent id) or in `dead_letters` (by partition and sequence number), and every hub event the
 * database recorded during the archived period must be in the archive.
 */
export async function verifyArchive(
  db: Db,
  container: ContainerClient,
  filter: ArchiveFilter,
  onFile: (done: number, total: number) => void = () => undefined,
): Promise<VerifyReport> {
  const files = await listArchiveFiles(container, filter);
  const archivedIds = new Map<string, number>();
  const archived: { partitionId: string; sequenceNumber: number; eventId: string | null }[] = [];
  let minTime = Number.POSITIVE_INFINITY;
  let maxTime = Number.NEGATIVE_INFINITY;
  let done = 0;
  for await (const { events } of readArchive(container, files)) {
    for (const e of events) {
      const decoded = decodeMessage({
        body: e.body,
        partitionId: e.partitionId,
        sequenceNumber: e.sequenceNumber,
      });
      const eventId = decoded.kind === 'event' ? decoded.event.id : null;
      if (eventId) archivedIds.set(eventId, (archivedIds.get(eventId) ?? 0) + 1);
      archived.push({ partitionId: e.partitionId, sequenceNumber: e.sequenceNumber, eventId });
      if (Number.isFinite(e.enqueuedTimeMs)) {
        minTime = Math.min(minTime, e.enqueuedTimeMs);
        maxTime = Math.max(maxTime, e.enqueuedTimeMs);
      }
    }
    onFile(++done, files.length);
  }

  const dbEvents = new Map<
    string,
    { partitionId: string; sequenceNumber: number | null; occurredAt: string }
  >();
  for (const row of (await db('order_events')
    .whereNotNull('partition_id')
    .select('event_id', 'partition_id', 'sequence_number', 'occurred_at')) as {
    event_id: string;
    partition_id: string;
    sequence_number: number | string | null;
    occurred_at: string;
  }[]) {
    dbEvents.set(row.event_id, {
      partitionId: row.partition_id,
      sequenceNumber: row.sequence_number === null ? null : Number(row.sequence_number),
      occurredAt: row.occurred_at,
    });
  }
  const deadLetters = new Set(
    (
      (await db('dead_letters').whereNotNull('partition_id').select('partition_id', 'sequence_number')) as {
        partition_id: string;
        sequence_number: number | string;
      }[]
    ).map((d) => `${d.partition_id}/${Number(d.sequence_number)}`),
  );

  const missing = archived.filter(
    (a) =>
      !(a.eventId !== null && dbEvents.has(a.eventId)) &&
      !deadLetters.has(`${a.partitionId}/${a.sequenceNumber}`),
  );
  // Only the archived period can be judged: older rows (a seeded history) were never on this hub.
  const extra: VerifyReport['extra'] = [];
  if (archived.length > 0) {
    const slackMs = 5 * 60_000;
    for (const [eventId, row] of dbEvents) {
      if (archivedIds.has(eventId)) continue;
      const at = Date.parse(fromDbTime(row.occurredAt) ?? '');
      if (at >= minTime - slackMs && at <= maxTime + slackMs) extra.push({ eventId, ...row });
    }
  }
  const duplicates = [...archivedIds]
    .filter(([, n]) => n > 1)
    .map(([eventId, copies]) => ({ eventId, copies }));
  return {
    files: files.length,
    archivedEvents: archived.length,
    missing,
    extra: extra.map(({ eventId, partitionId, sequenceNumber }) => ({
      eventId,
      partitionId,
      sequenceNumber,
    })),
    duplicates,
    match: missing.length === 0 && extra.length === 0,
  };
}
