import type { PolicyRule } from '../types.ts';
import { leastPrivilegeRoles, leastPrivilegeSas } from './access.ts';
import {
  archiveDeleteLock,
  archiveImmutability,
  archiveImmutabilityLocked,
  archiveLifecycleRetention,
  archiveTierReplication,
} from './archive.ts';
import { internalPorts, pinnedImages, privateDashboards } from './docker.ts';
import { captureEnabled, namespaceNetwork, namespaceTier } from './event-hubs.ts';
import { diagnosticsEnabled } from './monitoring.ts';
import { sensitiveOutputs, sensitiveVariables } from './secrets.ts';
import { archiveRecoverability, httpsOnly, noPublicBlobAccess } from './storage.ts';
import { requiredTags } from './tags.ts';
import { pinnedProviders } from './terraform.ts';
import { tlsMinimum } from './tls.ts';

/** The rule set `npm run synth` enforces, in the order failures are reported. */
export const ALL_RULES: readonly PolicyRule[] = [
  tlsMinimum,
  noPublicBlobAccess,
  httpsOnly,
  archiveRecoverability,
  archiveImmutability,
  archiveImmutabilityLocked,
  archiveLifecycleRetention,
  archiveTierReplication,
  archiveDeleteLock,
  captureEnabled,
  namespaceTier,
  namespaceNetwork,
  leastPrivilegeSas,
  leastPrivilegeRoles,
  requiredTags,
  sensitiveOutputs,
  sensitiveVariables,
  pinnedImages,
  internalPorts,
  privateDashboards,
  diagnosticsEnabled,
  pinnedProviders,
];
