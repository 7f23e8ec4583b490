import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/cdktf-invocation.ts';

const SCRIPT = path.join(REPO_ROOT, 'infra', 'scripts', 'bootstrap-state.sh');
const SUBSCRIPTION = '3f2b8c1e-6a4d-4e0f-9b7a-1c2d3e4f5a6b';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/**
 * A fake `az` on PATH that records every call. `loggedIn` decides what `az account show` does; the
 * other queries the script makes get plausible answers.
 */
function fakeAz(loggedIn: boolean): { bin: string; calls: () => string[] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'fake-az-'));
  dirs.push(dir);
  const log = path.join(dir, 'calls.log');
  const script = `#!/usr/bin/env bash
printf '%s\\n' "$*" >> '${log}'
case "$*" in
  "account show"*)
    ${loggedIn ? '' : "echo 'Please run az login to setup account.' >&2; exit 1"}
    case "$*" in
      *"--query id"*) echo '${SUBSCRIPTION}' ;;
      *"--query name"*) echo 'OMS Production' ;;
    esac ;;
  "storage account show"*) echo '/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-oms-tfstate/providers/Microsoft.Storage/storageAccounts/sttfstate3f2b8c1e' ;;
  "ad signed-in-user show"*) echo '11111111-2222-4333-8444-555555555555' ;;
  "role assignment list"*) echo '0' ;;
esac
exit 0
`;
  const bin = path.join(dir, 'bin');
  spawnSync('mkdir', [bin]);
  writeFileSync(path.join(bin, 'az'), script);
  chmodSync(path.join(bin, 'az'), 0o755);
  return { bin, calls: () => readFileSync(log, 'utf8').trim().split('\n') };
}

function runScript(bin: string, args: string[] = ['--yes']) {
  return spawnSync('bash', [SCRIPT, ...args], {
    encoding: 'utf8',
    env: { PATH: `${bin}:/usr/bin:/bin`, HOME: tmpdir() },
  });
}

describe('infra/scripts/bootstrap-state.sh', () => {
  it('is shellcheck-clean', () => {
    const run = spawnSync('shellcheck', ['--severity=style', SCRIPT], { encoding: 'utf8' });
    expect(run.error).toBeUndefined();
    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('refuses to run without a logged-in account, before touching anything', () => {
    const az = fakeAz(false);
    const run = runScript(az.bin);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('not logged in to Azure. Run "az login"');
    expect(az.calls()).toEqual(['account show --output none']);
  });

  it('refuses to run without the Azure CLI', () => {
    const run = spawnSync('/bin/bash', [SCRIPT, '--yes'], {
      encoding: 'utf8',
      env: { PATH: '/nonexistent' },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('the Azure CLI (az) is not installed');
  });

  it('rejects unknown options and invalid account names', () => {
    const az = fakeAz(true);
    expect(runScript(az.bin, ['--bogus']).status).toBe(2);
    const bad = runScript(az.bin, ['--yes', '--account', 'Not_Valid']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("invalid storage account name 'Not_Valid'");
  });

  it('creates hardened, key-less state storage and prints the backend exports', () => {
    const az = fakeAz(true);
    const run = runScript(az.bin, ['--yes', '--subscription', SUBSCRIPTION]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const calls = az.calls();
    expect(calls).toContain(`account set --subscription ${SUBSCRIPTION}`);
    const create = calls.find((c) => c.startsWith('storage account create'));
    expect(create).toContain('--name sttfstate3f2b8c1e');
    for (const flag of [
      '--min-tls-version TLS1_2',
      '--https-only true',
      '--allow-blob-public-access false',
      '--allow-shared-key-access false',
    ]) {
      expect(create).toContain(flag);
    }
    expect(calls.find((c) => c.startsWith('storage account blob-service-properties update'))).toContain(
      '--enable-versioning true',
    );
    expect(calls.find((c) => c.startsWith('role assignment create'))).toContain(
      '--role Storage Blob Data Contributor --scope /subscriptions/',
    );
    expect(calls.some((c) => c.startsWith('lock create') && c.includes('--lock-type CanNotDelete'))).toBe(
      true,
    );
    expect(run.stdout).toContain('export OMS_STATE_BACKEND=azurerm');
    expect(run.stdout).toContain('export OMS_STATE_STORAGE_ACCOUNT=sttfstate3f2b8c1e');
    expect(run.stdout).toContain(`export OMS_STATE_SUBSCRIPTION_ID=${SUBSCRIPTION}`);
  });

  it('asks before changing anything unless --yes is given', () => {
    const az = fakeAz(true);
    const run = spawnSync('bash', [SCRIPT], {
      encoding: 'utf8',
      input: 'n\n',
      env: { PATH: `${az.bin}:/usr/bin:/bin`, HOME: tmpdir() },
    });
    expect(run.status).toBe(3);
    expect(az.calls().some((c) => c.startsWith('group create'))).toBe(false);
  });
});
