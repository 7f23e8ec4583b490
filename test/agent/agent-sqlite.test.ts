import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Command } from 'commander';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readAuditFile, JsonlAuditLog } from '../../agent/audit/audit-log.ts';
import { registerAgentCommands } from '../../agent/cli.ts';
import { createAgentRouter } from '../../agent/http.ts';
import { OrdersAgent } from '../../agent/orders-agent.ts';
import { QueryTimeoutError } from '../../agent/query/query-executor.ts';
import { QueryRunner } from '../../agent/query/query-runner.ts';
import { createQueryExecutor } from '../../agent/query/create-executor.ts';
import { openDatabase, type Db } from '../../services/shared/db/connection.ts';
import { migrateLatest } from '../../services/shared/db/migrate.ts';
import { seedDatabase } from '../../services/shared/db/seed/index.ts';
import { freshSqliteDatabase } from '../helpers/sqlite.ts';

/**
 * The agent end to end on SQLite (the embedded default): seeded file, read-only connection, offline
 * model, audit file, PII masking, the statement timeout, and the CLI and HTTP fronts.
 */
const TODAY = '2026-11-20';
let fresh: ReturnType<typeof freshSqliteDatabase>;
let writer: Db;
let reader: Db;
let agent: OrdersAgent;
let auditFile: string;

beforeAll(async () => {
  fresh = freshSqliteDatabase();
  writer = openDatabase(fresh.url);
  await migrateLatest(writer);
  await seedDatabase(writer, { orders: 400, seed: 11, days: 90, now: new Date(`${TODAY}T00:00:00Z`) });
  reader = openDatabase(fresh.url, { readOnly: true });
  auditFile = path.join(fresh.dir, 'agent-audit.jsonl');
  agent = await OrdersAgent.create({ db: reader, audit: new JsonlAuditLog(auditFile), today: () => TODAY });
});

afterAll(async () => {
  await agent?.close();
  await reader?.destroy();
  await writer?.destroy();
  fresh?.cleanup();
});

describe('orders agent on SQLite', () => {
  it('answers with the number, the SQL and the rows', async () => {
    const [expected] = (await writer('orders').where('status', 'cancelled').count({ n: '*' })) as [
      { n: number },
    ];
    const answer = await agent.ask('How many orders were cancelled?', { source: 'test' });
    expect(answer.outcome).toBe('answered');
    expect(answer.rows).toEqual([[expected.n]]);
    expect(answer.answer).toBe(`${expected.n} orders with status cancelled.`);
    // Without PII rights `orders` is read through its masked stand-in (the street line is hidden).
    expect(answer.sql).toMatch(
      /^SELECT COUNT\(\*\) AS "orders" FROM \(SELECT "id", .*'\(street hidden\)' AS "ship_line1", .* FROM "orders"\) AS "o" WHERE "o"\."status" = 'cancelled' LIMIT 1001$/,
    );
  });

  it('uses the revenue definition (confirmed, shipped and delivered orders, dated by placed_at)', async () => {
    const [expected] = (await writer('orders')
      .whereIn('status', ['confirmed', 'shipped', 'delivered'])
      .where('placed_at', '>=', '2026-10-01')
      .where('placed_at', '<', '2026-11-01')
      .sum({ total: 'total' })) as [{ total: number }];
    const answer = await agent.ask('What was the revenue in October 2026?');
    expect(answer.rows[0]?.[0]).toBeCloseTo(expected.total, 2);
  });

  it('shows pseudonyms for customer emails and names unless PII is allowed', async () => {
    const masked = await agent.ask('Top 3 customers by revenue');
    const emails = masked.rows.map((r) => String(r[masked.columns.indexOf('customer_email')]));
    const names = masked.rows.map((r) => String(r[masked.columns.indexOf('customer_name')]));
    expect(emails).toHaveLength(3);
    for (const e of emails) expect(e).toMatch(/^customer-\d+ \(email hidden\)$/);
    for (const n of names) expect(n).toMatch(/^Customer \d+$/);

    const open = await OrdersAgent.create({ db: reader, allowPii: true, today: () => TODAY });
    try {
      const clear = await open.ask('Top 3 customers by revenue');
      for (const row of clear.rows)
        expect(String(row[clear.columns.indexOf('customer_email')])).toMatch(/^[^*]+@[^*]+$/);
    } finally {
      await open.close();
    }
  });

  it("tells an order's story", async () => {
    const { id } = (await writer('orders')
      .where('status', 'delivered')
      .orderBy('placed_at', 'desc')
      .first('id')) as { id: string };
    const answer = await agent.ask(`Tell me about order ${id}`);
    expect(answer.answer).toContain(`Order ${id} is delivered`);
    expect(answer.queries.map((q) => q.tool)).toEqual(Array(7).fill('order_story'));
    expect(answer.rows).toHaveLength(1);
  });

  it('answers schema questions from the tools', async () => {
    const tables = await agent.ask('What tables are there?');
    expect(tables.answer).toMatch(/^I can read 11 tables: customers/);
    const described = await agent.ask('Describe the returns table');
    expect(described.answer).toContain('sentiment_score');
  });

  it('writes every question, its SQL and the outcome to the audit log', async () => {
    const before = readAuditFile(auditFile).length;
    await agent.ask('How many products are out of stock?', { source: 'test' });
    await agent.ask('What is the meaning of life?', { source: 'test' });
    await agent.ask('DROP TABLE orders', { source: 'test' });
    const records = readAuditFile(auditFile).slice(before);
    expect(records.map((r) => [r.question, r.outcome])).toEqual([
      ['How many products are out of stock?', 'answered'],
      ['What is the meaning of life?', 'unanswered'],
      ['DROP TABLE orders', 'refused'],
    ]);
    expect(records[0]?.queries[0]).toMatchObject({ tool: 'run_query', outcome: 'ok', rowCount: 1 });
    expect(records[2]?.queries[0]).toMatchObject({
      sql: 'DROP TABLE orders',
      outcome: 'refused',
      code: 'NOT_SELECT',
    });
  });

  it('opens SQLite read-only: even a statement that skipped the guard cannot write', async () => {
    const executor = await createQueryExecutor(reader, { timeoutMs: 5_000, engineChecks: false });
    try {
      await expect(executor.run("DELETE FROM orders WHERE status = 'pending'")).rejects.toThrow(
        /read-only|readonly/i,
      );
      expect((await executor.run('SELECT COUNT(*) FROM orders')).rows[0]?.[0]).toBe(400);
    } finally {
      await executor.close();
    }
  });

  it('checks the compiled statement itself when the guard is bypassed (engine check)', async () => {
    const executor = await createQueryExecutor(reader, { timeoutMs: 5_000 });
    try {
      for (const [sql, code] of [
        ['SELECT email FROM customers', 'PII'],
        ['SELECT upper(full_name) FROM customers', 'PII'],
        ["SELECT id FROM customers WHERE email LIKE 'a%'", 'PII'],
        ["SELECT count(*) FROM notifications WHERE recipient LIKE '+%'", 'PII'],
        ['SELECT sql FROM sqlite_master', 'ENGINE_CHECK'],
        ["SELECT 'a' UNION SELECT name FROM knex_migrations", 'ENGINE_CHECK'],
        ["SELECT * FROM pragma_table_info('orders')", 'ENGINE_CHECK'],
        ["SELECT printf('%.*c', 100000, 'x')", 'CELL_TOO_LARGE'],
      ] as const) {
        await expect(executor.run(sql), sql).rejects.toMatchObject({ name: 'QueryRefusedError', code });
      }
      // What the masked stand-ins read is allowed: only the key, never the personal column.
      const ok = await executor.run(
        `SELECT COUNT(DISTINCT e) FROM (SELECT 'customer-' || id AS e FROM customers) AS customers`,
      );
      expect(ok.rows[0]?.[0]).toBeGreaterThan(0);
      const pii = await createQueryExecutor(reader, { timeoutMs: 5_000, allowPii: true });
      expect((await pii.run('SELECT email FROM customers LIMIT 1')).rows[0]?.[0]).toMatch(/@/);
      await pii.close();
    } finally {
      await executor.close();
    }
  });

  it('stops a statement that runs past the timeout, and keeps working', async () => {
    const runner = new QueryRunner(await createQueryExecutor(reader, { timeoutMs: 300 }), {
      maxRows: 10,
      allowPii: false,
    });
    try {
      const t0 = Date.now();
      await expect(
        runner.run(
          'SELECT COUNT(*) FROM order_events a JOIN order_events b ON a.id <> b.id JOIN order_events c ON c.id <> b.id',
        ),
      ).rejects.toBeInstanceOf(QueryTimeoutError);
      expect(Date.now() - t0).toBeLessThan(3_000);
      expect((await runner.run('SELECT COUNT(*) AS n FROM customers')).rows[0]?.[0]).toBeGreaterThan(0);
    } finally {
      await runner.executor.close();
    }
  });
});

describe('fronts', () => {
  it('oms ask --json prints {question, answer, sql, columns, rows, provider, elapsedMs}', async () => {
    const out = await runCli(['ask', '--json', '--today', TODAY, 'How many orders are on hold?']);
    const json = JSON.parse(out) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(
      expect.arrayContaining(['question', 'answer', 'sql', 'columns', 'rows', 'provider', 'elapsedMs']),
    );
    expect(json).toMatchObject({
      question: 'How many orders are on hold?',
      provider: 'offline',
      columns: ['orders'],
    });
  });

  it('oms ask prints the answer, the SQL and a table', async () => {
    const out = await runCli(['ask', 'orders', 'by', 'channel']);
    // A catalogue KPI (orders placed), grouped: the answer names the KPI and its definition.
    expect(out).toMatch(/^Orders placed by channel \(all time\): /);
    expect(out).toContain('SQL: SELECT');
    expect(out).toMatch(/channel\s+orders_placed\n-+\s+-+\n/);
  });

  it('POST /api/agent/ask answers JSON, streams events, and rejects a bad body with problem+json', async () => {
    const app = express();
    app.use('/api/agent', createAgentRouter(agent));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/agent/ask`;
    try {
      const ok = await fetch(base, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question: 'How many orders are pending?' }),
      });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ outcome: 'answered', columns: ['orders'] });

      const bad = await fetch(base, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"question":""}',
      });
      expect(bad.status).toBe(400);
      expect(bad.headers.get('content-type')).toContain('application/problem+json');
      expect(await bad.json()).toMatchObject({ status: 400, errors: [{ field: 'question' }] });

      const stream = await fetch(base, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({
          question: 'and by channel?',
          history: [{ role: 'user', content: 'Revenue in October 2026' }],
        }),
      });
      const events = (await stream.text()).split('\n').filter((l) => l.startsWith('event: '));
      expect(events).toEqual(['event: tool_call', 'event: tool_result', 'event: answer', 'event: result']);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

/** Runs `oms <args>` in process against the seeded file and returns what it printed. */
async function runCli(args: string[]): Promise<string> {
  const saved = { DATABASE_URL: process.env.DATABASE_URL, OMS_DATA_DIR: process.env.OMS_DATA_DIR };
  process.env.DATABASE_URL = fresh.url;
  process.env.OMS_DATA_DIR = fresh.dir;
  let out = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    const program = new Command('oms').exitOverride();
    registerAgentCommands(program);
    await program.parseAsync(['node', 'oms', ...args]);
  } finally {
    write.mockRestore();
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  expect(fs.existsSync(path.join(fresh.dir, 'agent-audit.jsonl'))).toBe(true);
  return out.trim();
}
