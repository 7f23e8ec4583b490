import type { PolicyRule, ResourceRef } from '../types.ts';
import type { StackView } from '../stack-view.ts';
import { refersTo } from '../stack-view.ts';
import { archiveAccounts, at } from './helpers.ts';

function hasDiagnostics(stack: StackView, target: ResourceRef): boolean {
  return stack
    .resources('azurerm_monitor_diagnostic_setting')
    .some(
      (d) =>
        refersTo(d.body.target_resource_id, target.address) &&
        typeof d.body.log_analytics_workspace_id === 'string',
    );
}

export const diagnosticsEnabled: PolicyRule = {
  id: 'OMS-MON-001',
  title: 'Event Hubs namespaces and the archive account send diagnostics to Log Analytics',
  check(stack) {
    return [...stack.resources('azurerm_eventhub_namespace'), ...archiveAccounts(stack)]
      .filter((target) => !hasDiagnostics(stack, target))
      .map((target) =>
        at(target, 'no diagnostic setting sends its logs and metrics to a Log Analytics workspace'),
      );
  },
};
