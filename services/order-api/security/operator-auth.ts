import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import type { Logger } from '../../shared/logger.ts';
import { sendProblem } from '../problem.ts';

/**
 * Who an authenticated request comes from; the agent keys per-caller limits on `subject`. Operators
 * may do everything operator-only; integrations (warehouse, carriers) only report fulfilment.
 */
export interface Principal {
  kind: 'operator' | 'integration';
  subject: string;
  via: 'token' | 'entra-id' | 'session';
}

export interface EntraIdOptions {
  /** e.g. https://login.microsoftonline.com/<tenant-id>/v2.0 */
  issuer: string;
  /** The API's application ID URI or client id, as in the token's `aud`. */
  audience: string;
  /** Where the signing keys are; discovered from the issuer's OpenID configuration when unset. */
  jwksUrl?: string | undefined;
  /** An app role the token's `roles` claim must contain. */
  requiredRole?: string | undefined;
}

export interface OperatorAuthOptions {
  /** Static bearer tokens (OPERATOR_TOKENS); only their SHA-256 digests are kept. */
  tokens: readonly string[];
  /** Static bearer tokens of integrations (INTEGRATION_TOKENS); likewise. */
  integrationTokens?: readonly string[] | undefined;
  entra?: EntraIdOptions | undefined;
  logger: Logger;
  /** The ops console's session cookie (operator-session.ts), accepted when no Authorization header is sent. */
  session?: { principalOf(cookieHeader: string | undefined): Principal | undefined } | undefined;
}

export type Authentication =
  { ok: true; principal: Principal } | { ok: false; reason: 'missing' | 'invalid' | 'unavailable' };

export interface OperatorAuth {
  /** Checks an `Authorization` header value. */
  authenticate(authorization: string | undefined): Promise<Authentication>;
  /** Checks a request: its `Authorization` header, else the ops console's session cookie. */
  authenticateRequest(req: Request): Promise<Authentication>;
  /** Lets an operator through with `res.locals.principal` set, or answers 401/403 (503 if the IdP is unreachable). */
  require: RequestHandler;
  /** Lets any of these kinds of principal through, as `require` does for operators. */
  allow(kinds: readonly Principal['kind'][]): RequestHandler;
  /** Answers 403 for a valid credential that may not do this. */
  forbid(res: Response): void;
  /** Answers the refusal for a failed authentication. */
  refuse(res: Response, reason: 'missing' | 'invalid' | 'unavailable'): void;
}

const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Signature, claim and key-selection failures: the token is bad. Anything else: the IdP could not be asked. */
const TOKEN_ERRORS = new Set([
  errors.JWTClaimValidationFailed.code,
  errors.JWTExpired.code,
  errors.JWTInvalid.code,
  errors.JWSInvalid.code,
  errors.JWSSignatureVerificationFailed.code,
  errors.JWKSNoMatchingKey.code,
  errors.JWKSMultipleMatchingKeys.code,
  errors.JOSEAlgNotAllowed.code,
  errors.JOSENotSupported.code,
]);

const openIdConfiguration = z.object({ issuer: z.string(), jwks_uri: z.url() });

/** What Entra ID signs access tokens with; symmetric algorithms are never accepted. */
const ALGORITHMS = ['RS256', 'PS256', 'ES256'];

function entraVerifier(options: EntraIdOptions, logger: Logger) {
  let keys: Promise<JWTVerifyGetKey> | undefined;
  const discover = async (): Promise<JWTVerifyGetKey> => {
    if (options.jwksUrl) return createRemoteJWKSet(new URL(options.jwksUrl));
    const url = `${options.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    if (!res.ok) throw new Error(`OpenID configuration ${url} answered ${res.status}`);
    const doc = openIdConfiguration.parse(await res.json());
    if (doc.issuer !== options.issuer) {
      throw new Error(
        `OpenID configuration names issuer ${doc.issuer}, not the configured ${options.issuer}`,
      );
    }
    return createRemoteJWKSet(new URL(doc.jwks_uri));
  };
  return async (jwt: string): Promise<Authentication> => {
    try {
      // Discovered lazily and once, so the API starts while the IdP is unreachable; retried after a failure.
      keys ??= discover().catch((err: unknown) => {
        keys = undefined;
        throw err;
      });
      const { payload } = await jwtVerify(jwt, await keys, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ALGORITHMS,
        clockTolerance: 30,
        requiredClaims: ['exp'],
      });
      if (options.requiredRole && !rolesOf(payload).includes(options.requiredRole)) {
        return { ok: false, reason: 'invalid' };
      }
      const subject = String(payload.oid ?? payload.sub ?? '');
      if (!subject) return { ok: false, reason: 'invalid' };
      return { ok: true, principal: { kind: 'operator', subject: `entra:${subject}`, via: 'entra-id' } };
    } catch (err) {
      if (err instanceof errors.JOSEError && TOKEN_ERRORS.has(err.code))
        return { ok: false, reason: 'invalid' };
      logger.warn({ err }, 'could not verify an Entra ID token: the identity provider is unreachable');
      return { ok: false, reason: 'unavailable' };
    }
  };
}

/** A digest prefix names the caller in audit logs and limits without revealing the token. */
function tokenSubject(kind: Principal['kind'], digest: Buffer): string {
  return `${kind === 'operator' ? 'token' : 'integration'}:${digest.toString('hex').slice(0, 12)}`;
}

function rolesOf(payload: JWTPayload): string[] {
  return Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === 'string') : [];
}

/**
 * Operator, analyst and integration access: static bearer tokens and, when configured, Microsoft Entra
 * ID access tokens. Shoppers never need it.
 */
export function createOperatorAuth(options: OperatorAuthOptions): OperatorAuth {
  const digests = options.tokens.map((t) => sha256(t));
  const integrationDigests = (options.integrationTokens ?? []).map((t) => sha256(t));
  const entra = options.entra ? entraVerifier(options.entra, options.logger) : undefined;

  const authenticate = async (authorization: string | undefined): Promise<Authentication> => {
    if (!authorization) return { ok: false, reason: 'missing' };
    const match = /^Bearer +([\x21-\x7e]+) *$/i.exec(authorization);
    if (!match) return { ok: false, reason: 'invalid' };
    const presented = sha256(match[1]!);
    // Every stored digest is compared, so the time taken says nothing about which one nearly matched.
    let found: { kind: Principal['kind']; digest: Buffer } | undefined;
    for (const [kind, list] of [
      ['operator', digests],
      ['integration', integrationDigests],
    ] as const) {
      for (const d of list) if (timingSafeEqual(d, presented)) found = { kind, digest: d };
    }
    if (found) {
      const subject = tokenSubject(found.kind, found.digest);
      return { ok: true, principal: { kind: found.kind, subject, via: 'token' } };
    }
    if (entra && match[1]!.split('.').length === 3) return entra(match[1]!);
    return { ok: false, reason: 'invalid' };
  };

  // A session names the token it was opened with by subject; a token removed from OPERATOR_TOKENS ends it.
  const sessionSubjects = new Set(digests.map((d) => tokenSubject('operator', d)));
  const authenticateRequest = async (req: Request): Promise<Authentication> => {
    const authorization = req.get('authorization');
    if (authorization || !options.session) return authenticate(authorization);
    const principal = options.session.principalOf(req.get('cookie'));
    if (!principal) return { ok: false, reason: 'missing' };
    if (!sessionSubjects.has(principal.subject)) return { ok: false, reason: 'invalid' };
    return { ok: true, principal };
  };

  const refuse = (res: Response, reason: 'missing' | 'invalid' | 'unavailable') => {
    if (reason === 'unavailable') {
      res.setHeader('Retry-After', '5');
      sendProblem(res, 503, 'Authentication unavailable', 'The identity provider could not be reached.');
      return;
    }
    res.setHeader(
      'WWW-Authenticate',
      reason === 'missing' ? 'Bearer realm="oms"' : 'Bearer realm="oms", error="invalid_token"',
    );
    sendProblem(
      res,
      401,
      'Authentication required',
      reason === 'missing'
        ? 'Send an operator token: Authorization: Bearer <token>.'
        : 'The bearer token is not valid.',
    );
  };

  const forbid = (res: Response) =>
    sendProblem(res, 403, 'Not allowed', 'This credential may not do this; ask an operator.');

  const allow =
    (kinds: readonly Principal['kind'][]): RequestHandler =>
    async (req, res, next) => {
      const known = res.locals.principal as Principal | undefined;
      if (known && kinds.includes(known.kind)) return next();
      const result = await authenticateRequest(req);
      if (!result.ok) return refuse(res, result.reason);
      if (!kinds.includes(result.principal.kind)) return forbid(res);
      res.locals.principal = result.principal;
      next();
    };

  return { authenticate, authenticateRequest, require: allow(['operator']), allow, refuse, forbid };
}
