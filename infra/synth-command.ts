import { synthesize } from './app.ts';
import { parseInfraArgs, selectEnvironment } from './cli-args.ts';
import { ConfigError } from './config/errors.ts';
import { loadConfig as loadEnvironmentConfig } from './config/load.ts';
import type { EnvironmentName, InfraConfig } from './config/schema.ts';
import { readStateSettings } from './config/state.ts';
import { PolicyViolationError } from './policy/evaluate.ts';

export interface SynthCommandDeps {
  readonly loadConfig: (environment: EnvironmentName) => InfraConfig;
  readonly log: (line: string) => void;
  readonly error: (line: string) => void;
}

/** Exit codes: a caller (CI, cdktf) can tell a policy failure from a configuration mistake. */
export const EXIT = { ok: 0, policy: 1, config: 2 } as const;

/**
 * `npm run synth [-- --env dev|prod] [--outdir dir]`: validate the configuration, synthesize both stacks,
 * run the policy checks. Returns the process exit code.
 */
export function runSynthCommand(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  deps: Partial<SynthCommandDeps> = {},
): number {
  const { loadConfig = loadEnvironmentConfig, log = console.log, error = console.error } = deps;
  const started = performance.now();
  try {
    const args = parseInfraArgs(argv);
    const environment = selectEnvironment(args.env, env, 'dev');
    const config = loadConfig(environment);
    const state = readStateSettings(env);
    const result = synthesize({ config, state, ...(args.outdir ? { outdir: args.outdir } : {}) });
    for (const stack of result.stacks) log(`synthesized ${stack.name} (${environment}) → ${stack.file}`);
    const elapsed = Math.round(performance.now() - started);
    log(`policy: all rules passed for ${result.stacks.length} stacks (${elapsed} ms)`);
    return EXIT.ok;
  } catch (caught) {
    if (caught instanceof PolicyViolationError) {
      error(caught.message);
      return EXIT.policy;
    }
    // parseArgs reports unknown flags as TypeErrors carrying an ERR_PARSE_ARGS_* code.
    const badArgs =
      caught instanceof TypeError && String((caught as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
    if (caught instanceof ConfigError || badArgs) {
      error((caught as Error).message);
      return EXIT.config;
    }
    throw caught;
  }
}
