import type { StorageAccountNetworkRules } from '@cdktf/provider-azurerm/lib/storage-account/index.js';
import { parseIpv4Range, toStorageIpRule } from '../../config/ipv4.ts';
import type { InfraConfig } from '../../config/schema.ts';

/**
 * Storage firewall rules derived from the same network setting as the Event Hubs namespace: whoever may
 * reach the hub from on-prem may reach the checkpoints and (for auditors in the portal) the archive.
 * `AzureServices` stays bypassed because Capture writes through the trusted-service exception, and
 * `Logging`/`Metrics` so diagnostics keep flowing.
 */
export function storageFirewall(network: InfraConfig['eventHubs']['network']): StorageAccountNetworkRules {
  if (network.publicAccess === 'open') return { defaultAction: 'Allow' };
  return {
    defaultAction: 'Deny',
    bypass: ['AzureServices', 'Logging', 'Metrics'],
    ipRules: network.allowedIpRanges.flatMap((text) => {
      const range = parseIpv4Range(text);
      return range ? [toStorageIpRule(range)] : [];
    }),
  };
}
