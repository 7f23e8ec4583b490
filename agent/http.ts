import { AIMessage, HumanMessage, type BaseMessage } from '@langchain/core/messages';
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import type { Logger } from '../services/shared/logger.ts';
import { answerJson } from './answer-json.ts';
import type { AgentEvent, OrdersAgent } from './orders-agent.ts';
import { maskPersonalText } from '../services/shared/privacy/mask-text.ts';

/**
 * `POST /api/agent/ask` for the ops console (design §7): `{ question, history? }` →
 * `{ answer, sql, columns, rows, … }`. With `Accept: text/event-stream` the progress is streamed as
 * server-sent events (`tool_call`, `tool_result`, `answer`, then `result` with the full JSON, or `error`).
 * Mount it with `app.use('/api/agent', createAgentRouter(agent))`.
 */

export const askRequestSchema = z.object({
  question: z.string().trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters'),
  /** Earlier turns of the same conversation, oldest first, so follow-ups ("and in September?") work. */
  history: z
    .array(z.object({ role: z.enum(['user', 'assistant']), content: z.string().max(8000) }))
    .max(40)
    .optional(),
});
export type AskRequest = z.infer<typeof askRequestSchema>;

export interface AgentRouterOptions {
  logger?: Logger;
  /**
   * Questions one caller may have in flight at once (default 2); more answer 429. The caller is the
   * authenticated principal (`res.locals.principal.subject`), else the client address.
   */
  maxConcurrentPerCaller?: number;
}

export function createAgentRouter(agent: OrdersAgent, options: AgentRouterOptions = {}): Router {
  const router = express.Router();
  router.use(express.json({ limit: '64kb' }));
  const limit = options.maxConcurrentPerCaller ?? 2;
  const inFlight = new Map<string, number>();

  router.post('/ask', async (req: Request, res: Response) => {
    const principal = res.locals.principal as { subject?: string } | undefined;
    const caller = principal?.subject ?? req.ip ?? 'unknown';
    const running = inFlight.get(caller) ?? 0;
    if (running >= limit) {
      res.setHeader('Retry-After', '1');
      problem(
        res,
        429,
        'Too many questions at once',
        `At most ${limit} questions per caller may run at the same time.`,
      );
      return;
    }
    inFlight.set(caller, running + 1);
    res.once('close', () => {
      const left = (inFlight.get(caller) ?? 1) - 1;
      if (left > 0) inFlight.set(caller, left);
      else inFlight.delete(caller);
    });
    const parsed = askRequestSchema.safeParse(req.body);
    if (!parsed.success) {
      problem(res, 400, 'Invalid question', 'The request body must be { "question": "…" }.', {
        errors: parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message })),
      });
      return;
    }
    const { question, history } = parsed.data;
    const messages = toMessages(history ?? []);
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    const streaming = req.accepts(['application/json', 'text/event-stream']) === 'text/event-stream';
    if (streaming) {
      res.status(200).set({
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
      });
      res.flushHeaders();
    }
    const send = (event: string, data: unknown) =>
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    try {
      const answer = await agent.ask(question, {
        history: messages,
        source: 'http',
        signal: controller.signal,
        ...(streaming ? { onEvent: (e: AgentEvent) => send(e.type, e) } : {}),
      });
      const body = answerJson(answer);
      if (streaming) {
        send('result', body);
        res.end();
      } else {
        res.status(200).json(body);
      }
    } catch (err) {
      // Provider and database errors can echo data: only the masked message is logged or answered.
      const detail = maskPersonalText(err instanceof Error ? err.message : String(err)).slice(0, 500);
      options.logger?.error({ error: detail }, 'agent question failed');
      if (streaming) {
        send('error', { title: 'The agent failed', detail });
        res.end();
      } else if (!res.headersSent) {
        problem(res, 502, 'The agent failed', detail);
      }
    }
  });
  return router;
}

/** Earlier turns as chat messages; only plain question/answer text crosses the HTTP boundary. */
function toMessages(history: NonNullable<AskRequest['history']>): BaseMessage[] {
  return history.map((turn) =>
    turn.role === 'user' ? new HumanMessage(turn.content) : new AIMessage(turn.content),
  );
}

/** RFC 9457 problem details. */
function problem(
  res: Response,
  status: number,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
): void {
  res
    .status(status)
    .type('application/problem+json')
    .send(JSON.stringify({ type: 'about:blank', title, status, detail, ...extra }));
}
