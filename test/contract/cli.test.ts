import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/ports.ts';
import { freshSqliteDatabase } from '../helpers/sqlite.ts';

const run = promisify(execFile);
const BIN = new URL('../../services/cli/bin.js', import.meta.url).pathname;

async function oms(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run('node', [BIN, ...args], {
      env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('oms CLI: migrate, seed and bad input', () => {
  const fresh = freshSqliteDatabase();
  const env = { DATABASE_URL: fresh.url };
  afterAll(() => fresh.cleanup());

  beforeAll(async () => {
    const r = await oms(['migrate'], env);
    expect(r.code, r.stderr).toBe(0);
  });

  it('--help lists the commands', async () => {
    const r = await oms(['--help'], env);
    expect(r.stdout).toMatch(/migrate/);
    expect(r.stdout).toMatch(/seed/);
    expect(r.stdout).toMatch(/start/);
  });

  it('rejects a malformed --now, a negative --orders and an unreachable database, and writes nothing', async () => {
    const badNow = await oms(['seed', '--orders', '10', '--now', '2026-13-45'], env);
    expect(badNow.code).toBe(2);
    expect(badNow.stderr).toMatch(/--now must be a date as YYYY-MM-DD/);

    const negative = await oms(['seed', '--orders', '-5'], env);
    expect(negative.code).not.toBe(0);
    expect(negative.stderr).toMatch(/--orders/);

    const port = await freePort();
    const unreachable = await oms(['migrate'], { DATABASE_URL: `mysql://oms:secret@127.0.0.1:${port}/oms` });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/Cannot reach the database at mysql:\/\/oms:\*\*\*@127\.0\.0\.1/);
    expect(unreachable.stderr).not.toMatch(/secret/);

    const badUrl = await oms(['migrate'], { DATABASE_URL: 'postgres://x/y' });
    expect(badUrl.code).toBe(1);
    expect(badUrl.stderr).toMatch(/DATABASE_URL/);

    const seeded = await oms(['seed', '--orders', '20', '--now', '2026-11-20', '--json'], env);
    expect(seeded.code, seeded.stderr).toBe(0);
    expect(JSON.parse(seeded.stdout).rows.orders).toBe(20);
  });

  it('refuses to seed a non-empty database without --force', async () => {
    const again = await oms(['seed', '--orders', '30', '--now', '2026-11-20', '--json'], env);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/not empty.*--force/s);
    const forced = await oms(['seed', '--orders', '30', '--now', '2026-11-20', '--json', '--force'], env);
    expect(forced.code, forced.stderr).toBe(0);
    expect(JSON.parse(forced.stdout).rows.orders).toBe(30);
  });
});
