import { block } from '../stack-view.ts';
import type { PolicyRule } from '../types.ts';
import { archiveAccounts, asNumber, at } from './helpers.ts';

export const noPublicBlobAccess: PolicyRule = {
  id: 'OMS-STG-001',
  title: 'No anonymous (public) blob access on accounts or containers',
  check(stack) {
    return [
      ...stack
        .resources('azurerm_storage_account')
        .filter((r) => r.body.allow_nested_items_to_be_public !== false)
        .map((r) => at(r, 'allow_nested_items_to_be_public must be false')),
      ...stack
        .resources('azurerm_storage_container')
        .filter(
          (r) => r.body.container_access_type !== undefined && r.body.container_access_type !== 'private',
        )
        .map((r) =>
          at(
            r,
            `container_access_type must be "private", found ${JSON.stringify(r.body.container_access_type)}`,
          ),
        ),
    ];
  },
};

export const httpsOnly: PolicyRule = {
  id: 'OMS-STG-002',
  title: 'Storage accounts accept HTTPS only',
  check(stack) {
    return stack
      .resources('azurerm_storage_account')
      .filter((r) => r.body.https_traffic_only_enabled !== true)
      .map((r) => at(r, 'https_traffic_only_enabled must be true'));
  },
};

export const archiveRecoverability: PolicyRule = {
  id: 'OMS-STG-003',
  title: 'The archive account keeps blob versions and soft-deleted containers',
  check(stack) {
    return archiveAccounts(stack).flatMap((r) => {
      const props = block(r.body, 'blob_properties');
      const problems: string[] = [];
      if (props?.versioning_enabled !== true)
        problems.push('blob_properties.versioning_enabled must be true');
      const containerRetention = asNumber(block(props, 'container_delete_retention_policy')?.days);
      if (containerRetention === undefined || containerRetention < 1) {
        problems.push('blob_properties.container_delete_retention_policy.days must be set');
      }
      return problems.map((message) => at(r, message));
    });
  },
};
