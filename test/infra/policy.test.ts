import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TerraformElement, TerraformOutput } from 'cdktf';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import type { OmsStacks } from '../../infra/app.ts';
import { REPO_ROOT } from '../../infra/cdktf-invocation.ts';
import { loadConfig } from '../../infra/config/load.ts';
import type { InfraConfig } from '../../infra/config/schema.ts';
import { formatViolation, PolicyViolationError } from '../../infra/policy/evaluate.ts';
import { ALL_RULES } from '../../infra/policy/rules/index.ts';
import { isPinnedImage } from '../../infra/policy/rules/docker.ts';
import { refersTo } from '../../infra/policy/stack-view.ts';
import { configFor, synthesizeInTemp } from './support/fixtures.ts';

/** The construct at `path` under a stack, e.g. `archive/account`. */
function find(stack: IConstruct, path: string): IConstruct {
  let node: IConstruct = stack;
  for (const id of path.split('/')) {
    const child = node.node.tryFindChild(id);
    if (!child) throw new Error(`no construct ${path} under ${stack.node.path}`);
    node = child;
  }
  return node;
}

function element(stack: IConstruct, path: string): TerraformElement {
  const node = find(stack, path);
  if (!(node instanceof TerraformElement)) throw new Error(`${path} is not a Terraform element`);
  return node;
}

interface BreakingCase {
  readonly rule: string;
  readonly how: string;
  readonly config: () => InfraConfig;
  readonly tamper?: (stacks: OmsStacks) => void;
  /** Construct path the violation must name. */
  readonly path: string;
}

/**
 * For every rule, at least one way to break it. Where the configuration can express the mistake, the
 * case is a configuration; where the constructs hard-code the safe value, it is the escape-hatch
 * override (`addOverride`) a future change could make.
 */
const cases: BreakingCase[] = [
  {
    rule: 'OMS-TLS-001',
    how: 'archive account accepting TLS 1.0',
    config: () => loadConfig('dev'),
    tamper: ({ cloud }) => element(cloud, 'archive/account').addOverride('min_tls_version', 'TLS1_0'),
    path: 'cloud/archive/account',
  },
  {
    rule: 'OMS-TLS-001',
    how: 'namespace accepting TLS 1.1',
    config: () => loadConfig('prod'),
    tamper: ({ cloud }) => element(cloud, 'event-hubs/namespace').addOverride('minimum_tls_version', '1.1'),
    path: 'cloud/event-hubs/namespace',
  },
  {
    rule: 'OMS-STG-001',
    how: 'checkpoint account allowing public blobs',
    config: () => loadConfig('dev'),
    tamper: ({ cloud }) =>
      element(cloud, 'checkpoints/account').addOverride('allow_nested_items_to_be_public', true),
    path: 'cloud/checkpoints/account',
  },
  {
    rule: 'OMS-STG-001',
    how: 'archive container with anonymous blob access',
    config: () => loadConfig('dev'),
    tamper: ({ cloud }) => element(cloud, 'archive/container').addOverride('container_access_type', 'blob'),
    path: 'cloud/archive/container',
  },
  {
    rule: 'OMS-STG-002',
    how: 'archive account accepting HTTP',
    config: () => loadConfig('dev'),
    tamper: ({ cloud }) => element(cloud, 'archive/account').addOverride('https_traffic_only_enabled', false),
    path: 'cloud/archive/account',
  },
  {
    rule: 'OMS-STG-003',
    how: 'archive account without blob versioning',
    config: () => loadConfig('prod'),
    tamper: ({ cloud }) =>
      element(cloud, 'archive/account').addOverride('blob_properties.versioning_enabled', false),
    path: 'cloud/archive/account',
  },
  {
    rule: 'OMS-ARC-001',
    how: 'immutability of one year',
    config: () => configFor('dev', { archive: { immutabilityDays: 365 } }),
    path: 'cloud/archive/immutability',
  },
  {
    rule: 'OMS-ARC-001',
    how: 'immutability policy removed',
    config: () => loadConfig('dev'),
    tamper: ({ cloud }) => find(cloud, 'archive').node.tryRemoveChild('immutability'),
    path: 'cloud/archive/container',
  },
  {
    rule: 'OMS-ARC-002',
    how: 'unlocked immutability policy in prod',
    config: () => configFor('prod', { archive: { lockImmutabilityPolicy: false } }),
    path: 'cloud/archive/immutability',
  },
  {
    rule: 'OMS-ARC-003',
    how: 'lifecycle deleting captures after one year',
    config: () => configFor('dev', { archive: { lifecycle: { deleteAfterDays: 365 } } }),
    path: 'cloud/archive/lifecycle',
  },
  {
    rule: 'OMS-ARC-004',
    how: 'GZRS archive account with an Archive-tier lifecycle step',
    config: () => configFor('prod', { archive: { replication: 'GZRS' } }),
    path: 'cloud/archive/account',
  },
  {
    rule: 'OMS-ARC-005',
    how: 'prod archive without a delete lock',
    config: () => configFor('prod', { archive: { deleteLock: false } }),
    path: 'cloud/archive/account',
  },
  {
    rule: 'OMS-EVH-001',
    how: 'orders hub with Capture switched off',
    config: () => loadConfig('dev'),
    tamper: ({ cloud }) => element(cloud, 'orders/hub').addOverride('capture_description.enabled', false),
    path: 'cloud/orders/hub',
  },
  {
    rule: 'OMS-EVH-002',
    how: 'Basic tier namespace',
    config: () =>
      configFor('dev', {
        eventHubs: { sku: 'Basic', retentionDays: 1, autoInflateMaxThroughputUnits: undefined },
      }),
    path: 'cloud/event-hubs/namespace',
  },
  {
    rule: 'OMS-EVH-003',
    how: 'prod namespace open to the internet',
    config: () => configFor('prod', { eventHubs: { network: { publicAccess: 'open' } } }),
    path: 'cloud/event-hubs/namespace',
  },
  {
    rule: 'OMS-IAM-001',
    how: 'oms-listen rule that can manage',
    config: () => loadConfig('dev'),
    tamper: ({ cloud }) => element(cloud, 'hub-shared-access/oms-listen').addOverride('manage', true),
    path: 'cloud/hub-shared-access/oms-listen',
  },
  {
    rule: 'OMS-IAM-001',
    how: 'storefront-send rule that can also listen',
    config: () => loadConfig('dev'),
    tamper: ({ cloud }) => element(cloud, 'hub-shared-access/storefront-send').addOverride('listen', true),
    path: 'cloud/hub-shared-access/storefront-send',
  },
  {
    rule: 'OMS-IAM-002',
    how: 'auditors made Owner',
    config: () => loadConfig('prod'),
    tamper: ({ cloud }) =>
      element(cloud, 'auditors/resource-group-reader').addOverride('role_definition_name', 'Owner'),
    path: 'cloud/auditors/resource-group-reader',
  },
  {
    rule: 'OMS-TAG-001',
    how: 'workspace without its owner tag',
    config: () => loadConfig('dev'),
    tamper: ({ cloud }) => element(cloud, 'diagnostics/workspace').addOverride('tags.owner', ''),
    path: 'cloud/diagnostics/workspace',
  },
  {
    rule: 'OMS-TAG-001',
    how: 'MySQL volume without labels',
    config: () => loadConfig('dev'),
    tamper: ({ onprem }) => element(onprem, 'mysql/data').addOverride('labels', undefined),
    path: 'onprem/mysql/data',
  },
  {
    rule: 'OMS-SEC-001',
    how: 'connection string output not marked sensitive',
    config: () => loadConfig('dev'),
    tamper: ({ cloud }) => {
      const output = find(cloud, 'storefront_send_connection_string');
      if (output instanceof TerraformOutput) output.sensitive = false;
    },
    path: 'cloud/output/storefront_send_connection_string',
  },
  {
    rule: 'OMS-SEC-002',
    how: 'MySQL root password variable not sensitive',
    config: () => loadConfig('dev'),
    tamper: ({ onprem }) => element(onprem, 'mysql_root_password').addOverride('sensitive', false),
    path: 'onprem/variable/mysql_root_password',
  },
  {
    rule: 'OMS-IMG-001',
    how: 'mysql:latest',
    config: () => configFor('dev', { onprem: { mysql: { image: 'mysql:latest' } } }),
    path: 'onprem/mysql/image',
  },
  {
    rule: 'OMS-IMG-001',
    how: 'a major-only Traefik tag',
    config: () => configFor('prod', { onprem: { traefik: { image: 'traefik:v3' } } }),
    path: 'onprem/traefik-oms-edge-01/image',
  },
  {
    rule: 'OMS-DKR-001',
    how: 'MySQL published on all interfaces',
    config: () => configFor('prod', { onprem: { mysql: { publishOn: '0.0.0.0' } } }),
    path: 'onprem/mysql/container',
  },
  {
    rule: 'OMS-DKR-002',
    how: 'Traefik with the insecure API',
    config: () => loadConfig('dev'),
    // Overrides append to lists: this adds the flag to Traefik's command line.
    tamper: ({ onprem }) =>
      element(onprem, 'traefik-oms-dev-01/container').addOverride('command', ['--api.insecure=true']),
    path: 'onprem/traefik-oms-dev-01/container',
  },
  {
    rule: 'OMS-DKR-002',
    how: 'Traefik publishing its admin port',
    config: () => loadConfig('dev'),
    tamper: ({ onprem }) =>
      element(onprem, 'traefik-oms-dev-01/container').addOverride('ports', [
        { internal: 8080, external: 8080, protocol: 'tcp' },
      ]),
    path: 'onprem/traefik-oms-dev-01/container',
  },
  {
    rule: 'OMS-MON-001',
    how: 'namespace diagnostic setting pointed elsewhere',
    config: () => loadConfig('prod'),
    tamper: ({ cloud }) =>
      element(cloud, 'diagnostics/event-hubs-namespace').addOverride(
        'target_resource_id',
        '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/elsewhere',
      ),
    path: 'cloud/event-hubs/namespace',
  },
  {
    rule: 'OMS-TF-001',
    how: 'azurerm provider with a floating version',
    config: () => loadConfig('dev'),
    tamper: ({ cloud }) => cloud.addOverride('terraform.required_providers.azurerm.version', '~> 4.0'),
    path: 'cloud/terraform/azurerm',
  },
];

describe('policy checks over the synthesized Terraform', () => {
  it.each(['dev', 'prod'] as const)('pass for the committed %s configuration', (env) => {
    const result = synthesizeInTemp(loadConfig(env));
    expect(result).not.toBeInstanceOf(PolicyViolationError);
  });

  it('have a breaking case for every rule', () => {
    expect([...new Set(cases.map((c) => c.rule))].sort()).toEqual(ALL_RULES.map((r) => r.id).sort());
  });

  it('have unique ids and titles', () => {
    expect(new Set(ALL_RULES.map((r) => r.id)).size).toBe(ALL_RULES.length);
    for (const rule of ALL_RULES) {
      expect(rule.id).toMatch(/^OMS-[A-Z]{2,3}-\d{3}$/);
      expect(rule.title.length).toBeGreaterThan(10);
    }
  });

  it.each(cases.map((c) => [c.rule, c.how, c] as const))('%s fails synth: %s', (_rule, _how, breaking) => {
    const result = synthesizeInTemp(breaking.config(), breaking.tamper);
    expect(result).toBeInstanceOf(PolicyViolationError);
    const error = result as PolicyViolationError;
    // Only the rule under test fires: each rule guards its own property.
    expect(error.ruleIds).toEqual([breaking.rule]);
    expect(error.violations.map((v) => v.path)).toContain(breaking.path);
    expect(error.message).toContain(`[${breaking.rule}] ${breaking.path}`);
  });

  it('names the Terraform address next to the construct path', () => {
    const result = synthesizeInTemp(configFor('dev', { archive: { immutabilityDays: 30 } }));
    const [violation] = (result as PolicyViolationError).violations;
    expect(violation).toBeDefined();
    expect(formatViolation(violation!)).toMatch(
      /^\[OMS-ARC-001\] cloud\/archive\/immutability \(azurerm_storage_container_immutability_policy\.archive_immutability_\w+\): immutability_period_in_days must be at least 3653, found 30$/,
    );
  });
});

describe('policy helpers', () => {
  it.each([
    ['mysql:8.4.6', true],
    ['traefik:v3.5.3', true],
    ['mysql:8.4.6-oraclelinux9', true],
    ['registry.corp.internal:5000/oms/mysql:8.4.6', true],
    [`mysql@sha256:${'a'.repeat(64)}`, true],
    ['mysql', false],
    ['mysql:latest', false],
    ['mysql:8', false],
    ['mysql:8.4', false],
    ['registry.corp.internal:5000/oms/mysql', false],
  ])('treats %s as pinned: %s', (image, pinned) => {
    expect(isPinnedImage(image)).toBe(pinned);
  });

  it('matches references to a resource and not to one sharing its prefix', () => {
    expect(
      refersTo(
        '${azurerm_storage_account.archive_account_1.id}',
        'azurerm_storage_account.archive_account_1',
      ),
    ).toBe(true);
    expect(
      refersTo(
        '${azurerm_storage_account.archive_account_12.id}',
        'azurerm_storage_account.archive_account_1',
      ),
    ).toBe(false);
    expect(
      refersTo(
        '${x.azurerm_storage_account.archive_account_1.id}',
        'azurerm_storage_account.archive_account_1',
      ),
    ).toBe(false);
  });
});

describe('policy documentation', () => {
  it('lists every rule with its title in infra/README.md', () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'infra', 'README.md'), 'utf8');
    const rows = readme.split('\n').filter((line) => line.startsWith('| `OMS-'));
    expect(rows).toHaveLength(ALL_RULES.length);
    for (const rule of ALL_RULES) {
      expect(rows.find((row) => row.includes(`\`${rule.id}\``))).toContain(rule.title);
    }
  });
});
