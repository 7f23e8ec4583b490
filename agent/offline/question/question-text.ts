/**
 * A question being read. Recognisers find phrases in what is still unread and mark them read by blanking
 * them out (positions never shift, so every recogniser can say where its phrase was). What is left unread
 * at the end is how the model knows it did not understand something — and must not answer with a number.
 */
export class QuestionText {
  /** Normalised text, original case (ISO codes like "DE" and order ids are case-sensitive clues). */
  readonly cased: string;
  /** The same text in lower case, same length. */
  readonly lower: string;
  private unread: string;

  constructor(question: string) {
    this.cased = normalise(question);
    this.lower = this.cased.replace(/[\s\S]/g, (ch) => {
      const l = ch.toLowerCase();
      return l.length === 1 ? l : ch;
    });
    this.unread = this.lower;
  }

  /** The unread part (read parts are spaces). */
  get rest(): string {
    return this.unread;
  }

  /** Matches of a global regex in the unread text; `accept` may veto one (it then stays unread). */
  take(re: RegExp, accept: (m: RegExpExecArray) => boolean | void = () => true): RegExpExecArray[] {
    const flags = re.flags.includes('g') ? re.flags : `${re.flags}g`;
    const global = new RegExp(re.source, flags);
    const taken: RegExpExecArray[] = [];
    for (const m of [...this.unread.matchAll(global)] as RegExpExecArray[]) {
      if (m[0].trim() === '') continue;
      if (accept(m) === false) continue;
      this.markRead(m.index, m[0].length);
      taken.push(m);
    }
    return taken;
  }

  /** The first match (or nothing), marked read when `accept` agrees. */
  takeOne(re: RegExp, accept: (m: RegExpExecArray) => boolean | void = () => true): RegExpExecArray | undefined {
    const source = new RegExp(re.source, re.flags.replace('g', ''));
    const m = source.exec(this.unread);
    if (!m || m[0].trim() === '' || accept(m) === false) return undefined;
    this.markRead(m.index, m[0].length);
    return m;
  }

  /** Whether the unread text matches (nothing is marked read). */
  has(re: RegExp): boolean {
    return new RegExp(re.source, re.flags.replace('g', '')).test(this.unread);
  }

  /** Whether the whole question (read or not) matches. */
  mentions(re: RegExp): boolean {
    return new RegExp(re.source, re.flags.replace('g', '')).test(this.lower);
  }

  markRead(index: number, length: number): void {
    this.unread = this.unread.slice(0, index) + ' '.repeat(length) + this.unread.slice(index + length);
  }

  /** The words nobody recognised, minus the ones that carry no meaning. */
  unreadWords(filler: ReadonlySet<string>): string[] {
    return this.unread
      .split(/[^a-z0-9€%'_]+/)
      .map((w) => w.replace(/^'+|'+$/g, '').replace(/'s$/, ''))
      .filter((w) => w !== '' && !filler.has(w));
  }
}

/**
 * Same meaning, fewer spellings: typographic quotes and dashes, "&" as "and", thousands separators, and
 * punctuation that only ends sentences. Dates (2026-11-01), order ids (ORD-…), emails and decimals keep
 * their dots and hyphens.
 */
export function normalise(question: string): string {
  const text = question
    .replace(/[\u2018\u2019\u201b\u2032]/g, "'")
    .replace(/[\u201c\u201d\u201e]/g, '"')
    .replace(/[\u2013\u2014]/g, ' - ')
    .replace(/\u00a0/g, ' ')
    .replace(/&/g, ' and ')
    .replace(/(\d),(\d{3})\b/g, '$1$2')
    .replace(/[?!;:"()[\]{}]/g, ' ')
    .replace(/,/g, ' , ')
    .replace(/\.(?=\s|$)/g, ' ');
  return text
    .split(/\s+/)
    .map((token) => (token.includes('@') || /^ord-/i.test(token) ? token : token.replace(/(?<=[a-z])-(?=[a-z])/gi, ' ')))
    .join(' ')
    .trim();
}
