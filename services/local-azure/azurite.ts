/**
 * Azurite's Blob service, started by the project for local runs and tests (no Docker, no global install).
 *
 * It runs as a child process (`azurite/dist/src/blob/main.js` on the current Node) rather than in this
 * process: Azurite keeps global state (loggers, telemetry) and its CPU work should not compete with the
 * caller's event loop, and a separate process can be stopped and started again to simulate an outage.
 *
 * Flags: `--skipApiVersionCheck` (the installed `@azure/storage-blob` may speak a newer service version
 * than Azurite knows), `--loose` (ignore headers Azurite does not implement), `--disableTelemetry`,
 * `--silent` (no access log) and `--inMemoryPersistence` unless a data directory is given.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';

/** Azurite's well-known development account (public, documented by Microsoft; not a secret). */
export const AZURITE_ACCOUNT_NAME = 'devstoreaccount1';
export const AZURITE_ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuriteOptions {
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Blob port; default 0 = a free port chosen at start. */
  port?: number;
  /** Keep blobs in this directory (survives restarts); in memory when omitted. */
  dataDir?: string;
  /** Fail if Azurite is not listening after this long; default 30 s. */
  startTimeoutMs?: number;
  /** Receives Azurite's stdout/stderr lines (default: dropped). */
  onOutput?: (line: string) => void;
}

export type AzuriteErrorCode = 'AZURITE_START_FAILED' | 'AZURITE_NOT_INSTALLED';

export class AzuriteError extends Error {
  constructor(
    readonly code: AzuriteErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AzuriteError';
  }
}

/** A running (or stopped, restartable) Azurite Blob service. */
export interface AzuriteBlobService {
  readonly host: string;
  readonly port: number;
  /** `http://<host>:<port>/devstoreaccount1` */
  readonly blobEndpoint: string;
  /** A standard development-storage connection string for `@azure/storage-blob`. */
  readonly connectionString: string;
  /** The data directory, or undefined when in memory. */
  readonly dataDir: string | undefined;
  /** Whether the child process is running. */
  readonly running: boolean;
  /** Stops Azurite (SIGTERM, then SIGKILL after 5 s). In-memory blobs are lost. Idempotent. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data directory (for outage tests). No-op when running. */
  start(): Promise<void>;
}

/**
 * Starts Azurite's Blob service and resolves once it accepts requests. Throws `AzuriteError`
 * (`AZURITE_NOT_INSTALLED` when the npm package is missing, `AZURITE_START_FAILED` otherwise).
 */
export async function startAzurite(options: AzuriteOptions = {}): Promise<AzuriteBlobService> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port && options.port > 0 ? options.port : await freePort(host);
  if (options.dataDir) fs.mkdirSync(options.dataDir, { recursive: true });
  const service = new AzuriteProcess(resolveAzuriteMain(), host, port, options);
  await service.start();
  return service;
}

function resolveAzuriteMain(): string {
  try {
    return createRequire(import.meta.url).resolve('azurite/dist/src/blob/main.js');
  } catch (cause) {
    throw new AzuriteError(
      'AZURITE_NOT_INSTALLED',
      "Azurite is not installed: the 'azurite' npm package is missing.",
      {
        cause,
      },
    );
  }
}

export function azuriteConnectionString(blobEndpoint: string): string {
  return (
    `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT_NAME};AccountKey=${AZURITE_ACCOUNT_KEY};` +
    `BlobEndpoint=${blobEndpoint};`
  );
}

class AzuriteProcess implements AzuriteBlobService {
  readonly blobEndpoint: string;
  readonly connectionString: string;
  readonly dataDir: string | undefined;
  private child: ChildProcess | undefined;
  private readonly killOnExit = (): void => {
    this.child?.kill('SIGKILL');
  };

  constructor(
    private readonly main: string,
    readonly host: string,
    readonly port: number,
    private readonly options: AzuriteOptions,
  ) {
    this.dataDir = options.dataDir;
    this.blobEndpoint = `http://${host}:${port}/${AZURITE_ACCOUNT_NAME}`;
    this.connectionString = azuriteConnectionString(this.blobEndpoint);
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(): Promise<void> {
    if (this.running) return;
    const args = [
      this.main,
      '--blobHost',
      this.host,
      '--blobPort',
      String(this.port),
      '--skipApiVersionCheck',
      '--loose',
      '--disableTelemetry',
      '--silent',
      ...(this.dataDir ? ['--location', this.dataDir] : ['--inMemoryPersistence']),
    ];
    const child = spawn(process.execPath, args, {
      // Azurite writes its metadata files into the working directory when no location is given.
      cwd: this.dataDir ?? os.tmpdir(),
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: Ctrl+C in a terminal signals the whole foreground group, and Azurite must
      // outlive the dev hub's final Capture flush. The owner stops it (or kills it on exit).
      detached: true,
    });
    this.child = child;
    process.once('exit', this.killOnExit);

    const timeoutMs = this.options.startTimeoutMs ?? 30_000;
    const output: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`not listening after ${timeoutMs} ms`)), timeoutMs);
      const onLine = (chunk: Buffer): void => {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
          output.push(line);
          this.options.onOutput?.(line);
          if (line.includes('successfully listens on')) done();
        }
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
        fail(new Error(`exited during start-up (code ${code}, signal ${signal})`));
      const cleanup = (): void => {
        clearTimeout(timer);
        child.removeListener('exit', onExit);
        child.removeListener('error', fail);
      };
      function done(): void {
        cleanup();
        resolve();
      }
      const fail = (cause: Error): void => {
        cleanup();
        child.kill('SIGKILL');
        reject(
          new AzuriteError(
            'AZURITE_START_FAILED',
            `Azurite Blob on ${this.host}:${this.port} failed to start: ${cause.message}\n${output.slice(-20).join('\n')}`,
            { cause },
          ),
        );
      };
      child.stdout?.on('data', onLine);
      child.stderr?.on('data', onLine);
      child.once('exit', onExit);
      child.once('error', fail);
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    process.removeListener('exit', this.killOnExit);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    this.child = undefined;
  }
}

/** A free TCP port on `host` right now. */
async function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
