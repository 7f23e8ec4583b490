/**
 * Masks e-mail addresses and international phone numbers wherever they appear in text: a comment, an
 * answer, an audit line. Personal columns never reach a result unmasked (the guard reads them through
 * masked stand-ins); this is the second line, for personal data typed into free text. It runs in
 * linear time, whatever the input: a 20 MB cell must not freeze the process, so no backtracking regex
 * is run over unbounded runs of text.
 */

const LOCAL = /[A-Za-z0-9._%+'-]/;
const DOMAIN = /[A-Za-z0-9.-]/;
/** `+` then 8 to 15 digits with the usual separators; bounded, so the scan from each `+` is short. */
const PHONE = /\+\d[\d ().-]{6,22}\d/g;

export function maskPersonalText(text: string): string {
  return maskPhones(maskEmails(text));
}

export function maskEmails(text: string): string {
  let at = text.indexOf('@');
  if (at < 0) return text;
  let out = '';
  let copied = 0;
  while (at >= 0) {
    let start = at;
    while (start > copied && LOCAL.test(text[start - 1] as string)) start -= 1;
    let end = at + 1;
    while (end < text.length && DOMAIN.test(text[end] as string)) end += 1;
    // Trailing dots and hyphens end a sentence, not a domain.
    while (end > at + 1 && /[.-]/.test(text[end - 1] as string)) end -= 1;
    const domain = text.slice(at + 1, end);
    const tld = /\.([A-Za-z]{2,})$/.exec(domain)?.[1];
    if (start < at && tld) {
      out += `${text.slice(copied, start)}${text[start]}***@***.${tld}`;
      copied = end;
    }
    at = text.indexOf('@', Math.max(at + 1, copied));
  }
  return out + text.slice(copied);
}

export function maskPhones(text: string): string {
  if (!text.includes('+')) return text;
  return text.replace(PHONE, (match) => {
    const digits = match.replace(/\D/g, '');
    return digits.length >= 8 && digits.length <= 15 ? `+${digits.slice(0, 2)}*** ***` : match;
  });
}

export function maskValue(value: unknown): unknown {
  return typeof value === 'string' ? maskPersonalText(value) : value;
}

export function maskRows(rows: unknown[][]): unknown[][] {
  return rows.map((row) => row.map(maskValue));
}
