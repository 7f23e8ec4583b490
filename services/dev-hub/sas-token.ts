/**
 * Shared Access Signature tokens, as Event Hubs clients present them over CBS:
 *
 *   SharedAccessSignature sr=<url-encoded resource URI>&sig=<url-encoded base64 HMAC>&se=<expiry, epoch s>&skn=<key name>
 *
 * The signature is HMAC-SHA256, keyed with the shared access key's text, over `<sr as sent>\n<se>`.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface SasToken {
  /** The decoded resource URI the token grants access to (its audience). */
  resource: string;
  keyName: string;
  expiresAtMs: number;
  /** The `sr` value exactly as sent; the signature covers this form. */
  encodedResource: string;
  signature: Buffer;
  expirySeconds: string;
}

export type TokenCheck =
  { valid: true; audience: string; expiresAtMs: number } | { valid: false; reason: string };

const PREFIX = 'SharedAccessSignature ';

/** Parses a SAS token; undefined if it is not one (missing fields, bad numbers). */
export function parseSasToken(token: string): SasToken | undefined {
  if (!token.startsWith(PREFIX)) return undefined;
  const fields = new Map<string, string>();
  for (const pair of token.slice(PREFIX.length).trim().split('&')) {
    const eq = pair.indexOf('=');
    if (eq > 0) fields.set(pair.slice(0, eq).toLowerCase(), pair.slice(eq + 1));
  }
  const sr = fields.get('sr');
  const sig = fields.get('sig');
  const se = fields.get('se');
  const skn = fields.get('skn');
  if (!sr || !sig || !se || !skn || !/^\d+$/.test(se)) return undefined;
  try {
    return {
      resource: decodeURIComponent(sr),
      keyName: decodeURIComponent(skn),
      expiresAtMs: Number(se) * 1000,
      encodedResource: sr,
      signature: Buffer.from(decodeURIComponent(sig), 'base64'),
      expirySeconds: se,
    };
  } catch {
    return undefined;
  }
}

export interface SasValidationOptions {
  /** Shared access key name → key. */
  keys: Readonly<Record<string, string>>;
  /** When false, any key name and signature is accepted (expiry is still checked). */
  verifySignature: boolean;
  nowMs: number;
}

/**
 * Checks a raw SAS token: well-formed, not expired and, when asked, signed by a configured key. The
 * reasons start with the service's codes (`MalformedToken:`, `ExpiredToken:`, `InvalidSignature:`), the
 * part of a put-token failure people match on.
 */
export function checkSasToken(raw: string, options: SasValidationOptions): TokenCheck {
  const token = parseSasToken(raw);
  if (!token)
    return { valid: false, reason: 'MalformedToken: The token is not a valid SharedAccessSignature.' };
  if (token.expiresAtMs <= options.nowMs) {
    return {
      valid: false,
      reason: `ExpiredToken: The token is expired. Expiration time: '${new Date(token.expiresAtMs).toISOString()}'`,
    };
  }
  if (options.verifySignature) {
    const key = Object.hasOwn(options.keys, token.keyName) ? options.keys[token.keyName] : undefined;
    // An unknown key name cannot be told apart from a wrong key: the service answers both the same way.
    const expected =
      key === undefined
        ? undefined
        : createHmac('sha256', key).update(`${token.encodedResource}\n${token.expirySeconds}`).digest();
    if (
      expected === undefined ||
      expected.length !== token.signature.length ||
      !timingSafeEqual(expected, token.signature)
    ) {
      return { valid: false, reason: 'InvalidSignature: The token has an invalid signature.' };
    }
  }
  return { valid: true, audience: token.resource, expiresAtMs: token.expiresAtMs };
}

/**
 * Creates a SAS token the way the SDKs do (for tools and tests that talk to the hub without an SDK).
 */
export function createSasToken(resource: string, keyName: string, key: string, expiresAtMs: number): string {
  const sr = encodeURIComponent(resource);
  const se = String(Math.floor(expiresAtMs / 1000));
  const sig = encodeURIComponent(createHmac('sha256', key).update(`${sr}\n${se}`).digest('base64'));
  return `${PREFIX}sr=${sr}&sig=${sig}&se=${se}&skn=${encodeURIComponent(keyName)}`;
}
