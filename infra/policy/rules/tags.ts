import { REQUIRED_LABEL_KEYS, REQUIRED_TAG_KEYS } from '../../config/tags.ts';
import { blocks } from '../stack-view.ts';
import type { PolicyRule } from '../types.ts';
import { at } from './helpers.ts';

/** Resource types in these stacks that accept tags, even if a resource was synthesized without any. */
const TAGGABLE_AZURE_TYPES = [
  'azurerm_resource_group',
  'azurerm_eventhub_namespace',
  'azurerm_storage_account',
  'azurerm_log_analytics_workspace',
  'azurerm_monitor_action_group',
  'azurerm_monitor_metric_alert',
  'azurerm_monitor_scheduled_query_rules_alert_v2',
];

const LABELLED_DOCKER_TYPES = ['docker_container', 'docker_network', 'docker_volume'];

export const requiredTags: PolicyRule = {
  id: 'OMS-TAG-001',
  title: `Azure resources carry the tags ${REQUIRED_TAG_KEYS.join(', ')}; Docker objects the matching labels`,
  check(stack) {
    const azure = stack
      .resources()
      .filter((r) => TAGGABLE_AZURE_TYPES.includes(r.type) || 'tags' in r.body)
      .flatMap((r) => {
        const tags = (r.body.tags ?? {}) as Record<string, unknown>;
        const missing = REQUIRED_TAG_KEYS.filter((key) => typeof tags[key] !== 'string' || tags[key] === '');
        return missing.length > 0 ? [at(r, `missing tags: ${missing.join(', ')}`)] : [];
      });
    const docker = LABELLED_DOCKER_TYPES.flatMap((type) => stack.resources(type)).flatMap((r) => {
      const present = new Set(blocks(r.body, 'labels').map((l) => l.label));
      const missing = REQUIRED_LABEL_KEYS.filter((key) => !present.has(key));
      return missing.length > 0 ? [at(r, `missing labels: ${missing.join(', ')}`)] : [];
    });
    return [...azure, ...docker];
  },
};
