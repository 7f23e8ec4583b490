import { describe, expect, it } from 'vitest';
import { selectEnvironment } from '../../infra/cli-args.ts';
import { ConfigError } from '../../infra/config/errors.ts';
import { loadConfig, parseConfig } from '../../infra/config/load.ts';
import { resourceNames } from '../../infra/config/naming.ts';
import { findPlaceholders } from '../../infra/config/placeholders.ts';
import { readStateSettings } from '../../infra/config/state.ts';
import { configFor, rawConfig, type ConfigPatch } from './support/fixtures.ts';

/** The issues a rejected configuration reports, as `path: message` lines. */
function rejection(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => `${i.path}: ${i.message}`);
    throw error;
  }
  throw new Error('expected the configuration to be rejected');
}

const rejectPatch = (env: 'dev' | 'prod', patch: ConfigPatch) => rejection(() => configFor(env, patch));

describe('environment configuration', () => {
  it.each(['dev', 'prod'] as const)('%s validates and applies the documented defaults', (env) => {
    const config = loadConfig(env);
    expect(config.environment).toBe(env);
    expect(config.capture).toEqual({ intervalSeconds: 300, sizeLimitMiB: 300 });
    expect(config.eventHubs.retentionDays).toBe(7);
    expect(config.archive.lifecycle).toEqual({
      coolAfterDays: 30,
      coldAfterDays: 90,
      archiveAfterDays: 180,
      deleteAfterDays: 3653,
    });
  });

  it('defaults the partition count to 8', () => {
    const input = rawConfig('dev') as { eventHubs: Record<string, unknown> };
    delete input.eventHubs.partitions;
    expect(parseConfig(input).eventHubs.partitions).toBe(8);
  });

  it('rejects an unknown environment, naming the field', () => {
    expect(rejection(() => loadConfig('staging'))).toEqual([
      'environment: unknown environment "staging": expected one of dev, prod',
    ]);
    expect(rejection(() => loadConfig(undefined))[0]).toMatch(/^environment: unknown environment ""/);
  });

  it('rejects a prefix that makes a storage account name too long, naming the prefix', () => {
    const issues = rejectPatch('prod', { prefix: 'mygreatcompanyoms' });
    expect(issues).toContain(
      'prefix: storage account name "stmygreatcompanyomsarchprodweu" is 30 characters, Azure allows at most 24: shorten the prefix',
    );
  });

  it('accepts the longest prefix whose names still fit', () => {
    // st + prefix + arch + prod + weu = 24 characters with an 11-character prefix.
    expect(() => configFor('prod', { prefix: 'abcdefghijk' })).not.toThrow();
    expect(rejectPatch('prod', { prefix: 'abcdefghijkl' })[0]).toMatch(
      /^prefix: storage account name .* 25 characters/,
    );
  });

  it.each([
    [0, 'Standard'],
    [33, 'Standard'],
    [101, 'Premium'],
  ])('rejects %i partitions on the %s tier as out of range', (partitions, sku) => {
    const capacity = sku === 'Premium' ? 1 : 2;
    const issues = rejectPatch('prod', {
      eventHubs: { partitions, sku, capacity, autoInflateMaxThroughputUnits: undefined },
    });
    expect(issues.find((i) => i.startsWith('eventHubs.partitions: partitions out of range'))).toBeDefined();
  });

  it('accepts up to 32 partitions on Standard and 100 on Premium', () => {
    expect(configFor('prod', { eventHubs: { partitions: 32 } }).eventHubs.partitions).toBe(32);
    const premium = {
      sku: 'Premium',
      capacity: 4,
      partitions: 100,
      autoInflateMaxThroughputUnits: undefined,
    };
    expect(configFor('prod', { eventHubs: premium }).eventHubs.partitions).toBe(100);
  });

  it('checks throughput units and the auto-inflate ceiling against the tier', () => {
    expect(rejectPatch('dev', { eventHubs: { capacity: 41 } })).toContain(
      'eventHubs.capacity: throughput units must be between 1 and 40, got 41',
    );
    expect(rejectPatch('dev', { eventHubs: { capacity: 4, autoInflateMaxThroughputUnits: 2 } })).toContain(
      'eventHubs.autoInflateMaxThroughputUnits: must be between capacity (4) and 40, got 2',
    );
    expect(rejectPatch('dev', { eventHubs: { sku: 'Premium', capacity: 3 } })).toEqual(
      expect.arrayContaining([
        'eventHubs.capacity: Premium capacity is 1, 2, 4, 8 or 16 processing units, got 3',
        'eventHubs.autoInflateMaxThroughputUnits: auto-inflate exists on the Standard tier only',
      ]),
    );
  });

  it('rejects retention beyond what the tier allows', () => {
    expect(rejectPatch('dev', { eventHubs: { retentionDays: 8 } })).toContain(
      'eventHubs.retentionDays: at most 7 days on the Standard tier',
    );
  });

  it('rejects a configuration without a database host as a missing on-prem host', () => {
    const issues = rejectPatch('prod', {
      onprem: {
        hosts: [{ name: 'oms-edge-01', url: 'ssh://deploy@edge.corp.internal', roles: ['edge', 'app'] }],
      },
    });
    expect(issues).toEqual([
      'onprem.hosts: missing on-prem host: exactly one host needs the "database" role (MySQL), found 0',
    ]);
  });

  it('rejects a configuration without an edge host, or without any host', () => {
    expect(
      rejectPatch('dev', {
        onprem: { hosts: [{ name: 'db', url: 'ssh://deploy@db.corp.internal', roles: ['database'] }] },
      }),
    ).toEqual(['onprem.hosts: missing on-prem host: at least one host needs the "edge" role (Traefik)']);
    expect(rejectPatch('dev', { onprem: { hosts: [] } })).toEqual([
      'onprem.hosts: at least one on-prem host is required',
    ]);
  });

  it('rejects malformed and duplicate hosts', () => {
    const issues = rejectPatch('dev', {
      onprem: {
        hosts: [
          { name: 'oms-dev-01', url: 'tcp://10.0.0.1:2375', roles: ['database', 'edge'] },
          { name: 'oms-dev-01', url: 'ssh://deploy@other.corp.internal', roles: ['app'] },
        ],
      },
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        'onprem.hosts.0.url: must be an ssh:// URL such as ssh://deploy@oms-db-01.corp.internal:22',
        'onprem.hosts.1.name: duplicate host name "oms-dev-01"',
      ]),
    );
  });

  it('requires the application identities when SAS is switched off', () => {
    expect(rejectPatch('dev', { eventHubs: { localAuthEnabled: false } })).toEqual([
      'principals.oms: required when eventHubs.localAuthEnabled is false: the oms identity needs data-plane roles',
      'principals.storefront: required when eventHubs.localAuthEnabled is false: the storefront identity needs data-plane roles',
    ]);
  });

  it('validates on-prem egress ranges for the firewalls', () => {
    const issues = rejectPatch('prod', {
      eventHubs: {
        network: {
          publicAccess: 'allowed-ranges',
          allowedIpRanges: ['10.1.0.0/16', '203.0.113.8/31', 'nope'],
        },
      },
    });
    expect(issues).toEqual([
      'eventHubs.network.allowedIpRanges.0: must be a public address: Azure firewalls see on-prem traffic by its public egress address',
      'eventHubs.network.allowedIpRanges.1: the Storage firewall rejects /31 ranges; list both addresses',
      'eventHubs.network.allowedIpRanges.2: must be an IPv4 address or CIDR range such as 203.0.113.0/24',
    ]);
    expect(
      rejectPatch('prod', {
        eventHubs: { network: { publicAccess: 'allowed-ranges', allowedIpRanges: [] } },
      }),
    ).toEqual([
      'eventHubs.network.allowedIpRanges: publicAccess "allowed-ranges" needs at least one on-prem egress range',
    ]);
  });

  it('requires the lifecycle steps in order', () => {
    expect(rejectPatch('dev', { archive: { lifecycle: { coldAfterDays: 20 } } })).toEqual([
      'archive.lifecycle.coldAfterDays: must be later than coolAfterDays (30)',
    ]);
    // Without an Archive step, Cold is followed directly by deletion.
    const noArchive = configFor('dev', { archive: { lifecycle: { archiveAfterDays: null } } });
    expect(noArchive.archive.lifecycle.archiveAfterDays).toBeNull();
  });

  it('reports every bad field at once', () => {
    const issues = rejectPatch('dev', {
      location: 'mars',
      eventHubs: { partitions: 0 },
      subscriptionId: 'x',
    });
    expect(issues.map((i) => i.split(':')[0])).toEqual(
      expect.arrayContaining(['location', 'subscriptionId', 'eventHubs.partitions']),
    );
  });
});

describe('resource names', () => {
  it('follow the Azure abbreviation conventions', () => {
    const names = resourceNames({ prefix: 'mgcoms', environment: 'prod', location: 'westeurope' });
    expect(names).toMatchObject({
      resourceGroup: 'rg-mgcoms-prod-weu',
      eventHubsNamespace: 'evhns-mgcoms-prod-weu',
      archiveStorageAccount: 'stmgcomsarchprodweu',
      checkpointStorageAccount: 'stmgcomschkprodweu',
      logAnalyticsWorkspace: 'log-mgcoms-prod-weu',
      actionGroup: 'ag-mgcoms-prod-weu',
    });
    expect(names.alert('throttled')).toBe('alert-mgcoms-prod-weu-throttled');
    expect(names.actionGroupShortName.length).toBeLessThanOrEqual(12);
  });
});

describe('environment selection', () => {
  it('takes --env or OMS_ENV, and refuses when they disagree', () => {
    expect(selectEnvironment('prod', {})).toBe('prod');
    expect(selectEnvironment(undefined, { OMS_ENV: 'prod' })).toBe('prod');
    expect(selectEnvironment(undefined, {}, 'dev')).toBe('dev');
    expect(rejection(() => selectEnvironment('dev', { OMS_ENV: 'prod' }))).toEqual([
      'environment: --env dev contradicts OMS_ENV=prod',
    ]);
    expect(rejection(() => selectEnvironment(undefined, {}))).toEqual([
      'environment: choose one with --env <dev|prod> or OMS_ENV',
    ]);
    expect(rejection(() => selectEnvironment('qa', {}))[0]).toMatch(/^environment: unknown environment "qa"/);
  });
});

describe('remote state settings', () => {
  it('default to local state', () => {
    expect(readStateSettings({})).toEqual({ backend: 'local' });
  });

  it('read the azurerm backend from OMS_STATE_*', () => {
    expect(
      readStateSettings({
        OMS_STATE_BACKEND: 'azurerm',
        OMS_STATE_RESOURCE_GROUP: 'rg-oms-tfstate',
        OMS_STATE_STORAGE_ACCOUNT: 'sttfstate1234abcd',
      }),
    ).toEqual({
      backend: 'azurerm',
      resourceGroupName: 'rg-oms-tfstate',
      storageAccountName: 'sttfstate1234abcd',
      containerName: 'tfstate',
    });
  });

  it('name the missing or bad variable', () => {
    expect(
      rejection(() => readStateSettings({ OMS_STATE_BACKEND: 'azurerm', OMS_STATE_RESOURCE_GROUP: 'rg' })),
    ).toEqual(['OMS_STATE_STORAGE_ACCOUNT: Invalid input: expected string, received undefined']);
    expect(rejection(() => readStateSettings({ OMS_STATE_BACKEND: 's3' }))).toEqual([
      'OMS_STATE_BACKEND: must be "local" or "azurerm", got "s3"',
    ]);
  });
});

describe('example values', () => {
  it('are all reported for the committed prod file', () => {
    expect(findPlaceholders(loadConfig('prod'))).toEqual([
      'subscriptionId',
      'principals.auditorsGroupObjectId',
      'principals.oms.objectId',
      'principals.storefront.objectId',
      'eventHubs.network.allowedIpRanges.0',
      'eventHubs.network.allowedIpRanges.1',
      'monitoring.alertEmails.0',
      'onprem.hosts.0.url',
      'onprem.hosts.1.url',
      'onprem.hosts.2.url',
    ]);
  });

  it('are not reported once replaced', () => {
    const real = configFor('dev', {
      subscriptionId: '3f2b8c1e-6a4d-4e0f-9b7a-1c2d3e4f5a6b',
      principals: { auditorsGroupObjectId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' },
      onprem: {
        hosts: [{ name: 'dev1', url: 'ssh://deploy@dev1.corp.internal', roles: ['database', 'edge'] }],
      },
    });
    expect(findPlaceholders(real)).toEqual([]);
  });
});
