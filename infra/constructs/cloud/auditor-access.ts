import { Construct } from 'constructs';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment/index.js';
import { ROLES } from './roles.ts';

export interface AuditorAccessProps {
  /** Entra group of the auditors. */
  readonly groupObjectId: string;
  /** The resource group, so the portal can list the resources. */
  readonly resourceGroupId: string;
  /** ARM id of the archive container, so auditors read captures and nothing else. */
  readonly archiveContainerId: string;
}

/**
 * What auditors need to inspect the archive in the Azure portal without ever seeing an account key:
 * Reader on the resource group and Storage Blob Data Reader on the archive container. (The archive
 * account defaults the portal to Entra ID authentication for the same reason.)
 */
export class AuditorAccess extends Construct {
  readonly resourceGroupReader: RoleAssignment;
  readonly archiveReader: RoleAssignment;

  constructor(scope: Construct, id: string, props: AuditorAccessProps) {
    super(scope, id);
    const common = { principalId: props.groupObjectId, principalType: 'Group' };
    this.resourceGroupReader = new RoleAssignment(this, 'resource-group-reader', {
      ...common,
      scope: props.resourceGroupId,
      roleDefinitionName: ROLES.reader,
      description: 'Auditors browse the OMS resources in the portal.',
    });
    this.archiveReader = new RoleAssignment(this, 'archive-reader', {
      ...common,
      scope: props.archiveContainerId,
      roleDefinitionName: ROLES.blobDataReader,
      description: 'Auditors read the ten-year order archive.',
    });
  }
}
