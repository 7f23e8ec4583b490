import type { InfraConfigInput } from '../schema.ts';
import { EXAMPLE_IDS } from '../placeholders.ts';

/**
 * Development: cheap, disposable, reachable from developer machines. The archive policy is unlocked and
 * unprotected because a locked ten-year policy would make a dev subscription impossible to clean up.
 * Replace the example principals, hosts and addresses (see docs/deploying.md) before deploying.
 */
export const dev: InfraConfigInput = {
  environment: 'dev',
  subscriptionId: EXAMPLE_IDS.subscription,
  location: 'westeurope',
  prefix: 'mgcoms',
  tags: { owner: 'platform-team@mygreatcompany.example', costCenter: 'CC-OMS-DEV' },
  eventHubs: {
    sku: 'Standard',
    capacity: 1,
    autoInflateMaxThroughputUnits: 2,
    partitions: 8,
    retentionDays: 7,
    // SAS keys keep local testing against the real namespace simple; prod is Entra ID only.
    localAuthEnabled: true,
    network: { publicAccess: 'open' },
  },
  capture: { intervalSeconds: 300, sizeLimitMiB: 300 },
  archive: {
    replication: 'LRS',
    immutabilityDays: 3653,
    lockImmutabilityPolicy: false,
    deleteLock: false,
    softDeleteDays: 7,
  },
  checkpoints: { replication: 'LRS' },
  principals: { auditorsGroupObjectId: EXAMPLE_IDS.auditors },
  monitoring: { logRetentionDays: 30, dailyQuotaGb: 1, incomingSilenceWindow: 'PT12H' },
  onprem: {
    hosts: [
      { name: 'oms-dev-01', url: 'ssh://deploy@oms-dev-01.corp.example', roles: ['database', 'edge', 'app'] },
    ],
    protectData: false,
  },
};
