import { TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider/index.js';
import { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group/index.js';
import {
  ARCHIVE_CONTAINER,
  CHECKPOINT_CONTAINER,
  CONSUMER_GROUPS,
  ORDERS_HUB_NAME,
} from '../config/contract.ts';
import { resourceNames } from '../config/naming.ts';
import type { InfraConfig } from '../config/schema.ts';
import type { StateSettings } from '../config/state.ts';
import { Alerts } from '../constructs/cloud/alerts.ts';
import { AppIdentityAccess } from '../constructs/cloud/app-identity-access.ts';
import { ArchiveStorage } from '../constructs/cloud/archive-storage.ts';
import { AuditorAccess } from '../constructs/cloud/auditor-access.ts';
import { CheckpointStorage } from '../constructs/cloud/checkpoint-storage.ts';
import { Diagnostics } from '../constructs/cloud/diagnostics.ts';
import { EventHubsNamespace } from '../constructs/cloud/event-hubs-namespace.ts';
import { HubSharedAccess } from '../constructs/cloud/hub-shared-access.ts';
import { OrdersHub } from '../constructs/cloud/orders-hub.ts';
import { storageFirewall } from '../constructs/cloud/storage-firewall.ts';
import { applyRequiredTags } from './required-tags.ts';
import { configureTerraform, pinProviderSources } from './terraform-settings.ts';

export const CLOUD_STACK = 'cloud';

export interface CloudStackProps {
  readonly config: InfraConfig;
  readonly state: StateSettings;
}

/**
 * Azure: the order stream (Event Hubs), its ten-year archive (Capture into immutable Blob Storage), the
 * consumers' checkpoint store, auditor and application access, and monitoring.
 */
export class CloudStack extends TerraformStack {
  readonly namespace: EventHubsNamespace;
  readonly ordersHub: OrdersHub;
  readonly archive: ArchiveStorage;
  readonly checkpoints: CheckpointStorage;

  constructor(scope: Construct, props: CloudStackProps) {
    super(scope, CLOUD_STACK);
    const { config } = props;
    const names = resourceNames(config);
    configureTerraform(this, { stackName: CLOUD_STACK, environment: config.environment, state: props.state });

    new AzurermProvider(this, 'azurerm', {
      subscriptionId: config.subscriptionId,
      features: [
        {
          resourceGroup: [{ preventDeletionIfContainsResources: true }],
          // Every storage resource here is managed through ARM; never needing the blob endpoint lets the
          // accounts' firewalls deny the machine running Terraform.
          storage: [{ dataPlaneAvailable: false }],
        },
      ],
    });
    pinProviderSources(this, ['azurerm']);

    const resourceGroup = new ResourceGroup(this, 'resource-group', {
      name: names.resourceGroup,
      location: config.location,
    });
    const firewall = storageFirewall(config.eventHubs.network);

    this.archive = new ArchiveStorage(this, 'archive', {
      accountName: names.archiveStorageAccount,
      lockName: names.archiveDeleteLock,
      resourceGroup,
      settings: config.archive,
      firewall,
    });
    this.checkpoints = new CheckpointStorage(this, 'checkpoints', {
      accountName: names.checkpointStorageAccount,
      resourceGroup,
      settings: config.checkpoints,
      firewall,
    });

    this.namespace = new EventHubsNamespace(this, 'event-hubs', {
      name: names.eventHubsNamespace,
      resourceGroup,
      settings: config.eventHubs,
    });
    this.ordersHub = new OrdersHub(this, 'orders', {
      namespace: this.namespace.namespace,
      partitions: config.eventHubs.partitions,
      retentionDays: config.eventHubs.retentionDays,
      capture: config.capture,
      archive: {
        account: this.archive.account,
        containerName: this.archive.containerName,
        readyWhen: [this.archive.immutabilityPolicy],
      },
    });

    // SAS rules only while the namespace accepts SAS: otherwise they would be dead credentials.
    const sharedAccess = config.eventHubs.localAuthEnabled
      ? new HubSharedAccess(this, 'hub-shared-access', {
          namespace: this.namespace.namespace,
          hub: this.ordersHub.hub,
        })
      : undefined;

    new AuditorAccess(this, 'auditors', {
      groupObjectId: config.principals.auditorsGroupObjectId,
      resourceGroupId: resourceGroup.id,
      archiveContainerId: this.archive.container.resourceManagerId,
    });
    new AppIdentityAccess(this, 'app-identities', {
      oms: config.principals.oms,
      storefront: config.principals.storefront,
      hubId: this.ordersHub.hub.id,
      checkpointContainerId: this.checkpoints.container.resourceManagerId,
    });

    const diagnostics = new Diagnostics(this, 'diagnostics', {
      workspaceName: names.logAnalyticsWorkspace,
      settingName: names.diagnosticSetting,
      resourceGroup,
      settings: config.monitoring,
      targets: {
        eventHubsNamespaceId: this.namespace.namespace.id,
        archiveAccountId: this.archive.account.id,
      },
    });
    new Alerts(this, 'alerts', {
      names,
      resourceGroup,
      settings: config.monitoring,
      eventHubsNamespaceId: this.namespace.namespace.id,
      logAnalyticsWorkspaceId: diagnostics.workspace.id,
    });

    this.addOutputs(config, resourceGroup, sharedAccess);
    applyRequiredTags(this, config);
  }

  /** What Ansible and the services need (design §8 variable names in the descriptions). */
  private addOutputs(
    config: InfraConfig,
    resourceGroup: ResourceGroup,
    sharedAccess?: HubSharedAccess,
  ): void {
    const output = (id: string, value: string, description: string, sensitive = false) =>
      new TerraformOutput(this, id, { value, description, sensitive, staticId: true });

    output('resource_group_name', resourceGroup.name, 'Resource group of the OMS cloud resources.');
    output('eventhub_fqdn', this.namespace.hostName, 'EVENTHUB_FQDN');
    output('eventhub_name', ORDERS_HUB_NAME, 'EVENTHUB_NAME');
    output('eventhub_consumer_group', CONSUMER_GROUPS.oms, 'EVENTHUB_CONSUMER_GROUP');
    output(
      'eventhub_auth_mode',
      config.eventHubs.localAuthEnabled ? 'sas' : 'entra-id',
      'How the services authenticate to Event Hubs: connection strings (sas) or @azure/identity (entra-id).',
    );
    output('archive_storage_account_name', this.archive.account.name, 'Account holding the capture archive.');
    output('archive_container', ARCHIVE_CONTAINER, 'ARCHIVE_CONTAINER');
    output(
      'checkpoint_storage_account_url',
      this.checkpoints.account.primaryBlobEndpoint,
      'STORAGE_ACCOUNT_URL',
    );
    output('checkpoint_container', CHECKPOINT_CONTAINER, 'CHECKPOINT_CONTAINER');

    if (sharedAccess) {
      output(
        'storefront_send_connection_string',
        sharedAccess.storefrontSend.primaryConnectionString,
        'EVENTHUB_CONNECTION_STRING for order-api (send only).',
        true,
      );
      output(
        'oms_listen_connection_string',
        sharedAccess.omsListen.primaryConnectionString,
        'EVENTHUB_CONNECTION_STRING for oms-consumer (listen only).',
        true,
      );
      output(
        'checkpoint_storage_connection_string',
        this.checkpoints.account.primaryBlobConnectionString,
        'STORAGE_CONNECTION_STRING for oms-consumer checkpoints.',
        true,
      );
    }
  }
}
