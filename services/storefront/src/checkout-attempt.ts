import { readJson, writeJson } from './storage.ts';

/**
 * One Idempotency-Key per checkout attempt. Pressing "Place order" twice, retrying after a lost answer
 * or reloading mid-request reuses the key as long as the order is the same, so the API answers with the
 * same order instead of making a second one; changing the cart or the form starts a new attempt. Only a
 * hash of the order is kept (session storage, this tab), not the shopper's details.
 */
const KEY = 'mgc.checkout-attempt.v1';

/** cyrb53: a fast 53-bit string hash; equality of attempts is all it is used for. */
function hash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // Plain-HTTP pages on a LAN address have no randomUUID; getRandomValues works everywhere.
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join(
    '',
  );
}

export function attemptKey(body: unknown): string {
  const fingerprint = hash(JSON.stringify(body));
  const saved = readJson<{ key: string; fingerprint: string }>('session', KEY);
  if (saved && saved.fingerprint === fingerprint && typeof saved.key === 'string') return saved.key;
  const key = newKey();
  writeJson('session', KEY, { key, fingerprint });
  return key;
}

export function endAttempt(): void {
  writeJson('session', KEY, undefined);
}
