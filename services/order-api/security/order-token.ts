import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import { ConfigError } from '../../shared/config.ts';
import { readOrCreateSecretFile } from './private-file.ts';

/** Proves "I placed this order" without sessions: an HMAC of the order id that any API instance can check. */
export interface OrderTokens {
  sign(orderId: string): string;
  verify(orderId: string, token: string | undefined): boolean;
}

export function createOrderTokens(secret: string): OrderTokens {
  const key = Buffer.from(secret, 'utf8');
  const sign = (orderId: string) => createHmac('sha256', key).update(orderId).digest('base64url');
  return {
    sign,
    verify(orderId, token) {
      if (!token) return false;
      const expected = Buffer.from(sign(orderId));
      const given = Buffer.from(token);
      // The length of a valid token is public (43 characters); only the content must not leak.
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}

/**
 * The secret order tokens are signed with. Production must configure it (every instance needs the
 * same one). In development one is generated once and kept in `$OMS_DATA_DIR/order-token-secret`, so
 * tokens handed out survive restarts.
 * @throws {ConfigError} naming ORDER_TOKEN_SECRET when NODE_ENV=production and it is unset.
 */
export function resolveOrderTokenSecret(options: {
  configured: string | undefined;
  nodeEnv: string;
  dataDir: string;
}): string {
  if (options.configured) return options.configured;
  if (options.nodeEnv === 'production') {
    throw new ConfigError([
      {
        variable: 'ORDER_TOKEN_SECRET',
        message:
          'required when NODE_ENV=production, the same value on every order-api instance (openssl rand -base64 32)',
      },
    ]);
  }
  return readOrCreateSecretFile(path.join(options.dataDir, 'order-token-secret'), () =>
    randomBytes(32).toString('base64url'),
  );
}
