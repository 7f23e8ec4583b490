import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for the model providers the agent can use, speaking their wire formats closely enough
 * for the real LangChain clients: OpenAI chat completions (`/v1/chat/completions`, JSON or SSE stream),
 * Azure OpenAI's deployment URL form (`/openai/deployments/<name>/chat/completions?api-version=…`, `api-key`
 * header) and Ollama's `/api/chat` (NDJSON stream). Tool calls included. What the "model" says is a
 * script: given the conversation so far, the next tool call or the final answer.
 */

/** A message as the provider received it, normalised across the three APIs. */
export interface WireMessage {
  role: string;
  content: string;
  toolCalls: Array<{ name: string; args: Record<string, unknown> }>;
}

export type Reply = { toolCall: { name: string; args: Record<string, unknown> } } | { content: string };
export type Script = (messages: WireMessage[]) => Reply;

export interface RecordedRequest {
  api: 'openai' | 'azure' | 'ollama';
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
  messages: WireMessage[];
}

export class FakeLlmServer {
  readonly requests: RecordedRequest[] = [];
  private server: http.Server | undefined;
  private callId = 0;

  constructor(public script: Script) {}

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const api =
      url.pathname === '/api/chat'
        ? 'ollama'
        : url.pathname.startsWith('/openai/deployments/')
          ? 'azure'
          : 'openai';
    if (api !== 'ollama' && !/\/chat\/completions$/.test(url.pathname)) {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { message: `no route ${url.pathname}` } }));
      return;
    }
    const messages = normalise(body.messages as Array<Record<string, unknown>>);
    this.requests.push({ api, path: `${url.pathname}${url.search}`, headers: req.headers, body, messages });
    const reply = this.script(messages);
    if (api === 'ollama') this.ollama(res, body, reply);
    else this.openai(res, body, reply);
  }

  private openai(res: http.ServerResponse, body: Record<string, unknown>, reply: Reply): void {
    const id = `call_${++this.callId}`;
    const toolCalls =
      'toolCall' in reply
        ? [
            {
              id,
              type: 'function',
              function: { name: reply.toolCall.name, arguments: JSON.stringify(reply.toolCall.args) },
            },
          ]
        : undefined;
    const content = 'content' in reply ? reply.content : null;
    const finish = toolCalls ? 'tool_calls' : 'stop';
    const base = {
      id: `chatcmpl-${this.callId}`,
      created: Math.floor(Date.now() / 1000),
      model: String(body.model ?? 'fake'),
    };
    if (body.stream === true) {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const delta = toolCalls
        ? { role: 'assistant', content: null, tool_calls: toolCalls.map((t, index) => ({ index, ...t })) }
        : { role: 'assistant', content };
      res.write(
        `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`,
      );
      res.write(
        `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: {}, finish_reason: finish }] })}\n\n`,
      );
      res.end('data: [DONE]\n\n');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        ...base,
        object: 'chat.completion',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content, ...(toolCalls ? { tool_calls: toolCalls } : {}) },
            finish_reason: finish,
          },
        ],
        usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
      }),
    );
  }

  private ollama(res: http.ServerResponse, body: Record<string, unknown>, reply: Reply): void {
    const message =
      'toolCall' in reply
        ? {
            role: 'assistant',
            content: '',
            tool_calls: [{ function: { name: reply.toolCall.name, arguments: reply.toolCall.args } }],
          }
        : { role: 'assistant', content: reply.content };
    const base = { model: String(body.model ?? 'fake'), created_at: new Date().toISOString() };
    const done = {
      ...base,
      message: { role: 'assistant', content: '' },
      done: true,
      done_reason: 'stop',
      total_duration: 1,
      eval_count: 1,
      prompt_eval_count: 1,
    };
    if (body.stream === false) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...done, message }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    res.write(`${JSON.stringify({ ...base, message, done: false })}\n`);
    res.end(`${JSON.stringify(done)}\n`);
  }
}

function normalise(messages: Array<Record<string, unknown>> = []): WireMessage[] {
  return messages.map((m) => {
    const raw = (m.tool_calls as Array<Record<string, unknown>> | undefined) ?? [];
    const toolCalls = raw.map((t) => {
      const fn = t.function as { name: string; arguments: unknown };
      const args =
        typeof fn.arguments === 'string'
          ? (JSON.parse(fn.arguments) as Record<string, unknown>)
          : (fn.arguments as Record<string, unknown>);
      return { name: fn.name, args };
    });
    const content = Array.isArray(m.content)
      ? (m.content as Array<{ text?: string }>).map((p) => p.text ?? '').join('')
      : String(m.content ?? '');
    return { role: String(m.role), content, toolCalls };
  });
}
