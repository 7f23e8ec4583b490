import path from 'node:path';
import { z } from 'zod';
import { parseWebhookTargets } from './notifications/webhook-targets.ts';

/**
 * The process configuration (design §8): every variable the services read, validated once at start-up.
 * Nothing else in the code base reads `process.env` for these names.
 */

const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const databaseUrl = z
  .string()
  .refine((v) => /^(mysql|mariadb):\/\/[^/]+\/\w+/.test(v) || /^sqlite:.+/.test(v), {
    message: 'must look like mysql://user:password@host:3306/database or sqlite:./path/to/file.sqlite',
  });

const port = z.coerce.number().int().min(0).max(65535);

/** A comma-separated list; blanks around items and empty items are ignored. */
const commaList = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);

const perMinute = z.coerce.number().int().min(1).max(1_000_000_000);

const fraudScore = z.coerce.number().int().min(0).max(101);

/** https, except on loopback where the tests serve their own identity provider. */
const identityUrl = z.url().refine(
  (v) => {
    const u = new URL(v);
    return u.protocol === 'https:' || ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  },
  { message: 'must be an https URL (http only on loopback)' },
);

/** Long enough that guessing is hopeless; `openssl rand -base64 32` gives 44 characters. */
const MIN_SECRET = 32;

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
    OMS_DATA_DIR: z.string().min(1).default('./data'),
    // Partner order files' drop folder (docs/imports.md); default <OMS_DATA_DIR>/import.
    IMPORT_DIR: z.string().min(1).optional(),
    DATABASE_URL: databaseUrl.optional(),
    AGENT_DATABASE_URL: databaseUrl.optional(),
    EVENTHUB_CONNECTION_STRING: z
      .string()
      .refine((v) => /Endpoint=sb:\/\//i.test(v), {
        message: 'must be an Event Hubs connection string (Endpoint=sb://…;SharedAccessKeyName=…;…)',
      })
      .optional(),
    EVENTHUB_FQDN: z
      .string()
      .regex(/^[a-z0-9.-]+$/i, 'must be a host name such as mynamespace.servicebus.windows.net')
      .optional(),
    EVENTHUB_NAME: z
      .string()
      .regex(/^[a-zA-Z0-9][\w.-]{0,255}$/, 'must be an Event Hub name')
      .default('orders'),
    EVENTHUB_CONSUMER_GROUP: z.string().min(1).default('oms'),
    STORAGE_CONNECTION_STRING: z.string().min(1).optional(),
    STORAGE_ACCOUNT_URL: z.url().optional(),
    CHECKPOINT_CONTAINER: z
      .string()
      .regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, 'must be a valid Blob container name')
      .default('oms-checkpoints'),
    ARCHIVE_CONTAINER: z
      .string()
      .regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, 'must be a valid Blob container name')
      .default('order-archive'),
    AGENT_PROVIDER: z.enum(['offline', 'openai', 'azure-openai', 'ollama']).default('offline'),
    AGENT_ALLOW_PII: booleanString.default(false),
    PORT: port.default(8080),
    HOST: z
      .string()
      .regex(/^[\w.:-]+$/, 'must be an interface address such as 127.0.0.1 or 0.0.0.0')
      .default('127.0.0.1'),
    ORDER_TOKEN_SECRET: z
      .string()
      .min(MIN_SECRET, `must be at least ${MIN_SECRET} characters (openssl rand -base64 32)`)
      .optional(),
    OPERATOR_TOKENS: commaList
      .refine((tokens) => tokens.every((t) => t.length >= MIN_SECRET), {
        message: `each token must be at least ${MIN_SECRET} characters (openssl rand -base64 32)`,
      })
      .refine((tokens) => tokens.every((t) => /^[\x21-\x7e]+$/.test(t)), {
        message: 'tokens are visible ASCII without spaces, separated by commas',
      })
      .default([]),
    // Warehouse and carrier systems: may report shipments and deliveries, nothing else.
    INTEGRATION_TOKENS: commaList
      .refine((tokens) => tokens.every((t) => t.length >= MIN_SECRET && /^[\x21-\x7e]+$/.test(t)), {
        message: `each token is at least ${MIN_SECRET} visible ASCII characters, separated by commas`,
      })
      .default([]),
    AUTH_ISSUER: identityUrl.optional(),
    AUTH_AUDIENCE: z.string().min(1).optional(),
    AUTH_JWKS_URL: identityUrl.optional(),
    AUTH_REQUIRED_ROLE: z.string().min(1).optional(),
    CORS_ORIGINS: commaList
      .refine((origins) => origins.every((o) => URL.canParse(o) && new URL(o).origin === o), {
        message: 'must be origins such as https://shop.example.com (scheme, host, port; no path or slash)',
      })
      .default([]),
    RATE_LIMIT_ORDERS_PER_MINUTE: perMinute.default(30),
    RATE_LIMIT_TRACKING_PER_MINUTE: perMinute.default(120),
    RATE_LIMIT_AGENT_PER_MINUTE: perMinute.default(20),
    // 101 switches a threshold off: no score reaches it.
    FRAUD_HOLD_SCORE: fraudScore.default(65),
    FRAUD_CANCEL_SCORE: fraudScore.default(85),
    // Notifications (docs/notifications.md). No SMTP_URL ⇒ emails go to the log, without recipients.
    SMTP_URL: z
      .string()
      .refine((v) => /^smtps?:\/\/[^/]+/.test(v), { message: 'must look like smtp://user:password@host:587' })
      .optional(),
    MAIL_FROM: z.string().min(3).default('MyGreatCompany <no-reply@mygreatcompany.example>'),
    WEBHOOK_URLS: z
      .string()
      .transform((v, ctx) => {
        try {
          return parseWebhookTargets(v);
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: (err as Error).message });
          return z.NEVER;
        }
      })
      .default([]),
    WEBHOOK_SECRET: z
      .string()
      .min(MIN_SECRET, `must be at least ${MIN_SECRET} characters (openssl rand -base64 32)`)
      .optional(),
    NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
    NOTIFY_BASE_DELAY_MS: z.coerce.number().int().min(1).max(86_400_000).default(5_000),
    NOTIFY_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(10_000),
    NOTIFY_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
    NOTIFY_POLL_MS: z.coerce.number().int().min(10).max(600_000).default(1_000),
    // Operator alerts (docs/alerts.md): thresholds and how often the consumer checks them.
    ALERT_EMAIL: z.email().optional(),
    // Negative return comments are flagged to this address (notice `return.negative`).
    SUPPORT_EMAIL: z.email().optional(),
    ALERT_CHECK_INTERVAL_SECONDS: z.coerce.number().min(0.1).max(3600).default(15),
    ALERT_DB_OUTAGE_SECONDS: z.coerce.number().min(0).max(86_400).default(30),
    ALERT_LAG_EVENTS: z.coerce.number().int().min(1).default(10_000),
    ALERT_CAPTURE_LAG_SECONDS: z.coerce.number().min(1).max(604_800).default(900),
    ALERT_DEAD_LETTER_QUIET_SECONDS: z.coerce.number().min(0).max(604_800).default(300),
    // Standalone consumers' /metrics that order-api reads for GET /api/ops/pipeline (comma-separated);
    // unset: the consumer embedded in the same process (`oms start`). Read with the first OPERATOR_TOKENS.
    CONSUMER_METRICS_URL: commaList
      .refine((urls) => urls.every((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol)), {
        message: 'must be http(s) URLs such as http://oms-consumer:8080/metrics, separated by commas',
      })
      .default([]),
    // Return comments by the agent's LLM (AGENT_PROVIDER): how long one classification may take.
    SENTIMENT_LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(2_000),
    RETURN_WINDOW_DAYS: z.coerce.number().int().min(0).max(365).default(30),
    // Order total bounds (goods, shipping, VAT) in EUR; outside them an order fails total.within_limits.
    ORDER_MIN_TOTAL: z.coerce.number().min(0).max(1_000_000).multipleOf(0.01).default(1),
    ORDER_MAX_TOTAL: z.coerce.number().min(0.01).max(1_000_000).multipleOf(0.01).default(10_000),
  })
  .superRefine((env, ctx) => {
    if (env.ORDER_MIN_TOTAL > env.ORDER_MAX_TOTAL)
      ctx.addIssue({ code: 'custom', path: ['ORDER_MIN_TOTAL'], message: 'must not exceed ORDER_MAX_TOTAL' });
    if (env.FRAUD_HOLD_SCORE > env.FRAUD_CANCEL_SCORE)
      ctx.addIssue({
        code: 'custom',
        path: ['FRAUD_HOLD_SCORE'],
        message: 'must not exceed FRAUD_CANCEL_SCORE (a score cannot be cancelled before it is held)',
      });
    // Half an Entra ID set-up would silently accept no JWT at all; say which half is missing.
    for (const [given, missing] of [
      ['AUTH_ISSUER', 'AUTH_AUDIENCE'],
      ['AUTH_AUDIENCE', 'AUTH_ISSUER'],
    ] as const) {
      if (env[given] && !env[missing])
        ctx.addIssue({ code: 'custom', path: [missing], message: `required when ${given} is set` });
    }
    for (const name of ['AUTH_JWKS_URL', 'AUTH_REQUIRED_ROLE'] as const) {
      if (env[name] && !env.AUTH_ISSUER)
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: 'only used with AUTH_ISSUER and AUTH_AUDIENCE',
        });
    }
  })
  .transform((env) => {
    const dataDir = path.resolve(env.OMS_DATA_DIR);
    return {
      nodeEnv: env.NODE_ENV,
      logLevel: env.LOG_LEVEL,
      dataDir,
      importDir: path.resolve(env.IMPORT_DIR ?? path.join(dataDir, 'import')),
      databaseUrl: env.DATABASE_URL ?? `sqlite:${path.join(dataDir, 'oms.sqlite')}`,
      agentDatabaseUrl: env.AGENT_DATABASE_URL,
      eventHub: {
        connectionString: env.EVENTHUB_CONNECTION_STRING,
        fullyQualifiedNamespace: env.EVENTHUB_FQDN,
        name: env.EVENTHUB_NAME,
        consumerGroup: env.EVENTHUB_CONSUMER_GROUP,
      },
      storage: {
        connectionString: env.STORAGE_CONNECTION_STRING,
        accountUrl: env.STORAGE_ACCOUNT_URL,
        checkpointContainer: env.CHECKPOINT_CONTAINER,
        archiveContainer: env.ARCHIVE_CONTAINER,
      },
      agent: { provider: env.AGENT_PROVIDER, allowPii: env.AGENT_ALLOW_PII },
      port: env.PORT,
      host: env.HOST,
      security: {
        orderTokenSecret: env.ORDER_TOKEN_SECRET,
        operatorTokens: env.OPERATOR_TOKENS,
        integrationTokens: env.INTEGRATION_TOKENS,
        entra:
          env.AUTH_ISSUER && env.AUTH_AUDIENCE
            ? {
                issuer: env.AUTH_ISSUER,
                audience: env.AUTH_AUDIENCE,
                jwksUrl: env.AUTH_JWKS_URL,
                requiredRole: env.AUTH_REQUIRED_ROLE,
              }
            : undefined,
        corsOrigins: env.CORS_ORIGINS,
        rateLimits: {
          ordersPerMinute: env.RATE_LIMIT_ORDERS_PER_MINUTE,
          trackingPerMinute: env.RATE_LIMIT_TRACKING_PER_MINUTE,
          agentPerMinute: env.RATE_LIMIT_AGENT_PER_MINUTE,
        },
      },
      fraud: { holdAt: env.FRAUD_HOLD_SCORE, cancelAt: env.FRAUD_CANCEL_SCORE },
      notifications: {
        smtpUrl: env.SMTP_URL,
        mailFrom: env.MAIL_FROM,
        webhooks: env.WEBHOOK_URLS,
        webhookSecret: env.WEBHOOK_SECRET,
        maxAttempts: env.NOTIFY_MAX_ATTEMPTS,
        baseDelayMs: env.NOTIFY_BASE_DELAY_MS,
        timeoutMs: env.NOTIFY_TIMEOUT_MS,
        concurrency: env.NOTIFY_CONCURRENCY,
        pollMs: env.NOTIFY_POLL_MS,
      },
      alerts: {
        email: env.ALERT_EMAIL,
        supportEmail: env.SUPPORT_EMAIL,
        intervalMs: env.ALERT_CHECK_INTERVAL_SECONDS * 1000,
        dbOutageMs: env.ALERT_DB_OUTAGE_SECONDS * 1000,
        lagEvents: env.ALERT_LAG_EVENTS,
        captureLagMs: env.ALERT_CAPTURE_LAG_SECONDS * 1000,
        deadLetterQuietMs: env.ALERT_DEAD_LETTER_QUIET_SECONDS * 1000,
      },
      consumerMetricsUrls: env.CONSUMER_METRICS_URL,
      sentiment: { llmTimeoutMs: env.SENTIMENT_LLM_TIMEOUT_MS },
      returns: { windowDays: env.RETURN_WINDOW_DAYS },
      orderTotal: {
        minCents: Math.round(env.ORDER_MIN_TOTAL * 100),
        maxCents: Math.round(env.ORDER_MAX_TOTAL * 100),
      },
    };
  });

export type Config = z.output<typeof schema>;

/** Thrown when the environment holds a bad value; the message names every offending variable. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}\n` +
        'See .env.example for every variable and its default.',
    );
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates the configuration from `env` (default `process.env`).
 * Empty strings count as unset, so `FOO= npm start` falls back to the default.
 * @throws {ConfigError} naming each bad variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(present);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((i) => ({
        variable: String(i.path[0] ?? '(environment)'),
        message: i.message,
      })),
    );
  }
  return result.data;
}

/** Hides the password of a database URL so it can be logged or shown in an error. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):([^@]*)@/, '//$1:***@');
}
