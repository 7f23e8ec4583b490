import type { ValueVocabulary } from '../../catalog/value-vocabulary.ts';
import type { Term } from './lexicon.ts';
import { normalise } from './question-text.ts';

/**
 * Terms for the open value sets (categories, products, cities, carriers, channels) built from the values
 * the database holds, which the offline model reads from its system prompt. Values are written as the
 * question normaliser would write them ("Home & Kitchen" → "home and kitchen").
 */
export interface VocabularyTerms {
  categories: Term[];
  products: Term[];
  cities: Term[];
  carriers: Term[];
  channels: Term[];
  /** ISO codes of the countries orders ship to: upper-case two-letter words are read as these. */
  countryCodes: string[];
}

const STOP = new Set(['and', 'the', 'of', 'for', 'with', 'set', 'kit', 'box', 'pack', 'mini', 'in', 'a']);

export function vocabularyTerms(v: ValueVocabulary): VocabularyTerms {
  return {
    categories: categoryTerms(v.categories),
    products: sortLongestFirst(
      v.products.map((p) => ({ value: p, pattern: `${escape(phrase(p))}(?:e?s)?` })),
    ),
    cities: sortLongestFirst(v.cities.map((c) => ({ value: c, pattern: escape(phrase(c)) }))),
    carriers: sortLongestFirst(v.carriers.map((c) => ({ value: c, pattern: escape(phrase(c)) }))),
    channels: sortLongestFirst(
      v.channels.map((c) => ({
        value: c,
        pattern: `${escape(phrase(c))}|${escape(phrase(c).replace(/_/g, ' '))}`,
      })),
    ),
    countryCodes: v.countries.map((c) => c.toUpperCase()),
  };
}

/**
 * A category is found by its full name or by a word of it no other category shares ("toys" → "Toys & Games",
 * "kitchen" → "Home & Kitchen"), singular or plural.
 */
function categoryTerms(categories: string[]): Term[] {
  const words = new Map<string, string[]>();
  for (const c of categories) {
    for (const w of phrase(c).split(' ')) {
      if (w.length < 4 || STOP.has(w)) continue;
      const stem = w.replace(/s$/, '');
      words.set(stem, [...(words.get(stem) ?? []), c]);
    }
  }
  const terms = categories.map((c) => {
    const own = [...words.entries()]
      .filter(([, cs]) => cs.length === 1 && cs[0] === c)
      .map(([w]) => `${escape(w)}s?`);
    return { value: c, pattern: [escape(phrase(c)), ...own].join('|') };
  });
  return sortLongestFirst(terms);
}

function phrase(value: string): string {
  return normalise(value).toLowerCase();
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function sortLongestFirst(terms: Term[]): Term[] {
  return [...terms].sort((a, b) => b.pattern.length - a.pattern.length);
}
