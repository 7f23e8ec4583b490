import { Construct } from 'constructs';
import { RoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment/index.js';
import type { Principal } from '../../config/schema.ts';
import { ROLES } from './roles.ts';

export interface AppIdentityAccessProps {
  /** The on-prem OMS consumer. */
  readonly oms?: Principal;
  /** The storefront / order-api publisher. */
  readonly storefront?: Principal;
  /** ARM id of the orders hub. */
  readonly hubId: string;
  /** ARM id of the checkpoint container. */
  readonly checkpointContainerId: string;
}

/**
 * Data-plane roles for the application identities (Entra ID instead of SAS keys), each scoped to the one
 * hub or container it needs: the storefront may send, the OMS may receive and keep checkpoints.
 */
export class AppIdentityAccess extends Construct {
  readonly assignments: RoleAssignment[] = [];

  constructor(scope: Construct, id: string, props: AppIdentityAccessProps) {
    super(scope, id);
    const grant = (assignmentId: string, who: Principal, role: string, targetScope: string, why: string) => {
      const assignment = new RoleAssignment(this, assignmentId, {
        principalId: who.objectId,
        principalType: who.type,
        roleDefinitionName: role,
        scope: targetScope,
        description: why,
      });
      this.assignments.push(assignment);
    };
    if (props.storefront) {
      grant(
        'storefront-send',
        props.storefront,
        ROLES.eventHubsDataSender,
        props.hubId,
        'Publish order events.',
      );
    }
    if (props.oms) {
      grant('oms-receive', props.oms, ROLES.eventHubsDataReceiver, props.hubId, 'Consume order events.');
      grant(
        'oms-checkpoints',
        props.oms,
        ROLES.blobDataContributor,
        props.checkpointContainerId,
        'Keep consumer checkpoints and partition ownership.',
      );
    }
  }
}
