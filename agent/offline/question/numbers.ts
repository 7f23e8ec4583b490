/** Numbers written as words in questions ("top five", "last seven days"). */
const WORDS: Readonly<Record<string, number>> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  fifty: 50,
  hundred: 100,
  a: 1,
  single: 1,
};

export const NUMBER_WORD_PATTERN = Object.keys(WORDS)
  .filter((w) => w !== 'a' && w !== 'single')
  .join('|');

/** A number as digits or a word; undefined when it is neither. */
export function parseNumberWord(token: string): number | undefined {
  const t = token.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  return WORDS[t];
}
