import { AzurermBackend, LocalBackend, type TerraformStack } from 'cdktf';
import type { EnvironmentName } from '../config/schema.ts';
import type { StateSettings } from '../config/state.ts';

/**
 * The `terraform` block of every stack: backend, Terraform version floor and provider pins. Kept plain so
 * the synthesized `cdk.tf.json` is a self-contained working directory that `terraform` or `tofu` can plan
 * without CDKTF (ADR 0003).
 */

/** Terraform ≥ 1.6 and OpenTofu ≥ 1.6 both read this JSON. */
export const REQUIRED_TERRAFORM_VERSION = '>= 1.6.0';

/**
 * Fully qualified provider sources. The prebuilt azurerm bindings write the legacy short form `azurerm`,
 * which each tool has to guess a namespace for; `hashicorp/azurerm` means the same provider in the
 * Terraform and the OpenTofu registry. Versions stay exactly those the bindings were generated from.
 */
export const PROVIDER_SOURCES: Readonly<Record<string, string>> = {
  azurerm: 'hashicorp/azurerm',
  docker: 'kreuzwerker/docker',
};

export interface TerraformSettingsProps {
  readonly stackName: string;
  readonly environment: EnvironmentName;
  readonly state: StateSettings;
}

/** Where local state lives, relative to the stack's working directory (`cdktf.out/stacks/<stack>`). */
export function localStatePath(environment: EnvironmentName, stackName: string): string {
  // Matches the repository's `terraform.tfstate*` ignore rule, and keeps each environment's state apart.
  return `../../../.state/${environment}/${stackName}/terraform.tfstate`;
}

/** One state file per environment and stack, in either backend. */
export function remoteStateKey(environment: EnvironmentName, stackName: string): string {
  return `oms/${environment}/${stackName}.tfstate`;
}

export function configureTerraform(stack: TerraformStack, props: TerraformSettingsProps): void {
  const { stackName, environment, state } = props;
  if (state.backend === 'azurerm') {
    new AzurermBackend(stack, {
      resourceGroupName: state.resourceGroupName,
      storageAccountName: state.storageAccountName,
      containerName: state.containerName,
      key: remoteStateKey(environment, stackName),
      ...(state.subscriptionId ? { subscriptionId: state.subscriptionId } : {}),
      // Entra ID instead of account keys: state access is then an auditable role assignment.
      useAzureadAuth: true,
    });
  } else {
    new LocalBackend(stack, { path: localStatePath(environment, stackName) });
  }
  stack.addOverride('terraform.required_version', REQUIRED_TERRAFORM_VERSION);
}

/** Rewrites the provider sources the stack actually uses (call after providers are added). */
export function pinProviderSources(stack: TerraformStack, providers: readonly string[]): void {
  for (const provider of providers) {
    const source = PROVIDER_SOURCES[provider];
    if (source) stack.addOverride(`terraform.required_providers.${provider}.source`, source);
  }
}
