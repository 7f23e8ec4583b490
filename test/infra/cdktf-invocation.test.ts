import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InvocationRefused, REPO_ROOT, planCdktfInvocation } from '../../infra/cdktf-invocation.ts';
import { ConfigError } from '../../infra/config/errors.ts';
import { configFor } from './support/fixtures.ts';

const REAL_IDS = {
  subscriptionId: '3f2b8c1e-6a4d-4e0f-9b7a-1c2d3e4f5a6b',
  principals: {
    auditorsGroupObjectId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d',
    oms: { objectId: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e', type: 'ServicePrincipal' },
    storefront: { objectId: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f', type: 'ServicePrincipal' },
  },
  eventHubs: { network: { publicAccess: 'allowed-ranges', allowedIpRanges: ['20.50.1.0/28'] } },
  monitoring: { alertEmails: ['oncall@mygreatcompany.com'] },
};

/** The committed prod file with every example value replaced, as an operator would. */
const readyProd = () =>
  configFor('prod', {
    ...REAL_IDS,
    onprem: {
      hosts: [
        { name: 'oms-edge-01', url: 'ssh://deploy@oms-edge-01.corp.internal', roles: ['edge'] },
        { name: 'oms-app-01', url: 'ssh://deploy@oms-app-01.corp.internal', roles: ['app'] },
        { name: 'oms-db-01', url: 'ssh://deploy@oms-db-01.corp.internal', roles: ['database'] },
      ],
    },
  });

const remoteState = {
  OMS_STATE_BACKEND: 'azurerm',
  OMS_STATE_RESOURCE_GROUP: 'rg-oms-tfstate',
  OMS_STATE_STORAGE_ACCOUNT: 'sttfstate1234abcd',
};

function refusal(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof InvocationRefused) return error.reasons;
    if (error instanceof ConfigError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  throw new Error('expected the invocation to be refused');
}

describe('npm run deploy / diff', () => {
  it('wraps cdktf deploy for one stack, exporting the outputs for Ansible', () => {
    const invocation = planCdktfInvocation('deploy', ['cloud', '--env', 'prod'], remoteState, readyProd);
    expect(invocation.command).toBe(path.join(REPO_ROOT, 'node_modules', '.bin', 'cdktf'));
    expect(invocation.args).toEqual([
      'deploy',
      'cloud',
      '--outputs-file',
      path.join(REPO_ROOT, 'infra', 'outputs', 'prod', 'cloud.json'),
    ]);
    expect(invocation.env).toMatchObject({ OMS_ENV: 'prod', CHECKPOINT_DISABLE: '1', ...remoteState });
  });

  it('passes arguments after -- through to cdktf', () => {
    const invocation = planCdktfInvocation(
      'deploy',
      ['cloud', '--env', 'prod', '--', '--auto-approve'],
      remoteState,
      readyProd,
    );
    expect(invocation.args.at(-1)).toBe('--auto-approve');
  });

  it('refuses to deploy without an explicit environment or stack', () => {
    expect(refusal(() => planCdktfInvocation('deploy', ['cloud'], remoteState, readyProd))).toEqual([
      'environment: choose one with --env <dev|prod> or OMS_ENV',
    ]);
    expect(refusal(() => planCdktfInvocation('deploy', ['--env', 'prod'], remoteState, readyProd))).toEqual([
      'stack: name the stack to deploy: cloud or onprem (cloud first)',
    ]);
    expect(
      refusal(() => planCdktfInvocation('deploy', ['azure', '--env', 'prod'], remoteState, readyProd)),
    ).toEqual(['stack: unknown stack azure: expected cloud or onprem']);
  });

  it('refuses to deploy example values from the committed configuration', () => {
    const reasons = refusal(() => planCdktfInvocation('deploy', ['cloud', '--env', 'prod'], remoteState));
    expect(reasons).toContain(
      'subscriptionId in infra/config/environments/prod.ts still holds an example value',
    );
    expect(reasons).toContain(
      'onprem.hosts.2.url in infra/config/environments/prod.ts still holds an example value',
    );
  });

  it('refuses to deploy prod with local state', () => {
    expect(refusal(() => planCdktfInvocation('deploy', ['cloud', '--env', 'prod'], {}, readyProd))).toEqual([
      'prod state must be remote: run infra/scripts/bootstrap-state.sh and export the OMS_STATE_* variables it prints',
    ]);
  });

  it('refuses the onprem stack until the MySQL passwords are provided', () => {
    expect(
      refusal(() => planCdktfInvocation('deploy', ['onprem', '--env', 'prod'], remoteState, readyProd)),
    ).toEqual([
      'TF_VAR_mysql_root_password is not set (the onprem stack needs it; Terraform would prompt)',
      'TF_VAR_mysql_oms_password is not set (the onprem stack needs it; Terraform would prompt)',
    ]);
    const secrets = { TF_VAR_mysql_root_password: 'r'.repeat(20), TF_VAR_mysql_oms_password: 'o'.repeat(20) };
    const invocation = planCdktfInvocation(
      'deploy',
      ['onprem', '--env', 'prod'],
      { ...remoteState, ...secrets },
      readyProd,
    );
    expect(invocation.args.slice(0, 2)).toEqual(['deploy', 'onprem']);
  });

  it('diffs both stacks of dev by default, without the deploy-only checks', () => {
    const secrets = { TF_VAR_mysql_root_password: 'r'.repeat(20), TF_VAR_mysql_oms_password: 'o'.repeat(20) };
    const invocation = planCdktfInvocation('diff', [], secrets);
    expect(invocation.environment).toBe('dev');
    expect(invocation.args).toEqual(['diff', 'cloud', 'onprem']);
  });
});
