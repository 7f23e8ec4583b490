import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyReturnComment } from '../../services/oms-consumer/return-sentiment.ts';

interface Labelled {
  text: string;
  label: 'positive' | 'neutral' | 'negative';
  /** `dev` comments were used to tune the domain lexicon; `holdout` ones were written before and never. */
  set: 'dev' | 'holdout';
}

const labelled = fs
  .readFileSync(new URL('../fixtures/return-comments/labelled.jsonl', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as Labelled);

function accuracy(rows: Labelled[]): number {
  return rows.filter((r) => classifyReturnComment(r.text).sentiment === r.label).length / rows.length;
}

describe('return comment sentiment (offline)', () => {
  it('has a labelled set of at least 60 comments in every class', () => {
    expect(labelled.length).toBeGreaterThanOrEqual(60);
    for (const label of ['positive', 'neutral', 'negative']) {
      expect(labelled.filter((r) => r.label === label).length, label).toBeGreaterThanOrEqual(15);
    }
  });

  it('classifies at least 80 % of the held-out comments correctly, and of the whole set', () => {
    const holdout = labelled.filter((r) => r.set === 'holdout');
    expect(holdout.length).toBeGreaterThanOrEqual(20);
    console.log(
      `return sentiment accuracy: held-out ${(accuracy(holdout) * 100).toFixed(1)} % of ${holdout.length}, ` +
        `all ${(accuracy(labelled) * 100).toFixed(1)} % of ${labelled.length}`,
    );
    expect(accuracy(holdout)).toBeGreaterThanOrEqual(0.8);
    expect(accuracy(labelled)).toBeGreaterThanOrEqual(0.8);
  });

  it.each([
    ['Arrived torn, support never answered. Terrible.', 'negative'],
    ['Great, another broken zipper. Just what I needed.', 'negative'],
    ['Not as described: the colour is nothing like the photos.', 'negative'],
    ['Changed my mind, nothing wrong with it.', 'neutral'],
    ['I am not unhappy with it, I just prefer the blue one.', 'neutral'],
    ['Love it, fits perfectly! Only returning because I got two as gifts.', 'positive'],
  ] as const)('reads %s as %s', (text, sentiment) => {
    expect(classifyReturnComment(text).sentiment).toBe(sentiment);
  });

  it('scores within −1…+1 with three decimals, negative below positive', () => {
    const bad = classifyReturnComment('Broken, cracked, leaking and missing parts. Awful, worst ever.');
    const good = classifyReturnComment('Lovely, excellent, perfect quality, thanks!');
    for (const r of [bad, good]) {
      expect(r.score).toBeGreaterThanOrEqual(-1);
      expect(r.score).toBeLessThanOrEqual(1);
      expect(Math.round(r.score * 1000) / 1000).toBe(r.score);
    }
    expect(bad.score).toBeLessThan(0);
    expect(good.score).toBeGreaterThan(0);
    expect(classifyReturnComment('')).toEqual({ sentiment: 'neutral', score: 0 });
    expect(classifyReturnComment(null)).toEqual({ sentiment: 'neutral', score: 0 });
  });
});
