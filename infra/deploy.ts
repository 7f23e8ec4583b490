/**
 * `npm run deploy -- <cloud|onprem> --env <dev|prod> [-- cdktf deploy args]`
 * `npm run diff -- [cloud|onprem] [--env <dev|prod>] [-- cdktf diff args]`
 *
 * Wraps `cdktf deploy|diff` (which re-runs infra/main.ts, so the policy checks gate every plan) after
 * the pre-flight checks in cdktf-invocation.ts. Deploy writes the stack outputs for Ansible to
 * infra/outputs/<env>/<stack>.json (sensitive outputs excluded; read those with `terraform output`).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { InvocationRefused, REPO_ROOT, planCdktfInvocation, type CdktfCommand } from './cdktf-invocation.ts';
import { ConfigError } from './config/errors.ts';

function run(): number {
  const [command, ...argv] = process.argv.slice(2);
  if (command !== 'deploy' && command !== 'diff') {
    console.error('usage: tsx infra/deploy.ts <deploy|diff> [cloud|onprem] [--env dev|prod] [-- cdktf args]');
    return 2;
  }
  try {
    const invocation = planCdktfInvocation(command as CdktfCommand, argv, process.env);
    mkdirSync(path.join(REPO_ROOT, 'infra', 'outputs', invocation.environment), { recursive: true });
    console.log(`cdktf ${invocation.args.join(' ')}  (environment ${invocation.environment})`);
    const result = spawnSync(invocation.command, invocation.args, {
      cwd: REPO_ROOT,
      env: invocation.env,
      stdio: 'inherit',
    });
    if (result.error) throw result.error;
    return result.status ?? 1;
  } catch (error) {
    if (error instanceof ConfigError || error instanceof InvocationRefused) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
}

process.exitCode = run();
