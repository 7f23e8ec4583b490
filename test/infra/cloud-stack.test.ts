import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../infra/config/load.ts';
import { REQUIRED_TAG_KEYS } from '../../infra/config/tags.ts';
import { configFor, parsed, resourcesOf, synthJson, testStacks } from './support/fixtures.ts';
import './support/matchers.ts';

const ref = (type: string, attribute: string) =>
  expect.stringMatching(new RegExp(`^\\$\\{${type}\\.[\\w-]+\\.${attribute}\\}$`));

/** What differs between the environments, as the issue and the environment files specify. */
const expected = {
  dev: {
    partitions: 8,
    capacity: 1,
    maxThroughputUnits: 2,
    localAuth: true,
    replication: 'LRS',
    locked: false,
    softDeleteDays: 7,
  },
  prod: {
    partitions: 16,
    capacity: 2,
    maxThroughputUnits: 10,
    localAuth: false,
    replication: 'RAGRS',
    locked: true,
    softDeleteDays: 30,
  },
} as const;

describe.each(['dev', 'prod'] as const)('cloud stack (%s)', (env) => {
  const config = loadConfig(env);
  const want = expected[env];
  const { cloud } = testStacks(config);
  const json = synthJson(cloud);

  it('puts everything in one resource group named by the Azure conventions', () => {
    expect(json).toHaveResourceWithProperties('azurerm_resource_group', {
      name: `rg-mgcoms-${env}-weu`,
      location: 'westeurope',
    });
    expect(json).toHaveResourceWithProperties('azurerm_eventhub_namespace', {
      name: `evhns-mgcoms-${env}-weu`,
    });
    expect(json).toHaveResourceWithProperties('azurerm_storage_account', { name: `stmgcomsarch${env}weu` });
    expect(json).toHaveResourceWithProperties('azurerm_storage_account', { name: `stmgcomschk${env}weu` });
    expect(json).toHaveResourceWithProperties('azurerm_log_analytics_workspace', {
      name: `log-mgcoms-${env}-weu`,
    });
  });

  it('tags every taggable resource with the required tags', () => {
    const resources = Object.values(parsed(cloud).resource ?? {}).flatMap((byName) => Object.values(byName));
    const taggable = resources.filter((r) => 'tags' in r);
    expect(taggable.length).toBeGreaterThanOrEqual(10);
    for (const r of taggable) {
      expect(Object.keys(r.tags as object)).toEqual(expect.arrayContaining([...REQUIRED_TAG_KEYS]));
      expect(r.tags).toMatchObject({ environment: env, application: 'oms', 'managed-by': 'cdktf' });
    }
    // Construct-specific tags survive the aspect.
    expect(json).toHaveResourceWithProperties('azurerm_storage_account', {
      tags: expect.objectContaining({ purpose: 'order-archive', owner: config.tags.owner }),
    });
  });

  it('runs a Standard namespace with configurable throughput, TLS 1.2 and the chosen auth mode', () => {
    expect(json).toHaveResourceWithProperties('azurerm_eventhub_namespace', {
      sku: 'Standard',
      capacity: want.capacity,
      auto_inflate_enabled: true,
      maximum_throughput_units: want.maxThroughputUnits,
      minimum_tls_version: '1.2',
      local_authentication_enabled: want.localAuth,
    });
  });

  it('creates the orders hub with its partitions, seven-day retention and consumer groups', () => {
    expect(json).toHaveResourceWithProperties('azurerm_eventhub', {
      name: 'orders',
      partition_count: want.partitions,
      message_retention: 7,
      namespace_id: ref('azurerm_eventhub_namespace', 'id'),
    });
    const groups = resourcesOf(cloud, 'azurerm_eventhub_consumer_group').map((g) => g.name);
    expect(groups.sort()).toEqual(['analytics', 'oms']);
  });

  it('captures every event as Avro into order-archive with the standard name format', () => {
    expect(json).toHaveResourceWithProperties('azurerm_eventhub', {
      capture_description: {
        enabled: true,
        encoding: 'Avro',
        interval_in_seconds: 300,
        size_limit_in_bytes: 300 * 1024 * 1024,
        skip_empty_archives: true,
        destination: {
          name: 'EventHubArchive.AzureBlockBlob',
          archive_name_format:
            '{Namespace}/{EventHub}/{PartitionId}/{Year}/{Month}/{Day}/{Hour}/{Minute}/{Second}',
          blob_container_name: 'order-archive',
          storage_account_id: ref('azurerm_storage_account', 'id'),
        },
      },
    });
    // Capture starts only once the container is under its immutability policy.
    const [hub] = resourcesOf(cloud, 'azurerm_eventhub');
    expect(hub?.depends_on).toEqual([
      expect.stringMatching(/^azurerm_storage_container_immutability_policy\./),
    ]);
  });

  it('writes captures into an account that points at the archive', () => {
    const doc = parsed(cloud);
    const hub = Object.values(doc.resource?.azurerm_eventhub ?? {})[0] as {
      capture_description: { destination: { storage_account_id: string } };
    };
    const archiveAccount = Object.entries(doc.resource?.azurerm_storage_account ?? {}).find(
      ([, body]) => body.name === `stmgcomsarch${env}weu`,
    );
    expect(hub.capture_description.destination.storage_account_id).toBe(
      `\${azurerm_storage_account.${archiveAccount?.[0]}.id}`,
    );
  });

  it('hardens the archive account and keeps versions and deleted containers', () => {
    expect(json).toHaveResourceWithProperties('azurerm_storage_account', {
      name: `stmgcomsarch${env}weu`,
      account_kind: 'StorageV2',
      account_tier: 'Standard',
      account_replication_type: want.replication,
      https_traffic_only_enabled: true,
      min_tls_version: 'TLS1_2',
      allow_nested_items_to_be_public: false,
      default_to_oauth_authentication: true,
      blob_properties: {
        versioning_enabled: true,
        container_delete_retention_policy: { days: want.softDeleteDays },
        delete_retention_policy: { days: want.softDeleteDays },
      },
    });
    expect(json).toHaveResourceWithProperties('azurerm_storage_container', {
      name: 'order-archive',
      container_access_type: 'private',
    });
  });

  it(`keeps order-archive immutable for ten years, ${want.locked ? 'locked' : 'unlocked'} in ${env}`, () => {
    expect(json).toHaveResourceWithProperties('azurerm_storage_container_immutability_policy', {
      immutability_period_in_days: 3653,
      locked: want.locked,
      storage_container_resource_manager_id: ref('azurerm_storage_container', 'resource_manager_id'),
    });
    expect(resourcesOf(cloud, 'azurerm_storage_container_immutability_policy')).toHaveLength(1);
  });

  it('tiers captures to Cool, Cold and Archive and deletes them after ten years', () => {
    expect(json).toHaveResourceWithProperties('azurerm_storage_management_policy', {
      rule: [
        expect.objectContaining({
          enabled: true,
          filters: { blob_types: ['blockBlob'], prefix_match: ['order-archive/'] },
          actions: {
            base_blob: {
              tier_to_cool_after_days_since_creation_greater_than: 30,
              tier_to_cold_after_days_since_creation_greater_than: 90,
              tier_to_archive_after_days_since_creation_greater_than: 180,
              delete_after_days_since_creation_greater_than: 3653,
            },
            version: { delete_after_days_since_creation: 3653 },
          },
        }),
      ],
    });
  });

  it(`${env === 'prod' ? 'locks' : 'does not lock'} the archive account against deletion`, () => {
    const locks = resourcesOf(cloud, 'azurerm_management_lock');
    if (env === 'prod') {
      expect(locks).toEqual([
        expect.objectContaining({ lock_level: 'CanNotDelete', scope: ref('azurerm_storage_account', 'id') }),
      ]);
    } else {
      expect(locks).toEqual([]);
    }
  });

  it('keeps checkpoints in a separate account without immutability', () => {
    expect(json).toHaveResourceWithProperties('azurerm_storage_account', {
      name: `stmgcomschk${env}weu`,
      min_tls_version: 'TLS1_2',
      https_traffic_only_enabled: true,
      allow_nested_items_to_be_public: false,
    });
    expect(json).toHaveResourceWithProperties('azurerm_storage_container', {
      name: 'oms-checkpoints',
      container_access_type: 'private',
    });
    const doc = parsed(cloud);
    const checkpointContainer = Object.entries(doc.resource?.azurerm_storage_container ?? {}).find(
      ([, c]) => c.name === 'oms-checkpoints',
    )?.[0];
    const policies = JSON.stringify(doc.resource?.azurerm_storage_container_immutability_policy);
    expect(checkpointContainer).toBeDefined();
    expect(policies).not.toContain(checkpointContainer);
  });

  it('lets auditors read the resource group and the archive, with no keys', () => {
    const auditors = config.principals.auditorsGroupObjectId;
    expect(json).toHaveResourceWithProperties('azurerm_role_assignment', {
      principal_id: auditors,
      principal_type: 'Group',
      role_definition_name: 'Reader',
      scope: ref('azurerm_resource_group', 'id'),
    });
    expect(json).toHaveResourceWithProperties('azurerm_role_assignment', {
      principal_id: auditors,
      principal_type: 'Group',
      role_definition_name: 'Storage Blob Data Reader',
      scope: ref('azurerm_storage_container', 'resource_manager_id'),
    });
  });

  it('sends namespace logs and archive blob logs to Log Analytics', () => {
    expect(json).toHaveResourceWithProperties('azurerm_log_analytics_workspace', {
      sku: 'PerGB2018',
      retention_in_days: config.monitoring.logRetentionDays,
    });
    const workspace = ref('azurerm_log_analytics_workspace', 'id');
    expect(json).toHaveResourceWithProperties('azurerm_monitor_diagnostic_setting', {
      target_resource_id: ref('azurerm_eventhub_namespace', 'id'),
      log_analytics_workspace_id: workspace,
      enabled_log: [{ category_group: 'allLogs' }],
      enabled_metric: [{ category: 'AllMetrics' }],
    });
    expect(json).toHaveResourceWithProperties('azurerm_monitor_diagnostic_setting', {
      target_resource_id: expect.stringMatching(
        /^\$\{azurerm_storage_account\.archive_\w+\.id\}\/blobServices\/default$/,
      ),
      log_analytics_workspace_id: workspace,
      enabled_log: [{ category_group: 'allLogs' }],
    });
    expect(json).toHaveResourceWithProperties('azurerm_monitor_diagnostic_setting', {
      target_resource_id: expect.stringMatching(/^\$\{azurerm_storage_account\.archive_\w+\.id\}$/),
      enabled_metric: [{ category: 'Transaction' }],
    });
  });

  it('alerts on throttling, capture backlog, capture failures and a silent orders hub', () => {
    const metric = (name: string, operator: string, threshold: number) =>
      expect(json).toHaveResourceWithProperties('azurerm_monitor_metric_alert', {
        scopes: [ref('azurerm_eventhub_namespace', 'id')],
        criteria: [
          expect.objectContaining({
            metric_namespace: 'Microsoft.EventHub/namespaces',
            metric_name: name,
            operator,
            threshold,
            dimension: [{ name: 'EntityName', operator: 'Include', values: ['orders'] }],
          }),
        ],
        action: [{ action_group_id: ref('azurerm_monitor_action_group', 'id') }],
      });
    metric('ThrottledRequests', 'GreaterThan', 0);
    metric('CaptureBacklog', 'GreaterThan', config.monitoring.captureBacklogThreshold);
    metric('IncomingMessages', 'LessThanOrEqual', 0);
    expect(json).toHaveResourceWithProperties('azurerm_monitor_metric_alert', {
      name: `alert-mgcoms-${env}-weu-incoming-silence`,
      window_size: config.monitoring.incomingSilenceWindow,
    });
    expect(json).toHaveResourceWithProperties('azurerm_monitor_scheduled_query_rules_alert_v2', {
      scopes: [ref('azurerm_log_analytics_workspace', 'id')],
      criteria: [
        expect.objectContaining({ query: expect.stringContaining('"ArchiveLogs"'), operator: 'GreaterThan' }),
      ],
    });
    expect(json).toHaveResourceWithProperties('azurerm_monitor_action_group', {
      email_receiver: config.monitoring.alertEmails.map((email) =>
        expect.objectContaining({ email_address: email }),
      ),
    });
  });

  it('pins the provider, the subscription and Terraform for use without CDKTF', () => {
    const doc = parsed(cloud) as { terraform: Record<string, unknown> };
    expect(doc.terraform).toMatchObject({
      required_version: '>= 1.6.0',
      required_providers: { azurerm: { source: 'hashicorp/azurerm', version: '4.55.0' } },
      backend: { local: { path: `../../../.state/${env}/cloud/terraform.tfstate` } },
    });
    expect(json).toHaveProviderWithProperties('azurerm', {
      subscription_id: config.subscriptionId,
      features: [expect.objectContaining({ storage: [{ data_plane_available: false }] })],
    });
  });

  it('exports what Ansible and the services need', () => {
    const outputs = parsed(cloud).output ?? {};
    expect(outputs).toMatchObject({
      eventhub_fqdn: { value: `evhns-mgcoms-${env}-weu.servicebus.windows.net` },
      eventhub_name: { value: 'orders' },
      eventhub_consumer_group: { value: 'oms' },
      archive_container: { value: 'order-archive' },
      checkpoint_container: { value: 'oms-checkpoints' },
      eventhub_auth_mode: { value: want.localAuth ? 'sas' : 'entra-id' },
    });
  });
});

describe('cloud stack: SAS mode (dev)', () => {
  const { cloud } = testStacks(loadConfig('dev'));
  const json = synthJson(cloud);

  it('creates storefront-send (send only) and oms-listen (listen only), neither with manage', () => {
    expect(json).toHaveResourceWithProperties('azurerm_eventhub_authorization_rule', {
      name: 'storefront-send',
      send: true,
      listen: false,
      manage: false,
      eventhub_name: ref('azurerm_eventhub', 'name'),
    });
    expect(json).toHaveResourceWithProperties('azurerm_eventhub_authorization_rule', {
      name: 'oms-listen',
      send: false,
      listen: true,
      manage: false,
    });
  });

  it('outputs their connection strings as sensitive', () => {
    const outputs = parsed(cloud).output ?? {};
    for (const name of [
      'storefront_send_connection_string',
      'oms_listen_connection_string',
      'checkpoint_storage_connection_string',
    ]) {
      expect(outputs[name]).toMatchObject({
        sensitive: true,
        value: expect.stringContaining('connection_string}'),
      });
    }
  });

  it('grants no data-plane roles to identities it does not know', () => {
    const roles = resourcesOf(cloud, 'azurerm_role_assignment').map((r) => r.role_definition_name);
    expect(roles.sort()).toEqual(['Reader', 'Storage Blob Data Reader']);
  });

  it('leaves the dev namespace reachable from developer machines', () => {
    expect(json).toHaveResourceWithProperties('azurerm_eventhub_namespace', {
      public_network_access_enabled: true,
      network_rulesets: [expect.objectContaining({ default_action: 'Allow' })],
    });
  });
});

describe('cloud stack: Entra ID mode (prod)', () => {
  const config = loadConfig('prod');
  const { cloud } = testStacks(config);
  const json = synthJson(cloud);

  it('creates no SAS rules and outputs no connection strings', () => {
    expect(resourcesOf(cloud, 'azurerm_eventhub_authorization_rule')).toEqual([]);
    expect(
      Object.keys(parsed(cloud).output ?? {}).filter((name) => name.includes('connection_string')),
    ).toEqual([]);
  });

  it('gives each application identity one data-plane role on one hub or container', () => {
    const { oms, storefront } = config.principals;
    expect(json).toHaveResourceWithProperties('azurerm_role_assignment', {
      principal_id: storefront?.objectId,
      principal_type: 'ServicePrincipal',
      role_definition_name: 'Azure Event Hubs Data Sender',
      scope: ref('azurerm_eventhub', 'id'),
    });
    expect(json).toHaveResourceWithProperties('azurerm_role_assignment', {
      principal_id: oms?.objectId,
      role_definition_name: 'Azure Event Hubs Data Receiver',
      scope: ref('azurerm_eventhub', 'id'),
    });
    expect(json).toHaveResourceWithProperties('azurerm_role_assignment', {
      principal_id: oms?.objectId,
      role_definition_name: 'Storage Blob Data Contributor',
      scope: ref('azurerm_storage_container', 'resource_manager_id'),
    });
  });

  it('allows only the on-prem egress ranges through the namespace and storage firewalls', () => {
    expect(json).toHaveResourceWithProperties('azurerm_eventhub_namespace', {
      public_network_access_enabled: true,
      network_rulesets: [
        expect.objectContaining({
          default_action: 'Deny',
          public_network_access_enabled: true,
          ip_rule: [
            { ip_mask: '203.0.113.0/28', action: 'Allow' },
            { ip_mask: '198.51.100.17/32', action: 'Allow' },
          ],
        }),
      ],
    });
    // The Storage firewall wants single addresses without /32; Capture comes in as a trusted service.
    for (const account of resourcesOf(cloud, 'azurerm_storage_account')) {
      expect(account.network_rules).toEqual({
        default_action: 'Deny',
        bypass: ['AzureServices', 'Logging', 'Metrics'],
        ip_rules: ['203.0.113.0/28', '198.51.100.17'],
      });
    }
  });

  it('protects the archive account and container from terraform destroy', () => {
    for (const type of ['azurerm_storage_account', 'azurerm_storage_container']) {
      const archive = resourcesOf(cloud, type).find(
        (r) => String(r.name).includes('arch') || r.name === 'order-archive',
      );
      expect(archive?.lifecycle).toEqual({ prevent_destroy: true });
    }
  });
});

describe('cloud stack: configuration variants', () => {
  it('turns the public endpoint off entirely when asked', () => {
    const { cloud } = testStacks(configFor('prod', { eventHubs: { network: { publicAccess: 'disabled' } } }));
    expect(synthJson(cloud)).toHaveResourceWithProperties('azurerm_eventhub_namespace', {
      public_network_access_enabled: false,
      network_rulesets: [
        expect.objectContaining({ default_action: 'Deny', public_network_access_enabled: false }),
      ],
    });
  });

  it('applies the capture window, partitions and auto-inflate settings from the configuration', () => {
    const { cloud } = testStacks(
      configFor('dev', {
        capture: { intervalSeconds: 120, sizeLimitMiB: 50 },
        eventHubs: { partitions: 4, capacity: 3, autoInflateMaxThroughputUnits: undefined },
      }),
    );
    const json = synthJson(cloud);
    expect(json).toHaveResourceWithProperties('azurerm_eventhub', {
      partition_count: 4,
      capture_description: expect.objectContaining({
        interval_in_seconds: 120,
        size_limit_in_bytes: 50 * 1024 * 1024,
      }),
    });
    const [namespace] = resourcesOf(cloud, 'azurerm_eventhub_namespace');
    expect(namespace).toMatchObject({ capacity: 3, auto_inflate_enabled: false });
    expect(namespace).not.toHaveProperty('maximum_throughput_units');
  });

  it('keeps captures in Cold when the Archive tier is switched off', () => {
    const { cloud } = testStacks(
      configFor('prod', { archive: { replication: 'RAGZRS', lifecycle: { archiveAfterDays: null } } }),
    );
    const [policy] = resourcesOf(cloud, 'azurerm_storage_management_policy');
    expect(JSON.stringify(policy)).not.toContain('tier_to_archive');
    expect(JSON.stringify(policy)).toContain('"tier_to_cold_after_days_since_creation_greater_than":90');
  });

  it('uses the azurerm backend with one key per environment and stack when remote state is configured', () => {
    const { cloud, onprem } = testStacks(loadConfig('prod'), {
      backend: 'azurerm',
      resourceGroupName: 'rg-oms-tfstate',
      storageAccountName: 'sttfstate1234abcd',
      containerName: 'tfstate',
    });
    expect((parsed(cloud) as { terraform: unknown }).terraform).toMatchObject({
      backend: {
        azurerm: {
          resource_group_name: 'rg-oms-tfstate',
          storage_account_name: 'sttfstate1234abcd',
          container_name: 'tfstate',
          key: 'oms/prod/cloud.tfstate',
          use_azuread_auth: true,
        },
      },
    });
    expect((parsed(onprem) as { terraform: unknown }).terraform).toMatchObject({
      backend: { azurerm: { key: 'oms/prod/onprem.tfstate' } },
    });
  });
});
