import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import mysql from 'mysql2/promise';
import { killOnExit } from './child-processes.ts';
import { freePort, waitForPort } from './ports.ts';

const run = promisify(execFile);

function findBinary(names: string[]): string {
  const dirs = [
    '/usr/sbin',
    '/usr/bin',
    '/usr/local/sbin',
    '/usr/local/bin',
    ...(process.env.PATH ?? '').split(':'),
  ];
  for (const name of names) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name);
      if (fs.existsSync(candidate)) return candidate;
    }
  }
  throw new Error(
    `MariaDB binaries (${names.join(' or ')}) not found. Install them with 'apt-get install -y mariadb-server' ` +
      "or run 'npm run test:all', which installs them; or point MYSQL_URL at a server.",
  );
}

/**
 * A throwaway MariaDB server started from the installed binaries: temp datadir, random port on
 * 127.0.0.1, root password random. `stop()` and `start()` keep the datadir so outage tests can take the
 * server away and bring it back on the same port; `destroy()` removes everything.
 */
export class MariaDbServer {
  readonly rootPassword = randomBytes(12).toString('hex');
  private child: ChildProcess | undefined;
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async create(): Promise<MariaDbServer> {
    const installDb = findBinary(['mariadb-install-db', 'mysql_install_db']);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-mariadb-'));
    const server = new MariaDbServer(dir, await freePort());
    await run(installDb, [
      '--no-defaults',
      `--datadir=${path.join(dir, 'data')}`,
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
      '--skip-name-resolve',
      ...(process.getuid?.() === 0 ? ['--user=root'] : []),
    ]);
    await server.start();
    const admin = await mysql.createConnection({ socketPath: server.socket, user: 'root' });
    // install-db may or may not have created root@127.0.0.1 (it depends on the version and name resolution).
    await admin.query(`CREATE USER IF NOT EXISTS 'root'@'127.0.0.1'`);
    await admin.query(`ALTER USER 'root'@'127.0.0.1' IDENTIFIED BY '${server.rootPassword}'`);
    await admin.query(`GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION`);
    await admin.end();
    return server;
  }

  get socket(): string {
    return path.join(this.dir, 'mysqld.sock');
  }

  /** Admin URL (root over TCP) for a database on this server. */
  url(database: string): string {
    return `mysql://root:${this.rootPassword}@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    const mariadbd = findBinary(['mariadbd', 'mysqld']);
    const log = fs.openSync(path.join(this.dir, 'server.log'), 'a');
    this.child = spawn(
      mariadbd,
      [
        '--no-defaults',
        `--datadir=${path.join(this.dir, 'data')}`,
        `--socket=${this.socket}`,
        `--pid-file=${path.join(this.dir, 'mysqld.pid')}`,
        `--port=${this.port}`,
        '--bind-address=127.0.0.1',
        '--skip-name-resolve',
        '--innodb-buffer-pool-size=512M',
        '--innodb-log-file-size=256M',
        '--max-connections=500',
        '--max-allowed-packet=64M',
        '--character-set-server=utf8mb4',
        '--collation-server=utf8mb4_unicode_ci',
        ...(process.getuid?.() === 0 ? ['--user=root'] : []),
      ],
      { stdio: ['ignore', log, log] },
    );
    killOnExit(this.child);
    const exited = new Promise<never>((_, reject) =>
      this.child?.once('exit', (code) =>
        reject(new Error(`mariadbd exited with ${code}; see ${path.join(this.dir, 'server.log')}`)),
      ),
    );
    exited.catch(() => undefined);
    await Promise.race([waitForPort(this.port, '127.0.0.1', 60_000), exited]);
  }

  /** Stops the server (SIGTERM, clean shutdown) and waits until it has exited. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const done = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await done;
    this.child = undefined;
  }

  async createDatabase(name = `oms_${randomBytes(4).toString('hex')}`): Promise<string> {
    const admin = await mysql.createConnection({ socketPath: this.socket, user: 'root' });
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await admin.end();
    return this.url(name);
  }

  async destroy(): Promise<void> {
    await this.stop();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A fresh, empty database for one test file: on the server named by MYSQL_URL when set (a database of
 * its own is created there), otherwise on a throwaway MariaDB. Returns its admin URL and a cleanup.
 */
export async function freshMysqlDatabase(): Promise<{
  url: string;
  server?: MariaDbServer;
  cleanup(): Promise<void>;
}> {
  const external = process.env.MYSQL_URL;
  if (external) {
    const name = `oms_test_${randomBytes(4).toString('hex')}`;
    const base = new URL(external);
    const conn = await mysql.createConnection({
      host: base.hostname,
      port: Number(base.port || 3306),
      user: decodeURIComponent(base.username),
      password: decodeURIComponent(base.password),
    });
    await conn.query(`CREATE DATABASE \`${name}\``);
    await conn.end();
    base.pathname = `/${name}`;
    return {
      url: base.toString(),
      cleanup: async () => {
        const c = await mysql.createConnection({
          host: base.hostname,
          port: Number(base.port || 3306),
          user: decodeURIComponent(base.username),
          password: decodeURIComponent(base.password),
        });
        await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
        await c.end();
      },
    };
  }
  const server = await MariaDbServer.create();
  const url = await server.createDatabase();
  return { url, server, cleanup: () => server.destroy() };
}
