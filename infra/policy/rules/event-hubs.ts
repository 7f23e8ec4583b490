import { block } from '../stack-view.ts';
import type { PolicyRule } from '../types.ts';
import { at } from './helpers.ts';

export const captureEnabled: PolicyRule = {
  id: 'OMS-EVH-001',
  title: 'Every event hub captures its events to storage as Avro',
  check(stack) {
    return stack.resources('azurerm_eventhub').flatMap((hub) => {
      const capture = block(hub.body, 'capture_description');
      if (capture?.enabled !== true) return [at(hub, 'capture_description.enabled must be true')];
      if (capture.encoding !== 'Avro')
        return [at(hub, `capture encoding must be "Avro", found ${JSON.stringify(capture.encoding)}`)];
      return [];
    });
  },
};

const CAPTURE_TIERS = new Set(['Standard', 'Premium']);

export const namespaceTier: PolicyRule = {
  id: 'OMS-EVH-002',
  title: 'Event Hubs namespaces are Standard tier or higher (Capture needs it)',
  check(stack) {
    return stack
      .resources('azurerm_eventhub_namespace')
      .filter((ns) => !CAPTURE_TIERS.has(String(ns.body.sku)))
      .map((ns) => at(ns, `sku must be Standard or Premium, found ${JSON.stringify(ns.body.sku)}`));
  },
};

export const namespaceNetwork: PolicyRule = {
  id: 'OMS-EVH-003',
  title: 'In prod Event Hubs namespaces deny public traffic except from allowed ranges',
  check(stack, { environment }) {
    if (environment !== 'prod') return [];
    return stack.resources('azurerm_eventhub_namespace').flatMap((ns) => {
      if (ns.body.public_network_access_enabled === false) return [];
      const rules = block(ns.body, 'network_rulesets');
      return rules?.default_action === 'Deny'
        ? []
        : [at(ns, 'public network access is on without network_rulesets.default_action = "Deny"')];
    });
  },
};
