import type { PolicyRule } from '../types.ts';
import { at } from './helpers.ts';

const SAS_RULE_TYPES = [
  'azurerm_eventhub_authorization_rule',
  'azurerm_eventhub_namespace_authorization_rule',
];

export const leastPrivilegeSas: PolicyRule = {
  id: 'OMS-IAM-001',
  title: 'Shared-access rules never grant Manage and grant one right each (send or listen)',
  check(stack) {
    return SAS_RULE_TYPES.flatMap((type) => stack.resources(type)).flatMap((rule) => {
      if (rule.body.manage === true)
        return [at(rule, 'grants Manage: application keys may only send or listen')];
      if (rule.body.send === true && rule.body.listen === true) {
        return [at(rule, 'grants both Send and Listen: use one rule per application')];
      }
      return [];
    });
  },
};

/** Roles that can read keys, grant access or change resources. */
const PRIVILEGED_ROLES = new Set(
  [
    'Owner',
    'Contributor',
    'User Access Administrator',
    'Role Based Access Control Administrator',
    'Storage Account Contributor',
    'Storage Account Key Operator Service Role',
    'Storage Blob Data Owner',
    'Azure Event Hubs Data Owner',
  ].map((r) => r.toLowerCase()),
);

export const leastPrivilegeRoles: PolicyRule = {
  id: 'OMS-IAM-002',
  title: 'Role assignments use named, non-privileged roles below subscription scope',
  check(stack) {
    return stack.resources('azurerm_role_assignment').flatMap((assignment) => {
      const role = assignment.body.role_definition_name;
      if (typeof role !== 'string') {
        return [at(assignment, 'use role_definition_name so the granted role can be reviewed')];
      }
      if (PRIVILEGED_ROLES.has(role.toLowerCase())) return [at(assignment, `"${role}" is a privileged role`)];
      if (/^\/subscriptions\/[^/]+\/?$/.test(String(assignment.body.scope))) {
        return [at(assignment, 'scope is a whole subscription')];
      }
      return [];
    });
  },
};
