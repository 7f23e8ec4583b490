import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startAzurite, type AzuriteBlobService } from '../../services/local-azure/azurite.ts';

export type { AzuriteBlobService };

/**
 * Azurite Blob for a test file: a free port, in memory by default or in a fresh temp directory with
 * `{ persistent: true }` (so `stop()`/`start()` keep the blobs). `destroy()` stops it and removes the
 * directory.
 */
export async function startTestAzurite(
  options: { persistent?: boolean } = {},
): Promise<AzuriteBlobService & { destroy(): Promise<void> }> {
  const dataDir = options.persistent ? fs.mkdtempSync(path.join(os.tmpdir(), 'oms-azurite-')) : undefined;
  const service = await startAzurite({ dataDir });
  return Object.assign(service, {
    async destroy(): Promise<void> {
      await service.stop();
      if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  });
}
