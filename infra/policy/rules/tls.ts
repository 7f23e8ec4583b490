import type { PolicyRule } from '../types.ts';
import { at } from './helpers.ts';

export const tlsMinimum: PolicyRule = {
  id: 'OMS-TLS-001',
  title: 'Storage accounts and Event Hubs namespaces accept TLS 1.2 or later only',
  check(stack) {
    return [
      ...stack
        .resources('azurerm_storage_account')
        .filter((r) => r.body.min_tls_version !== 'TLS1_2')
        .map((r) =>
          at(r, `min_tls_version must be "TLS1_2", found ${JSON.stringify(r.body.min_tls_version)}`),
        ),
      ...stack
        .resources('azurerm_eventhub_namespace')
        .filter((r) => r.body.minimum_tls_version !== '1.2')
        .map((r) =>
          at(r, `minimum_tls_version must be "1.2", found ${JSON.stringify(r.body.minimum_tls_version)}`),
        ),
    ];
  },
};
