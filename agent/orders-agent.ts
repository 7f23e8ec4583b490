import { randomUUID } from 'node:crypto';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import {
  HumanMessage,
  type AIMessage,
  type BaseMessage,
  type MessageContent,
  type ToolMessage,
} from '@langchain/core/messages';
import { createAgent, dynamicSystemPromptMiddleware } from 'langchain';
import { z } from 'zod';
import { dialect as dialectOf, type Db, type Dialect } from '../services/shared/db/connection.ts';
import type { Logger } from '../services/shared/logger.ts';
import type { AuditedQuery, AuditLog, QuestionOutcome } from './audit/audit-log.ts';
import { VocabularyCache } from './catalog/value-vocabulary.ts';
import { createChatModel, type AgentProvider } from './providers/chat-model.ts';
import { createQueryExecutor } from './query/create-executor.ts';
import { maskPersonalText } from '../services/shared/privacy/mask-text.ts';
import type { QueryExecutor } from './query/query-executor.ts';
import { QueryRunner } from './query/query-runner.ts';
import { buildSystemPrompt } from './system-prompt.ts';
import { createTools } from './tools/index.ts';
import { isToolArtifact, type ResultSet, type ToolArtifact } from './tools/tool-artifact.ts';

/**
 * The orders agent: a LangChain v1 agent (`createAgent`) with tools over the orders database, a system
 * prompt carrying the schema, the business definitions and the dialect, and the chat model of the
 * configured provider. Every question goes through {@link OrdersAgent.ask}, which also writes the
 * audit record.
 */

export interface OrdersAgentOptions {
  /** A knex handle opened with the agent's read-only URL (AGENT_DATABASE_URL; SQLite opens read-only). */
  db: Db;
  /** AGENT_PROVIDER; default offline. */
  provider?: AgentProvider;
  /** A chat model to use instead of the provider's (tests, custom gateways). */
  model?: BaseChatModel;
  /** Where provider settings (OPENAI_API_KEY, …) are read from; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** AGENT_ALLOW_PII: with false (default) emails are masked in every result. */
  allowPii?: boolean;
  audit?: AuditLog;
  logger?: Logger;
  /**
   * Today's date (UTC, YYYY-MM-DD) for relative questions ("last month"). Default: the clock. The
   * evaluation pins it to the seed's --now so its answers do not drift with the calendar.
   */
  today?: () => string;
  /** Rows a query may return (default 1000). */
  maxRows?: number;
  /** Statement timeout (default 5000 ms). */
  statementTimeoutMs?: number;
  /** Statements that may run at once, each in its own query process (default 3). */
  maxConcurrentQueries?: number;
  /** Told the reason code of every refused or capped statement (the Prometheus refusal counter). */
  onRefusal?: (code: string) => void;
  /** Model ↔ tool round trips per question before the agent gives up (default 6). */
  maxToolRounds?: number;
  /** close() also destroys `db` (when the agent opened it). */
  ownsDb?: boolean;
}

export interface AskOptions {
  /** Earlier messages of a chat (from previous answers' `messages`). */
  history?: BaseMessage[];
  /** Where the question came from, for the audit log: cli, chat, http, eval, test. */
  source?: string;
  signal?: AbortSignal;
  /** Progress as it happens: tool calls, tool results, the answer. */
  onEvent?: (event: AgentEvent) => void;
}

export type AgentEvent =
  | { type: 'tool_call'; tool: string; args: Record<string, unknown> }
  | { type: 'tool_result'; tool: string; ok: boolean; sql?: string; rowCount?: number; error?: string }
  | { type: 'answer'; text: string };

export interface AgentAnswer {
  question: string;
  answer: string;
  /** The SQL behind the table (the last successful query), or null. */
  sql: string | null;
  columns: string[];
  rows: unknown[][];
  truncated: boolean;
  provider: string;
  elapsedMs: number;
  outcome: QuestionOutcome;
  /** Every statement tried while answering, with what the guard and the database said. */
  queries: AuditedQuery[];
  /** This exchange's messages, to pass as `history` for a follow-up. */
  messages: BaseMessage[];
}

export class OrdersAgent {
  private constructor(
    private readonly graph: ReturnType<typeof buildGraph>,
    private readonly executor: QueryExecutor,
    readonly provider: string,
    readonly dialect: Dialect,
    private readonly options: OrdersAgentOptions,
  ) {}

  static async create(options: OrdersAgentOptions): Promise<OrdersAgent> {
    const dialect = dialectOf(options.db);
    const executor = await createQueryExecutor(options.db, {
      timeoutMs: options.statementTimeoutMs ?? 5_000,
      allowPii: options.allowPii ?? false,
      maxWorkers: options.maxConcurrentQueries ?? 3,
      onWorkerError: (text) =>
        options.logger?.warn({ detail: maskPersonalText(text) }, 'an agent query process failed'),
    });
    const runner = new QueryRunner(executor, {
      maxRows: options.maxRows ?? 1_000,
      allowPii: options.allowPii ?? false,
    });
    if (options.onRefusal) runner.onRefusal = options.onRefusal;
    const provider = options.model ? 'custom' : (options.provider ?? 'offline');
    const model =
      options.model ??
      createChatModel(options.provider ?? 'offline', options.env ?? process.env, { dialect });
    const vocabulary = new VocabularyCache(runner);
    await vocabulary.get();
    const graph = buildGraph(model, runner, vocabulary, dialect, options.allowPii ?? false);
    return new OrdersAgent(graph, executor, provider, dialect, options);
  }

  /** Answers one question (with the chat so far, if any) and records it in the audit log. */
  async ask(question: string, options: AskOptions = {}): Promise<AgentAnswer> {
    const t0 = performance.now();
    const history = options.history ?? [];
    const input = [...history, new HumanMessage(question)];
    const produced: BaseMessage[] = [];
    let error: unknown;
    try {
      const stream = await this.graph.stream(
        { messages: input },
        {
          context: { today: this.today() },
          streamMode: 'updates',
          recursionLimit: 2 * (this.options.maxToolRounds ?? 6) + 1,
          ...(options.signal ? { signal: options.signal } : {}),
        },
      );
      for await (const update of stream) {
        for (const node of Object.values(
          update as Record<string, { messages?: BaseMessage[] } | undefined>,
        )) {
          for (const m of node?.messages ?? []) {
            produced.push(m);
            emit(options.onEvent, m);
          }
        }
      }
    } catch (err) {
      error = err;
    }
    const answer = this.summarise(question, produced, error, performance.now() - t0);
    answer.messages = [new HumanMessage(question), ...produced];
    await this.audit(answer, options.source ?? 'api', error);
    if (error && !(error instanceof Error && /recursion/i.test(error.message))) throw error;
    return answer;
  }

  async close(): Promise<void> {
    await this.executor.close();
    if (this.options.ownsDb) await this.options.db.destroy();
  }

  private today(): string {
    return this.options.today?.() ?? new Date().toISOString().slice(0, 10);
  }

  private summarise(
    question: string,
    produced: BaseMessage[],
    error: unknown,
    elapsedMs: number,
  ): AgentAnswer {
    const artifacts = produced
      .filter((m): m is ToolMessage => m.getType() === 'tool')
      .map((m) => m.artifact as unknown)
      .filter(isToolArtifact) as ToolArtifact[];
    const queries = artifacts.flatMap((a) => a.queries);
    const result: ResultSet | undefined = [...artifacts].reverse().find((a) => a.result)?.result;
    const last = [...produced]
      .reverse()
      .find((m) => m.getType() === 'ai' && !((m as AIMessage).tool_calls?.length ?? 0)) as
      AIMessage | undefined;
    let text = last ? contentText(last.content) : '';
    const declared = last?.response_metadata?.oms_outcome as QuestionOutcome | undefined;
    let outcome: QuestionOutcome;
    if (error) {
      outcome = 'error';
      text ||=
        error instanceof Error && /recursion/i.test(error.message)
          ? 'I could not finish answering within the allowed number of steps.'
          : `The agent failed: ${error instanceof Error ? error.message : String(error)}`;
    } else if (declared) {
      outcome = declared;
    } else if (queries.length > 0 && queries.every((q) => q.outcome === 'refused')) {
      outcome = 'refused';
    } else {
      outcome = queries.some((q) => q.outcome === 'ok') || artifacts.length > 0 ? 'answered' : 'unanswered';
    }
    if (!this.options.allowPii) text = maskPersonalText(text);
    return {
      question,
      answer: text,
      sql: result?.sql || null,
      columns: result?.columns ?? [],
      rows: result?.rows ?? [],
      truncated: result?.truncated ?? false,
      provider: this.provider,
      elapsedMs: Math.round(elapsedMs * 10) / 10,
      outcome,
      queries,
      messages: [],
    };
  }

  private async audit(answer: AgentAnswer, source: string, error: unknown): Promise<void> {
    const sink = this.options.audit;
    if (!sink) return;
    try {
      await sink.record({
        at: new Date().toISOString(),
        id: randomUUID(),
        provider: answer.provider,
        source,
        question: answer.question,
        outcome: answer.outcome,
        queries: answer.queries,
        answer: answer.answer.slice(0, 500),
        ...(error ? { error: error instanceof Error ? error.message : String(error) } : {}),
        elapsedMs: answer.elapsedMs,
      });
    } catch (err) {
      // An unwritable audit log must be seen, but must not lose the analyst's answer.
      this.options.logger?.error({ err }, 'could not write the agent audit record');
    }
  }
}

function buildGraph(
  model: BaseChatModel,
  runner: QueryRunner,
  vocabulary: VocabularyCache,
  dialect: Dialect,
  allowPii: boolean,
) {
  const contextSchema = z.object({ today: z.string() });
  return createAgent({
    model,
    tools: createTools(runner),
    contextSchema,
    middleware: [
      dynamicSystemPromptMiddleware<z.infer<typeof contextSchema>>(async (_state, runtime) =>
        buildSystemPrompt({
          dialect,
          today: runtime.context.today,
          allowPii,
          vocabulary: await vocabulary.get(),
        }),
      ),
    ],
  });
}

function emit(onEvent: AskOptions['onEvent'], m: BaseMessage): void {
  if (!onEvent) return;
  if (m.getType() === 'ai') {
    const ai = m as AIMessage;
    if (ai.tool_calls?.length) {
      for (const call of ai.tool_calls) onEvent({ type: 'tool_call', tool: call.name, args: call.args });
    } else {
      onEvent({ type: 'answer', text: contentText(ai.content) });
    }
  } else if (m.getType() === 'tool') {
    const tool = m as ToolMessage;
    const artifact = isToolArtifact(tool.artifact) ? tool.artifact : undefined;
    const failed = artifact?.queries.find((q) => q.outcome !== 'ok');
    onEvent({
      type: 'tool_result',
      tool: tool.name ?? artifact?.tool ?? 'tool',
      ok: !failed,
      ...(artifact?.result?.sql ? { sql: artifact.result.sql } : {}),
      ...(artifact?.result ? { rowCount: artifact.result.rows.length } : {}),
      ...(failed?.message ? { error: failed.message } : {}),
    });
  }
}

function contentText(content: MessageContent): string {
  if (typeof content === 'string') return content;
  return content
    .map((part) =>
      typeof part === 'string' ? part : 'text' in part && typeof part.text === 'string' ? part.text : '',
    )
    .join('');
}
