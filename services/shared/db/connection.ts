import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { redactUrl } from '../config.ts';

/** The database holds customers' personal data: owner read/write only. */
const DATABASE_FILE_MODE = 0o600;

/**
 * Creates the SQLite file 0600 before SQLite opens it (SQLite then gives its -wal and -shm files the
 * same mode), and narrows an existing file and its companions that an older version left 0644.
 */
function restrictSqliteFiles(filename: string): void {
  fs.closeSync(fs.openSync(filename, 'a', DATABASE_FILE_MODE));
  for (const file of [filename, `${filename}-wal`, `${filename}-shm`]) {
    try {
      if ((fs.statSync(file).mode & 0o777) !== DATABASE_FILE_MODE) fs.chmodSync(file, DATABASE_FILE_MODE);
    } catch (err) {
      // Missing companions are normal; a file owned by someone else (a mounted volume) is theirs to fix.
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'EPERM') throw err;
    }
  }
}

export type Dialect = 'mysql' | 'sqlite';
export type Db = Knex;

/** Raised when a database cannot be opened or reached; carries the redacted URL. */
export class DatabaseUnavailableError extends Error {
  readonly code = 'DB_UNAVAILABLE';
  constructor(url: string, cause: unknown) {
    const reason =
      cause instanceof Error ? ((cause as NodeJS.ErrnoException).code ?? cause.message) : String(cause);
    super(`Cannot reach the database at ${redactUrl(url)}: ${reason}`, { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

export interface OpenOptions {
  /** Open SQLite read-only (the agent); on MySQL read-only comes from the user's grants. */
  readOnly?: boolean;
  /** Connection pool size; MySQL only (SQLite is one connection). */
  poolMax?: number;
}

export function dialectOf(url: string): Dialect {
  if (url.startsWith('sqlite:')) return 'sqlite';
  if (url.startsWith('mysql://') || url.startsWith('mariadb://')) return 'mysql';
  throw new Error(`Unsupported database URL ${redactUrl(url)}: use mysql://… or sqlite:…`);
}

export function sqliteFile(url: string): string {
  return path.resolve(url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, ''));
}

/**
 * Opens a knex handle for a `mysql://` or `sqlite:` URL. The dialect differences the rest of the code must
 * not care about are settled here: timestamps come back as `YYYY-MM-DD HH:MM:SS.sss` UTC strings and
 * decimals as numbers on both engines, and SQLite enforces foreign keys.
 */
export function openDatabase(url: string, options: OpenOptions = {}): Db {
  if (dialectOf(url) === 'sqlite') {
    const filename = sqliteFile(url);
    if (!options.readOnly) {
      fs.mkdirSync(path.dirname(filename), { recursive: true });
      restrictSqliteFiles(filename);
    }
    return knexFactory({
      client: 'better-sqlite3',
      connection: {
        filename,
        // better-sqlite3 takes fileMustExist; knex's typings lag behind the driver.
        options: { readonly: options.readOnly ?? false, fileMustExist: options.readOnly ?? false } as {
          readonly: boolean;
        },
      },
      useNullAsDefault: true,
      pool: {
        min: 1,
        max: 1,
        afterCreate: (
          conn: { pragma(s: string): unknown },
          done: (err: Error | null, conn: unknown) => void,
        ) => {
          try {
            conn.pragma('foreign_keys = ON');
            conn.pragma('busy_timeout = 5000');
            if (!options.readOnly) {
              conn.pragma('journal_mode = WAL');
              conn.pragma('synchronous = NORMAL');
            }
            done(null, conn);
          } catch (err) {
            done(err as Error, conn);
          }
        },
      },
    });
  }
  const u = new URL(url.replace(/^mariadb:/, 'mysql:'));
  return knexFactory({
    client: 'mysql2',
    connection: {
      host: u.hostname,
      port: u.port ? Number(u.port) : 3306,
      user: decodeURIComponent(u.username),
      password: decodeURIComponent(u.password),
      database: u.pathname.slice(1),
      timezone: 'Z',
      dateStrings: true,
      decimalNumbers: true,
      supportBigNumbers: true,
      charset: 'utf8mb4',
      connectTimeout: 5000,
      multipleStatements: false,
    },
    pool: { min: 0, max: options.poolMax ?? 10 },
    acquireConnectionTimeout: 10_000,
  });
}

export function dialect(db: Db): Dialect {
  return db.client.config.client === 'mysql2' ? 'mysql' : 'sqlite';
}

/**
 * Opens the database and proves it answers, so a bad `DATABASE_URL` fails at once with a clear message
 * instead of on the first query.
 */
export async function connect(url: string, options: OpenOptions = {}): Promise<Db> {
  const db = openDatabase(url, options);
  try {
    await db.raw('select 1');
    return db;
  } catch (err) {
    await db.destroy().catch(() => undefined);
    throw new DatabaseUnavailableError(url, err);
  }
}
