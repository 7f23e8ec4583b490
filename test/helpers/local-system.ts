import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startOms, waitFor, type ChildService } from './pipeline-env.ts';

export interface LocalSystem {
  /** http://127.0.0.1:PORT, where the storefront and the API answer. */
  url: string;
  dataDir: string;
  /** The SQLite orders database `npm start` created in `dataDir`. */
  databaseFile: string;
  service: ChildService;
  stop(): Promise<void>;
}

/**
 * The whole local system exactly as `npm start` runs it (`oms start`: Azurite, dev hub, seeded SQLite,
 * order-api with the storefront, oms-consumer) on a free port with its own data directory, ready
 * (`/readyz` 200) when this resolves. Builds the storefront first when dist/storefront is stale, as
 * `npm start` does.
 */
export async function startLocalSystem(env: Record<string, string> = {}): Promise<LocalSystem> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-local-'));
  const service = await startOms(['start'], {
    OMS_DATA_DIR: dataDir,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    ...env,
  });
  const url = `http://127.0.0.1:${service.port}`;
  try {
    await waitFor(
      async () => (await fetch(`${url}/readyz`).catch(() => undefined))?.status === 200,
      60_000,
      `oms start on ${url} to become ready`,
    );
  } catch (err) {
    await service.kill();
    throw new Error(`${(err as Error).message}\n${service.output()}`, { cause: err });
  }
  return {
    url,
    dataDir,
    databaseFile: path.join(dataDir, 'oms.sqlite'),
    service,
    async stop() {
      await service.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
