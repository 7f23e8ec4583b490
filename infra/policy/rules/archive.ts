import { TEN_YEARS_IN_DAYS } from '../../config/contract.ts';
import { block, blocks } from '../stack-view.ts';
import type { PolicyRule } from '../types.ts';
import { archiveAccounts, archiveContainers, asNumber, at } from './helpers.ts';

const IMMUTABILITY = 'azurerm_storage_container_immutability_policy';
const LIFECYCLE = 'azurerm_storage_management_policy';

export const archiveImmutability: PolicyRule = {
  id: 'OMS-ARC-001',
  title: `The archive container has a time-based immutability policy of at least ${TEN_YEARS_IN_DAYS} days`,
  check(stack) {
    return archiveContainers(stack).flatMap((container) => {
      const policies = stack.referencing(container, IMMUTABILITY);
      if (policies.length === 0)
        return [at(container, 'no immutability policy protects the archive container')];
      return policies
        .filter((p) => (asNumber(p.body.immutability_period_in_days) ?? 0) < TEN_YEARS_IN_DAYS)
        .map((p) =>
          at(
            p,
            `immutability_period_in_days must be at least ${TEN_YEARS_IN_DAYS}, found ${JSON.stringify(p.body.immutability_period_in_days)}`,
          ),
        );
    });
  },
};

export const archiveImmutabilityLocked: PolicyRule = {
  id: 'OMS-ARC-002',
  title: 'In prod the archive immutability policy is locked',
  check(stack, { environment }) {
    if (environment !== 'prod') return [];
    return archiveContainers(stack)
      .flatMap((container) => stack.referencing(container, IMMUTABILITY))
      .filter((p) => p.body.locked !== true)
      .map((p) => at(p, 'locked must be true in prod: an unlocked policy can be shortened or removed'));
  },
};

const DELETE_ACTIONS: readonly [string, string][] = [
  ['base_blob', 'delete_after_days_since_creation_greater_than'],
  ['base_blob', 'delete_after_days_since_modification_greater_than'],
  ['base_blob', 'delete_after_days_since_last_access_time_greater_than'],
  ['version', 'delete_after_days_since_creation'],
  ['snapshot', 'delete_after_days_since_creation_greater_than'],
];

export const archiveLifecycleRetention: PolicyRule = {
  id: 'OMS-ARC-003',
  title: `The archive lifecycle deletes captures, and never before ${TEN_YEARS_IN_DAYS} days`,
  check(stack) {
    return archiveAccounts(stack).flatMap((account) => {
      const policies = stack.referencing(account, LIFECYCLE);
      if (policies.length === 0)
        return [at(account, 'the archive account has no lifecycle (management) policy')];
      const findings = [];
      let deletes = false;
      for (const policy of policies) {
        for (const rule of blocks(policy.body, 'rule')) {
          const actions = block(rule, 'actions');
          for (const [target, action] of DELETE_ACTIONS) {
            const days = asNumber(block(actions, target)?.[action]);
            if (days === undefined) continue;
            if (target === 'base_blob') deletes = true;
            if (days < TEN_YEARS_IN_DAYS) {
              findings.push(
                at(
                  policy,
                  `rule "${String(rule.name)}": ${target}.${action} is ${days}, below ${TEN_YEARS_IN_DAYS} days`,
                ),
              );
            }
          }
        }
      }
      if (!deletes)
        findings.push(at(account, 'no lifecycle rule deletes captures after the retention period'));
      return findings;
    });
  },
};

/** Azure has no Archive tier on zone-redundant accounts; tiering there silently never happens. */
const NO_ARCHIVE_TIER = new Set(['ZRS', 'GZRS', 'RAGZRS']);

export const archiveTierReplication: PolicyRule = {
  id: 'OMS-ARC-004',
  title: 'Lifecycle rules move blobs to the Archive tier only on accounts that have it (LRS, GRS, RA-GRS)',
  check(stack) {
    return stack.resources('azurerm_storage_account').flatMap((account) => {
      const replication = String(account.body.account_replication_type);
      if (!NO_ARCHIVE_TIER.has(replication)) return [];
      const archives = stack
        .referencing(account, LIFECYCLE)
        .some((p) => JSON.stringify(p.body).includes('"tier_to_archive_after_'));
      return archives
        ? [
            at(
              account,
              `${replication} accounts have no Archive tier, but a lifecycle rule tiers blobs to it`,
            ),
          ]
        : [];
    });
  },
};

export const archiveDeleteLock: PolicyRule = {
  id: 'OMS-ARC-005',
  title: 'In prod the archive account carries a CanNotDelete management lock',
  check(stack, { environment }) {
    if (environment !== 'prod') return [];
    return archiveAccounts(stack)
      .filter(
        (account) =>
          !stack
            .referencing(account, 'azurerm_management_lock')
            .some((l) => l.body.lock_level === 'CanNotDelete'),
      )
      .map((account) => at(account, 'no CanNotDelete management lock on the archive account'));
  },
};
