/**
 * `npm run deploy -- <cloud|onprem> --env <dev|prod> [-- cdktf deploy args]`
 * `npm run diff -- [cloud|onprem] [--env <dev|prod>] [-- cdktf diff args]`
 *
 * Wraps `cdktf deploy|diff` (which re-runs infra/main.ts, so the policy checks gate every plan) after
 * the pre-flight checks in cdktf-invocation.ts. Deploy writes the stack outputs for Ansible to
 * infra/outputs/<env>/<stack>.json (sensitive outputs excluded; read those with `terraform output`).
 * `npm run deploy -- onprem --env <env> --ansible-inventory FILE` chains Ansible's bootstrap.yml before
 * and deploy.yml after the stack (scripts/onprem-path.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { InvocationRefused, REPO_ROOT, planCdktfInvocation, type CdktfCommand } from './cdktf-invocation.ts';
import { ConfigError } from './config/errors.ts';
import { OnpremPathRefused, onpremPath, takeAnsibleInventory, type Step } from '../scripts/onprem-path.ts';

function runStep(step: Step): number {
  console.log(`\n== ${step.title}: ${step.command} ${step.args.join(' ')}`);
  const result = spawnSync(step.command, step.args, { cwd: step.cwd, env: step.env, stdio: 'inherit' });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function run(): number {
  const [command, ...args] = process.argv.slice(2);
  if (command !== 'deploy' && command !== 'diff') {
    console.error('usage: tsx infra/deploy.ts <deploy|diff> [cloud|onprem] [--env dev|prod] [-- cdktf args]');
    return 2;
  }
  try {
    const { inventory, argv } = takeAnsibleInventory(args);
    const invocation = planCdktfInvocation(command as CdktfCommand, argv, process.env);
    const ansible = inventory ? onpremPath({ ...invocation, command, inventory }, process.env) : undefined;
    for (const step of ansible?.before ?? []) {
      const status = runStep(step);
      if (status !== 0) return status;
    }
    mkdirSync(path.join(REPO_ROOT, 'infra', 'outputs', invocation.environment), { recursive: true });
    console.log(`cdktf ${invocation.args.join(' ')}  (environment ${invocation.environment})`);
    const result = spawnSync(invocation.command, invocation.args, {
      cwd: REPO_ROOT,
      env: invocation.env,
      stdio: 'inherit',
    });
    if (result.error) throw result.error;
    if (result.status !== 0) return result.status ?? 1;
    for (const step of ansible?.after ?? []) {
      const status = runStep(step);
      if (status !== 0) return status;
    }
    return 0;
  } catch (error) {
    if (
      error instanceof ConfigError ||
      error instanceof InvocationRefused ||
      error instanceof OnpremPathRefused
    ) {
      console.error(error.message);
      return 2;
    }
    throw error;
  }
}

process.exitCode = run();
