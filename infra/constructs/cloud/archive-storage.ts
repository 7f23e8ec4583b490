import { Construct } from 'constructs';
import { ManagementLock } from '@cdktf/provider-azurerm/lib/management-lock/index.js';
import type { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group/index.js';
import {
  StorageAccount,
  type StorageAccountNetworkRules,
} from '@cdktf/provider-azurerm/lib/storage-account/index.js';
import { StorageContainer } from '@cdktf/provider-azurerm/lib/storage-container/index.js';
import { StorageContainerImmutabilityPolicy } from '@cdktf/provider-azurerm/lib/storage-container-immutability-policy/index.js';
import {
  StorageManagementPolicy,
  type StorageManagementPolicyRuleActionsBaseBlob,
} from '@cdktf/provider-azurerm/lib/storage-management-policy/index.js';
import { ARCHIVE_CONTAINER } from '../../config/contract.ts';
import type { InfraConfig } from '../../config/schema.ts';

export interface ArchiveStorageProps {
  readonly accountName: string;
  readonly lockName: string;
  readonly resourceGroup: ResourceGroup;
  readonly settings: InfraConfig['archive'];
  readonly firewall: StorageAccountNetworkRules;
}

/**
 * The ten-year order archive (ADR 0004): the account Capture writes Avro files into, the `order-archive`
 * container under a time-based immutability (WORM) policy, the lifecycle that tiers captures down and
 * expires them after the retention period, and in prod a delete lock on the account.
 */
export class ArchiveStorage extends Construct {
  readonly account: StorageAccount;
  readonly container: StorageContainer;
  /** The container name as a plain string (Capture's destination). */
  readonly containerName = ARCHIVE_CONTAINER;
  readonly immutabilityPolicy: StorageContainerImmutabilityPolicy;
  readonly lifecycle: StorageManagementPolicy;
  readonly deleteLock?: ManagementLock;

  constructor(scope: Construct, id: string, props: ArchiveStorageProps) {
    super(scope, id);
    const { settings } = props;
    // A locked policy is the point of no return; protect the account from `terraform destroy` as well.
    const protect = settings.lockImmutabilityPolicy ? { lifecycle: { preventDestroy: true } } : {};

    this.account = new StorageAccount(this, 'account', {
      name: props.accountName,
      location: props.resourceGroup.location,
      resourceGroupName: props.resourceGroup.name,
      accountKind: 'StorageV2',
      accountTier: 'Standard',
      accountReplicationType: settings.replication,
      accessTier: 'Hot',
      httpsTrafficOnlyEnabled: true,
      minTlsVersion: 'TLS1_2',
      allowNestedItemsToBePublic: false,
      // Shared keys stay on: the provider configures Capture in its default SAS mode (no managed-identity
      // option in azurerm 4.55), and that mode writes with account keys. People never need them:
      defaultToOauthAuthentication: true,
      crossTenantReplicationEnabled: false,
      blobProperties: {
        versioningEnabled: true,
        containerDeleteRetentionPolicy: { days: settings.softDeleteDays },
        deleteRetentionPolicy: { days: settings.softDeleteDays },
      },
      networkRules: props.firewall,
      tags: { purpose: 'order-archive' },
      ...protect,
    });

    this.container = new StorageContainer(this, 'container', {
      name: ARCHIVE_CONTAINER,
      storageAccountId: this.account.id,
      containerAccessType: 'private',
      ...protect,
    });

    this.immutabilityPolicy = new StorageContainerImmutabilityPolicy(this, 'immutability', {
      storageContainerResourceManagerId: this.container.resourceManagerId,
      immutabilityPeriodInDays: settings.immutabilityDays,
      locked: settings.lockImmutabilityPolicy,
      // Capture commits each Avro file as a finished block blob; nothing ever appends.
      protectedAppendWritesEnabled: false,
    });

    const { coolAfterDays, coldAfterDays, archiveAfterDays, deleteAfterDays } = settings.lifecycle;
    const baseBlob: StorageManagementPolicyRuleActionsBaseBlob = {
      tierToCoolAfterDaysSinceCreationGreaterThan: coolAfterDays,
      tierToColdAfterDaysSinceCreationGreaterThan: coldAfterDays,
      ...(archiveAfterDays === null
        ? {}
        : { tierToArchiveAfterDaysSinceCreationGreaterThan: archiveAfterDays }),
      deleteAfterDaysSinceCreationGreaterThan: deleteAfterDays,
    };
    this.lifecycle = new StorageManagementPolicy(this, 'lifecycle', {
      storageAccountId: this.account.id,
      rule: [
        {
          name: 'tier-and-expire-captures',
          enabled: true,
          filters: { blobTypes: ['blockBlob'], prefixMatch: [`${ARCHIVE_CONTAINER}/`] },
          actions: {
            baseBlob,
            // With versioning on, deleting the current version leaves a previous version behind.
            version: { deleteAfterDaysSinceCreation: deleteAfterDays },
          },
        },
      ],
    });

    if (settings.deleteLock) {
      this.deleteLock = new ManagementLock(this, 'delete-lock', {
        name: props.lockName,
        scope: this.account.id,
        lockLevel: 'CanNotDelete',
        notes: 'Ten-year order archive (ADR 0004). Remove only with the compliance officer.',
      });
    }
  }
}
