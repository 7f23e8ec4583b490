import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../services/shared/config.ts';
import { cardNumberFields, containsCardNumber } from '../../services/order-api/security/card-numbers.ts';
import { isJsonMediaType } from '../../services/order-api/security/json-only.ts';
import { createOrderTokens } from '../../services/order-api/security/order-token.ts';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return [...new Set((err as ConfigError).problems.map((p) => p.variable))].sort();
  }
  return [];
};

describe('security configuration', () => {
  it('defaults to loopback, no operator credential, closed CORS and moderate limits', () => {
    const c = loadConfig({});
    expect(c.host).toBe('127.0.0.1');
    expect(c.security).toEqual({
      orderTokenSecret: undefined,
      operatorTokens: [],
      integrationTokens: [],
      entra: undefined,
      corsOrigins: [],
      rateLimits: { ordersPerMinute: 30, trackingPerMinute: 120, agentPerMinute: 20 },
    });
  });

  it('parses lists and the Entra ID settings', () => {
    const token = 'x'.repeat(32);
    const c = loadConfig({
      HOST: '0.0.0.0',
      OPERATOR_TOKENS: ` ${token}a , ${token}b,`,
      CORS_ORIGINS: 'https://shop.example.com,http://localhost:5173',
      AUTH_ISSUER: 'https://login.microsoftonline.com/tid/v2.0',
      AUTH_AUDIENCE: 'api://oms',
      RATE_LIMIT_AGENT_PER_MINUTE: '5',
    });
    expect(c.host).toBe('0.0.0.0');
    expect(c.security.operatorTokens).toEqual([`${token}a`, `${token}b`]);
    expect(c.security.corsOrigins).toEqual(['https://shop.example.com', 'http://localhost:5173']);
    expect(c.security.entra).toMatchObject({
      issuer: 'https://login.microsoftonline.com/tid/v2.0',
      audience: 'api://oms',
    });
    expect(c.security.rateLimits.agentPerMinute).toBe(5);
  });

  it('names each bad security variable', () => {
    expect(
      problemsOf({
        ORDER_TOKEN_SECRET: 'short',
        OPERATOR_TOKENS: 'too-short',
        CORS_ORIGINS: 'https://shop.example.com/',
        RATE_LIMIT_ORDERS_PER_MINUTE: '0',
        AUTH_JWKS_URL: 'http://keys.example.com/jwks',
      }),
    ).toEqual([
      'AUTH_JWKS_URL',
      'CORS_ORIGINS',
      'OPERATOR_TOKENS',
      'ORDER_TOKEN_SECRET',
      'RATE_LIMIT_ORDERS_PER_MINUTE',
    ]);
    expect(problemsOf({ AUTH_ISSUER: 'https://login.microsoftonline.com/tid/v2.0' })).toEqual([
      'AUTH_AUDIENCE',
    ]);
    expect(problemsOf({ AUTH_AUDIENCE: 'api://oms' })).toEqual(['AUTH_ISSUER']);
    expect(problemsOf({ AUTH_ISSUER: 'http://idp.example.com/v2.0', AUTH_AUDIENCE: 'a' })).toEqual([
      'AUTH_ISSUER',
    ]);
  });
});

describe('card number detection', () => {
  it.each([
    '4111111111111111',
    '4111 1111 1111 1111',
    '4111-1111-1111-1111',
    '4111 - 1111 - 1111 - 1111',
    'card:4111111111111111;',
    '4111111111111111 exp 12/29 cvv 123',
    'pay 4111 1111 1111 1111 12 29',
    '378282246310005',
    '3782 822463 10005',
    '4222222222222',
    '5555555555554444',
  ])('finds %s', (text) => expect(containsCardNumber(text)).toBe(true));

  it.each([
    '1234567812345678',
    '1234 5678 1234 5678',
    '41111111111',
    'ORD-7K2M9Q4XHB',
    '2026-11-20T10:00:00Z',
    '+49 30 123456',
    'Damrak 1, 1012 LG Amsterdam',
  ])('leaves %s alone', (text) => expect(containsCardNumber(text)).toBe(false));

  it('names fields at any depth, keys and integers included, without the number', () => {
    expect(
      cardNumberFields({
        ok: 'fine',
        payment: { token: '4111111111111111' },
        items: [{ sku: 'A' }, { memo: ['x', '5555 5555 5555 4444'] }],
        amount: 4111111111111111,
        '4012888888881881': 'key',
      }),
    ).toEqual(['(key)', 'amount', 'items.1.memo.1', 'payment.token']);
    expect(cardNumberFields({ a: 1, b: 'x', c: [1.5, null, true] })).toEqual([]);
  });

  it('does not overflow the stack on deeply nested bodies', () => {
    let deep: unknown = '4111111111111111';
    for (let i = 0; i < 50_000; i++) deep = [deep];
    expect(cardNumberFields(deep)).toHaveLength(1);
  });
});

describe('order tokens and media types', () => {
  it('verifies only the token of that order under that secret', () => {
    const tokens = createOrderTokens('s'.repeat(32));
    const token = tokens.sign('ORD-7K2M9Q4XHB');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tokens.verify('ORD-7K2M9Q4XHB', token)).toBe(true);
    expect(tokens.verify('ORD-7K2M9Q4XHC', token)).toBe(false);
    expect(tokens.verify('ORD-7K2M9Q4XHB', undefined)).toBe(false);
    expect(tokens.verify('ORD-7K2M9Q4XHB', `${token}x`)).toBe(false);
    expect(createOrderTokens('t'.repeat(32)).verify('ORD-7K2M9Q4XHB', token)).toBe(false);
  });

  it('accepts JSON media types only', () => {
    for (const t of ['application/json', 'Application/JSON; charset=utf-8', 'application/merge-patch+json'])
      expect(isJsonMediaType(t), t).toBe(true);
    for (const t of [
      undefined,
      '',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/jsonx',
    ])
      expect(isJsonMediaType(t), String(t)).toBe(false);
  });
});
