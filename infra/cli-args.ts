import { parseArgs } from 'node:util';
import { ConfigError } from './config/errors.ts';
import { parseEnvironmentName } from './config/load.ts';
import type { EnvironmentName } from './config/schema.ts';

/**
 * The environment comes from `--env <name>` or `OMS_ENV`. Both may be given only if they agree: a
 * mismatch is the kind of slip that deploys to the wrong place.
 */
export function selectEnvironment(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  fallback?: EnvironmentName,
): EnvironmentName {
  const fromEnv = env.OMS_ENV || undefined;
  if (flag !== undefined && fromEnv !== undefined && flag !== fromEnv) {
    throw new ConfigError('environment selection', [
      { path: 'environment', message: `--env ${flag} contradicts OMS_ENV=${fromEnv}` },
    ]);
  }
  const chosen = flag ?? fromEnv ?? fallback;
  if (chosen === undefined) {
    throw new ConfigError('environment selection', [
      { path: 'environment', message: 'choose one with --env <dev|prod> or OMS_ENV' },
    ]);
  }
  return parseEnvironmentName(chosen);
}

export interface ParsedArgs {
  readonly env?: string;
  readonly outdir?: string;
  readonly positionals: string[];
  readonly rest: string[];
}

/** `[positionals…] [--env name] [--outdir dir] [-- args passed through]` */
export function parseInfraArgs(argv: readonly string[]): ParsedArgs {
  const separator = argv.indexOf('--');
  const own = separator === -1 ? [...argv] : argv.slice(0, separator);
  const rest = separator === -1 ? [] : argv.slice(separator + 1);
  const { values, positionals } = parseArgs({
    args: own,
    options: { env: { type: 'string' }, outdir: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  return { env: values.env, outdir: values.outdir, positionals, rest };
}
