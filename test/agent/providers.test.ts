import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryAuditLog } from '../../agent/audit/audit-log.ts';
import { OrdersAgent } from '../../agent/orders-agent.ts';
import { createChatModel, type AgentProvider } from '../../agent/providers/chat-model.ts';
import { ConfigError } from '../../services/shared/config.ts';
import { openDatabase, type Db } from '../../services/shared/db/connection.ts';
import { migrateLatest } from '../../services/shared/db/migrate.ts';
import { seedDatabase } from '../../services/shared/db/seed/index.ts';
import { freshSqliteDatabase } from '../helpers/sqlite.ts';
import { FakeLlmServer, type Script } from './helpers/fake-llm-server.ts';

/**
 * The OpenAI, Azure OpenAI and Ollama wiring, without a network: the real LangChain clients talk to a
 * local server that speaks each API (tool calls included). The same agent loop, guard and tools must
 * work with every provider.
 */
let fresh: ReturnType<typeof freshSqliteDatabase>;
let db: Db;
let onHold: number;
let llm: FakeLlmServer;
let base: string;

const ON_HOLD_SQL = "SELECT COUNT(*) AS n FROM orders WHERE status = 'on_hold'";

/** A model that queries once, then answers from the rows it was given. */
const answersFromTool: Script = (messages) => {
  const last = messages.at(-1);
  if (last?.role === 'tool') {
    const result = JSON.parse(last.content) as { rows?: unknown[][]; error?: { code: string } };
    return {
      content: result.error
        ? `The guard refused it (${result.error.code}).`
        : `There are ${String(result.rows?.[0]?.[0])} orders on hold.`,
    };
  }
  return { toolCall: { name: 'run_query', args: { sql: ON_HOLD_SQL } } };
};

function envFor(provider: Exclude<AgentProvider, 'offline'>): NodeJS.ProcessEnv {
  switch (provider) {
    case 'openai':
      return { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `${base}/v1`, OPENAI_MODEL: 'gpt-test' };
    case 'azure-openai':
      return {
        AZURE_OPENAI_API_KEY: 'azure-test-key',
        AZURE_OPENAI_ENDPOINT: base,
        AZURE_OPENAI_API_DEPLOYMENT_NAME: 'oms-gpt',
        AZURE_OPENAI_API_VERSION: '2024-10-21',
      };
    case 'ollama':
      return { OLLAMA_BASE_URL: base, OLLAMA_MODEL: 'llama-test' };
  }
}

beforeAll(async () => {
  fresh = freshSqliteDatabase();
  const writer = openDatabase(fresh.url);
  await migrateLatest(writer);
  await seedDatabase(writer, { orders: 200, seed: 3, days: 30, now: new Date('2026-11-20T00:00:00Z') });
  const [row] = (await writer('orders').where('status', 'on_hold').count({ n: '*' })) as [{ n: number }];
  onHold = Number(row.n);
  await writer.destroy();
  db = openDatabase(fresh.url, { readOnly: true });
  llm = new FakeLlmServer(answersFromTool);
  base = await llm.start();
});

afterAll(async () => {
  await llm?.stop();
  await db?.destroy();
  fresh?.cleanup();
});

describe.each(['openai', 'azure-openai', 'ollama'] as const)('provider %s', (provider) => {
  it('runs the agent loop: tool call → guarded query → answer from the rows', async () => {
    llm.requests.length = 0;
    llm.script = answersFromTool;
    const audit = new MemoryAuditLog();
    const agent = await OrdersAgent.create({
      db,
      provider,
      env: envFor(provider),
      audit,
      today: () => '2026-11-20',
    });
    try {
      const answer = await agent.ask('How many orders are on hold?', { source: 'test' });
      expect(answer.answer).toBe(`There are ${onHold} orders on hold.`);
      expect(answer.provider).toBe(provider);
      expect(answer.outcome).toBe('answered');
      // The SQL that ran is the guard's, with its row limit, not the model's text.
      // Without PII rights `orders` is read through its masked stand-in.
      expect(answer.sql).toMatch(
        /^SELECT COUNT\(\*\) AS "n" FROM \(SELECT "id", .* FROM "orders"\) AS "orders" WHERE "status" = 'on_hold' LIMIT 1001$/,
      );
      expect(answer.rows).toEqual([[onHold]]);
      expect(audit.records[0]?.queries[0]).toMatchObject({ sql: ON_HOLD_SQL, outcome: 'ok' });
    } finally {
      await agent.close();
    }

    expect(llm.requests).toHaveLength(2);
    const [first, second] = llm.requests;
    const system = first?.messages.find((m) => m.role === 'system')?.content ?? '';
    expect(system).toContain('SQL dialect: sqlite');
    expect(system).toContain('Today (UTC): 2026-11-20');
    expect(system).toContain(
      "revenue / sales: SUM(orders.total) over orders with status IN ('confirmed','shipped','delivered')",
    );
    const tools = (first?.body.tools as Array<{ function: { name: string } }>).map((t) => t.function.name);
    expect(tools.sort()).toEqual(['describe_table', 'list_tables', 'order_story', 'run_query']);
    // The second request carries the tool call and its result back to the model.
    expect(second?.messages.at(-2)?.toolCalls[0]).toMatchObject({
      name: 'run_query',
      args: { sql: ON_HOLD_SQL },
    });
    expect(JSON.parse(second?.messages.at(-1)?.content ?? '{}')).toMatchObject({
      rows: [[onHold]],
      rowCount: 1,
    });

    if (provider === 'openai') {
      expect(first?.path).toBe('/v1/chat/completions');
      expect(first?.headers.authorization).toBe('Bearer sk-test');
      expect(first?.body.model).toBe('gpt-test');
    } else if (provider === 'azure-openai') {
      expect(first?.path).toBe('/openai/deployments/oms-gpt/chat/completions?api-version=2024-10-21');
      expect(first?.headers['api-key']).toBe('azure-test-key');
    } else {
      expect(first?.path).toBe('/api/chat');
      expect(first?.body.model).toBe('llama-test');
    }
  });

  it('keeps the guard in front of whatever the model writes', async () => {
    llm.script = (messages) => {
      const last = messages.at(-1);
      if (last?.role === 'tool') return answersFromTool(messages);
      return { toolCall: { name: 'run_query', args: { sql: 'DELETE FROM orders' } } };
    };
    const audit = new MemoryAuditLog();
    const agent = await OrdersAgent.create({ db, provider, env: envFor(provider), audit });
    try {
      const answer = await agent.ask('Please clean up the orders table', { source: 'test' });
      expect(answer.answer).toBe('The guard refused it (NOT_SELECT).');
      expect(answer.outcome).toBe('refused');
      expect(audit.records[0]?.queries[0]).toMatchObject({
        sql: 'DELETE FROM orders',
        outcome: 'refused',
        code: 'NOT_SELECT',
      });
    } finally {
      await agent.close();
    }
  });

  it('uses the other tools too (order_story)', async () => {
    const id = await firstOrderId();
    llm.script = (messages) => {
      const last = messages.at(-1);
      if (last?.role === 'tool') {
        const story = JSON.parse(last.content) as { order: { status: string } };
        return { content: `Order ${id} is ${story.order.status}.` };
      }
      return { toolCall: { name: 'order_story', args: { orderId: id } } };
    };
    const agent = await OrdersAgent.create({ db, provider, env: envFor(provider) });
    try {
      const answer = await agent.ask(`What happened to ${id}?`);
      expect(answer.answer).toMatch(new RegExp(`^Order ${id} is \\w+\\.$`));
      expect(answer.rows).toHaveLength(1);
    } finally {
      await agent.close();
    }
  });
});

describe('provider configuration', () => {
  it('names the missing variables', () => {
    expect(() => createChatModel('openai', {}, { dialect: 'mysql' })).toThrow(ConfigError);
    expect(() => createChatModel('openai', {}, { dialect: 'mysql' })).toThrow(/OPENAI_API_KEY/);
    expect(() =>
      createChatModel('azure-openai', { AZURE_OPENAI_API_KEY: 'k' }, { dialect: 'mysql' }),
    ).toThrow(
      /AZURE_OPENAI_API_DEPLOYMENT_NAME[\s\S]*AZURE_OPENAI_ENDPOINT|AZURE_OPENAI_ENDPOINT[\s\S]*AZURE_OPENAI_API_DEPLOYMENT_NAME/,
    );
    expect(() => createChatModel('ollama', { OLLAMA_BASE_URL: 'not a url' }, { dialect: 'mysql' })).toThrow(
      /OLLAMA_BASE_URL/,
    );
  });

  it('defaults to the offline model, which needs no settings', () => {
    expect(createChatModel('offline', {}, { dialect: 'sqlite' })._llmType()).toBe('oms-offline');
  });
});

async function firstOrderId(): Promise<string> {
  const row = (await db('orders').orderBy('placed_at', 'desc').first('id')) as { id: string };
  return row.id;
}
