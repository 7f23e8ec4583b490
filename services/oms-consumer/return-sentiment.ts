import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { z } from 'zod';
import { EVENT_TYPES } from '../shared/domain/event-types.ts';
import { decodeMessage, type ReceivedMessage } from './received-message.ts';
import { classifyWithModel, type ChatCompletion, type SentimentResult } from './sentiment-model.ts';

export type { SentimentResult };

/**
 * Reads a return comment offline: wink-nlp's English lexicon scores the words, and a small return-domain
 * lexicon corrects it where general-purpose sentiment reads returns wrongly. "Not as described" or "it
 * leaks" are complaints whatever the surrounding politeness; "changed my mind" or "wrong size" are a
 * reason, not a feeling; and praise next to a defect is sarcasm ("Great, another broken zipper"), so a
 * defect outweighs any praise. The labelled set in test/fixtures/return-comments/ measures it.
 */

/** Defects, delivery failures and complaints: a return comment naming one is negative. */
const COMPLAINTS =
  /\b(broke|broken|torn|tore|crack(?:ed|s)?|shattered|snapped|damaged|defective|faulty|scratch(?:ed|es)|leak(?:s|ed|ing)?|missing|stopped working|(?:does|did|would|will)(?:n't| not) (?:work|charge|boil|turn on|start)|not as described|(?:doesn't|does not|did not|didn't) match|wrong item|not what i ordered|never arrived|fall(?:s)? apart|fell apart|came apart|chipped|overheat(?:s|ed|ing)?|smell(?:s|ed)?|burnt|dead|useless|waste of|poor quality|cheap material|disgusting|awful|terrible|worst|disappoint(?:ed|ing)|never again|nobody repl(?:ied|ies)|no reply|residue|used item|late|took \w+ (?:days|weeks))\b/gi;

/** Reasons that carry no judgement of the product, and lukewarm words ("it's okay") that weigh nothing. */
const REASONS =
  /\b(changed my mind|wrong size|too (?:small|big|large|long|short|tight|loose)|(?:didn't|did not|doesn't|does not) fit|by mistake|duplicate order|(?:no longer|don't|do not) (?:need|use)|found (?:a )?cheaper|gift|unopened|moved house|decided|different model|size chart|not my style|prefer|two sizes|as expected|okay|ok|fine|alright|nothing special)\b/gi;

/** Praise of the product or the service. */
const PRAISE =
  /\b(love|loved|lovely|great|excellent|perfect(?:ly)?|beautiful|gorgeous|comfortable|soft|happy|amazing|wonderful|fantastic|brilliant|nice|good value|works (?:great|well)|fits well|thanks?|quick refund|helpful)\b/gi;

/** A negation just before a cue turns it off ("not bad", "nothing wrong", "not unhappy"). */
const NEGATION = /\b(?:not|no|never|nothing|hardly)\s+(?:\w+\s+)?$/i;

let nlp: ReturnType<typeof winkNLP> | undefined;

function lexiconScore(text: string): number {
  nlp ??= winkNLP(model);
  return nlp.readDoc(text).out(nlp.its.sentiment) as number;
}

function cues(pattern: RegExp, text: string): number {
  let count = 0;
  for (const m of text.matchAll(pattern)) {
    if (!NEGATION.test(text.slice(Math.max(0, m.index - 24), m.index))) count += 1;
  }
  return count;
}

const round = (n: number) => Math.round(Math.max(-1, Math.min(1, n)) * 1000) / 1000;

/**
 * Classifies one return comment: the configured LLM's answer when `prepareReturnComments` got one for
 * it, else offline. An empty or missing comment is neutral with score 0.
 */
export function classifyReturnComment(comment: string | null | undefined): SentimentResult {
  const text = (comment ?? '').trim().slice(0, 2000);
  if (text === '') return { sentiment: 'neutral', score: 0 };
  return prepared.get(text) ?? classifyOffline(text);
}

/** The offline reading (wink-nlp lexicon + return-domain cues); the fallback for every LLM failure. */
export function classifyOffline(comment: string): SentimentResult {
  const text = comment.trim().slice(0, 2000);
  if (text === '') return { sentiment: 'neutral', score: 0 };
  const lexical = lexiconScore(text);
  const complaints = cues(COMPLAINTS, text);
  const praise = cues(PRAISE, text);
  const reasons = cues(REASONS, text);
  if (complaints > 0)
    return { sentiment: 'negative', score: round(Math.min(lexical, 0) - 0.25 * complaints) };
  if (praise > 0) return { sentiment: 'positive', score: round(Math.max(lexical, 0) + 0.2 * praise) };
  if (reasons > 0) return { sentiment: 'neutral', score: round(lexical / 2) };
  if (lexical >= 0.3) return { sentiment: 'positive', score: round(lexical) };
  if (lexical <= -0.3) return { sentiment: 'negative', score: round(lexical) };
  return { sentiment: 'neutral', score: round(lexical) };
}

/**
 * Return comments by the configured LLM (AGENT_PROVIDER), when one is injected. The transaction that
 * writes a return must never wait on a model, so the LLM runs BEFORE it: `prepareReturnComments`
 * classifies the batch's return comments (all at once, bounded by one `timeoutMs` for the whole batch)
 * and keeps the answers; `classifyReturnComment`, called inside the transaction, stays synchronous and
 * takes the prepared answer or, for anything the model did not answer in time, reads the comment offline.
 * After `BREAKER_FAILURES` failures in a row the model is left alone for `BREAKER_PAUSE_MS`, so a dead
 * endpoint costs one timeout, not one per batch.
 */
export interface ReturnCommentModel {
  chat: ChatCompletion;
  /** The longest a batch waits for the model (SENTIMENT_LLM_TIMEOUT_MS, default 2 s). */
  timeoutMs: number;
  /** Told about a fallback (no comment text, only the reason). */
  onFallback?: (reason: string) => void;
}

const BREAKER_FAILURES = 3;
const BREAKER_PAUSE_MS = 60_000;
const PREPARED_MAX = 10_000;

let configured: ReturnCommentModel | undefined;
const prepared = new Map<string, SentimentResult>();
let failuresInRow = 0;
let pausedUntilMs = 0;

/** Sets (or, with undefined, removes) the model for this process; the offline reading is the default. */
export function useReturnCommentModel(model: ReturnCommentModel | undefined): void {
  configured = model;
  prepared.clear();
  failuresInRow = 0;
  pausedUntilMs = 0;
}

const key = (comment: string) => comment.trim().slice(0, 2000);

/** How the last comments were read, for tests and logs: the model's answer or offline. */
export function preparedResult(comment: string): SentimentResult | undefined {
  return prepared.get(key(comment));
}

/**
 * Classifies the return comments of a batch with the model, before its transaction. Never throws and
 * never takes longer than the model's `timeoutMs`; returns how many comments the model answered.
 */
export async function prepareReturnComments(messages: readonly ReceivedMessage[]): Promise<number> {
  const model = configured;
  if (!model || Date.now() < pausedUntilMs) return 0;
  const comments = new Set<string>();
  for (const m of messages) {
    const d = decodeMessage(m);
    if (d.kind !== 'event' || d.event.type !== EVENT_TYPES.returnRequested) continue;
    const comment = (d.event.data as { comment?: string | null }).comment;
    if (comment && key(comment) !== '' && !prepared.has(key(comment))) comments.add(key(comment));
  }
  if (comments.size === 0) return 0;
  const deadline = AbortSignal.timeout(model.timeoutMs);
  const results = await Promise.allSettled(
    [...comments].map(async (comment) => {
      const result = await Promise.race([
        classifyWithModel(model.chat, comment, deadline),
        new Promise<never>((_, reject) => {
          if (deadline.aborted) reject(new Error('timed out'));
          deadline.addEventListener('abort', () => reject(new Error('timed out')), { once: true });
        }),
      ]);
      remember(comment, result);
    }),
  );
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed.length === 0) failuresInRow = 0;
  else {
    failuresInRow += 1;
    if (failuresInRow >= BREAKER_FAILURES) pausedUntilMs = Date.now() + BREAKER_PAUSE_MS;
    model.onFallback?.(errorReason(failed[0]!.reason));
  }
  return results.length - failed.length;
}

function remember(comment: string, result: SentimentResult): void {
  if (prepared.size >= PREPARED_MAX) prepared.delete(prepared.keys().next().value!);
  prepared.set(comment, result);
}

/** A short reason without the comment or the model's answer (either may hold personal data). */
function errorReason(err: unknown): string {
  if (err instanceof z.ZodError) return 'the model did not answer {sentiment, score}';
  if (err instanceof SyntaxError) return 'the model did not answer JSON';
  const e = err as { name?: string; message?: string };
  return `${e.name ?? 'Error'}: ${(e.message ?? '').slice(0, 120)}`;
}
