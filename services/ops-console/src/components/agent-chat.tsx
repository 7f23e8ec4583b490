import { useRef, useState } from 'preact/hooks';
import { errorText } from '../api.ts';
import { readEventStream } from '../sse.ts';
import type { AgentResult } from '../types.ts';
import { DataTable } from './data-table.tsx';

interface Turn {
  question: string;
  /** What the agent is doing, as it streams (tool calls and their results). */
  progress: string[];
  /** The answer text as soon as the `answer` event arrives, before the full result. */
  answer?: string;
  result?: AgentResult;
  error?: string;
  done: boolean;
}

const MAX_ROWS_SHOWN = 200;

function progressLine(event: string, data: Record<string, unknown>): string | undefined {
  if (event === 'tool_call') return `Running ${String(data.tool)}…`;
  if (event === 'tool_result') {
    if (data.ok === false) return `${String(data.tool)} failed: ${String(data.error ?? '')}`;
    return `${String(data.tool)} returned ${data.rowCount ?? 0} row(s).`;
  }
  return undefined;
}

/**
 * The orders agent (POST /api/agent/ask, `Accept: text/event-stream`): each question's progress as it
 * streams, then the answer, the SQL behind it and its result table. Earlier turns go along as history
 * so follow-ups ("and in September?") work.
 */
export function AgentChat() {
  const [turns, setTurns] = useState<Turn[]>([]);
  const [question, setQuestion] = useState('');
  const running = turns.some((t) => !t.done);
  const input = useRef<HTMLTextAreaElement>(null);

  const update = (index: number, change: (t: Turn) => Turn) =>
    setTurns((all) => all.map((t, i) => (i === index ? change(t) : t)));

  const ask = async (e: Event) => {
    e.preventDefault();
    const text = question.trim();
    if (!text || running) return;
    const history = turns
      .filter((t) => t.result)
      .flatMap((t) => [
        { role: 'user' as const, content: t.question },
        { role: 'assistant' as const, content: t.result!.answer.slice(0, 8000) },
      ])
      .slice(-20);
    const index = turns.length;
    setTurns((all) => [...all, { question: text, progress: [], done: false }]);
    setQuestion('');
    try {
      const res = await fetch('/api/agent/ask', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
        body: JSON.stringify({ question: text, history }),
      });
      if (res.status === 401) return window.location.assign('/ops');
      if (!res.ok || !res.body) {
        const body = (await res.json().catch(() => ({}))) as { title?: string; detail?: string };
        throw new Error([body.title, body.detail].filter(Boolean).join(': ') || `${res.status}`);
      }
      await readEventStream(res.body, ({ event, data }) => {
        const d = (data ?? {}) as Record<string, unknown>;
        if (event === 'answer') update(index, (t) => ({ ...t, answer: String(d.text ?? '') }));
        else if (event === 'result') update(index, (t) => ({ ...t, result: data as AgentResult }));
        else if (event === 'error')
          update(index, (t) => ({ ...t, error: [d.title, d.detail].filter(Boolean).join(': ') }));
        else {
          const line = progressLine(event, d);
          if (line) update(index, (t) => ({ ...t, progress: [...t.progress, line] }));
        }
      });
    } catch (err) {
      update(index, (t) => ({ ...t, error: errorText(err) }));
    } finally {
      update(index, (t) => ({ ...t, done: true }));
      input.current?.focus();
    }
  };

  return (
    <section aria-labelledby="agent-title" id="agent">
      <h2 id="agent-title">Ask the orders agent</h2>
      <ol class="turns">
        {turns.map((t, i) => (
          <li key={i} class="turn" data-turn={i} aria-busy={!t.done}>
            <p class="question">
              <span class="visually-hidden">Question: </span>
              {t.question}
            </p>
            {t.progress.length > 0 && (
              <ul class="progress" aria-label="Progress">
                {t.progress.map((p, j) => (
                  <li key={j}>{p}</li>
                ))}
              </ul>
            )}
            {!t.done && !t.answer && <p class="muted">Thinking…</p>}
            <div aria-live="polite">
              {(t.result?.answer ?? t.answer) && <p class="answer">{t.result?.answer ?? t.answer}</p>}
              {t.error && <p class="error">{t.error}</p>}
            </div>
            {t.result?.sql && (
              <details class="sql" open>
                <summary>SQL</summary>
                <pre>
                  <code>{t.result.sql}</code>
                </pre>
              </details>
            )}
            {t.result && t.result.columns.length > 0 && (
              <DataTable
                class="result"
                caption={`Result: ${t.result.rows.length} row(s)${t.result.truncated ? ' (truncated)' : ''}`}
                columns={t.result.columns}
                rows={t.result.rows
                  .slice(0, MAX_ROWS_SHOWN)
                  .map((r) => r.map((c) => (c === null ? '—' : String(c))))}
              />
            )}
          </li>
        ))}
      </ol>
      <form class="ask" onSubmit={ask}>
        <label for="agent-question">Question</label>
        <textarea
          id="agent-question"
          ref={input}
          rows={2}
          maxLength={2000}
          value={question}
          onInput={(e) => setQuestion(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) void ask(e);
          }}
          placeholder="How many orders were placed in October 2026?"
        />
        <button type="submit" disabled={running}>
          {running ? 'Answering…' : 'Ask'}
        </button>
      </form>
    </section>
  );
}
