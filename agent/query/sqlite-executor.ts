import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import {
  QueryFailedError,
  QueryTimeoutError,
  type ExecutorOptions,
  type QueryExecutor,
  type QueryRows,
} from './query-executor.ts';
import { SQLITE_QUERY_PROGRAM, betterSqlite3Path } from './sqlite-query-process.ts';

type Reply =
  | { id: number; ok: true; columns: string[]; rows: unknown[][] }
  | { id: number; ok: false; message: string; code?: string };

/**
 * Runs guarded statements on a SQLite file, opened read-only in a child process. better-sqlite3 has no
 * progress handler or interrupt and blocks its thread, so the statement timeout is enforced by killing
 * the child (SIGKILL) and starting a fresh one for the next query. Statements run one at a time, so a
 * timeout only ever stops the statement that caused it.
 */
export function createSqliteExecutor(filename: string, options: ExecutorOptions): QueryExecutor {
  if (!fs.existsSync(filename)) throw new QueryFailedError(`SQLite database ${filename} does not exist`);
  let child: ChildProcess | undefined;
  let ready: Promise<void> | undefined;
  let nextId = 1;
  let queue: Promise<unknown> = Promise.resolve();
  const pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();

  function start(): Promise<void> {
    const proc = spawn(process.execPath, ['-e', SQLITE_QUERY_PROGRAM, betterSqlite3Path(), filename], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    child = proc;
    let stderr = '';
    proc.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    ready = new Promise<void>((resolve, reject) => {
      proc.once('error', reject);
      proc.on('message', (msg: Reply | { ready: true }) => {
        if ('ready' in msg) return resolve();
        const waiter = pending.get(msg.id);
        pending.delete(msg.id);
        waiter?.resolve(msg);
      });
      proc.once('exit', (code, signal) => {
        if (child === proc) child = undefined;
        const error = new QueryFailedError(
          `SQLite query process exited (${signal ?? code}): ${stderr.trim()}`,
        );
        reject(error);
        for (const [id, waiter] of pending) {
          pending.delete(id);
          waiter.reject(error);
        }
      });
    });
    return ready;
  }

  async function runNow(sql: string): Promise<QueryRows> {
    if (!child || !ready) await start();
    else await ready;
    const proc = child as ChildProcess;
    const id = nextId++;
    const reply = await new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        if (child === proc) child = undefined;
        proc.kill('SIGKILL');
        reject(new QueryTimeoutError(options.timeoutMs));
      }, options.timeoutMs);
      pending.set(id, {
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      proc.send({ id, sql });
    });
    if (!reply.ok) throw new QueryFailedError(reply.message, reply.code);
    return { columns: reply.columns, rows: reply.rows };
  }

  function run(sql: string): Promise<QueryRows> {
    const result = queue.then(() => runNow(sql));
    queue = result.catch(() => undefined);
    return result;
  }

  async function close(): Promise<void> {
    const proc = child;
    child = undefined;
    if (proc && proc.exitCode === null && proc.signalCode === null) {
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill('SIGTERM');
      await exited;
    }
  }

  return { dialect: 'sqlite', engine: 'sqlite', run, close };
}
