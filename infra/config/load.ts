import type { z } from 'zod';
import { environments } from './environments/index.ts';
import { ConfigError } from './errors.ts';
import { ENVIRONMENTS, infraConfigSchema, type EnvironmentName, type InfraConfig } from './schema.ts';

function toIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/** Validates an environment name from `--env` or `OMS_ENV`. */
export function parseEnvironmentName(value: string | undefined): EnvironmentName {
  if ((ENVIRONMENTS as readonly (string | undefined)[]).includes(value)) return value as EnvironmentName;
  throw new ConfigError('environment selection', [
    {
      path: 'environment',
      message: `unknown environment ${JSON.stringify(value ?? '')}: expected one of ${ENVIRONMENTS.join(', ')}`,
    },
  ]);
}

/**
 * Validates a raw configuration object. Throws ConfigError naming every bad field; nothing is built from
 * a configuration that has not passed through here.
 */
export function parseConfig(raw: unknown, source = 'inline configuration'): InfraConfig {
  const parsed = infraConfigSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(source, toIssues(parsed.error));
  return parsed.data;
}

/** The validated configuration of one environment. */
export function loadConfig(environment: string | undefined): InfraConfig {
  const name = parseEnvironmentName(environment);
  const config = parseConfig(environments[name], `infra/config/environments/${name}.ts`);
  if (config.environment !== name) {
    throw new ConfigError(`infra/config/environments/${name}.ts`, [
      {
        path: 'environment',
        message: `says "${config.environment}" but the file is registered as "${name}"`,
      },
    ]);
  }
  return config;
}
