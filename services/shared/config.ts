import path from 'node:path';
import { z } from 'zod';

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

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
    OMS_DATA_DIR: z.string().min(1).default('./data'),
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
  })
  .transform((env) => {
    const dataDir = path.resolve(env.OMS_DATA_DIR);
    return {
      nodeEnv: env.NODE_ENV,
      logLevel: env.LOG_LEVEL,
      dataDir,
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
