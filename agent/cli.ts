import readline from 'node:readline';
import type { BaseMessage } from '@langchain/core/messages';
import { Option, type Command } from 'commander';
import { loadConfig } from '../services/shared/config.ts';
import { UsageError } from '../services/shared/usage-error.ts';
import { formatTable } from './cli/format-table.ts';
import { answerJson } from './answer-json.ts';
import type { AgentAnswer, OrdersAgent } from './orders-agent.ts';
import type { AgentProvider } from './providers/chat-model.ts';

/**
 * `oms ask` and `oms chat`: the orders agent in the terminal (issue #5 §4).
 *
 *   oms ask "How many orders were placed in October 2026?"      answer, SQL and a table
 *   oms ask --json "…"                                           {question, answer, sql, columns, rows, provider, elapsedMs}
 *   printf 'q1\nq2\n' | oms ask                                 one JSON object per line
 *   oms chat                                                     interactive, with history
 */

interface AgentFlags {
  provider?: AgentProvider;
  today?: string;
}

const PROVIDERS: AgentProvider[] = ['offline', 'openai', 'azure-openai', 'ollama'];

function agentOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('--provider <name>', 'model provider (default: AGENT_PROVIDER, else offline)').choices(
        PROVIDERS,
      ),
    )
    .option(
      '--today <YYYY-MM-DD>',
      'date relative questions are measured from (default: today, UTC)',
      (v) => {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) {
          throw new UsageError(`--today must be a date as YYYY-MM-DD, got '${v}'`);
        }
        return v;
      },
    );
}

/** LangChain is loaded only when an agent command runs, so other `oms` commands start lean. */
async function open(flags: AgentFlags): Promise<OrdersAgent> {
  const config = loadConfig();
  const { openOrdersAgent } = await import('./open-orders-agent.ts');
  return openOrdersAgent(config, {
    ...(flags.provider ? { provider: flags.provider } : {}),
    ...(flags.today ? { today: flags.today } : {}),
    warn: (message) => process.stderr.write(`oms: warning: ${message}\n`),
  });
}

export function answerText(a: AgentAnswer): string {
  const parts = [a.answer];
  if (a.sql) parts.push('', `SQL: ${a.sql}`);
  if (a.columns.length > 0) parts.push('', formatTable(a.columns, a.rows));
  parts.push(
    '',
    `(${a.rows.length} row${a.rows.length === 1 ? '' : 's'}${a.truncated ? ', cut at the row limit' : ''}, ${a.elapsedMs} ms, ${a.provider})`,
  );
  return parts.join('\n');
}

export function registerAgentCommands(program: Command): void {
  agentOptions(
    program
      .command('ask')
      .description(
        'Ask the orders agent a question; with no question, read one question per line from stdin (JSON lines out)',
      )
      .argument('[question...]', 'the question, e.g. "How many orders were placed in October 2026?"')
      .option('--json', 'print {question, answer, sql, columns, rows, provider, elapsedMs} as JSON'),
  ).action(async (words: string[], opts: AgentFlags & { json?: boolean }) => {
    const question = words.join(' ').trim();
    if (!question && process.stdin.isTTY) {
      throw new UsageError(
        'Give a question (oms ask "How many orders are on hold?") or pipe questions on stdin.',
      );
    }
    const agent = await open(opts);
    try {
      if (question) {
        const answer = await agent.ask(question, { source: 'cli' });
        process.stdout.write(`${opts.json ? JSON.stringify(answerJson(answer)) : answerText(answer)}\n`);
        if (answer.outcome === 'error') process.exitCode = 1;
        return;
      }
      const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
      for await (const line of lines) {
        if (line.trim() === '') continue;
        const answer = await agent.ask(line.trim(), { source: 'cli' });
        process.stdout.write(`${JSON.stringify(answerJson(answer))}\n`);
      }
    } finally {
      await agent.close();
    }
  });

  agentOptions(
    program
      .command('chat')
      .description('Chat with the orders agent (keeps the conversation; /reset forgets it, /exit quits)'),
  ).action(async (opts: AgentFlags) => {
    const agent = await open(opts);
    const rl = readline.createInterface({
      input: process.stdin,
      output: process.stdout,
      terminal: process.stdin.isTTY,
    });
    // Whole exchanges are kept (a tool result without its tool call would confuse an LLM).
    let exchanges: BaseMessage[][] = [];
    const prompt = () => {
      if (process.stdin.isTTY) rl.setPrompt('oms> ');
      rl.prompt();
    };
    process.stdout.write(
      `Orders agent (${agent.provider}, ${agent.dialect}). Ask about orders, revenue, products, customers, payments, shipments or returns. /help for commands.\n`,
    );
    prompt();
    try {
      for await (const raw of rl) {
        const line = raw.trim();
        if (line === '/exit' || line === '/quit') break;
        if (line === '/reset') {
          exchanges = [];
          process.stdout.write('Conversation cleared.\n');
        } else if (line === '/help') {
          process.stdout.write('/reset forget the conversation · /exit quit · anything else is a question\n');
        } else if (line !== '') {
          const answer = await agent.ask(line, { history: exchanges.flat(), source: 'chat' });
          exchanges = [...exchanges, answer.messages].slice(-10);
          process.stdout.write(`${answerText(answer)}\n\n`);
        }
        prompt();
      }
    } finally {
      rl.close();
      await agent.close();
    }
  });
}
