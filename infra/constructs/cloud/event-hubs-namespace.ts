import { Construct } from 'constructs';
import {
  EventhubNamespace,
  type EventhubNamespaceNetworkRulesets,
} from '@cdktf/provider-azurerm/lib/eventhub-namespace/index.js';
import type { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group/index.js';
import { parseIpv4Range, toEventHubsIpMask } from '../../config/ipv4.ts';
import type { InfraConfig } from '../../config/schema.ts';

export interface EventHubsNamespaceProps {
  readonly name: string;
  readonly resourceGroup: ResourceGroup;
  readonly settings: InfraConfig['eventHubs'];
}

/**
 * The Event Hubs namespace: tier and throughput, TLS floor, SAS-versus-Entra authentication and the
 * network firewall.
 */
export class EventHubsNamespace extends Construct {
  readonly namespace: EventhubNamespace;
  /** Host name clients connect to (`EVENTHUB_FQDN`). */
  readonly hostName: string;

  constructor(scope: Construct, id: string, props: EventHubsNamespaceProps) {
    super(scope, id);
    const { sku, capacity, autoInflateMaxThroughputUnits, localAuthEnabled, network } = props.settings;
    const autoInflate = sku === 'Standard' && autoInflateMaxThroughputUnits !== undefined;
    const publicNetworkAccessEnabled = network.publicAccess !== 'disabled';

    this.namespace = new EventhubNamespace(this, 'namespace', {
      name: props.name,
      location: props.resourceGroup.location,
      resourceGroupName: props.resourceGroup.name,
      sku,
      capacity,
      autoInflateEnabled: autoInflate,
      ...(autoInflate ? { maximumThroughputUnits: autoInflateMaxThroughputUnits } : {}),
      minimumTlsVersion: '1.2',
      localAuthenticationEnabled: localAuthEnabled,
      publicNetworkAccessEnabled,
      networkRulesets: [networkRuleset(network, publicNetworkAccessEnabled)],
    });
    this.hostName = `${props.name}.servicebus.windows.net`;
  }
}

function networkRuleset(
  network: InfraConfig['eventHubs']['network'],
  publicNetworkAccessEnabled: boolean,
): EventhubNamespaceNetworkRulesets {
  if (network.publicAccess === 'open') {
    return { defaultAction: 'Allow', publicNetworkAccessEnabled };
  }
  // The ruleset's own flag must agree with the namespace's, or the provider reports a perpetual diff.
  return {
    defaultAction: 'Deny',
    publicNetworkAccessEnabled,
    ipRule: network.allowedIpRanges.flatMap((text) => {
      const range = parseIpv4Range(text);
      return range ? [{ ipMask: toEventHubsIpMask(range), action: 'Allow' }] : [];
    }),
  };
}
