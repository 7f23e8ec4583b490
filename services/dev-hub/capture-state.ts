/**
 * Capture progress per partition, persisted next to the partition logs so a restart neither loses nor
 * re-archives events.
 *
 * Before uploading a window the hub records it as `inflight` (blob name and sequence range); after the
 * upload it advances `nextSequenceNumber` and clears `inflight`. If the process dies in between, the
 * restarted hub re-uploads exactly that range under exactly that name — an idempotent overwrite — so a
 * crash can neither drop a window nor write its events into two blobs.
 *
 * The file is replaced atomically (write to a temp file, fsync, rename, fsync the directory).
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { DevHubError } from './errors.ts';

export interface InflightWindow {
  blobName: string;
  windowStartMs: number;
  fromSequence: number;
  /** Exclusive. */
  toSequence: number;
}

export interface PartitionCaptureState {
  /** First sequence number not yet archived. */
  nextSequenceNumber: number;
  /** Start of the last window written; blob names must keep increasing (see capture.ts). */
  lastWindowStartMs: number;
  inflight?: InflightWindow | undefined;
}

export class CaptureStateStore {
  private writeChain: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: string | undefined,
    private readonly partitions: Map<string, PartitionCaptureState>,
  ) {}

  /** Loads the state file (none yet is fine); `file` undefined keeps state in memory only. */
  static async open(file: string | undefined): Promise<CaptureStateStore> {
    const partitions = new Map<string, PartitionCaptureState>();
    if (file) {
      let text: string | undefined;
      try {
        text = await fsp.readFile(file, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
          throw new DevHubError('DEV_HUB_PERSISTENCE_FAILED', `Cannot read Capture state ${file}.`, {
            cause: err,
          });
        }
      }
      if (text !== undefined) {
        try {
          const parsed = JSON.parse(text) as { partitions?: Record<string, PartitionCaptureState> };
          for (const [id, state] of Object.entries(parsed.partitions ?? {})) partitions.set(id, state);
        } catch (err) {
          throw new DevHubError('DEV_HUB_PERSISTENCE_FAILED', `Capture state ${file} is not valid JSON.`, {
            cause: err,
          });
        }
      }
    }
    return new CaptureStateStore(file, partitions);
  }

  get(partitionId: string): PartitionCaptureState | undefined {
    return this.partitions.get(partitionId);
  }

  /** Updates one partition's state and resolves once it is durably on disk (at once when in memory). */
  save(partitionId: string, state: PartitionCaptureState): Promise<void> {
    this.partitions.set(partitionId, state);
    const file = this.file;
    if (!file) return Promise.resolve();
    const snapshot = `${JSON.stringify({ partitions: Object.fromEntries(this.partitions) }, null, 2)}\n`;
    this.writeChain = this.writeChain.catch(() => undefined).then(() => writeAtomically(file, snapshot));
    return this.writeChain;
  }
}

async function writeAtomically(file: string, contents: string): Promise<void> {
  const tmp = `${file}.tmp`;
  const handle = await fsp.open(tmp, 'w');
  try {
    await handle.writeFile(contents);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fsp.rename(tmp, file);
  const dir = await fsp.open(path.dirname(file), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
