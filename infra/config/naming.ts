import { REGION_CODES, type AzureRegion } from './regions.ts';

/**
 * Every Azure resource name, computed in one place from the naming prefix, the environment and the
 * region, following the Cloud Adoption Framework abbreviations (`rg`, `evhns`, `st`, `log`, `ag`):
 * `<abbreviation>-<prefix>-<environment>-<region>`. Storage accounts allow neither hyphens nor more than
 * 24 characters, so they are squeezed: `st<prefix><purpose><environment><region>`.
 */

export interface NamingInput {
  readonly prefix: string;
  readonly environment: string;
  readonly location: AzureRegion;
}

export type AlertKind = 'throttled' | 'capture-backlog' | 'capture-failures' | 'incoming-silence';

export interface ResourceNames {
  readonly resourceGroup: string;
  readonly eventHubsNamespace: string;
  readonly archiveStorageAccount: string;
  readonly checkpointStorageAccount: string;
  readonly logAnalyticsWorkspace: string;
  readonly actionGroup: string;
  /** Action groups also need a short name of at most 12 characters (shown in SMS and e-mail). */
  readonly actionGroupShortName: string;
  readonly archiveDeleteLock: string;
  readonly diagnosticSetting: string;
  alert(kind: AlertKind): string;
}

/** Azure's limits for the names the prefix can make too long. */
export const NAME_LIMITS = {
  storageAccount: { min: 3, max: 24 },
  eventHubsNamespace: { min: 6, max: 50 },
  actionGroupShortName: { max: 12 },
} as const;

export function resourceNames({ prefix, environment, location }: NamingInput): ResourceNames {
  const region = REGION_CODES[location];
  const suffix = `${prefix}-${environment}-${region}`;
  return {
    resourceGroup: `rg-${suffix}`,
    eventHubsNamespace: `evhns-${suffix}`,
    archiveStorageAccount: `st${prefix}arch${environment}${region}`,
    checkpointStorageAccount: `st${prefix}chk${environment}${region}`,
    logAnalyticsWorkspace: `log-${suffix}`,
    actionGroup: `ag-${suffix}`,
    actionGroupShortName: `${prefix}${environment}`.slice(0, NAME_LIMITS.actionGroupShortName.max),
    archiveDeleteLock: `lock-${prefix}-${environment}-archive-cannotdelete`,
    diagnosticSetting: `diag-to-log-${suffix}`,
    alert: (kind) => `alert-${suffix}-${kind}`,
  };
}
