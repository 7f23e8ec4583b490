import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/cdktf-invocation.ts';
import { EXIT, runSynthCommand } from '../../infra/synth-command.ts';
import { configFor } from './support/fixtures.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'oms-synth-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, deps: { log: (l: string) => out.push(l), error: (l: string) => err.push(l) } };
}

describe('npm run synth (infra/main.ts)', () => {
  it('writes both stacks offline and exits 0', () => {
    const outdir = path.join(tempDir(), 'out');
    const run = spawnSync(
      path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'),
      ['infra/main.ts', '--env', 'prod', '--outdir', outdir],
      // No proxy, no credentials, nothing but the repository: synth must not need the network.
      { cwd: REPO_ROOT, encoding: 'utf8', env: { PATH: process.env.PATH, HOME: tempDir() } },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    for (const stack of ['cloud', 'onprem']) {
      const file = path.join(outdir, 'stacks', stack, 'cdk.tf.json');
      expect(JSON.parse(readFileSync(file, 'utf8'))['//'].metadata.stackName).toBe(stack);
    }
    expect(run.stdout).toContain('policy: all rules passed for 2 stacks');
  });

  it('fails with exit 2 before synthesizing anything when the environment is unknown', () => {
    const outdir = path.join(tempDir(), 'out');
    const run = spawnSync(
      path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'),
      ['infra/main.ts', '--outdir', outdir],
      { cwd: REPO_ROOT, encoding: 'utf8', env: { PATH: process.env.PATH, OMS_ENV: 'staging' } },
    );
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('environment: unknown environment "staging"');
    expect(existsSync(outdir)).toBe(false);
  });

  it('exits 1 with the rule id and resource path on a policy violation', () => {
    const { err, deps } = capture();
    const code = runSynthCommand(
      ['--outdir', path.join(tempDir(), 'out')],
      {},
      {
        ...deps,
        loadConfig: () =>
          configFor('prod', { archive: { lockImmutabilityPolicy: false, immutabilityDays: 90 } }),
      },
    );
    expect(code).toBe(EXIT.policy);
    expect(err.join('\n')).toMatch(
      /\[OMS-ARC-001\] cloud\/archive\/immutability \(azurerm_storage_container_immutability_policy\.\w+\)/,
    );
    expect(err.join('\n')).toMatch(/\[OMS-ARC-002\] cloud\/archive\/immutability /);
  });

  it('exits 2 on bad arguments and contradicting environment selections', () => {
    const { err, deps } = capture();
    expect(runSynthCommand(['--nope'], {}, deps)).toBe(EXIT.config);
    expect(runSynthCommand(['--env', 'dev'], { OMS_ENV: 'prod' }, deps)).toBe(EXIT.config);
    expect(err.join('\n')).toContain('--env dev contradicts OMS_ENV=prod');
  });

  it('exits 2 when remote state is half configured', () => {
    const { err, deps } = capture();
    const code = runSynthCommand(
      ['--outdir', path.join(tempDir(), 'out')],
      { OMS_STATE_BACKEND: 'azurerm' },
      deps,
    );
    expect(code).toBe(EXIT.config);
    expect(err.join('\n')).toContain('OMS_STATE_RESOURCE_GROUP');
  });
});
