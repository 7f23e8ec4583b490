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
  private cache: { text: string; map: number[] } | undefined;

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

  /** The unread words, read phrases removed and spaces collapsed. */
  get unreadText(): string {
    return this.compacted().text;
  }

  /**
   * Matches of a regex in the unread text; `accept` may veto one (it then stays unread). Runs of spaces
   * left by read phrases count as one space, so "which [top 3] cities" still reads as "which cities";
   * match indexes are positions in the full question.
   */
  take(re: RegExp, accept: (m: RegExpExecArray) => boolean | void = () => true): RegExpExecArray[] {
    const flags = re.flags.includes('g') ? re.flags : `${re.flags}g`;
    const { text, map } = this.compacted();
    const taken: RegExpExecArray[] = [];
    for (const m of [...text.matchAll(new RegExp(re.source, flags))] as RegExpExecArray[]) {
      if (m[0].trim() === '') continue;
      const start = map[m.index] as number;
      const end = (map[m.index + m[0].length - 1] as number) + 1;
      m.index = start;
      if (accept(m) === false) continue;
      this.markRead(start, end - start);
      taken.push(m);
    }
    return taken;
  }

  /** The first match (or nothing), marked read when `accept` agrees. */
  takeOne(
    re: RegExp,
    accept: (m: RegExpExecArray) => boolean | void = () => true,
  ): RegExpExecArray | undefined {
    const { text, map } = this.compacted();
    const m = new RegExp(re.source, re.flags.replace('g', '')).exec(text);
    if (!m || m[0].trim() === '') return undefined;
    const start = map[m.index] as number;
    const end = (map[m.index + m[0].length - 1] as number) + 1;
    m.index = start;
    if (accept(m) === false) return undefined;
    this.markRead(start, end - start);
    return m;
  }

  /** Whether the unread text matches (nothing is marked read). */
  has(re: RegExp): boolean {
    return new RegExp(re.source, re.flags.replace('g', '')).test(this.compacted().text);
  }

  /** Whether the whole question (read or not) matches. */
  mentions(re: RegExp): boolean {
    return new RegExp(re.source, re.flags.replace('g', '')).test(this.lower);
  }

  /** The unread text with runs of spaces collapsed, and for each of its characters the original index. */
  private compacted(): { text: string; map: number[] } {
    if (this.cache) return this.cache;
    let text = '';
    const map: number[] = [];
    for (let i = 0; i < this.unread.length; i++) {
      const ch = this.unread[i] as string;
      if (ch === ' ' && (text === '' || text.endsWith(' '))) continue;
      text += ch;
      map.push(i);
    }
    if (text.endsWith(' ')) {
      text = text.slice(0, -1);
      map.pop();
    }
    this.cache = { text, map };
    return this.cache;
  }

  markRead(index: number, length: number): void {
    this.cache = undefined;
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
    .map((token) =>
      token.includes('@') || /^ord-/i.test(token) ? token : token.replace(/(?<=[a-z])-(?=[a-z])/gi, ' '),
    )
    .join(' ')
    .trim();
}
