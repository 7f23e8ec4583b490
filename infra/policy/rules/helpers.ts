import { ARCHIVE_CONTAINER } from '../../config/contract.ts';
import { refersTo, type StackView } from '../stack-view.ts';
import type { Finding, ResourceRef } from '../types.ts';

/** A finding about one resource. */
export function at(resource: ResourceRef, message: string): Finding {
  return { address: resource.address, path: resource.path, message };
}

/** The archive container(s): found by the contract name, however the code that made them is arranged. */
export function archiveContainers(stack: StackView): ResourceRef[] {
  return stack.resources('azurerm_storage_container').filter((c) => c.body.name === ARCHIVE_CONTAINER);
}

/** Storage accounts holding an archive container. */
export function archiveAccounts(stack: StackView): ResourceRef[] {
  const containers = archiveContainers(stack);
  return stack
    .resources('azurerm_storage_account')
    .filter((account) => containers.some((c) => refersToAccount(c, account)));
}

function refersToAccount(container: ResourceRef, account: ResourceRef): boolean {
  return refersTo(container.body.storage_account_id ?? container.body.storage_account_name, account.address);
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}
