/**
 * Masks e-mail addresses wherever they appear in a value (a customer's email column, a notification
 * recipient, an address inside a JSON payload or a comment): `jane.doe@example.com` → `j***@***.com`.
 * The guard makes sure personal columns reach here untransformed, so a pattern match finds them.
 */
const EMAIL = /[A-Z0-9._%+'-]+@[A-Z0-9-]+(?:\.[A-Z0-9-]+)*\.([A-Z]{2,})/gi;

export function maskEmails(text: string): string {
  return text.replace(EMAIL, (match, tld: string) => `${match[0]}***@***.${tld}`);
}

export function maskValue(value: unknown): unknown {
  return typeof value === 'string' ? maskEmails(value) : value;
}

export function maskRows(rows: unknown[][]): unknown[][] {
  return rows.map((row) => row.map(maskValue));
}
