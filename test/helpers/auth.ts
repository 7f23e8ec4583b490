import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import {
  createApiSecurity,
  type ApiSecurity,
  type ApiSecurityOptions,
} from '../../services/order-api/security/api-security.ts';
import { createLogger } from '../../services/shared/logger.ts';

/**
 * Credentials shared by every API instance and child `oms` process of one test run, so an order token
 * issued by one instance is accepted by another, as in production.
 */
export const TEST_OPERATOR_TOKEN = `test-operator-${randomBytes(24).toString('base64url')}`;
export const TEST_INTEGRATION_TOKEN = `test-integration-${randomBytes(24).toString('base64url')}`;
export const TEST_ORDER_TOKEN_SECRET = randomBytes(32).toString('base64url');

/** Limits no functional test reaches; the security test sets low ones to see 429. */
export const GENEROUS_RATE_LIMITS = {
  ordersPerMinute: 1_000_000,
  trackingPerMinute: 1_000_000,
  agentPerMinute: 1_000_000,
} as const;

/** The API's security for a test: the shared secret and operator token, generous limits. */
export function testSecurity(overrides: Partial<ApiSecurityOptions> = {}): ApiSecurity {
  return createApiSecurity({
    orderTokenSecret: TEST_ORDER_TOKEN_SECRET,
    operatorTokens: [TEST_OPERATOR_TOKEN],
    integrationTokens: [TEST_INTEGRATION_TOKEN],
    rateLimits: GENEROUS_RATE_LIMITS,
    logger: createLogger({ level: 'silent', pretty: false }),
    ...overrides,
  });
}

/** `Authorization` for operator endpoints (/metrics, the agent, any order). */
export function operatorHeaders(token = TEST_OPERATOR_TOKEN): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** The same credentials and limits as environment variables for a child `oms` process. */
export function securityEnv(): Record<string, string> {
  return {
    OPERATOR_TOKENS: TEST_OPERATOR_TOKEN,
    INTEGRATION_TOKENS: TEST_INTEGRATION_TOKEN,
    ORDER_TOKEN_SECRET: TEST_ORDER_TOKEN_SECRET,
    RATE_LIMIT_ORDERS_PER_MINUTE: String(GENEROUS_RATE_LIMITS.ordersPerMinute),
    RATE_LIMIT_TRACKING_PER_MINUTE: String(GENEROUS_RATE_LIMITS.trackingPerMinute),
    RATE_LIMIT_AGENT_PER_MINUTE: String(GENEROUS_RATE_LIMITS.agentPerMinute),
  };
}

export interface SignOptions {
  /** A duration ('10m') or an absolute time in epoch seconds (in the past for an expired token). */
  expiresIn?: string | number;
  /** 'unknown' signs with a key the JWKS does not publish (a forgery). */
  key?: 'published' | 'unknown';
  audience?: string;
  issuer?: string;
}

export interface TestIdentityProvider {
  /** Like https://login.microsoftonline.com/<tenant>/v2.0, on loopback. */
  issuer: string;
  audience: string;
  /** An access token signed with the published key; claims and times may be overridden. */
  sign(claims?: JWTPayload, options?: SignOptions): Promise<string>;
  /** How often the OpenID configuration and the key set were fetched. */
  requests(): { discovery: number; keys: number };
  close(): Promise<void>;
}

/**
 * A stand-in for Microsoft Entra ID on a loopback port: the OpenID configuration at
 * `{issuer}/.well-known/openid-configuration` and the JWKS it points to, with an RS256 key the test
 * signs tokens with (and a second, unpublished key for forgeries).
 */
export async function startTestIdentityProvider(audience = 'api://oms-test'): Promise<TestIdentityProvider> {
  const published = await generateKeyPair('RS256', { extractable: true });
  const unknown = await generateKeyPair('RS256', { extractable: true });
  const kid = 'test-key-1';
  const jwk = { ...(await exportJWK(published.publicKey)), kid, alg: 'RS256', use: 'sig' };
  const counts = { discovery: 0, keys: 0 };
  let issuer = '';
  const server = http.createServer((req, res) => {
    if (req.url === '/tenant/v2.0/.well-known/openid-configuration') {
      counts.discovery++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ issuer, jwks_uri: `${new URL(issuer).origin}/tenant/discovery/v2.0/keys` }));
    } else if (req.url === '/tenant/discovery/v2.0/keys') {
      counts.keys++;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tenant/v2.0`;
  return {
    issuer,
    audience,
    async sign(claims = {}, options = {}) {
      const key = options.key === 'unknown' ? unknown.privateKey : published.privateKey;
      return new SignJWT({ oid: '00000000-0000-0000-0000-00000000a11c', ...claims })
        .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
        .setIssuer(options.issuer ?? issuer)
        .setAudience(options.audience ?? audience)
        .setSubject('analyst-subject')
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? '10m')
        .sign(key);
    },
    requests: () => ({ ...counts }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
