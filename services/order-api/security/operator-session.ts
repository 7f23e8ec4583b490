import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import type { Authentication, OperatorAuth, Principal } from './operator-auth.ts';

/**
 * The ops console's session cookie. A browser cannot add `Authorization: Bearer` to a page navigation,
 * so an operator signs in once by pasting an OPERATOR_TOKENS token; the API then sets this cookie and
 * accepts it wherever it accepts the bearer token (docs/security.md, "The ops console's cookie").
 *
 * The cookie holds no token: `base64url(subject|expiry).base64url(HMAC-SHA256(key, that))`, signed
 * with a key derived from ORDER_TOKEN_SECRET (already the same on every instance), so any instance can
 * check it without a session store. Revoking the token (removing it from OPERATOR_TOKENS) ends its
 * sessions too: operator auth accepts a session only while its subject names a configured token.
 */
export const OPERATOR_SESSION_COOKIE = 'oms_operator_session';

/** A working day: long enough for a shift, short enough that a forgotten browser does not stay in. */
const DEFAULT_TTL_SECONDS = 8 * 3600;

export interface OperatorSessions {
  /** The `Set-Cookie` value that signs this operator in. */
  issue(principal: Principal, secure: boolean): string;
  /** The `Set-Cookie` value that signs out (expires the cookie). */
  clear(secure: boolean): string;
  /** The operator a `Cookie` header's session names, when its signature holds and it has not expired. */
  principalOf(cookieHeader: string | undefined): Principal | undefined;
}

const b64 = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** The value of one cookie in a `Cookie` header (the last one wins if a name repeats). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  let found: string | undefined;
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) found = part.slice(eq + 1).trim();
  }
  return found;
}

export function createOperatorSessions(options: {
  /** ORDER_TOKEN_SECRET; the session key is derived from it so the two uses never share a key. */
  secret: string;
  ttlSeconds?: number;
  now?: () => number;
}): OperatorSessions {
  const key = createHmac('sha256', options.secret).update('oms operator session v1').digest();
  const ttl = options.ttlSeconds ?? DEFAULT_TTL_SECONDS;
  const now = options.now ?? Date.now;
  const sign = (payload: string) => createHmac('sha256', key).update(payload).digest();
  const attributes = (secure: boolean) =>
    // Strict: the browser never sends it on a request another site starts (CSRF); HttpOnly: page
    // scripts cannot read it (XSS cannot lift it); Path=/ because the console calls /api/… too.
    `Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;

  return {
    issue(principal, secure) {
      const payload = b64(`${principal.subject}|${Math.floor(now() / 1000) + ttl}`);
      return `${OPERATOR_SESSION_COOKIE}=${payload}.${b64(sign(payload))}; Max-Age=${ttl}; ${attributes(secure)}`;
    },
    clear(secure) {
      return `${OPERATOR_SESSION_COOKIE}=; Max-Age=0; ${attributes(secure)}`;
    },
    principalOf(cookieHeader) {
      const value = cookieValue(cookieHeader, OPERATOR_SESSION_COOKIE);
      const [payload, mac, extra] = (value ?? '').split('.');
      if (!payload || !mac || extra !== undefined) return undefined;
      const presented = Buffer.from(mac, 'base64url');
      const expected = sign(payload);
      if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return undefined;
      const [subject, expires] = Buffer.from(payload, 'base64url').toString('utf8').split('|');
      if (!subject || !/^\d+$/.test(expires ?? '') || Number(expires) * 1000 <= now()) return undefined;
      return { kind: 'operator', subject, via: 'session' };
    },
  };
}

/** What the ops console needs from the API's security: who is asking, and signing in and out. */
export interface OperatorSessionAccess {
  /** The request's operator: its `Authorization` header, else its session cookie. */
  check(req: Request): Promise<Authentication>;
  /**
   * Opens a session for a pasted OPERATOR_TOKENS token: the `Set-Cookie` value, or why not. Entra ID
   * access tokens are refused here (they expire within the hour and keep working as a bearer header).
   */
  signIn(token: string, secure: boolean): Promise<{ ok: true; setCookie: string } | { ok: false }>;
  signOut(secure: boolean): string;
}

export function operatorSessionAccess(auth: OperatorAuth, sessions: OperatorSessions): OperatorSessionAccess {
  return {
    check: (req) => auth.authenticateRequest(req),
    async signIn(token, secure) {
      const result = await auth.authenticate(`Bearer ${token.trim()}`);
      if (!result.ok || result.principal.kind !== 'operator' || result.principal.via !== 'token') {
        return { ok: false };
      }
      return { ok: true, setCookie: sessions.issue(result.principal, secure) };
    },
    signOut: (secure) => sessions.clear(secure),
  };
}
