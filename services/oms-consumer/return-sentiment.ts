import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import type { Sentiment } from '../shared/domain/vocabulary.ts';

export interface SentimentResult {
  sentiment: Sentiment;
  /** −1 (very negative) … +1 (very positive), three decimals (the `returns.sentiment_score` column). */
  score: number;
}

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

/** Classifies one return comment; an empty or missing comment is neutral with score 0. */
export function classifyReturnComment(comment: string | null | undefined): SentimentResult {
  const text = (comment ?? '').trim().slice(0, 2000);
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
