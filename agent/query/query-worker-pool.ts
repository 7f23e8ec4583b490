import { spawn, type ChildProcess } from 'node:child_process';
import type { Dialect } from '../../services/shared/db/connection.ts';
import { CONTRACT_TABLES } from '../../services/shared/db/contract.ts';
import { PERSONAL_COLUMNS } from '../../services/shared/db/personal-data.ts';
import { safeDatabaseMessage } from './database-errors.ts';
import {
  QueryCancelledError,
  QueryFailedError,
  QueryRefusedError,
  QueryTimeoutError,
  type ExecutorOptions,
  type QueryExecutor,
  type QueryRows,
} from './query-executor.ts';
import { QUERY_WORKER_PROGRAM, driverPath } from './query-worker-program.ts';

/** How the workers reach the database: a SQLite file, or the MySQL connection settings of knex. */
export type WorkerTarget =
  { engine: 'sqlite'; filename: string } | { engine: 'mysql'; connection: Record<string, unknown> };

type Reply =
  | { id: number; ok: true; columns: string[]; rows: unknown[][] }
  | { id: number; ok: false; refused?: string; code?: string | number; errno?: number; message: string };

/** MariaDB max_statement_time, MySQL max_execution_time. */
const TIMEOUT_ERRNOS = new Set([1969, 3024]);
/** MySQL stops the statement itself; the worker is killed only if the server has not answered by then. */
const MYSQL_GRACE_MS = 2_000;

interface Worker {
  proc: ChildProcess;
  ready: Promise<string>;
  pending?: { id: number; settle: (reply: Reply | Error) => void };
}

/**
 * A small pool of query processes (QUERY_WORKER_PROGRAM). Each runs one statement at a time; a statement
 * that overruns its time limit or whose caller cancels is stopped by killing its process, which is
 * replaced on demand, so it stops nothing else. Statements wait in a queue when every worker is busy.
 */
export async function createWorkerPool(
  target: WorkerTarget,
  options: ExecutorOptions,
): Promise<QueryExecutor> {
  const maxWorkers = options.maxWorkers ?? 3;
  const caps = {
    cellChars: options.maxCellChars ?? 16_384,
    resultBytes: options.maxResultBytes ?? 4 * 1024 * 1024,
  };
  const idle: Worker[] = [];
  const all = new Set<Worker>();
  const waiting: { resolve: (w: Worker) => void; reject: (e: Error) => void }[] = [];
  let nextId = 1;
  let closed = false;

  const init =
    target.engine === 'sqlite'
      ? {
          engine: 'sqlite',
          driver: driverPath('better-sqlite3'),
          filename: target.filename,
          contractTables: CONTRACT_TABLES,
          personal: PERSONAL_COLUMNS,
          allowPii: options.allowPii ?? false,
          engineChecks: options.engineChecks ?? true,
        }
      : {
          engine: 'mysql',
          driver: driverPath('mysql2'),
          connection: target.connection,
          timeoutMs: options.timeoutMs,
        };

  function spawnWorker(): Worker {
    const proc = spawn(process.execPath, ['-e', QUERY_WORKER_PROGRAM], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    proc.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    const worker: Worker = { proc, ready: Promise.resolve('') };
    worker.ready = new Promise<string>((resolve, reject) => {
      proc.once('error', reject);
      proc.on('message', (msg: Reply | { ready: true; engine: string } | { fatal: string }) => {
        if ('ready' in msg) return resolve(msg.engine);
        if ('fatal' in msg)
          return reject(new QueryFailedError(`The query process could not start (${msg.fatal}).`));
        const pending = worker.pending;
        if (pending && pending.id === msg.id) {
          worker.pending = undefined;
          pending.settle(msg);
        }
      });
      proc.once('exit', (code, signal) => {
        all.delete(worker);
        const i = idle.indexOf(worker);
        if (i >= 0) idle.splice(i, 1);
        const error = new QueryFailedError(`The query process exited (${signal ?? code}).`);
        if (stderr.trim()) options.onWorkerError?.(stderr.trim().slice(-500));
        reject(error);
        worker.pending?.settle(error);
        worker.pending = undefined;
        // A statement waiting for a worker gets a fresh one in place of the one that ended.
        if (!closed && waiting.length > 0 && all.size < maxWorkers) waiting.shift()?.resolve(spawnWorker());
      });
    });
    worker.ready.catch(() => undefined);
    proc.send({ init });
    all.add(worker);
    return worker;
  }

  function acquire(signal?: AbortSignal): Promise<Worker> {
    if (closed) return Promise.reject(new QueryFailedError('The agent is shutting down.'));
    const worker = idle.pop();
    if (worker) return Promise.resolve(worker);
    if (all.size < maxWorkers) return Promise.resolve(spawnWorker());
    return new Promise<Worker>((resolve, reject) => {
      const entry = { resolve, reject };
      waiting.push(entry);
      signal?.addEventListener('abort', () => {
        const i = waiting.indexOf(entry);
        if (i >= 0) waiting.splice(i, 1);
        reject(new QueryCancelledError());
      });
    });
  }

  function release(worker: Worker): void {
    const next = waiting.shift();
    if (next) next.resolve(worker);
    else idle.push(worker);
  }

  function discard(worker: Worker): void {
    worker.proc.kill('SIGKILL');
  }

  async function run(sql: string, runOptions: { signal?: AbortSignal } = {}): Promise<QueryRows> {
    const { signal } = runOptions;
    if (signal?.aborted) throw new QueryCancelledError();
    const worker = await acquire(signal);
    try {
      await worker.ready;
    } catch (err) {
      discard(worker);
      throw err;
    }
    const id = nextId++;
    const limitMs = options.timeoutMs + (target.engine === 'mysql' ? MYSQL_GRACE_MS : 0);
    const reply = await new Promise<Reply | Error>((resolve) => {
      const onAbort = () => stop(new QueryCancelledError());
      const timer = setTimeout(() => stop(new QueryTimeoutError(options.timeoutMs)), limitMs);
      const stop = (error: Error) => {
        if (worker.pending?.id !== id) return;
        worker.pending = undefined;
        finish(error);
        discard(worker);
      };
      const finish = (r: Reply | Error) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve(r);
      };
      worker.pending = { id, settle: finish };
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.proc.send({ id, sql, caps });
    });
    if (reply instanceof Error) throw reply;
    if (all.has(worker)) release(worker);
    if (reply.ok) return { columns: reply.columns, rows: reply.rows };
    if (reply.refused) throw new QueryRefusedError(reply.refused, reply.message);
    if (reply.errno !== undefined && TIMEOUT_ERRNOS.has(reply.errno))
      throw new QueryTimeoutError(options.timeoutMs);
    throw new QueryFailedError(
      safeDatabaseMessage({ code: reply.code, errno: reply.errno, message: reply.message }),
      typeof reply.code === 'string' ? reply.code : undefined,
    );
  }

  async function close(): Promise<void> {
    closed = true;
    for (const w of waiting.splice(0)) w.reject(new QueryCancelledError());
    await Promise.all(
      [...all].map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.proc.exitCode !== null || w.proc.signalCode !== null) return resolve();
            w.proc.once('exit', () => resolve());
            w.proc.kill('SIGKILL');
          }),
      ),
    );
  }

  // Start one worker now, so a bad connection fails here rather than on the first question.
  const first = spawnWorker();
  let engine: string;
  try {
    engine = await first.ready;
  } catch (err) {
    await close();
    throw err;
  }
  idle.push(first);
  const dialect: Dialect = target.engine === 'sqlite' ? 'sqlite' : 'mysql';
  return { dialect, engine: engine as QueryExecutor['engine'], run, close };
}
