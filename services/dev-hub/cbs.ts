/**
 * Claims-based security (`$cbs`): clients send `put-token` requests carrying a token for an audience
 * (the entity URI they are about to attach to); the hub validates the token and remembers the claim on
 * that connection. Entity links are admitted only when a live claim on the connection covers them, the
 * way Event Hubs does.
 *
 * Tokens: SAS tokens are checked for shape, expiry and (unless `verifySignatures` is off) the signature
 * against the configured keys, and their resource must cover the claimed audience. JWTs (Entra ID) are
 * accepted on their `exp` alone: the dev hub cannot validate Entra ID signatures.
 */
import { audienceCovers } from './entity-address.ts';
import { checkSasToken, type TokenCheck } from './sas-token.ts';
import type { ManagementResponse } from './request-response.ts';

export const SAS_TOKEN_TYPE = 'servicebus.windows.net:sastoken';
export const JWT_TOKEN_TYPE = 'jwt';

/** Claims granted on one AMQP connection: audience → expiry (epoch ms). */
export type ConnectionClaims = Map<string, number>;

export interface CbsPolicy {
  keys: Readonly<Record<string, string>>;
  verifySignatures: boolean;
}

export class CbsAuthority {
  constructor(private readonly policy: CbsPolicy) {}

  /** Validates a token of `type`; for SAS tokens the resource must cover `audience` when given. */
  checkToken(token: unknown, type: unknown, audience: string | undefined, nowMs = Date.now()): TokenCheck {
    if (typeof token !== 'string' || token.length === 0)
      return { valid: false, reason: 'No token in the request.' };
    if (type === JWT_TOKEN_TYPE) return checkJwtExpiry(token, audience ?? '', nowMs);
    if (type !== undefined && type !== SAS_TOKEN_TYPE)
      return { valid: false, reason: `Unsupported token type '${String(type)}'.` };
    const check = checkSasToken(token, {
      keys: this.policy.keys,
      verifySignature: this.policy.verifySignatures,
      nowMs,
    });
    if (check.valid && audience !== undefined && !audienceCovers(check.audience, audience)) {
      return {
        valid: false,
        reason: `The token's resource '${check.audience}' does not cover '${audience}'.`,
      };
    }
    return check;
  }

  /** Handles one `put-token` request: on success the claim is added to `claims`. */
  putToken(
    applicationProperties: Record<string, unknown>,
    body: unknown,
    claims: ConnectionClaims,
  ): ManagementResponse {
    const audience = applicationProperties.name;
    if (typeof audience !== 'string' || audience.length === 0) {
      return {
        statusCode: 400,
        statusDescription: 'The put-token request has no audience (name).',
        errorCondition: 'amqp:invalid-field',
      };
    }
    const check = this.checkToken(body, applicationProperties.type, audience);
    if (!check.valid) {
      return { statusCode: 401, statusDescription: check.reason, errorCondition: 'amqp:unauthorized-access' };
    }
    claims.set(audience, check.expiresAtMs);
    return { statusCode: 202, statusDescription: 'Accepted' };
  }

  /** SASL PLAIN check: the key name and key must be configured (any pair when signatures are not verified). */
  acceptsKey(keyName: string, key: string): boolean {
    if (!this.policy.verifySignatures) return true;
    return Object.hasOwn(this.policy.keys, keyName) && this.policy.keys[keyName] === key;
  }

  /** Whether a live claim in `claims` covers the entity path (expired claims are pruned). */
  isAuthorized(claims: ConnectionClaims, entityPath: string, nowMs = Date.now()): boolean {
    for (const [audience, expiresAtMs] of claims) {
      if (expiresAtMs <= nowMs) {
        claims.delete(audience);
        continue;
      }
      if (audienceCovers(audience, entityPath)) return true;
    }
    return false;
  }
}

function checkJwtExpiry(token: string, audience: string, nowMs: number): TokenCheck {
  const payload = token.split('.')[1];
  if (!payload) return { valid: false, reason: 'The token is not a JWT.' };
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
    if (typeof claims.exp !== 'number') return { valid: false, reason: 'The JWT has no exp claim.' };
    const expiresAtMs = claims.exp * 1000;
    if (expiresAtMs <= nowMs) return { valid: false, reason: 'The JWT has expired.' };
    return { valid: true, audience, expiresAtMs };
  } catch {
    return { valid: false, reason: 'The JWT payload is not valid JSON.' };
  }
}
