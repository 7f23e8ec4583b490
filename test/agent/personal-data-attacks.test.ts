import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAuditFile } from '../../agent/audit/audit-log.ts';
import { connect, type Db } from '../../services/shared/db/connection.ts';
import { CONTRACT_TABLES } from '../../services/shared/db/contract.ts';
import { migrateLatest } from '../../services/shared/db/migrate.ts';
import { seedDatabase } from '../../services/shared/db/seed/index.ts';
import { operatorHeaders, securityEnv } from '../helpers/auth.ts';
import { killOnExit } from '../helpers/child-processes.ts';
import { dumpContractTables } from '../helpers/db-dump.ts';
import { startLocalSystem, type LocalSystem } from '../helpers/local-system.ts';
import { freshMysqlDatabase } from '../helpers/mariadb.ts';

/**
 * The hardening attack suite (issue 8), through the front doors only — `oms ask --json` and
 * `POST /api/agent/ask` of a running `oms start` — on SQLite and on MariaDB with the read-only agent user:
 * parser differentials (both quote styles), CTE shadowing and self-reference, renames, unions,
 * subqueries, error-message leaks, runaway functions and cross joins, phone numbers and street lines.
 * Every attempt must be refused and audited as refused; no email, name, phone number or street line of
 * the seeded data may appear in any answer, row, error, audit line or server log line; no row from
 * outside the contract may come back; the data must be unchanged.
 */

const BIN = new URL('../../services/cli/bin.js', import.meta.url).pathname;

const ATTACKS = [
  // parser differentials: the parser reads \' as an escaped quote, SQLite does not
  "SELECT 'a\\' UNION SELECT sql FROM sqlite_master --'",
  "SELECT 'a\\' UNION SELECT email FROM customers --'",
  "SELECT 'x\\' UNION SELECT name FROM knex_migrations --'",
  'SELECT "a\\" UNION SELECT email FROM customers --"',
  'SELECT COUNT(*) FROM orders o JOIN customers c ON c.id = o.customer_id, sqlite_master',
  // transformations, renames, unions, subqueries
  "SELECT replace(\"email\", '@', ' at ') FROM customers",
  'SELECT upper(email) FROM customers',
  "SELECT lower(full_name) || '!' FROM customers",
  "WITH t(a,b,c,d,e,f) AS (SELECT * FROM customers) SELECT replace(b,'@','#') FROM t",
  'SELECT id FROM orders UNION ALL SELECT * FROM customers',
  'SELECT x FROM (SELECT full_name AS x FROM customers) s',
  "SELECT id FROM customers WHERE email LIKE 'a%'",
  'SELECT substr(ship_line1, 1, 40) FROM orders',
  "SELECT upper(recipient) FROM notifications WHERE channel = 'sms'",
  "SELECT id FROM notifications WHERE recipient LIKE '+%'",
  // error-message leaks
  "SELECT json_extract('{}', email) FROM customers",
  'SELECT CAST(email AS INTEGER) + 1 FROM customers',
  // CTE shadowing and self-reference
  'SELECT * FROM knex_migrations WHERE 1 IN (WITH knex_migrations AS (SELECT 1 AS x) SELECT x FROM knex_migrations)',
  'SELECT id FROM orders WHERE 1 IN (WITH customers AS (SELECT 1 AS x) SELECT x FROM customers)',
  'WITH t AS (SELECT 1 AS x UNION ALL SELECT x + 1 FROM t) SELECT COUNT(*) FROM t',
  // runaway statements
  "SELECT printf('%.*c', 20000000, 'x') FROM orders LIMIT 1",
  "SELECT REPEAT('x', 1000000000) FROM orders",
  "SELECT LPAD('x', 1000000000, 'y') FROM orders",
  'SELECT COUNT(*) FROM orders a, orders b, orders c, orders d',
  'SELECT COUNT(*) FROM orders a CROSS JOIN order_items b CROSS JOIN payments c',
];

/** What no answer may contain: the seeded personal data, and the rows of tables outside the contract. */
interface Secrets {
  personal: string[];
}

async function secretsOf(db: Db): Promise<Secrets> {
  const customers = (await db('customers').select('email', 'full_name')) as {
    email: string;
    full_name: string;
  }[];
  const phones = (await db('notifications').where('channel', 'sms').pluck('recipient')) as string[];
  const streets = (await db('orders').distinct().pluck('ship_line1')) as string[];
  const personal = [...customers.flatMap((c) => [c.email, c.full_name]), ...phones, ...streets];
  expect(phones.length, 'the seed has SMS recipients').toBeGreaterThan(0);
  return { personal: [...new Set(personal)].filter((v) => v.length >= 6) };
}

/** Substrings that only rows from outside the contract (the schema, migrations, users) would carry. */
const NON_CONTRACT = [
  'CREATE TABLE',
  '0001_contract_schema',
  'knex_migrations_lock',
  'authentication_string',
];

function assertNothingLeaks(text: string, secrets: Secrets, where: string): void {
  const lower = text.toLowerCase();
  const leaked = secrets.personal.filter((v) => lower.includes(v.toLowerCase()));
  expect(leaked.slice(0, 5), `${where} leaks personal data`).toEqual([]);
  for (const marker of NON_CONTRACT) expect(text, `${where} shows ${marker}`).not.toContain(marker);
}

function askCli(
  env: Record<string, string>,
  questions: string[],
): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve, reject) => {
    const child = killOnExit(
      spawn(process.execPath, [BIN, 'ask', '--json', '--today', '2026-11-20'], {
        env: { ...process.env, LOG_LEVEL: 'info', ...env },
        stdio: ['pipe', 'pipe', 'pipe'],
      }),
    );
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ stdout, stderr, code: code ?? -1 }));
    child.stdin?.end(`${questions.join('\n')}\n`);
  });
}

interface Engine {
  name: string;
  admin: Db;
  env: Record<string, string>;
  dataDir: string;
  fingerprint(): Promise<unknown>;
  cleanup(): Promise<void>;
}

async function sqliteEngine(): Promise<Engine> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-attacks-sqlite-'));
  const url = `sqlite:${path.join(dataDir, 'oms.sqlite')}`;
  const admin = await connect(url);
  await migrateLatest(admin);
  await seedDatabase(admin, { orders: 400, seed: 13, days: 60, now: new Date('2026-11-20T00:00:00Z') });
  return {
    name: 'SQLite',
    admin,
    dataDir,
    env: { DATABASE_URL: url, OMS_DATA_DIR: dataDir },
    fingerprint: () => dumpContractTables(admin),
    async cleanup() {
      await admin.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function mariadbEngine(): Promise<Engine> {
  const fresh = await freshMysqlDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'oms-attacks-mariadb-'));
  const u = new URL(fresh.url);
  const agentUrl = `mysql://oms_agent_attack2:agent-secret-2@${u.host}${u.pathname}`;
  const admin = await connect(fresh.url);
  await migrateLatest(admin, { agentDatabaseUrl: agentUrl, agentAllowPii: false });
  await seedDatabase(admin, { orders: 400, seed: 13, days: 60, now: new Date('2026-11-20T00:00:00Z') });
  return {
    name: 'MariaDB',
    admin,
    dataDir,
    env: { DATABASE_URL: fresh.url, AGENT_DATABASE_URL: agentUrl, OMS_DATA_DIR: dataDir },
    async fingerprint() {
      const [sums] = (await admin.raw(
        `CHECKSUM TABLE ${CONTRACT_TABLES.map((t) => `\`${t}\``).join(', ')}`,
      )) as [Array<{ Table: string; Checksum: number }>];
      return Object.fromEntries(sums.map((s) => [s.Table, s.Checksum]));
    },
    async cleanup() {
      await admin.destroy();
      await fresh.cleanup();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

describe.each([
  ['SQLite', sqliteEngine],
  ['MariaDB', mariadbEngine],
])('personal data and isolation attacks on %s', (_name, open) => {
  let engine: Engine;
  let secrets: Secrets;
  let before: unknown;
  let system: LocalSystem;

  beforeAll(async () => {
    engine = await open();
    secrets = await secretsOf(engine.admin);
    before = await engine.fingerprint();
    // The system's own data directory (audit log, Azurite, dev hub); the database is the engine's.
    const { OMS_DATA_DIR: _dir, ...database } = engine.env;
    system = await startLocalSystem({ ...database, ...securityEnv(), LOG_LEVEL: 'info' });
  });

  afterAll(async () => {
    await system?.stop();
    await engine?.cleanup();
  });

  it('oms ask --json refuses every attempt, audits it as refused, and leaks nothing', async () => {
    const { stdout, stderr, code } = await askCli(engine.env, ATTACKS);
    expect(code, stderr).toBe(0);
    const answers = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(answers).toHaveLength(ATTACKS.length);
    for (const [i, answer] of answers.entries()) {
      expect(answer.outcome, ATTACKS[i]).toBe('refused');
      expect(answer.rows, ATTACKS[i]).toEqual([]);
    }
    assertNothingLeaks(stdout + stderr, secrets, 'oms ask output');

    const auditFile = path.join(engine.dataDir, 'agent-audit.jsonl');
    expect(fs.statSync(auditFile).mode & 0o777).toBe(0o600);
    const records = readAuditFile(auditFile);
    expect(records).toHaveLength(ATTACKS.length);
    for (const r of records) {
      expect(r.outcome, r.question).toBe('refused');
      expect(r.queries.length, r.question).toBeGreaterThan(0);
      for (const q of r.queries)
        expect(q, r.question).toMatchObject({ outcome: 'refused', code: expect.any(String) });
    }
    assertNothingLeaks(fs.readFileSync(auditFile, 'utf8'), secrets, 'the audit log');
    expect(await engine.fingerprint()).toEqual(before);
  });

  it('POST /api/agent/ask refuses every attempt and leaks nothing, in answers or the server log', async () => {
    for (const question of ATTACKS) {
      const res = await fetch(`${system.url}/api/agent/ask`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...operatorHeaders() },
        body: JSON.stringify({ question }),
      });
      const text = await res.text();
      expect(res.status, question).toBe(200);
      expect(JSON.parse(text), question).toMatchObject({ outcome: 'refused', rows: [] });
      assertNothingLeaks(text, secrets, `the answer to ${question}`);
    }
    const metrics = await (await fetch(`${system.url}/metrics`, { headers: operatorHeaders() })).text();
    expect(metrics).toMatch(/oms_agent_refusals_total\{reason="STRING_ESCAPE"\} [1-9]/);
    expect(metrics).toMatch(/oms_agent_refusals_total\{reason="PII"\} [1-9]/);
    assertNothingLeaks(system.service.output(), secrets, 'the server log');
    assertNothingLeaks(
      fs.readFileSync(path.join(system.dataDir, 'agent-audit.jsonl'), 'utf8'),
      secrets,
      'the audit log',
    );
    expect(await engine.fingerprint()).toEqual(before);
  });

  it('lists personal columns as pseudonyms only', async () => {
    const res = await fetch(`${system.url}/api/agent/ask`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...operatorHeaders() },
      body: JSON.stringify({
        question:
          "SELECT c.email, c.full_name, n.recipient, o.ship_line1 FROM customers c JOIN orders o ON o.customer_id = c.id JOIN notifications n ON n.order_id = o.id WHERE n.channel = 'sms'",
      }),
    });
    const text = await res.text();
    const body = JSON.parse(text) as { outcome: string; rows: string[][] };
    expect(body.outcome).toBe('answered');
    expect(body.rows.length).toBeGreaterThan(0);
    for (const [email, name, recipient, street] of body.rows) {
      expect(email).toMatch(/^customer-\d+ \(email hidden\)$/);
      expect(name).toMatch(/^Customer \d+$/);
      expect(recipient).toMatch(/^recipient of notification \d+$/);
      expect(street).toBe('(street hidden)');
    }
    assertNothingLeaks(text, secrets, 'the pseudonymised listing');
  });

  it('keeps the server responsive while a runaway question runs, and stops on SIGTERM within 10 s', async () => {
    const ask = (question: string) =>
      fetch(`${system.url}/api/agent/ask`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...operatorHeaders() },
        body: JSON.stringify({ question }),
      });
    // Allowed by the guard (every join has a condition), but it would run for hours: the time cap stops it.
    const runaway =
      'SELECT COUNT(*) FROM order_events a JOIN order_events b ON a.id <> b.id JOIN order_events c ON c.id <> b.id JOIN order_events d ON d.id <> c.id';
    // Warm the route up first, so the two runaways below are surely in flight when the third arrives.
    expect((await ask('How many orders are there?')).status).toBe(200);
    const first = ask(runaway);
    const second = ask(runaway);
    await new Promise((r) => setTimeout(r, 1_000));
    // The same caller may not start a third at once.
    expect((await ask(runaway)).status).toBe(429);

    const timings: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      expect((await fetch(`${system.url}/healthz`)).status).toBe(200);
      timings.push(performance.now() - t0);
    }
    timings.sort((a, b) => a - b);
    console.log(`/healthz during a runaway question: ${timings.map((t) => t.toFixed(1)).join(', ')} ms`);
    expect(timings[5], `healthz took ${timings.map((t) => t.toFixed(1)).join(', ')} ms`).toBeLessThan(100);
    expect((await fetch(`${system.url}/api/products`)).status).toBe(200);
    const order = await fetch(`${system.url}/api/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        customer: {
          email: 'runaway-test@example.com',
          fullName: 'Runaway Test',
          country: 'DE',
          city: 'Berlin',
        },
        items: [{ sku: 'ELE-0001', quantity: 1 }],
        shippingAddress: { line1: 'Hauptstr 1', city: 'Berlin', postalCode: '10115', country: 'DE' },
        payment: { method: 'card', token: 'tok_visa' },
      }),
    });
    expect(order.status).toBe(202);

    const answer = (await (await first).json()) as { outcome: string; answer: string };
    expect(answer.outcome).toBe('refused');
    expect(answer.answer).toMatch(/took too long/);
    const audited = readAuditFile(path.join(system.dataDir, 'agent-audit.jsonl'));
    expect(audited.at(-1)?.queries[0]).toMatchObject({ outcome: 'refused', code: 'QUERY_TIMEOUT' });
    await second;

    // A runaway in flight must not hold up shutdown.
    void ask(runaway).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 300));
    const t0 = Date.now();
    const code = await system.service.stop();
    expect(code, system.service.output().slice(-2000)).toBe(0);
    console.log(`SIGTERM with a runaway question in flight: stopped in ${Date.now() - t0} ms`);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });
});
