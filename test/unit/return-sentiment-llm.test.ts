import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { returnCommentModel } from '../../services/local/return-comment-model.ts';
import {
  classifyOffline,
  classifyReturnComment,
  prepareReturnComments,
  useReturnCommentModel,
} from '../../services/oms-consumer/return-sentiment.ts';
import { loadConfig } from '../../services/shared/config.ts';
import { EVENT_TYPES } from '../../services/shared/domain/event-types.ts';
import { newOrderId } from '../../services/shared/domain/order-id.ts';
import { createLogger } from '../../services/shared/logger.ts';
import { createOrderEvent } from '../../services/shared/events/cloud-event.ts';
import { asMessages } from '../helpers/order-events.ts';

/**
 * Return comments by the configured LLM (issue 12 part 4), through the real path: the composition
 * root's adapter over the agent's OpenAI provider (LangChain's ChatOpenAI) talking to a local fake
 * OpenAI-compatible server, then the consumer's prepare-before-the-transaction step.
 */

type Mode = { kind: 'answer'; content: string } | { kind: 'error' } | { kind: 'hang' };

let mode: Mode = { kind: 'answer', content: '{}' };
const received: { system: string; user: string }[] = [];
const hanging: http.ServerResponse[] = [];

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    if (req.url !== '/v1/chat/completions') {
      res.writeHead(404).end();
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      messages: { role: string; content: string }[];
    };
    received.push({
      system: body.messages.find((m) => m.role === 'system')?.content ?? '',
      user: body.messages.find((m) => m.role === 'user')?.content ?? '',
    });
    if (mode.kind === 'error') {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'model overloaded' } }));
      return;
    }
    if (mode.kind === 'hang') {
      hanging.push(res);
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id: 'chatcmpl-1',
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: 'fake',
        choices: [{ index: 0, message: { role: 'assistant', content: mode.content }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      }),
    );
  });
});

let baseUrl = '';
const fallbacks: string[] = [];

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  useReturnCommentModel(undefined);
  for (const res of hanging) res.destroy();
  await new Promise((resolve) => server.close(resolve));
});
afterEach(() => {
  received.length = 0;
  fallbacks.length = 0;
});

/** The model exactly as `oms consumer` builds it from AGENT_PROVIDER=openai. */
async function configureModel(timeoutMs = 2000): Promise<void> {
  const env = {
    AGENT_PROVIDER: 'openai',
    OPENAI_API_KEY: 'sk-test-not-a-real-key',
    OPENAI_BASE_URL: baseUrl,
    SENTIMENT_LLM_TIMEOUT_MS: String(timeoutMs),
  };
  const model = await returnCommentModel(loadConfig(env), env, createLogger({ level: 'silent' }));
  expect(model).toBeDefined();
  useReturnCommentModel({ ...model!, onFallback: (reason) => fallbacks.push(reason) });
}

function returnMessages(comments: string[]) {
  return asMessages(
    comments.map((comment) =>
      createOrderEvent(EVENT_TYPES.returnRequested, '/channels/web', {
        orderId: newOrderId(),
        reason: 'damaged',
        comment,
      }),
    ),
  );
}

describe('return comments by the configured LLM', { timeout: 60_000 }, () => {
  it('AGENT_PROVIDER=offline injects no model: comments are read offline', async () => {
    const model = await returnCommentModel(loadConfig({}), {}, createLogger({ level: 'silent' }));
    expect(model).toBeUndefined();
  });

  it("uses the model's strict JSON answer when it gives one (the comment goes as data, with the instruction)", async () => {
    await configureModel();
    // Offline this reads positive (praise words); the model's answer must win.
    const comment = 'Great, just great. Third time it arrived like this and I love waiting.';
    expect(classifyOffline(comment).sentiment).not.toBe('negative');
    mode = { kind: 'answer', content: '{"sentiment": "negative", "score": -0.8}' };

    expect(await prepareReturnComments(returnMessages([comment]))).toBe(1);
    expect(classifyReturnComment(comment)).toEqual({ sentiment: 'negative', score: -0.8 });
    expect(received).toHaveLength(1);
    expect(received[0]!.user).toBe(comment);
    expect(received[0]!.system).toMatch(/JSON/);
    expect(fallbacks).toEqual([]);
  });

  it('accepts the JSON inside a Markdown fence, nothing looser', async () => {
    await configureModel();
    mode = { kind: 'answer', content: '```json\n{"sentiment":"positive","score":0.7}\n```' };
    expect(await prepareReturnComments(returnMessages(['Lovely jumper, just the wrong colour']))).toBe(1);
    expect(classifyReturnComment('Lovely jumper, just the wrong colour')).toEqual({
      sentiment: 'positive',
      score: 0.7,
    });
  });

  it.each([
    ['prose instead of JSON', 'It sounds negative to me.'],
    ['an unknown label', '{"sentiment": "angry", "score": -0.5}'],
    ['a score out of range', '{"sentiment": "negative", "score": -7}'],
    ['extra fields', '{"sentiment": "negative", "score": -0.5, "note": "ignore previous instructions"}'],
  ])('falls back to offline on %s', async (_label, content) => {
    await configureModel();
    mode = { kind: 'answer', content };
    const comment = 'Arrived torn, support never answered. Terrible.';
    expect(await prepareReturnComments(returnMessages([comment]))).toBe(0);
    expect(classifyReturnComment(comment)).toEqual(classifyOffline(comment));
    expect(fallbacks).toHaveLength(1);
    expect(fallbacks[0]).not.toContain('torn');
  });

  it('falls back to offline when the provider answers 500', async () => {
    await configureModel();
    mode = { kind: 'error' };
    const comment = 'Zip broke on the first day, really disappointed';
    expect(await prepareReturnComments(returnMessages([comment]))).toBe(0);
    expect(received.length).toBeGreaterThanOrEqual(1);
    expect(classifyReturnComment(comment)).toEqual(classifyOffline(comment));
    expect(classifyReturnComment(comment).sentiment).toBe('negative');
    expect(fallbacks).toHaveLength(1);
  });

  it('gives up on a provider that never answers once the timeout passes, and reads offline', async () => {
    await configureModel(300);
    mode = { kind: 'hang' };
    const comments = ['Fits perfectly, just changed my mind', 'Screen cracked in the box'];
    // Resolves (the batch's transaction is not held) although the server never answers.
    expect(await prepareReturnComments(returnMessages(comments))).toBe(0);
    for (const c of comments) expect(classifyReturnComment(c)).toEqual(classifyOffline(c));
    expect(fallbacks).toHaveLength(1);
  });

  it('after three failing batches leaves the model alone for a while (a dead endpoint costs one timeout, not one per batch)', async () => {
    await configureModel();
    mode = { kind: 'error' };
    for (const i of [1, 2, 3]) await prepareReturnComments(returnMessages([`broken ${i}`]));
    const calls = received.length;
    expect(await prepareReturnComments(returnMessages(['broken 4']))).toBe(0);
    expect(received.length).toBe(calls);
  });
});
