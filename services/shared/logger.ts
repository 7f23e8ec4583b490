import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * One logger for the process. JSON lines in production and when piped; human-readable on a terminal.
 * Secrets that might ride along in objects are redacted by path, so a careless `log.info(config)` is safe.
 */
export function createLogger(options: { level?: string; name?: string; pretty?: boolean } = {}): Logger {
  const pretty = options.pretty ?? (process.stdout.isTTY === true && process.env.NODE_ENV !== 'production');
  return pino({
    name: options.name ?? 'oms',
    level: options.level ?? process.env.LOG_LEVEL ?? 'info',
    redact: {
      paths: [
        '*.password',
        '*.connectionString',
        '*.token',
        '*.apiKey',
        'config.databaseUrl',
        'config.agentDatabaseUrl',
        'req.headers.authorization',
      ],
      censor: '[redacted]',
    },
    ...(pretty
      ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l' } } }
      : {}),
  });
}
