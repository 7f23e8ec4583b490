import { Construct } from 'constructs';
import type { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group/index.js';
import {
  StorageAccount,
  type StorageAccountNetworkRules,
} from '@cdktf/provider-azurerm/lib/storage-account/index.js';
import { StorageContainer } from '@cdktf/provider-azurerm/lib/storage-container/index.js';
import { CHECKPOINT_CONTAINER } from '../../config/contract.ts';
import type { InfraConfig } from '../../config/schema.ts';

export interface CheckpointStorageProps {
  readonly accountName: string;
  readonly resourceGroup: ResourceGroup;
  readonly settings: InfraConfig['checkpoints'];
  readonly firewall: StorageAccountNetworkRules;
}

/**
 * Where the OMS consumers keep partition ownership and checkpoints. A separate account from the archive:
 * checkpoints are overwritten constantly, which an immutability policy would forbid, and losing them only
 * costs a replay of at most the hub's retention window.
 */
export class CheckpointStorage extends Construct {
  readonly account: StorageAccount;
  readonly container: StorageContainer;

  constructor(scope: Construct, id: string, props: CheckpointStorageProps) {
    super(scope, id);
    this.account = new StorageAccount(this, 'account', {
      name: props.accountName,
      location: props.resourceGroup.location,
      resourceGroupName: props.resourceGroup.name,
      accountKind: 'StorageV2',
      accountTier: 'Standard',
      accountReplicationType: props.settings.replication,
      accessTier: 'Hot',
      httpsTrafficOnlyEnabled: true,
      minTlsVersion: 'TLS1_2',
      allowNestedItemsToBePublic: false,
      crossTenantReplicationEnabled: false,
      defaultToOauthAuthentication: true,
      blobProperties: { containerDeleteRetentionPolicy: { days: 7 } },
      networkRules: props.firewall,
      tags: { purpose: 'oms-checkpoints' },
    });
    this.container = new StorageContainer(this, 'container', {
      name: CHECKPOINT_CONTAINER,
      storageAccountId: this.account.id,
      containerAccessType: 'private',
    });
  }
}
