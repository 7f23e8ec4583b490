import {
  BaseChatModel,
  type BaseChatModelParams,
  type BindToolsInput,
} from '@langchain/core/language_models/chat_models';
import { AIMessage, type BaseMessage, type MessageContent } from '@langchain/core/messages';
import type { ChatResult } from '@langchain/core/outputs';
import type { Dialect } from '../../services/shared/db/connection.ts';
import type { ValueVocabulary } from '../catalog/value-vocabulary.ts';
import { PROMPT_LABELS, promptValue, promptValueLists } from '../system-prompt.ts';
import { DESCRIBE_TABLE, LIST_TABLES, ORDER_STORY, RUN_QUERY } from '../tools/index.ts';
import {
  failureAnswer,
  lookupAnswer,
  metricAnswer,
  storyAnswer,
  type ToolOutcome,
} from './answer/write-answer.ts';
import { REFUSE_RULE_CHANGE, REFUSE_WRITE, cannotAnswer } from './answer/suggestions.ts';
import { kpiAnswer } from './answer/kpi-answer.ts';
import { schemaAnswer } from './answer/schema-answer.ts';
import type { Intent, Understood } from './intent.ts';
import { planOrderLookup, planQuery } from './plan/build-query.ts';
import { planKpi } from './plan/kpi-query.ts';
import { parseFollowUp } from './question/parse-follow-up.ts';
import { parseQuestion, type ParseContext } from './question/parse-question.ts';
import { embeddedSql, rulesChangeAttempt, writeRequest } from './question/suspicious-input.ts';
import { vocabularyTerms, type VocabularyTerms } from './question/vocabulary-terms.ts';

/**
 * The offline model (ADR 0006): a LangChain chat model that needs no network. It reads the question the
 * way an LLM would — from the conversation and the system prompt (dialect, today's date, known values) —
 * parses it into an intent, and answers in two turns of the ordinary agent loop: first a tool call
 * (usually `run_query` with SQL it built with knex), then, after reading the tool's result, the answer.
 * It is deterministic: the same conversation always gets the same reply.
 */

export type OfflineOutcome = 'answered' | 'refused' | 'unanswered';

export interface OfflineChatModelFields extends BaseChatModelParams {
  /** Used when the system prompt does not name a dialect. */
  dialect?: Dialect;
  /** Used when the system prompt does not give today's date (YYYY-MM-DD). */
  today?: string;
}

interface Context extends ParseContext {
  dialect: Dialect;
}

export class OfflineChatModel extends BaseChatModel {
  private readonly fallbackDialect: Dialect;
  private readonly fallbackToday: string | undefined;
  private readonly vocabularies = new Map<string, VocabularyTerms>();

  constructor(fields: OfflineChatModelFields = {}) {
    super(fields);
    this.fallbackDialect = fields.dialect ?? 'mysql';
    this.fallbackToday = fields.today;
  }

  static override lc_name(): string {
    return 'OfflineChatModel';
  }

  _llmType(): string {
    return 'oms-offline';
  }

  /** The model knows its four tools by name; binding them changes nothing. */
  override bindTools(_tools: BindToolsInput[]): this {
    return this;
  }

  async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    const message = this.reply(messages);
    return { generations: [{ text: typeof message.content === 'string' ? message.content : '', message }] };
  }

  private reply(messages: BaseMessage[]): AIMessage {
    const ctx = this.context(messages);
    const lastHuman = findLastIndex(messages, (m) => m.getType() === 'human');
    if (lastHuman < 0) return final('Ask me a question about the orders data.', 'unanswered');
    const question = text(messages[lastHuman]?.content ?? '');
    const turn = messages.slice(lastHuman + 1);
    const lastTool = findLastIndex(turn, (m) => m.getType() === 'tool');
    if (lastTool >= 0) return this.answer(question, turn, lastTool, ctx, messages.slice(0, lastHuman));
    return this.firstStep(question, ctx, messages.slice(0, lastHuman));
  }

  /** First turn: refuse, or call the tool that fetches the answer. */
  private firstStep(question: string, ctx: Context, history: BaseMessage[]): AIMessage {
    const sql = embeddedSql(question);
    if (sql) return toolCall(RUN_QUERY, { sql });
    if (rulesChangeAttempt(question)) return final(REFUSE_RULE_CHANGE, 'refused');
    if (writeRequest(question)) return final(REFUSE_WRITE, 'refused');
    const understood = this.understand(question, ctx, history);
    if (!understood.ok) return final(cannotAnswer(understood.detail, ctx.today), 'unanswered');
    try {
      return this.plan(understood.understood, ctx);
    } catch {
      // A combination the planner cannot join (e.g. dead letters by country) is not answered at all.
      return final(
        cannotAnswer("I understood the words but can't combine them into one query yet.", ctx.today),
        'unanswered',
      );
    }
  }

  private plan(u: Understood, ctx: Context): AIMessage {
    switch (u.kind) {
      case 'schema':
        return u.table ? toolCall(DESCRIBE_TABLE, { table: u.table }) : toolCall(LIST_TABLES, {});
      case 'order_lookup': {
        const plan = planOrderLookup(u, ctx.dialect);
        return plan ? toolCall(RUN_QUERY, { sql: plan.sql }) : toolCall(ORDER_STORY, { orderId: u.orderId });
      }
      case 'metric':
        return toolCall(RUN_QUERY, { sql: planQuery(u, ctx.dialect).sql });
      case 'kpi':
        return toolCall(RUN_QUERY, { sql: planKpi(u, ctx.dialect).sql });
    }
  }

  /** Second turn: read the tool's result and say what it means. */
  private answer(
    question: string,
    turn: BaseMessage[],
    toolIndex: number,
    ctx: Context,
    history: BaseMessage[],
  ): AIMessage {
    const toolMessage = turn[toolIndex] as BaseMessage;
    const call = turn
      .slice(0, toolIndex)
      .reverse()
      .find((m) => m.getType() === 'ai' && ((m as AIMessage).tool_calls?.length ?? 0) > 0) as
      AIMessage | undefined;
    const toolName = call?.tool_calls?.[0]?.name ?? RUN_QUERY;
    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(text(toolMessage.content)) as Record<string, unknown>;
    } catch {
      return final(`The ${toolName} tool failed: ${text(toolMessage.content).slice(0, 300)}`, 'unanswered');
    }
    const outcome = toOutcome(payload);

    if (toolName === LIST_TABLES || toolName === DESCRIBE_TABLE)
      return final(schemaAnswer(payload), 'answered');
    if (toolName === ORDER_STORY) {
      if (!outcome.ok) return final(failureAnswer(outcome), 'refused');
      return final(storyAnswer(payload), 'answered');
    }
    if (embeddedSql(question)) {
      if (!outcome.ok)
        return final(
          failureAnswer(outcome),
          // A statement stopped by a cap (time, size) is refused like one the guard stops.
          outcome.code === 'QUERY_FAILED' ? 'unanswered' : 'refused',
        );
      return final(rawSqlAnswer(outcome), 'answered');
    }
    const understood = this.understand(question, ctx, history);
    if (!understood.ok) return final(cannotAnswer(understood.detail, ctx.today), 'unanswered');
    const u = understood.understood;
    if (!outcome.ok)
      return final(failureAnswer(outcome), outcome.code.startsWith('QUERY_') ? 'unanswered' : 'refused');
    if (u.kind === 'order_lookup') return final(lookupAnswer(u, outcome), 'answered');
    if (u.kind === 'metric') return final(metricAnswer(u, planQuery(u, ctx.dialect), outcome), 'answered');
    if (u.kind === 'kpi') return final(kpiAnswer(u, planKpi(u, ctx.dialect), outcome), 'answered');
    return final(schemaAnswer(payload), 'answered');
  }

  private understand(
    question: string,
    ctx: Context,
    history: BaseMessage[],
  ): { ok: true; understood: Understood } | { ok: false; detail: string } {
    const parsed = parseQuestion(question, ctx);
    if (parsed.ok && !parsed.fragment) return parsed;
    // In a chat, "and in September?" or "by channel" refines what the conversation was last about.
    const base = conversationIntent(
      history.filter((m) => m.getType() === 'human').map((m) => text(m.content)),
      ctx,
    );
    if (base) {
      const followUp = parseFollowUp(question, base, ctx);
      if (followUp) return { ok: true, understood: followUp };
    }
    return parsed.ok ? parsed : { ok: false, detail: parsed.detail };
  }

  private context(messages: BaseMessage[]): Context {
    const system = messages
      .filter((m) => m.getType() === 'system')
      .map((m) => text(m.content))
      .join('\n');
    const declared = promptValue(system, PROMPT_LABELS.dialect);
    const dialect: Dialect = declared === 'sqlite' || declared === 'mysql' ? declared : this.fallbackDialect;
    const today =
      promptValue(system, PROMPT_LABELS.today) ?? this.fallbackToday ?? new Date().toISOString().slice(0, 10);
    const lists = promptValueLists(system);
    const key = [...lists.entries()].map(([k, v]) => `${k}:${v.join('|')}`).join('\n');
    let vocabulary = this.vocabularies.get(key);
    if (!vocabulary) {
      const v: ValueVocabulary = {
        categories: lists.get('products.category') ?? [],
        channels: lists.get('orders.channel') ?? [],
        carriers: lists.get('shipments.carrier') ?? [],
        countries: lists.get('orders.ship_country') ?? [],
        cities: lists.get('orders.ship_city / customers.city') ?? [],
        products: lists.get('products.name') ?? [],
      };
      vocabulary = vocabularyTerms(v);
      if (this.vocabularies.size > 16) this.vocabularies.clear();
      this.vocabularies.set(key, vocabulary);
    }
    return { dialect, today, vocabulary };
  }
}

/** The metric a chat is about after its questions so far, follow-ups applied in order. */
function conversationIntent(questions: string[], ctx: Context): Intent | undefined {
  let current: Intent | undefined;
  for (const q of questions) {
    // A KPI question is read as a general measure here, so "and for France?" can add a filter to it.
    const parsed = parseQuestion(q, { ...ctx, kpis: false });
    if (parsed.ok && !parsed.fragment) {
      current = parsed.understood.kind === 'metric' ? parsed.understood : undefined;
      continue;
    }
    const followUp = current ? parseFollowUp(q, current, ctx) : undefined;
    if (followUp) current = followUp;
    else if (parsed.ok && parsed.understood.kind === 'metric') current = parsed.understood;
  }
  return current;
}

function toOutcome(payload: Record<string, unknown>): ToolOutcome {
  const error = payload.error as { code?: string; message?: string } | undefined;
  if (error) return { ok: false, code: error.code ?? 'ERROR', message: error.message ?? '' };
  const rows = (payload.rows as unknown[][] | undefined) ?? [];
  return {
    ok: true,
    columns: (payload.columns as string[] | undefined) ?? [],
    rows,
    rowCount: typeof payload.rowCount === 'number' ? payload.rowCount : rows.length,
    truncated: payload.truncated === true,
  };
}

function rawSqlAnswer(outcome: Extract<ToolOutcome, { ok: true }>): string {
  if (outcome.rowCount === 0) return 'The query ran and returned no rows.';
  if (outcome.rowCount === 1 && outcome.columns.length === 1)
    return `The query returned ${String(outcome.rows[0]?.[0])}.`;
  return `The query returned ${outcome.rowCount} row${outcome.rowCount === 1 ? '' : 's'}${outcome.truncated ? ' (cut at the row limit)' : ''}; see the table.`;
}

function toolCall(name: string, args: Record<string, unknown>): AIMessage {
  return new AIMessage({
    content: '',
    tool_calls: [{ name, args, id: `call_${name}_${hash(JSON.stringify(args))}`, type: 'tool_call' }],
  });
}

/** A short stable id, so the same conversation produces the same messages. */
function hash(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}

function final(content: string, outcome: OfflineOutcome): AIMessage {
  return new AIMessage({ content, response_metadata: { oms_outcome: outcome } });
}

function text(content: MessageContent): string {
  if (typeof content === 'string') return content;
  return content
    .map((part) =>
      typeof part === 'string' ? part : 'text' in part && typeof part.text === 'string' ? part.text : '',
    )
    .join('');
}

function findLastIndex<T>(items: T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i] as T)) return i;
  return -1;
}
