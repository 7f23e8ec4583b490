/**
 * Azure regions this platform may be deployed to, with the short codes used in resource names
 * (`rg-mgcoms-prod-weu`). A region missing here is rejected by the configuration rather than getting an
 * improvised abbreviation, so names stay predictable.
 */
export const REGION_CODES = {
  westeurope: 'weu',
  northeurope: 'neu',
  germanywestcentral: 'gwc',
  francecentral: 'frc',
  swedencentral: 'sdc',
  switzerlandnorth: 'szn',
  uksouth: 'uks',
  eastus: 'eus',
  eastus2: 'eus2',
  westus2: 'wus2',
} as const;

export type AzureRegion = keyof typeof REGION_CODES;

export const AZURE_REGIONS = Object.keys(REGION_CODES) as [AzureRegion, ...AzureRegion[]];
