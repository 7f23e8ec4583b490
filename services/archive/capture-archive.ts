import type { ContainerClient } from '@azure/storage-blob';
import { parseCaptureBlobName, type CaptureBlobId } from '../shared/capture/capture-blob-name.ts';
import { decodeCaptureFile, parseCaptureEnqueuedTime } from '../shared/capture/capture-avro-schema.ts';

export interface ArchiveFile extends CaptureBlobId {
  name: string;
  sizeBytes: number;
}

export interface ArchivedEvent {
  partitionId: string;
  sequenceNumber: number;
  enqueuedTimeMs: number;
  body: Buffer;
  file: string;
}

export interface ArchiveFilter {
  namespace?: string | undefined;
  eventHub?: string | undefined;
  partitionId?: string | undefined;
  /** Files whose window starts at or after this instant. */
  from?: Date | undefined;
  /** Files whose window starts before this instant. */
  to?: Date | undefined;
}

/**
 * Lists the Capture files of the archive container, oldest window first. The blob name carries the
 * namespace, hub, partition and window start, so listing needs no download.
 */
export async function listArchiveFiles(
  container: ContainerClient,
  filter: ArchiveFilter = {},
): Promise<ArchiveFile[]> {
  const prefix = filter.namespace
    ? `${filter.namespace}/${filter.eventHub ? `${filter.eventHub}/` : ''}`
    : undefined;
  const files: ArchiveFile[] = [];
  for await (const blob of container.listBlobsFlat(prefix ? { prefix } : {})) {
    const id = parseCaptureBlobName(blob.name);
    if (!id) continue;
    if (filter.eventHub && id.eventHub !== filter.eventHub) continue;
    if (filter.partitionId !== undefined && id.partitionId !== filter.partitionId) continue;
    if (filter.from && id.windowStartMs < filter.from.getTime()) continue;
    if (filter.to && id.windowStartMs >= filter.to.getTime()) continue;
    files.push({ ...id, name: blob.name, sizeBytes: blob.properties.contentLength ?? 0 });
  }
  return files.sort(
    (a, b) =>
      a.windowStartMs - b.windowStartMs ||
      a.partitionId.localeCompare(b.partitionId, 'en', { numeric: true }),
  );
}

/** Downloads and decodes one Capture file into its events. */
export async function readArchiveFile(
  container: ContainerClient,
  file: ArchiveFile,
): Promise<ArchivedEvent[]> {
  const content = await container.getBlobClient(file.name).downloadToBuffer();
  const { records } = await decodeCaptureFile(content);
  return records.map((r) => ({
    partitionId: file.partitionId,
    sequenceNumber: Number(r.SequenceNumber),
    enqueuedTimeMs: parseCaptureEnqueuedTime(r.EnqueuedTimeUtc),
    body: r.Body ?? Buffer.alloc(0),
    file: file.name,
  }));
}

/** Reads files a few at a time (downloads overlap; memory stays bounded), in the listed order. */
export async function* readArchive(
  container: ContainerClient,
  files: readonly ArchiveFile[],
  concurrency = 4,
): AsyncGenerator<{ file: ArchiveFile; events: ArchivedEvent[] }> {
  for (let i = 0; i < files.length; i += concurrency) {
    const slice = files.slice(i, i + concurrency);
    const decoded = await Promise.all(slice.map((f) => readArchiveFile(container, f)));
    for (let j = 0; j < slice.length; j++) yield { file: slice[j]!, events: decoded[j]! };
  }
}
