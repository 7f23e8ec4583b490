import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { createOperatorAuth } from '../../services/order-api/security/operator-auth.ts';
import {
  cookieValue,
  createOperatorSessions,
  operatorSessionAccess,
} from '../../services/order-api/security/operator-session.ts';
import { createLogger } from '../../services/shared/logger.ts';

/** The ops console's session cookie (docs/security.md, "The ops console's cookie"). */

const SECRET = 's'.repeat(40);
const TOKEN = 't'.repeat(40);
const logger = createLogger({ level: 'silent' });

/** Just what operator auth reads from a request. */
function request(headers: Record<string, string>): Request {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { get: (name: string) => lower[name.toLowerCase()] } as unknown as Request;
}

function setup(tokens = [TOKEN], now = () => Date.parse('2026-12-02T10:00:00Z')) {
  const sessions = createOperatorSessions({ secret: SECRET, now });
  const auth = createOperatorAuth({ tokens, logger, session: sessions });
  return { sessions, auth, access: operatorSessionAccess(auth, sessions) };
}

const cookieOf = (setCookie: string) => setCookie.split(';')[0]!;

describe('operator sessions', () => {
  it('turns an operator token into an HttpOnly, SameSite=Strict cookie that operator auth accepts', async () => {
    const { access, auth } = setup();
    const signedIn = await access.signIn(TOKEN, false);
    expect(signedIn.ok).toBe(true);
    if (!signedIn.ok) return;
    expect(signedIn.setCookie).toMatch(/; Max-Age=28800; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(signedIn.setCookie).not.toContain(TOKEN);
    const result = await auth.authenticateRequest(
      request({ Cookie: `a=b; ${cookieOf(signedIn.setCookie)}` }),
    );
    expect(result).toMatchObject({ ok: true, principal: { kind: 'operator', via: 'session' } });
    // Over HTTPS (directly or per X-Forwarded-Proto from the trusted proxy) the cookie is Secure too.
    expect(await access.signIn(TOKEN, true)).toMatchObject({ setCookie: expect.stringMatching(/; Secure$/) });
  });

  it('refuses a wrong token, a forged or expired cookie, and a session whose token was removed', async () => {
    const { access, auth } = setup();
    expect(await access.signIn('x'.repeat(40), false)).toEqual({ ok: false });
    const signedIn = await access.signIn(TOKEN, false);
    const cookie = signedIn.ok ? cookieOf(signedIn.setCookie) : '';
    const forged = cookie.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect(await auth.authenticateRequest(request({ Cookie: forged }))).toEqual({
      ok: false,
      reason: 'missing',
    });

    const later = setup([TOKEN], () => Date.parse('2026-12-02T18:00:01Z'));
    expect(await later.auth.authenticateRequest(request({ Cookie: cookie }))).toMatchObject({ ok: false });
    const revoked = setup(['u'.repeat(40)]);
    expect(await revoked.auth.authenticateRequest(request({ Cookie: cookie }))).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });

  it('judges a request with an Authorization header by the header alone', async () => {
    const { access, auth } = setup();
    const signedIn = await access.signIn(TOKEN, false);
    const cookie = signedIn.ok ? cookieOf(signedIn.setCookie) : '';
    const result = await auth.authenticateRequest(
      request({ Authorization: 'Bearer wrong-token', Cookie: cookie }),
    );
    expect(result).toEqual({ ok: false, reason: 'invalid' });
  });

  it('signs out with an expired cookie of the same attributes', () => {
    const { access } = setup();
    expect(access.signOut(false)).toBe('oms_operator_session=; Max-Age=0; Path=/; HttpOnly; SameSite=Strict');
  });

  it('reads one cookie out of a Cookie header', () => {
    expect(cookieValue('a=1; oms_operator_session=x.y; b=2', 'oms_operator_session')).toBe('x.y');
    expect(cookieValue(undefined, 'a')).toBeUndefined();
  });
});
