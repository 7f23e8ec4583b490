import { z } from 'zod';
import { ConfigError } from './errors.ts';

/**
 * Where Terraform keeps state. Local files by default so a fresh clone can plan against nothing; the
 * `azurerm` backend once `infra/scripts/bootstrap-state.sh` has created the state account. Read from the
 * environment (the bootstrap script prints the exports) because the state account belongs to a
 * subscription, not to the code.
 */

export type StateSettings =
  | { readonly backend: 'local' }
  | {
      readonly backend: 'azurerm';
      readonly resourceGroupName: string;
      readonly storageAccountName: string;
      readonly containerName: string;
      readonly subscriptionId?: string;
    };

const stateEnvSchema = z.discriminatedUnion('OMS_STATE_BACKEND', [
  z.object({ OMS_STATE_BACKEND: z.literal('local') }),
  z.object({
    OMS_STATE_BACKEND: z.literal('azurerm'),
    OMS_STATE_RESOURCE_GROUP: z.string().regex(/^[\w().-]{1,90}$/, 'must be a resource group name'),
    OMS_STATE_STORAGE_ACCOUNT: z
      .string()
      .regex(/^[a-z0-9]{3,24}$/, 'must be a storage account name (3–24 lower-case letters or digits)'),
    OMS_STATE_CONTAINER: z
      .string()
      .regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, 'must be a blob container name')
      .default('tfstate'),
    OMS_STATE_SUBSCRIPTION_ID: z.guid('must be a subscription id (a GUID)').optional(),
  }),
]);

/** Reads the `OMS_STATE_*` variables; an unset `OMS_STATE_BACKEND` means local state. */
export function readStateSettings(env: Readonly<Record<string, string | undefined>>): StateSettings {
  const input = {
    OMS_STATE_BACKEND: env.OMS_STATE_BACKEND || 'local',
    OMS_STATE_RESOURCE_GROUP: env.OMS_STATE_RESOURCE_GROUP || undefined,
    OMS_STATE_STORAGE_ACCOUNT: env.OMS_STATE_STORAGE_ACCOUNT || undefined,
    OMS_STATE_CONTAINER: env.OMS_STATE_CONTAINER || undefined,
    OMS_STATE_SUBSCRIPTION_ID: env.OMS_STATE_SUBSCRIPTION_ID || undefined,
  };
  if (input.OMS_STATE_BACKEND !== 'local' && input.OMS_STATE_BACKEND !== 'azurerm') {
    throw new ConfigError('remote state variables', [
      {
        path: 'OMS_STATE_BACKEND',
        message: `must be "local" or "azurerm", got "${input.OMS_STATE_BACKEND}"`,
      },
    ]);
  }
  const parsed = stateEnvSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(
      'remote state variables',
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  const v = parsed.data;
  if (v.OMS_STATE_BACKEND === 'local') return { backend: 'local' };
  return {
    backend: 'azurerm',
    resourceGroupName: v.OMS_STATE_RESOURCE_GROUP,
    storageAccountName: v.OMS_STATE_STORAGE_ACCOUNT,
    containerName: v.OMS_STATE_CONTAINER,
    ...(v.OMS_STATE_SUBSCRIPTION_ID ? { subscriptionId: v.OMS_STATE_SUBSCRIPTION_ID } : {}),
  };
}
