import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseInfraArgs, selectEnvironment } from './cli-args.ts';
import { ConfigError } from './config/errors.ts';
import { loadConfig as loadEnvironmentConfig } from './config/load.ts';
import { findPlaceholders } from './config/placeholders.ts';
import type { EnvironmentName, InfraConfig } from './config/schema.ts';
import { readStateSettings } from './config/state.ts';
import { CLOUD_STACK } from './stacks/cloud-stack.ts';
import { ONPREM_STACK } from './stacks/onprem-stack.ts';

/**
 * Turns `npm run deploy|diff -- <stack…> [--env …] [-- cdktf args]` into one `cdktf` invocation, after
 * the checks that must hold before anything touches a real subscription or host. Pure: `deploy.ts` runs
 * the result.
 */

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const STACKS = [CLOUD_STACK, ONPREM_STACK] as const;
export type StackName = (typeof STACKS)[number];
export type CdktfCommand = 'deploy' | 'diff';

/** Sensitive Terraform variables of the onprem stack, supplied as `TF_VAR_*`. */
export const ONPREM_SECRETS = ['TF_VAR_mysql_root_password', 'TF_VAR_mysql_oms_password'] as const;

export interface CdktfInvocation {
  readonly environment: EnvironmentName;
  readonly stacks: readonly StackName[];
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The invocation is refused; every reason is listed so one run shows everything to fix. */
export class InvocationRefused extends Error {
  readonly code = 'OMS_INFRA_REFUSED';

  constructor(readonly reasons: readonly string[]) {
    super(`Refusing to run:\n${reasons.map((r) => `  - ${r}`).join('\n')}`);
    this.name = 'InvocationRefused';
  }
}

function parseStacks(positionals: readonly string[], command: CdktfCommand): StackName[] {
  const unknown = positionals.filter((p) => !(STACKS as readonly string[]).includes(p));
  if (unknown.length > 0) {
    throw new ConfigError('command line', [
      { path: 'stack', message: `unknown stack ${unknown.join(', ')}: expected ${STACKS.join(' or ')}` },
    ]);
  }
  if (positionals.length === 0) {
    if (command === 'deploy') {
      throw new ConfigError('command line', [
        { path: 'stack', message: `name the stack to deploy: ${STACKS.join(' or ')} (cloud first)` },
      ]);
    }
    return [...STACKS];
  }
  return [...new Set(positionals)] as StackName[];
}

export function planCdktfInvocation(
  command: CdktfCommand,
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  loadConfig: (environment: EnvironmentName) => InfraConfig = loadEnvironmentConfig,
): CdktfInvocation {
  const args = parseInfraArgs(argv);
  // Deploy never guesses: the environment must be named. A diff of dev is harmless, so it is the default.
  const environment = selectEnvironment(args.env, env, command === 'diff' ? 'dev' : undefined);
  const stacks = parseStacks(args.positionals, command);
  const config = loadConfig(environment);
  const state = readStateSettings(env);

  const reasons: string[] = [];
  if (command === 'deploy') {
    for (const field of findPlaceholders(config)) {
      reasons.push(`${field} in infra/config/environments/${environment}.ts still holds an example value`);
    }
    if (environment === 'prod' && state.backend === 'local') {
      reasons.push(
        'prod state must be remote: run infra/scripts/bootstrap-state.sh and export the OMS_STATE_* variables it prints',
      );
    }
  }
  if (stacks.includes(ONPREM_STACK)) {
    for (const name of ONPREM_SECRETS) {
      if (!env[name]) reasons.push(`${name} is not set (the onprem stack needs it; Terraform would prompt)`);
    }
  }
  if (reasons.length > 0) throw new InvocationRefused(reasons);

  const outputsFile = path.join(REPO_ROOT, 'infra', 'outputs', environment, `${stacks.join('+')}.json`);
  const cdktfArgs = [
    command,
    ...stacks,
    ...(command === 'deploy' ? ['--outputs-file', outputsFile] : []),
    ...args.rest,
  ];
  return {
    environment,
    stacks,
    command: path.join(REPO_ROOT, 'node_modules', '.bin', 'cdktf'),
    args: cdktfArgs,
    env: {
      ...env,
      // The app cdktf runs (infra/main.ts) reads the environment from here.
      OMS_ENV: environment,
      // No update checks or telemetry from the cdktf CLI.
      CHECKPOINT_DISABLE: '1',
    },
  };
}
