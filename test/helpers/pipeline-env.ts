import type { Registry } from 'prom-client';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BlobServiceClient } from '@azure/storage-blob';
import { runOmsConsumer, type RunningOmsConsumer } from '../../services/oms-consumer/index.ts';
import type { EventHubConnection } from '../../services/shared/azure/event-hub-connection.ts';
import { connect, type Db } from '../../services/shared/db/connection.ts';
import type { Logger } from '../../services/shared/logger.ts';
import { migrateLatest } from '../../services/shared/db/migrate.ts';
import { seedCatalog } from '../../services/shared/db/seed/index.ts';
import { securityEnv } from './auth.ts';
import { MariaDbServer } from './mariadb.ts';
import { startTestAzurite, type AzuriteBlobService } from './azurite.ts';
import { startTestDevHub, type DevHub } from './dev-hub.ts';
import { killOnExit } from './child-processes.ts';
import { freePort, waitForPort } from './ports.ts';

export const BIN = new URL('../../services/cli/bin.js', import.meta.url).pathname;

/** Runs one `oms` command to its end; a non-zero exit is returned, not thrown. */
export async function runOms(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)('node', [BIN, ...args], {
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** A consumer that takes over a killed instance's partitions within seconds, for failure tests. */
export const FAST_FAILOVER_CONSUMER = [
  'consumer',
  '--ownership-expiration-ms',
  '3000',
  '--load-balancing-interval-ms',
  '1000',
];

export interface PipelineVariables {
  [name: string]: string;
  DATABASE_URL: string;
  EVENTHUB_CONNECTION_STRING: string;
  STORAGE_CONNECTION_STRING: string;
  OMS_DATA_DIR: string;
}

export interface PipelineEnv {
  mariadb: MariaDbServer;
  azurite: AzuriteBlobService & { destroy(): Promise<void> };
  hub: DevHub;
  db: Db;
  dataDir: string;
  /** The environment a child `oms` process needs to join this pipeline. */
  env: PipelineVariables;
  stop(): Promise<void>;
}

/**
 * Everything the order pipeline runs on, started for one test file: MariaDB, Azurite (on disk, so it
 * can be stopped and started), the dev hub with Capture into `order-archive`, and a catalogue with
 * ample stock.
 */
export async function startPipelineEnv(
  options: { captureWindowSeconds?: number; stock?: number } = {},
): Promise<PipelineEnv> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-pipeline-'));
  const mariadb = await MariaDbServer.create();
  const dbUrl = await mariadb.createDatabase();
  const azurite = await startTestAzurite({ persistent: true });
  const hub = await startTestDevHub({
    namespace: 'mgc-test',
    capture: {
      blobConnectionString: azurite.connectionString,
      container: 'order-archive',
      windowSeconds: options.captureWindowSeconds ?? 5,
    },
  });
  const db = await connect(dbUrl);
  await migrateLatest(db);
  await seedCatalog(db, {
    seed: 7,
    stock: options.stock ?? 1_000_000_000,
    now: new Date('2026-11-20T00:00:00Z'),
  });
  const env = {
    DATABASE_URL: dbUrl,
    EVENTHUB_CONNECTION_STRING: hub.connectionString('orders'),
    STORAGE_CONNECTION_STRING: azurite.connectionString,
    OMS_DATA_DIR: dataDir,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    NODE_ENV: 'test',
    // The operator token (for /metrics) and order-token secret the test's own clients use.
    ...securityEnv(),
  };
  return {
    mariadb,
    azurite,
    hub,
    db,
    dataDir,
    env,
    async stop() {
      await db.destroy().catch(() => undefined);
      await hub.close().catch(() => undefined);
      await azurite.destroy().catch(() => undefined);
      await mariadb.destroy().catch(() => undefined);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ChildService {
  child: ChildProcess;
  port: number;
  output(): string;
  /** SIGTERM and wait for exit. */
  stop(): Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Runs `oms <args>` as a child process on a free PORT and waits until it listens. `entry` picks the
 * executable: the TypeScript sources (default) or the production bundle `dist/main.js`.
 */
export async function startOms(
  args: string[],
  env: Record<string, string>,
  entry: string = BIN,
): Promise<ChildService> {
  const port = await freePort();
  const child = spawn('node', [entry, ...args], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  killOnExit(child);
  let out = '';
  // Enough to hold a whole test's log, which some tests scan for personal data.
  child.stdout!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-4_000_000)));
  child.stderr!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-4_000_000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await Promise.race([
    waitForPort(port, '127.0.0.1', 60_000),
    exited.then((code) => {
      throw new Error(`oms ${args.join(' ')} exited with ${code}: ${out}`);
    }),
  ]);
  return {
    child,
    port,
    output: () => out,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Polls `probe` until it returns true, or fails after `timeoutMs` with `message`. */
export async function waitFor(
  probe: () => Promise<boolean>,
  timeoutMs: number,
  message: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${message}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function countRows(db: Db, table: string, where: Record<string, unknown> = {}): Promise<number> {
  const [row] = (await db(table).where(where).count({ n: '*' })) as [{ n: number | string }];
  return Number(row.n);
}

/** oms-consumer in this test process, on the pipeline's hub, blob checkpoints and database. */
export function startInProcessConsumer(
  env: PipelineEnv,
  /** `registry`: the API's, as `oms start` shares it (the ops pipeline view reads it in-process). */
  options: { logger: Logger; eventHub: EventHubConnection; registry?: Registry },
): Promise<RunningOmsConsumer> {
  return runOmsConsumer({
    db: env.db,
    logger: options.logger,
    eventHub: options.eventHub,
    consumerGroup: 'oms',
    blobService: BlobServiceClient.fromConnectionString(env.env.STORAGE_CONNECTION_STRING),
    checkpointContainer: 'oms-checkpoints',
    ...(options.registry ? { registry: options.registry } : {}),
  });
}
