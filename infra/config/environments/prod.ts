import type { InfraConfigInput } from '../schema.ts';
import { EXAMPLE_IDS } from '../placeholders.ts';

/**
 * Production. Replace the example principals, hosts, addresses and e-mail (see docs/deploying.md) before
 * deploying; `npm run deploy` refuses while any of them is left.
 */
export const prod: InfraConfigInput = {
  environment: 'prod',
  subscriptionId: EXAMPLE_IDS.subscription,
  location: 'westeurope',
  prefix: 'mgcoms',
  tags: { owner: 'platform-team@mygreatcompany.example', costCenter: 'CC-OMS-PROD' },
  eventHubs: {
    sku: 'Standard',
    capacity: 2,
    autoInflateMaxThroughputUnits: 10,
    // Partition count is fixed once the hub exists on Standard; 16 leaves room for more consumers.
    partitions: 16,
    retentionDays: 7,
    localAuthEnabled: false,
    network: {
      publicAccess: 'allowed-ranges',
      // The data centre's NAT egress (documentation ranges until replaced).
      allowedIpRanges: ['203.0.113.0/28', '198.51.100.17'],
    },
  },
  capture: { intervalSeconds: 300, sizeLimitMiB: 300 },
  archive: {
    // Geo-redundant with read access to the secondary. Not GZRS/RA-GZRS: Azure offers no Archive tier on
    // zone-redundant accounts, and the lifecycle moves captures to Archive after 180 days (ADR 0004).
    replication: 'RAGRS',
    immutabilityDays: 3653,
    lockImmutabilityPolicy: true,
    deleteLock: true,
    softDeleteDays: 30,
  },
  checkpoints: { replication: 'ZRS' },
  principals: {
    auditorsGroupObjectId: EXAMPLE_IDS.auditors,
    oms: { objectId: EXAMPLE_IDS.oms, type: 'ServicePrincipal' },
    storefront: { objectId: EXAMPLE_IDS.storefront, type: 'ServicePrincipal' },
  },
  monitoring: {
    logRetentionDays: 365,
    alertEmails: ['oms-oncall@mygreatcompany.example'],
    captureBacklogThreshold: 1000,
    incomingSilenceWindow: 'PT1H',
  },
  onprem: {
    hosts: [
      { name: 'oms-edge-01', url: 'ssh://deploy@oms-edge-01.corp.example', roles: ['edge'] },
      { name: 'oms-app-01', url: 'ssh://deploy@oms-app-01.corp.example', roles: ['app'] },
      { name: 'oms-db-01', url: 'ssh://deploy@oms-db-01.corp.example', roles: ['database'] },
    ],
    protectData: true,
    // App containers run on oms-app-01, so MySQL listens on the database host's private address.
    mysql: { publishOn: '10.20.0.31' },
  },
};
